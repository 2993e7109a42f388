/* x86-64 pieces of the loader (emu/process/loader.c) that C cannot express. */
    .text
    .globl _start
    .type _start, @function
_start:
    xor %ebp, %ebp
    and $-16, %rsp
    call loader_main
    ud2
    .size _start, .-_start

/* void loader_switch_stack(void (*fn)(void), uint64_t stack_top): call fn
 * on a new stack; fn never returns. */
    .globl loader_switch_stack
    .type loader_switch_stack, @function
loader_switch_stack:
    and $-16, %rsi
    mov %rsi, %rsp
    call *%rdi
    ud2
    .size loader_switch_stack, .-loader_switch_stack

/* void loader_jump(pc, arg[4], mailbox, stack_top): the init call,
 * pc(arg0, arg1, arg2, arg3, mailbox) on a fresh stack, as if called (the
 * return address is 0: the init function never returns). */
    .globl loader_jump
    .type loader_jump, @function
loader_jump:
    mov %rdi, %rax
    mov %rdx, %r8
    and $-16, %rcx
    mov %rcx, %rsp
    mov 0(%rsi), %rdi
    mov 16(%rsi), %rdx
    mov 24(%rsi), %rcx
    mov 8(%rsi), %rsi
    push $0
    xor %ebp, %ebp
    jmp *%rax
    .size loader_jump, .-loader_jump

/* The signal restorer the kernel requires; the fault handlers never return. */
    .globl loader_restorer
    .type loader_restorer, @function
loader_restorer:
    ud2
    .size loader_restorer, .-loader_restorer

    .section .note.GNU-stack, "", @progbits
