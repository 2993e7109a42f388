/* lth_custom: drives a made-up driver 0x90000 the way a userland library
 * would: command 1 (arg 5) returns a value; subscribe 0 then command 2
 * starts an operation whose upcall carries a result; allow RO 0 holds bytes
 * for command 3. Prints what it got and exits with the command-1 value. */
#include <stdio.h>

#include <libtock/tock.h>

#define CUSTOM 0x90000

static bool done;
static int result;

static void on_done(int a0, int a1, int a2, void *userdata)
{
    (void)a1, (void)a2, (void)userdata;
    result = a0;
    done = true;
}

int main(void)
{
    uint32_t value = 0;
    syscall_return_t r = command(CUSTOM, 1, 5, 0);
    int rc = tock_command_return_u32_to_returncode(r, &value);
    subscribe_return_t s = subscribe(CUSTOM, 0, on_done, NULL);
    (void)s;
    syscall_return_t start = command(CUSTOM, 2, 0, 0);
    int start_rc = tock_command_return_novalue_to_returncode(start);
    if (start_rc == RETURNCODE_SUCCESS)
        yield_for(&done);
    static const char msg[] = "to the fake";
    allow_ro_return_t a = allow_readonly(CUSTOM, 0, msg, sizeof msg - 1);
    (void)a;
    syscall_return_t w = command(CUSTOM, 3, sizeof msg - 1, 0);
    (void)w;
    printf("value %lu rc %d start %d upcall %d\n", (unsigned long)value, rc, start_rc, result);
    return (int)value;
}
