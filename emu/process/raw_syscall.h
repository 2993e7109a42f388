/* Linux system calls made directly, without the C library: for code that
 * must not touch memory it shares with the emulator (no errno, no TLS),
 * the freestanding loader (loader.c) and the child that execs it
 * (zygote.c). x86-64 only, as the loader is. Returns the result or -errno.
 *
 * No upstream counterpart.
 */
#ifndef EMU_PROCESS_RAW_SYSCALL_H
#define EMU_PROCESS_RAW_SYSCALL_H

static inline long sys6(long nr, long a, long b, long c, long d, long e, long f)
{
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    register long r9 __asm__("r9") = f;
    long ret;
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
    return ret;
}
#define sys3(nr, a, b, c) sys6((nr), (long)(a), (long)(b), (long)(c), 0, 0, 0)

#endif
