# Rewrite fixtures: one function per hard pattern, each printing one line,
# so the program's output shows every pattern behaving the same natively and
# rewritten. Assembled with GNU as, linked with ld -static (no libc).
        .intel_syntax noprefix
        .globl _start

        .section .rodata
msg_block:  .ascii "earlier block ok\n"
msg_loop:   .ascii "loop head ok\n"
msg_ret:    .ascii "ret after ok\n"
msg_b2b:    .ascii "back to back: this line is 39 bytes.\n\n\n"
msg_rip:    .ascii "rip neighbour ok\n"
msg_jump:   .ascii "jump neighbour ok\n"
msg_table:  .ascii "jump table ok\n"
msg_red:    .ascii "red zone ok\n"
msg_redbad: .ascii "red zone CLOBBERED\n"
msg_first:  .ascii "first instruction ok\n"
msg_flags:  .ascii "flags ok\n"
data_pair:  .byte 0x0f, 0x05
        .p2align 2
table:      .long case0 - table, case1 - table, case2 - table, case3 - table

        .text
        .type say,@function
say:                                    # rsi = message, rdx = length
        mov edi, 1
        mov eax, 1
        syscall
        ret
        .size say, .-say

        .p2align 4
        .type earlier_block,@function
earlier_block:                          # the number is set before a join
        mov eax, 1
        test rdi, rdi
        jz 1f
        nop
1:      mov edi, 1
        lea rsi, [rip + msg_block]
        mov edx, 17
        syscall
        ret
        .size earlier_block, .-earlier_block

        .p2align 4
        .type loop_head,@function
loop_head:                              # the syscall is a loop head, a branch target
        push rbx
        mov ebx, 3
        mov eax, 39
2:      syscall
        mov eax, 39
        dec ebx
        jnz 2b
        pop rbx
        lea rsi, [rip + msg_loop]
        mov edx, 13
        jmp say
        .size loop_head, .-loop_head

        .p2align 4
        .type ret_after,@function
ret_after:                              # syscall followed by ret
        mov eax, 39
        syscall
        ret
        .size ret_after, .-ret_after

        .p2align 4
        .type back_to_back,@function
back_to_back:                           # write 39 bytes, then syscall 39 (getpid) on its result
        mov eax, 1
        mov edi, 1
        lea rsi, [rip + msg_b2b]
        mov edx, 39
        syscall
        syscall
        ret
        .size back_to_back, .-back_to_back

        .p2align 4
        .type rip_neighbour,@function
rip_neighbour:                          # a RIP-relative instruction right before the syscall
        mov eax, 1
        mov edi, 1
        mov edx, 17
        lea rsi, [rip + msg_rip]
        syscall
        ret
        .size rip_neighbour, .-rip_neighbour

        .p2align 4
        .type jump_neighbour,@function
jump_neighbour:                         # the site is a branch target; a jcc follows it
        mov eax, 39
        jmp 3f
        nop
3:      syscall
        test eax, eax
        js 4f
        lea rsi, [rip + msg_jump]
        mov edx, 18
        jmp say
4:      ud2
        .size jump_neighbour, .-jump_neighbour

        .p2align 4
        .type jump_table,@function
jump_table:                             # edi = case; a relative jump table picks a syscall
        mov eax, 39
        and edi, 3
        lea rdx, [rip + table]
        movsxd rcx, dword ptr [rdx + rdi * 4]
        add rcx, rdx
        jmp rcx
case0:  mov eax, 39
        syscall
        ret
case1:  mov eax, 110
        syscall
        ret
case2:  mov eax, 102
        syscall
        ret
case3:  syscall
        ret
        .size jump_table, .-jump_table

        .p2align 4
        .type data_in_code,@function
data_in_code:                           # 0f 05 inside an immediate, and as data after ret
        mov eax, 0x050f
        ret
        .byte 0x0f, 0x05
        .size data_in_code, .-data_in_code

        .p2align 4
        .type red_zone,@function
red_zone:                               # a leaf keeps data in the red zone across the syscall
        mov qword ptr [rsp - 8], 0x1234
        mov eax, 39
        syscall
        cmp qword ptr [rsp - 8], 0x1234
        jne 5f
        lea rsi, [rip + msg_red]
        mov edx, 12
        jmp say
5:      lea rsi, [rip + msg_redbad]
        mov edx, 19
        jmp say
        .size red_zone, .-red_zone

        .p2align 4
        .type first_instruction,@function
first_instruction:                      # the site is the first instruction; rax comes from the only caller
        syscall
        nop
        nop
        nop
        ret
        .size first_instruction, .-first_instruction

        .p2align 4
        .type flags_live,@function
flags_live:                             # ZF set before the syscall is read after it
        mov eax, 39
        cmp eax, 39
        syscall
        jne 6f
        lea rsi, [rip + msg_flags]
        mov edx, 9
        jmp say
6:      ud2
        .size flags_live, .-flags_live

        .p2align 4
        .type _start,@function
_start:
        xor edi, edi
        call earlier_block
        call loop_head
        call ret_after
        call back_to_back
        call rip_neighbour
        call jump_neighbour
        xor r12d, r12d
7:      mov edi, r12d
        call jump_table
        inc r12d
        cmp r12d, 4
        jne 7b
        lea rsi, [rip + msg_table]
        mov edx, 14
        call say
        call data_in_code
        call red_zone
        mov eax, 39
        call first_instruction
        lea rsi, [rip + msg_first]
        mov edx, 21
        call say
        call flags_live
        mov eax, 231
        mov edi, 7
        syscall
        .size _start, .-_start
