/* I2C master capsule (driver 0x20003) over the I2C bus model.
 *
 * Rules from tock/tock capsules/core/src/i2c_master.rs @65608d71: RW
 * allow 1 holds the bytes; 1 write, 2 read, 3 write-read with the write
 * length in arg0's bits 8..; one transfer at a time (NOMEM); upcall 0
 * (status, 0, 0) with a read's bytes copied back first.
 */
#include <check.h>
#include <string.h>

#include "devices.h"
#include "fake_hil.h"
#include "fixture.h"
#include "i2c_master.h"
#include "i2c_master_slave.h"

#define DRV     0x20003
#define BUF     256
#define WAIT_NS 100000000ull

struct i2c_env {
    struct tk_kernel k;
    struct emu_i2c_bus bus;
    struct tk_i2c_master_driver d;
    struct tk_process *p[2];
};

static void env_init(struct i2c_env *e)
{
    fx_kernel_init(&e->k);
    struct emu_devices_options o;
    emu_devices_options_init(&o, NULL); /* an EEPROM at 0x50 */
    struct emu_err err;
    ck_assert_int_eq(emu_i2c_bus_init(&e->bus, &e->k, &o, &err), 0);
    emu_devices_options_fini(&o);
    tk_i2c_master_driver_init(&e->d, &e->bus.hil);
    ck_assert_int_eq(tk_kernel_add_driver(&e->k, &e->d.driver), 0);
    for (unsigned i = 0; i < 2; i++) {
        e->p[i] = fx_process_new(&e->k, i == 0 ? "one" : "two", 0);
        fx_subscribe(&e->k, e->p[i], DRV, 0, fx_upcall_fn(e->p[i], 0), 0);
    }
}

static void env_fini(struct i2c_env *e)
{
    emu_i2c_bus_fini(&e->bus);
    fx_kernel_fini(&e->k);
}

START_TEST(i2c_write_then_write_read_round_trips_the_eeprom)
{
    /* i2c_master.rs: command 3 packs the write length above the address;
     * the read's bytes land in allow 1 before upcall 0 (0, 0, 0). */
    struct i2c_env e;
    env_init(&e);
    uint8_t *buf = fx_ram(e.p[0], BUF);
    memcpy(buf,
           "\x20"
           "abc",
           4);
    fx_allow_rw(&e.k, e.p[0], DRV, 1, fx_addr(e.p[0], BUF), 8);
    fx_assert_success(fx_command(&e.k, e.p[0], DRV, 0, 0, 0));
    fx_assert_success(fx_command(&e.k, e.p[0], DRV, 1, 0x50, 4));
    fx_advance(&e.k, WAIT_NS);
    fake_expect_upcall_on(e.p[0], DRV, 0, 0, 0, 0);
    memset(buf, 0, 8);
    buf[0] = 0x20;
    fx_assert_success(fx_command(&e.k, e.p[0], DRV, 3, 1u << 8 | 0x50, 3));
    fx_advance(&e.k, WAIT_NS);
    fake_expect_upcall_on(e.p[0], DRV, 0, 0, 0, 0);
    ck_assert_mem_eq(buf, "abc", 3);
    env_fini(&e);
}
END_TEST

START_TEST(i2c_address_nak_is_noack_in_the_upcall)
{
    /* i2c.rs: AddressNak -> ErrorCode::NOACK (13), the upcall's status. */
    struct i2c_env e;
    env_init(&e);
    fx_allow_rw(&e.k, e.p[0], DRV, 1, fx_addr(e.p[0], BUF), 8);
    fx_assert_success(fx_command(&e.k, e.p[0], DRV, 2, 0x41, 2));
    fx_advance(&e.k, WAIT_NS);
    fake_expect_upcall_on(e.p[0], DRV, 0, TK_NOACK, 0, 0);
    env_fini(&e);
}
END_TEST

START_TEST(i2c_one_transfer_at_a_time_and_lengths_checked)
{
    /* i2c_master.rs: the kernel buffer is taken -> NOMEM for anyone;
     * unknown command -> NOSUPPORT. Deviation: lengths past the allowed
     * buffer or the 64-byte kernel buffer -> INVAL (upstream panics). */
    struct i2c_env e;
    env_init(&e);
    fx_allow_rw(&e.k, e.p[0], DRV, 1, fx_addr(e.p[0], BUF), 8);
    fx_assert_failure(fx_command(&e.k, e.p[0], DRV, 1, 0x50, 9), TK_INVAL);
    fx_assert_failure(fx_command(&e.k, e.p[0], DRV, 2, 0x50, 65), TK_INVAL);
    fx_assert_failure(fx_command(&e.k, e.p[1], DRV, 1, 0x50, 1), TK_INVAL); /* no buffer */
    fx_assert_success(fx_command(&e.k, e.p[0], DRV, 2, 0x50, 64));
    fx_assert_failure(fx_command(&e.k, e.p[1], DRV, 2, 0x50, 0), TK_NOMEM);
    fx_assert_failure(fx_command(&e.k, e.p[0], DRV, 4, 0, 0), TK_NOSUPPORT);
    fx_advance(&e.k, WAIT_NS);
    fake_expect_upcall_on(e.p[0], DRV, 0, 0, 0, 0);
    fx_assert_success(fx_command(&e.k, e.p[1], DRV, 2, 0x50, 0));
    fx_advance(&e.k, WAIT_NS);
    env_fini(&e);
}
END_TEST

START_TEST(ping_pong_peer_takes_16_bytes_as_the_follower_board_would)
{
    /* i2c_peer.c, libtock-c i2c_master_slave_ping_pong @497ea7cf: the
     * follower listens at its address with 16-byte slave buffers: a write
     * of 16 bytes ("Hello friend.\n" and its padding, as the master app
     * sends) is acknowledged, a 17th byte is not (NOACK), and a read
     * gets its never-filled slave read buffer, zeros. */
    struct tk_kernel k;
    fx_kernel_init(&k);
    struct emu_devices_options o;
    emu_devices_options_init(&o, NULL);
    struct emu_err err;
    ck_assert_int_eq(emu_devices_add_i2c(&o, "x", "ping-pong@0x41", &err), 0);
    struct emu_i2c_bus bus;
    ck_assert_int_eq(emu_i2c_bus_init(&bus, &k, &o, &err), 0);
    struct tk_i2c_master_driver d;
    tk_i2c_master_driver_init(&d, &bus.hil);
    ck_assert_int_eq(tk_kernel_add_driver(&k, &d.driver), 0);
    struct tk_process *p = fx_process_new(&k, "leader", 0);
    fx_subscribe(&k, p, DRV, 0, fx_upcall_fn(p, 0), 0);
    uint8_t *buf = fx_ram(p, BUF);
    memset(buf, 0, 32);
    memcpy(buf, "Hello friend.\n", 14);
    fx_allow_rw(&k, p, DRV, 1, fx_addr(p, BUF), 32);
    fx_assert_success(fx_command(&k, p, DRV, 1, 0x41, 16));
    fx_advance(&k, WAIT_NS);
    fake_expect_upcall_on(p, DRV, 0, 0, 0, 0);
    fx_assert_success(fx_command(&k, p, DRV, 1, 0x41, 17));
    fx_advance(&k, WAIT_NS);
    fake_expect_upcall_on(p, DRV, 0, TK_NOACK, 0, 0);
    memset(buf, 0xaa, 32);
    fx_assert_success(fx_command(&k, p, DRV, 2, 0x41, 4));
    fx_advance(&k, WAIT_NS);
    fake_expect_upcall_on(p, DRV, 0, 0, 0, 0);
    ck_assert_mem_eq(buf, "\0\0\0\0\xaa", 5);
    emu_i2c_bus_fini(&bus);
    emu_devices_options_fini(&o);
    fx_kernel_fini(&k);
}
END_TEST

/* ---- the master/slave capsule (0x20006) on the same bus ---- */

#define MS    0x20006
#define TX    0x100 /* offsets in process RAM: RO 0 master tx */
#define RX    0x180 /* RW 1 master rx */
#define S_RX  0x200 /* RW 3 slave rx */
#define REPLY 2500000000ull

struct ms_env {
    struct tk_kernel k;
    struct emu_i2c_bus bus;
    struct tk_i2c_master_driver master;
    struct tk_i2c_master_slave_driver d;
    struct tk_process *p[2];
};

/* An EEPROM at 0x50 and a ping-pong follower board at 0x41; both
 * capsules on the bus; process 0 with libtock-c's four 16-byte buffers. */
static void ms_env_init(struct ms_env *e)
{
    fx_kernel_init(&e->k);
    struct emu_devices_options o;
    emu_devices_options_init(&o, NULL);
    struct emu_err err;
    ck_assert_int_eq(emu_devices_add_i2c(&o, "x", "ping-pong@0x41", &err), 0);
    ck_assert_int_eq(emu_i2c_bus_init(&e->bus, &e->k, &o, &err), 0);
    emu_devices_options_fini(&o);
    tk_i2c_master_driver_init(&e->master, &e->bus.hil);
    tk_i2c_master_slave_driver_init(&e->d, &e->bus.hil_shared, &e->bus.slave);
    ck_assert_int_eq(tk_kernel_add_driver(&e->k, &e->master.driver), 0);
    ck_assert_int_eq(tk_kernel_add_driver(&e->k, &e->d.driver), 0);
    for (unsigned i = 0; i < 2; i++) {
        e->p[i] = fx_process_new(&e->k, i == 0 ? "leader" : "other", 0);
        fx_subscribe(&e->k, e->p[i], MS, 0, fx_upcall_fn(e->p[i], 0), 0);
    }
    struct tk_process *p = e->p[0];
    memset(fx_ram(p, TX), 0, 0x200);
    memcpy(fx_ram(p, TX), "Hello friend.\n", 14);
    fx_allow_ro(&e->k, p, MS, 0, fx_addr(p, TX), 16);
    fx_allow_rw(&e->k, p, MS, 1, fx_addr(p, RX), 16);
    fx_allow_rw(&e->k, p, MS, 3, fx_addr(p, S_RX), 16);
}

static void ms_env_fini(struct ms_env *e)
{
    emu_i2c_bus_fini(&e->bus);
    fx_kernel_fini(&e->k);
}

START_TEST(master_slave_ping_pong_leader_hears_the_followers_answer)
{
    /* i2c_master_slave_driver.rs: command 6 sets the slave address, 3
     * listens; command 1 (address | len << 16) writes RO allow 0 and ends
     * in upcall (0, status, 0), after which the driver listens again. The
     * follower board answers 2.5 s later: its 16 bytes land in RW allow 3
     * with upcall (3, 16, 0) (libtock-c i2c_master_slave_ping_pong). */
    struct ms_env e;
    ms_env_init(&e);
    struct tk_process *p = e.p[0];
    fx_assert_success(fx_command(&e.k, p, MS, 6, 0x40, 0));
    fx_assert_success(fx_command(&e.k, p, MS, 3, 0, 0));
    fx_assert_success(fx_command(&e.k, p, MS, 1, 16u << 16 | 0x41, 0));
    fx_advance(&e.k, WAIT_NS);
    fake_expect_upcall_on(p, MS, 0, 0, 0, 0);
    fx_assert_success(fx_command(&e.k, p, MS, 3, 0, 0)); /* the app listens again */
    fx_advance(&e.k, REPLY);
    fake_expect_upcall_on(p, MS, 0, 3, 16, 0);
    ck_assert_mem_eq(fx_ram(p, S_RX), "Hello friend.\n\0\0", 16);
    ms_env_fini(&e);
}
END_TEST

START_TEST(master_slave_answer_to_a_slave_not_listening_is_lost)
{
    /* i2c.rs I2CSlave: without listen (or after command 5), or at another
     * address, a master's write is not acknowledged: no upcall. */
    struct ms_env e;
    ms_env_init(&e);
    struct tk_process *p = e.p[0];
    fx_assert_success(fx_command(&e.k, p, MS, 6, 0x40, 0));
    fx_assert_success(fx_command(&e.k, p, MS, 3, 0, 0));
    fx_assert_success(fx_command(&e.k, p, MS, 5, 0, 0));
    fx_assert_success(fx_command(&e.k, p, MS, 1, 16u << 16 | 0x41, 0));
    fx_advance(&e.k, WAIT_NS);
    fake_expect_upcall_on(p, MS, 0, 0, 0, 0);
    fx_advance(&e.k, REPLY);
    ck_assert_uint_eq(fx_task_count(p), 0);
    /* Listening, but at 0x42: the answer goes to 0x40. */
    fx_assert_success(fx_command(&e.k, p, MS, 6, 0x42, 0));
    fx_assert_success(fx_command(&e.k, p, MS, 3, 0, 0));
    fx_assert_success(fx_command(&e.k, p, MS, 1, 16u << 16 | 0x41, 0));
    fx_advance(&e.k, WAIT_NS);
    fake_expect_upcall_on(p, MS, 0, 0, 0, 0);
    fx_advance(&e.k, REPLY);
    ck_assert_uint_eq(fx_task_count(p), 0);
    ms_env_fini(&e);
}
END_TEST

START_TEST(master_slave_reads_land_in_rw_allow_1_and_one_process_owns_it)
{
    /* i2c_master_slave_driver.rs: command 2 reads into RW allow 1, upcall
     * (1, status, 0); command 7 (address | read << 8 | write << 16) writes
     * then reads, upcall (7, status, 0); an unanswered address gives
     * status NOACK. The first process owns the driver: another gets NOMEM;
     * command 6 past 0x7f is INVAL; unknown commands NOSUPPORT. */
    struct ms_env e;
    ms_env_init(&e);
    struct tk_process *p = e.p[0];
    fx_assert_success(fx_command(&e.k, e.p[1], MS, 0, 0, 0)); /* 0: anyone */
    fx_assert_success(fx_command(&e.k, p, MS, 2, 4u << 16 | 0x41, 0));
    fx_assert_failure(fx_command(&e.k, e.p[1], MS, 3, 0, 0), TK_NOMEM);
    memset(fx_ram(p, RX), 0xaa, 16);
    fx_advance(&e.k, WAIT_NS);
    fake_expect_upcall_on(p, MS, 0, 1, 0, 0);
    ck_assert_mem_eq(fx_ram(p, RX), "\0\0\0\0\xaa", 5);
    /* Write 0x20 to the EEPROM's pointer, read 2 erased bytes back. */
    uint8_t *tx = fx_ram(p, TX);
    tx[0] = 0x20;
    fx_assert_success(fx_command(&e.k, p, MS, 7, 1u << 16 | 2u << 8 | 0x50, 0));
    fx_advance(&e.k, WAIT_NS);
    fake_expect_upcall_on(p, MS, 0, 7, 0, 0);
    ck_assert_mem_eq(fx_ram(p, RX), "\xff\xff\0", 3);
    fx_assert_success(fx_command(&e.k, p, MS, 1, 16u << 16 | 0x33, 0));
    fx_advance(&e.k, WAIT_NS);
    fake_expect_upcall_on(p, MS, 0, 0, TK_NOACK, 0);
    fx_assert_failure(fx_command(&e.k, p, MS, 6, 0x80, 0), TK_INVAL);
    fx_assert_failure(fx_command(&e.k, p, MS, 8, 0, 0), TK_NOSUPPORT);
    ms_env_fini(&e);
}
END_TEST

START_TEST(i2c_bus_refuses_unknown_device_kinds_and_shared_addresses)
{
    /* Bad board settings: one message naming the problem. */
    struct tk_kernel k;
    fx_kernel_init(&k);
    struct emu_devices_options o;
    emu_devices_options_init(&o, NULL);
    struct emu_err err;
    ck_assert_int_eq(emu_devices_add_i2c(&o, "x", "eeprom@0x50", &err), 0);
    struct emu_i2c_bus bus;
    ck_assert_int_eq(emu_i2c_bus_init(&bus, &k, &o, &err), -EINVAL);
    ck_assert_str_eq(err.msg, "i2c: two devices at address 0x50");
    emu_i2c_bus_fini(&bus);
    ck_assert_int_eq(emu_devices_add_i2c(&o, "board.ini", "eeprom@0x80", &err), -EINVAL);
    ck_assert_ptr_nonnull(strstr(err.msg, "board.ini: 'eeprom@0x80' is not KIND@ADDRESS"));
    emu_devices_options_fini(&o);
    fx_kernel_fini(&k);
}
END_TEST

Suite *i2c_master_suite(void)
{
    Suite *s = suite_create("i2c_master");
    TCase *tc = tcase_create("i2c_master");
    tcase_add_test(tc, i2c_write_then_write_read_round_trips_the_eeprom);
    tcase_add_test(tc, i2c_address_nak_is_noack_in_the_upcall);
    tcase_add_test(tc, i2c_one_transfer_at_a_time_and_lengths_checked);
    tcase_add_test(tc, ping_pong_peer_takes_16_bytes_as_the_follower_board_would);
    tcase_add_test(tc, master_slave_ping_pong_leader_hears_the_followers_answer);
    tcase_add_test(tc, master_slave_answer_to_a_slave_not_listening_is_lost);
    tcase_add_test(tc, master_slave_reads_land_in_rw_allow_1_and_one_process_owns_it);
    tcase_add_test(tc, i2c_bus_refuses_unknown_device_kinds_and_shared_addresses);
    suite_add_tcase(s, tc);
    return s;
}
