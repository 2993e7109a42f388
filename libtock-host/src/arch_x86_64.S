/* x86-64 pieces of the libtock-host runtime that C cannot express.
 *
 * lth__raw_syscall is how the runtime reaches its one Linux system call,
 * futex on the mailbox (the seccomp filter, emu/process/loader.c, allows it
 * by number and arguments, from wherever it is issued). */
    .text
    .globl lth__raw_syscall
    .type lth__raw_syscall, @function
/* long lth__raw_syscall(long nr, long a, long b, long c, long d, long e, long f) */
lth__raw_syscall:
    mov %rdi, %rax
    mov %rsi, %rdi
    mov %rdx, %rsi
    mov %rcx, %rdx
    mov %r8, %r10
    mov %r9, %r8
    mov 8(%rsp), %r9
    syscall
    ret
    .size lth__raw_syscall, .-lth__raw_syscall

    .globl lth__call_on_stack
    .type lth__call_on_stack, @function
/* int lth__call_on_stack(fn, argc, argv, envp, stack_top) */
lth__call_on_stack:
    push %rbp
    mov %rsp, %rbp
    mov %rdi, %rax
    mov %esi, %edi
    mov %rdx, %rsi
    mov %rcx, %rdx
    and $-16, %r8
    mov %r8, %rsp
    call *%rax
    mov %rbp, %rsp
    pop %rbp
    ret
    .size lth__call_on_stack, .-lth__call_on_stack

    .section .note.GNU-stack, "", @progbits
