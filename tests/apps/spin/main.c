/* spin: never yields. The emulator must preempt it at the end of each
 * timeslice so that other apps still run (architecture.md, process model). */
int main(void)
{
    volatile unsigned long n = 0;
    for (;;)
        n++;
}
