// Compiles capstone-layout.c against the installed Capstone headers and checks
// that every struct size, field offset and enum value the binding hard-codes
// matches what the C compiler sees. Missing gcc or headers fail loudly.
package org.azalea.x86;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static java.util.Map.entry;
import static org.azalea.x86.CapstoneLayout.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CapstoneLayoutTest {
    private static final Map<String, Long> JAVA = Map.ofEntries(
            entry("sizeof(cs_insn)", INSN_SIZE), entry("cs_insn.id", INSN_ID),
            entry("cs_insn.address", INSN_ADDRESS), entry("cs_insn.size", INSN_SIZE_FIELD),
            entry("cs_insn.bytes", INSN_BYTES), entry("cs_insn.mnemonic", INSN_MNEMONIC),
            entry("cs_insn.op_str", INSN_OP_STR), entry("cs_insn.detail", INSN_DETAIL),
            entry("sizeof(cs_detail)", DETAIL_SIZE), entry("cs_detail.regs_read", DETAIL_REGS_READ),
            entry("cs_detail.regs_read_count", DETAIL_REGS_READ_COUNT),
            entry("cs_detail.regs_write", DETAIL_REGS_WRITE),
            entry("cs_detail.regs_write_count", DETAIL_REGS_WRITE_COUNT),
            entry("cs_detail.groups", DETAIL_GROUPS), entry("cs_detail.groups_count", DETAIL_GROUPS_COUNT),
            entry("cs_detail.x86", DETAIL_X86),
            entry("sizeof(cs_x86)", X86_SIZE), entry("cs_x86.prefix", X86_PREFIX),
            entry("cs_x86.opcode", X86_OPCODE), entry("cs_x86.disp", X86_DISP),
            entry("cs_x86.eflags", X86_EFLAGS), entry("cs_x86.op_count", X86_OP_COUNT),
            entry("cs_x86.operands", X86_OPERANDS), entry("cs_x86.encoding", X86_ENCODING),
            entry("sizeof(cs_x86_encoding)", ENCODING_SIZE),
            entry("cs_x86_encoding.modrm_offset", ENCODING_MODRM_OFFSET),
            entry("cs_x86_encoding.disp_offset", ENCODING_DISP_OFFSET),
            entry("cs_x86_encoding.disp_size", ENCODING_DISP_SIZE),
            entry("cs_x86_encoding.imm_offset", ENCODING_IMM_OFFSET),
            entry("cs_x86_encoding.imm_size", ENCODING_IMM_SIZE),
            entry("sizeof(cs_x86_op)", OP_SIZE), entry("cs_x86_op.type", OP_TYPE),
            entry("cs_x86_op.reg", OP_REG), entry("cs_x86_op.imm", OP_IMM), entry("cs_x86_op.mem", OP_MEM),
            entry("cs_x86_op.size", OP_SIZE_FIELD), entry("cs_x86_op.access", OP_ACCESS),
            entry("sizeof(x86_op_mem)", MEM_SIZE), entry("x86_op_mem.segment", MEM_SEGMENT),
            entry("x86_op_mem.base", MEM_BASE), entry("x86_op_mem.index", MEM_INDEX),
            entry("x86_op_mem.scale", MEM_SCALE), entry("x86_op_mem.disp", MEM_DISP),
            entry("sizeof(cs_regs)", REGS_SIZE),
            entry("CS_ARCH_X86", (long) CS_ARCH_X86), entry("CS_MODE_64", (long) CS_MODE_64),
            entry("CS_OPT_DETAIL", (long) CS_OPT_DETAIL), entry("CS_OPT_ON", (long) CS_OPT_ON),
            entry("CS_OPT_OFF", (long) CS_OPT_OFF), entry("CS_ERR_OK", (long) CS_ERR_OK),
            entry("X86_OP_REG", (long) X86_OP_REG), entry("X86_OP_IMM", (long) X86_OP_IMM),
            entry("X86_OP_MEM", (long) X86_OP_MEM),
            entry("CS_GRP_JUMP", (long) InstructionGroup.JUMP.capstoneId()),
            entry("CS_GRP_CALL", (long) InstructionGroup.CALL.capstoneId()),
            entry("CS_GRP_RET", (long) InstructionGroup.RET.capstoneId()),
            entry("CS_GRP_INT", (long) InstructionGroup.INT.capstoneId()),
            entry("CS_GRP_IRET", (long) InstructionGroup.IRET.capstoneId()),
            entry("CS_GRP_BRANCH_RELATIVE", (long) InstructionGroup.BRANCH_RELATIVE.capstoneId()),
            entry("X86_REG_INVALID", (long) X86Reg.INVALID),
            entry("X86_REG_RAX", (long) X86Reg.RAX), entry("X86_REG_EAX", (long) X86Reg.EAX),
            entry("X86_REG_AX", (long) X86Reg.AX), entry("X86_REG_AL", (long) X86Reg.AL),
            entry("X86_REG_AH", (long) X86Reg.AH),
            entry("X86_REG_RBX", (long) X86Reg.RBX), entry("X86_REG_EBX", (long) X86Reg.EBX),
            entry("X86_REG_BX", (long) X86Reg.BX), entry("X86_REG_BL", (long) X86Reg.BL),
            entry("X86_REG_BH", (long) X86Reg.BH),
            entry("X86_REG_RCX", (long) X86Reg.RCX), entry("X86_REG_ECX", (long) X86Reg.ECX),
            entry("X86_REG_CX", (long) X86Reg.CX), entry("X86_REG_CL", (long) X86Reg.CL),
            entry("X86_REG_CH", (long) X86Reg.CH),
            entry("X86_REG_RDX", (long) X86Reg.RDX), entry("X86_REG_EDX", (long) X86Reg.EDX),
            entry("X86_REG_DX", (long) X86Reg.DX), entry("X86_REG_DL", (long) X86Reg.DL),
            entry("X86_REG_DH", (long) X86Reg.DH),
            entry("X86_REG_RSI", (long) X86Reg.RSI), entry("X86_REG_ESI", (long) X86Reg.ESI),
            entry("X86_REG_SI", (long) X86Reg.SI), entry("X86_REG_SIL", (long) X86Reg.SIL),
            entry("X86_REG_RDI", (long) X86Reg.RDI), entry("X86_REG_EDI", (long) X86Reg.EDI),
            entry("X86_REG_DI", (long) X86Reg.DI), entry("X86_REG_DIL", (long) X86Reg.DIL),
            entry("X86_REG_RBP", (long) X86Reg.RBP), entry("X86_REG_EBP", (long) X86Reg.EBP),
            entry("X86_REG_BP", (long) X86Reg.BP), entry("X86_REG_BPL", (long) X86Reg.BPL),
            entry("X86_REG_RSP", (long) X86Reg.RSP), entry("X86_REG_ESP", (long) X86Reg.ESP),
            entry("X86_REG_SP", (long) X86Reg.SP), entry("X86_REG_SPL", (long) X86Reg.SPL),
            entry("X86_REG_R8", (long) X86Reg.R8), entry("X86_REG_R8D", (long) X86Reg.R8D),
            entry("X86_REG_R8W", (long) X86Reg.R8W), entry("X86_REG_R8B", (long) X86Reg.R8B),
            entry("X86_REG_R9", (long) X86Reg.R9), entry("X86_REG_R9D", (long) X86Reg.R9D),
            entry("X86_REG_R9W", (long) X86Reg.R9W), entry("X86_REG_R9B", (long) X86Reg.R9B),
            entry("X86_REG_R10", (long) X86Reg.R10), entry("X86_REG_R10D", (long) X86Reg.R10D),
            entry("X86_REG_R10W", (long) X86Reg.R10W), entry("X86_REG_R10B", (long) X86Reg.R10B),
            entry("X86_REG_R11", (long) X86Reg.R11), entry("X86_REG_R11D", (long) X86Reg.R11D),
            entry("X86_REG_R11W", (long) X86Reg.R11W), entry("X86_REG_R11B", (long) X86Reg.R11B),
            entry("X86_REG_R12", (long) X86Reg.R12), entry("X86_REG_R12D", (long) X86Reg.R12D),
            entry("X86_REG_R12W", (long) X86Reg.R12W), entry("X86_REG_R12B", (long) X86Reg.R12B),
            entry("X86_REG_R13", (long) X86Reg.R13), entry("X86_REG_R13D", (long) X86Reg.R13D),
            entry("X86_REG_R13W", (long) X86Reg.R13W), entry("X86_REG_R13B", (long) X86Reg.R13B),
            entry("X86_REG_R14", (long) X86Reg.R14), entry("X86_REG_R14D", (long) X86Reg.R14D),
            entry("X86_REG_R14W", (long) X86Reg.R14W), entry("X86_REG_R14B", (long) X86Reg.R14B),
            entry("X86_REG_R15", (long) X86Reg.R15), entry("X86_REG_R15D", (long) X86Reg.R15D),
            entry("X86_REG_R15W", (long) X86Reg.R15W), entry("X86_REG_R15B", (long) X86Reg.R15B),
            entry("X86_REG_RIP", (long) X86Reg.RIP), entry("X86_REG_EFLAGS", (long) X86Reg.EFLAGS),
            entry("X86_REG_FS", (long) X86Reg.FS),
            entry("X86_INS_SYSCALL", (long) X86Ins.SYSCALL), entry("X86_INS_MOV", (long) X86Ins.MOV),
            entry("X86_INS_MOVABS", (long) X86Ins.MOVABS), entry("X86_INS_XOR", (long) X86Ins.XOR),
            entry("X86_INS_SUB", (long) X86Ins.SUB), entry("X86_INS_LEA", (long) X86Ins.LEA),
            entry("X86_INS_JMP", (long) X86Ins.JMP), entry("X86_INS_LJMP", (long) X86Ins.LJMP),
            entry("X86_INS_CALL", (long) X86Ins.CALL), entry("X86_INS_LCALL", (long) X86Ins.LCALL),
            entry("X86_INS_RET", (long) X86Ins.RET), entry("X86_INS_RETF", (long) X86Ins.RETF),
            entry("X86_INS_RETFQ", (long) X86Ins.RETFQ), entry("X86_INS_HLT", (long) X86Ins.HLT),
            entry("X86_INS_UD2", (long) X86Ins.UD2), entry("X86_INS_POP", (long) X86Ins.POP),
            entry("X86_INS_NOP", (long) X86Ins.NOP), entry("X86_INS_JNE", (long) X86Ins.JNE),
            entry("X86_INS_INT3", (long) X86Ins.INT3));

    @Test
    void javaConstantsMatchTheInstalledHeaders(@TempDir Path dir) throws IOException {
        assertTrue(Files.isRegularFile(Path.of("/usr/include/capstone/capstone.h")),
                "Capstone headers are missing: run apt-get install libcapstone-dev");
        Path source = dir.resolve("capstone-layout.c");
        try (InputStream in = getClass().getResourceAsStream("capstone-layout.c")) {
            Files.write(source, in.readAllBytes());
        }
        Path exe = dir.resolve("capstone-layout");
        BinaryTools.run("gcc (and libcapstone-dev for the headers)", "gcc", "-o", exe.toString(), source.toString());
        Map<String, Long> fromC = new TreeMap<>();
        for (String line : BinaryTools.run("libcapstone-dev", exe.toString()).split("\n")) {
            String[] parts = line.split(" ");
            fromC.put(parts[0], Long.parseLong(parts[1]));
        }
        assertEquals(fromC, new TreeMap<>(JAVA));
    }
}
