/* Command (class 2) and the return-variant encoding.
 *
 * Checks spec §1.3, §1.5, §1.6 (Command), §10.12 and §10.24 against
 * emu/kernel/dispatch.c and syscall.c.
 */
#include <check.h>
#include <string.h>

#include "kdriver.h"

static int reject_commands(struct tk_kernel *k, struct tk_process *p, const struct tk_syscall *sc)
{
    (void)k;
    (void)p;
    return sc->class_id == TK_CLASS_COMMAND ? TK_NODEVICE : 0;
}

START_TEST(command_missing_driver_is_nodevice_variant_0)
{
    /* spec §1.6: driver missing -> Failure(NODEVICE), variant 0. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    struct tk_syscall_return r = fx_command(&k, p, KD_MISSING_NUM, 0, 0, 0);
    fx_assert_failure(r, TK_NODEVICE);
    ck_assert_uint_eq(r.written, 0x3);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(command_default_hook_is_nosupport)
{
    /* spec §1.6: the default command returns Failure(NOSUPPORT). */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    fx_assert_failure(fx_command(&k, p, KD_NOGRANT_NUM, 0, 0, 0), TK_NOSUPPORT);
    fx_assert_failure(fx_command(&k, p, KD_NUM, 99, 0, 0), TK_NOSUPPORT);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(command_driver_result_passed_through)
{
    /* spec §1.6: the driver's return is passed through unchanged. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    fx_assert_success(fx_command(&k, p, KD_NUM, KD_CMD_EXISTS, 0, 0));
    struct tk_syscall_return r = fx_command(&k, p, KD_NUM, KD_CMD_ECHO, 5, 6);
    fx_assert_variant(r, TK_RV_SUCCESS_U32_U32);
    ck_assert_uint_eq(r.reg[1], 5);
    ck_assert_uint_eq(r.reg[2], 6);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(command_arguments_truncated_to_32_bits)
{
    /* spec §1.1: all values are 32-bit; the host's upper halves are dropped. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    struct tk_syscall_return r =
        fx_syscall(&k, p, TK_CLASS_COMMAND, KD_NUM | (1ull << 32), KD_CMD_ECHO | (7ull << 32),
                   0x100000001ull, 0xffffffff00000002ull);
    fx_assert_variant(r, TK_RV_SUCCESS_U32_U32);
    ck_assert_uint_eq(r.reg[1], 1);
    ck_assert_uint_eq(r.reg[2], 2);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(command_filtered_is_plain_failure)
{
    /* spec §1.5 step 2: a filtered command gets Failure(err). */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    k.filter = reject_commands;
    fx_assert_failure(fx_command(&k, p, KD_NUM, KD_CMD_EXISTS, 0, 0), TK_NODEVICE);
    ck_assert_uint_eq(p->syscall_count, 1);
    ck_assert_uint_eq(p->last_syscall.class_id, TK_CLASS_COMMAND);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(command_return_forces_running_after_self_terminate)
{
    /* spec §10.24: setting the return value makes the caller Running again. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    fx_assert_success(fx_command(&k, p, KD_NUM, KD_CMD_TERMINATE, 0, 0));
    ck_assert_int_eq(p->state, TK_STATE_RUNNING);
    ck_assert_int_eq(p->completion, TK_COMPLETION_FAULTED);
    fx_kernel_fini(&k);
}
END_TEST

/* Table of every variant: the result, the registers and the written mask
 * (spec §1.3). */
struct encode_case {
    struct tk_cmd_return rv;
    uint64_t reg[4];
    uint8_t written;
};

static struct encode_case encode_case(int i)
{
    const struct encode_case cases[] = {
        {tk_cmd_failure(TK_BUSY), {0, 2, 0, 0}, 0x3},
        {tk_cmd_failure_u32(TK_SIZE, 9), {1, 7, 9, 0}, 0x7},
        {tk_cmd_failure_u32_u32(TK_FAIL, 4, 5), {2, 1, 4, 5}, 0xf},
        {tk_cmd_failure_u64(TK_NOMEM, 0x1122334455667788ull), {3, 9, 0x55667788, 0x11223344}, 0xf},
        {tk_cmd_success(), {128, 0, 0, 0}, 0x1},
        {tk_cmd_success_u32(0xdeadbeef), {129, 0xdeadbeef, 0, 0}, 0x3},
        {tk_cmd_success_u32_u32(1, 2), {130, 1, 2, 0}, 0x7},
        {tk_cmd_success_u64(0xaabbccdd00112233ull), {131, 0x00112233, 0xaabbccdd, 0}, 0x7},
        {tk_cmd_success_u32_u32_u32(1, 2, 3), {132, 1, 2, 3}, 0xf},
        {tk_cmd_success_u32_u64(8, 0x0102030405060708ull), {133, 8, 0x05060708, 0x01020304}, 0xf},
    };
    return cases[i];
}

START_TEST(command_every_variant_encodes_its_registers)
{
    /* spec §1.3: r0 = variant, then only the registers the variant defines. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    struct encode_case c = encode_case(_i);
    kd.next_result = c.rv;
    struct tk_syscall_return r = fx_command(&k, p, KD_NUM, KD_CMD_VARIANT, 0, 0);
    ck_assert_uint_eq(r.written, c.written);
    for (unsigned i = 0; i < 4; i++)
        if (c.written & (1u << i))
            ck_assert_uint_eq(r.reg[i], c.reg[i]);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(class_and_variant_names)
{
    /* spec §1.1, §1.3: names for traces. */
    ck_assert_str_eq(tk_syscall_class_name(TK_CLASS_ALLOW_UR), "allow_ur");
    ck_assert_str_eq(tk_syscall_class_name(TK_CLASS_YIELD), "yield");
    ck_assert_str_eq(tk_syscall_class_name(8), "unknown");
    ck_assert_str_eq(tk_return_variant_name(TK_RV_SUCCESS_U32_U64), "SUCCESS_U32_U64");
    ck_assert_str_eq(tk_return_variant_name(TK_RV_FAILURE), "FAILURE");
    ck_assert_str_eq(tk_return_variant_name(4), "UNKNOWN");
    ck_assert_uint_eq(tk_cmd_return_encode((struct tk_cmd_return){200, {1, 2, 3}}).written, 1);
}
END_TEST

Suite *command_suite(void)
{
    Suite *s = suite_create("command");
    TCase *tc = tcase_create("command");
    tcase_add_test(tc, command_missing_driver_is_nodevice_variant_0);
    tcase_add_test(tc, command_default_hook_is_nosupport);
    tcase_add_test(tc, command_driver_result_passed_through);
    tcase_add_test(tc, command_arguments_truncated_to_32_bits);
    tcase_add_test(tc, command_filtered_is_plain_failure);
    tcase_add_test(tc, command_return_forces_running_after_self_terminate);
    tcase_add_loop_test(tc, command_every_variant_encodes_its_registers, 0, 10);
    tcase_add_test(tc, class_and_variant_names);
    suite_add_tcase(s, tc);
    return s;
}
