/* usb_attach: enable and attach the USB function through driver 0x20005
 * (spec §8.10), say so on the console, then wait for nothing: the device
 * stays up while a host looks at it, until the emulator is stopped. */
#include <stdio.h>

#include <libtock-sync/peripherals/usb.h>

int main(void)
{
    if (!libtocksync_usb_exists()) {
        printf("usb_attach: no USB driver\n");
        return 1;
    }
    returncode_t rc = libtocksync_usb_enable_and_attach();
    printf("usb_attach: %s\n", rc == RETURNCODE_SUCCESS ? "attached" : tock_strrcode(rc));
    fflush(stdout);
    if (rc != RETURNCODE_SUCCESS)
        return 1;
    for (;;)
        yield(); /* no upcall is subscribed but USB's: sleeps until stopped */
}
