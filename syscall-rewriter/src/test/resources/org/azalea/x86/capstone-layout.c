/* Prints the Capstone 4 x86-64 ABI facts that CapstoneLayout.java hard-codes:
 * struct sizes and field offsets, and the enum values of the registers,
 * instructions, options and groups the binding uses. One "NAME value" per line;
 * CapstoneLayoutTest compiles and runs this and compares every line. */
#include <stddef.h>
#include <stdio.h>
#include <capstone/capstone.h>

#define P(name, value) printf("%s %lld\n", name, (long long) (value))
#define OFF(type, field) P(#type "." #field, offsetof(type, field))
#define SIZE(type) P("sizeof(" #type ")", sizeof(type))
#define E(name) P(#name, name)

int main(void) {
    SIZE(cs_insn);
    OFF(cs_insn, id); OFF(cs_insn, address); OFF(cs_insn, size); OFF(cs_insn, bytes);
    OFF(cs_insn, mnemonic); OFF(cs_insn, op_str); OFF(cs_insn, detail);
    SIZE(cs_detail);
    OFF(cs_detail, regs_read); OFF(cs_detail, regs_read_count);
    OFF(cs_detail, regs_write); OFF(cs_detail, regs_write_count);
    OFF(cs_detail, groups); OFF(cs_detail, groups_count); OFF(cs_detail, x86);
    SIZE(cs_x86);
    OFF(cs_x86, prefix); OFF(cs_x86, opcode); OFF(cs_x86, disp);
    OFF(cs_x86, eflags); OFF(cs_x86, op_count); OFF(cs_x86, operands); OFF(cs_x86, encoding);
    SIZE(cs_x86_encoding);
    OFF(cs_x86_encoding, modrm_offset); OFF(cs_x86_encoding, disp_offset);
    OFF(cs_x86_encoding, disp_size); OFF(cs_x86_encoding, imm_offset); OFF(cs_x86_encoding, imm_size);
    SIZE(cs_x86_op);
    OFF(cs_x86_op, type); OFF(cs_x86_op, reg); OFF(cs_x86_op, imm); OFF(cs_x86_op, mem);
    OFF(cs_x86_op, size); OFF(cs_x86_op, access);
    SIZE(x86_op_mem);
    OFF(x86_op_mem, segment); OFF(x86_op_mem, base); OFF(x86_op_mem, index);
    OFF(x86_op_mem, scale); OFF(x86_op_mem, disp);
    SIZE(cs_regs);
    E(CS_ARCH_X86); E(CS_MODE_64); E(CS_OPT_DETAIL); E(CS_OPT_ON); E(CS_OPT_OFF); E(CS_ERR_OK);
    E(X86_OP_REG); E(X86_OP_IMM); E(X86_OP_MEM);
    E(CS_GRP_JUMP); E(CS_GRP_CALL); E(CS_GRP_RET); E(CS_GRP_INT); E(CS_GRP_IRET);
    E(CS_GRP_BRANCH_RELATIVE);
    E(X86_REG_INVALID);
    E(X86_REG_RAX); E(X86_REG_EAX); E(X86_REG_AX); E(X86_REG_AL); E(X86_REG_AH);
    E(X86_REG_RBX); E(X86_REG_EBX); E(X86_REG_BX); E(X86_REG_BL); E(X86_REG_BH);
    E(X86_REG_RCX); E(X86_REG_ECX); E(X86_REG_CX); E(X86_REG_CL); E(X86_REG_CH);
    E(X86_REG_RDX); E(X86_REG_EDX); E(X86_REG_DX); E(X86_REG_DL); E(X86_REG_DH);
    E(X86_REG_RSI); E(X86_REG_ESI); E(X86_REG_SI); E(X86_REG_SIL);
    E(X86_REG_RDI); E(X86_REG_EDI); E(X86_REG_DI); E(X86_REG_DIL);
    E(X86_REG_RBP); E(X86_REG_EBP); E(X86_REG_BP); E(X86_REG_BPL);
    E(X86_REG_RSP); E(X86_REG_ESP); E(X86_REG_SP); E(X86_REG_SPL);
    E(X86_REG_R8); E(X86_REG_R8D); E(X86_REG_R8W); E(X86_REG_R8B);
    E(X86_REG_R9); E(X86_REG_R9D); E(X86_REG_R9W); E(X86_REG_R9B);
    E(X86_REG_R10); E(X86_REG_R10D); E(X86_REG_R10W); E(X86_REG_R10B);
    E(X86_REG_R11); E(X86_REG_R11D); E(X86_REG_R11W); E(X86_REG_R11B);
    E(X86_REG_R12); E(X86_REG_R12D); E(X86_REG_R12W); E(X86_REG_R12B);
    E(X86_REG_R13); E(X86_REG_R13D); E(X86_REG_R13W); E(X86_REG_R13B);
    E(X86_REG_R14); E(X86_REG_R14D); E(X86_REG_R14W); E(X86_REG_R14B);
    E(X86_REG_R15); E(X86_REG_R15D); E(X86_REG_R15W); E(X86_REG_R15B);
    E(X86_REG_RIP); E(X86_REG_EFLAGS); E(X86_REG_FS);
    E(X86_INS_SYSCALL); E(X86_INS_MOV); E(X86_INS_MOVABS); E(X86_INS_XOR); E(X86_INS_SUB);
    E(X86_INS_LEA); E(X86_INS_JMP); E(X86_INS_LJMP); E(X86_INS_CALL); E(X86_INS_LCALL);
    E(X86_INS_RET); E(X86_INS_RETF); E(X86_INS_RETFQ); E(X86_INS_HLT); E(X86_INS_UD2);
    E(X86_INS_POP); E(X86_INS_NOP); E(X86_INS_JNE); E(X86_INS_INT3);
    return 0;
}
