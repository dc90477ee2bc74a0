// Byte offsets and sizes of Capstone 4's C structures on x86-64 Linux, plus the
// enum values of the options the binding passes. These are ABI facts of
// libcapstone.so.4 (headers in /usr/include/capstone); CapstoneLayoutTest
// compiles a C program against the headers and checks every constant here.
package org.azalea.x86;

final class CapstoneLayout {
    private CapstoneLayout() {}

    static final int CS_ARCH_X86 = 3;
    static final int CS_MODE_64 = 8;
    static final int CS_OPT_DETAIL = 2;
    static final int CS_OPT_ON = 3;
    static final int CS_OPT_OFF = 0;
    static final int CS_ERR_OK = 0;

    static final int X86_OP_REG = 1;
    static final int X86_OP_IMM = 2;
    static final int X86_OP_MEM = 3;

    // cs_insn
    static final long INSN_SIZE = 240;
    static final long INSN_ID = 0;
    static final long INSN_ADDRESS = 8;
    static final long INSN_SIZE_FIELD = 16;
    static final long INSN_BYTES = 18;
    static final long INSN_MNEMONIC = 34;
    static final long INSN_OP_STR = 66;
    static final long INSN_DETAIL = 232;

    // cs_detail: register ids are uint16_t, group ids uint8_t.
    static final long DETAIL_SIZE = 1848;
    static final long DETAIL_REGS_READ = 0;
    static final long DETAIL_REGS_READ_COUNT = 24;
    static final long DETAIL_REGS_WRITE = 26;
    static final long DETAIL_REGS_WRITE_COUNT = 66;
    static final long DETAIL_GROUPS = 67;
    static final long DETAIL_GROUPS_COUNT = 75;
    static final long DETAIL_X86 = 80;

    // cs_x86
    static final long X86_SIZE = 464;
    static final long X86_PREFIX = 0;
    static final long X86_OPCODE = 4;
    static final long X86_DISP = 16;
    static final long X86_EFLAGS = 56;
    static final long X86_OP_COUNT = 64;
    static final long X86_OPERANDS = 72;
    static final long X86_ENCODING = 456;

    // cs_x86_encoding, relative to X86_ENCODING: five uint8_t fields.
    static final long ENCODING_SIZE = 5;
    static final long ENCODING_MODRM_OFFSET = 0;
    static final long ENCODING_DISP_OFFSET = 1;
    static final long ENCODING_DISP_SIZE = 2;
    static final long ENCODING_IMM_OFFSET = 3;
    static final long ENCODING_IMM_SIZE = 4;

    // cs_x86_op: reg, imm and mem share a union at offset 8.
    static final long OP_SIZE = 48;
    static final long OP_TYPE = 0;
    static final long OP_REG = 8;
    static final long OP_IMM = 8;
    static final long OP_MEM = 8;
    static final long OP_SIZE_FIELD = 32;
    static final long OP_ACCESS = 33;

    // x86_op_mem, relative to OP_MEM
    static final long MEM_SIZE = 24;
    static final long MEM_SEGMENT = 0;
    static final long MEM_BASE = 4;
    static final long MEM_INDEX = 8;
    static final long MEM_SCALE = 12;
    static final long MEM_DISP = 16;

    // cs_regs is uint16_t[64]
    static final long REGS_SIZE = 128;
}
