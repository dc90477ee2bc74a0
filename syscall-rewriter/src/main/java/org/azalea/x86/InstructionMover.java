// Relocates one instruction to a new address without changing what it does,
// so the rewriter can copy the instructions around a patched syscall into a
// trampoline. Only two things in user-mode x86-64 depend on an instruction's
// own address: RIP-relative memory operands, whose disp32 is re-aimed at the
// same effective address, and relative branches, which are re-encoded in their
// rel32 form to the same target. Instructions that observe or publish their
// address in other ways (calls push it, system calls and traps report it) are
// Immovable, as is anything that cannot reach its target from the new place.
package org.azalea.x86;

import java.util.Arrays;
import java.util.HexFormat;

public final class InstructionMover {
    private InstructionMover() {}

    private static final int SYSCALL = 0x05;
    private static final int SYSENTER = 0x34;
    private static final int TWO_BYTE_ESCAPE = 0x0F;
    private static final int JMP_REL8 = 0xEB;
    private static final int JMP_REL32 = 0xE9;
    private static final int JCC_REL8 = 0x70;
    private static final int JCC_REL32 = 0x80;
    private static final int XBEGIN = 0xC7;
    private static final int XBEGIN_MODRM = 0xF8;

    /**
     * The bytes that, placed at newAddress, do what insn did at its own address.
     * insn must have been decoded with Decoding.DETAIL.
     */
    public static MovedInstruction move(Instruction insn, long newAddress) {
        InstructionDetail detail = insn.detail().orElseThrow(() -> new IllegalArgumentException(
                "moving " + insn + " needs an instruction decoded with Decoding.DETAIL"));
        byte[] bytes = insn.bytes();
        if (detail.groups().contains(InstructionGroup.CALL)) {
            return immovable(insn, "a moved call pushes a different return address");
        }
        if (detail.groups().contains(InstructionGroup.INT) || isSystemCall(bytes)) {
            return immovable(insn, "a system call must not be moved into the trampoline");
        }
        if (detail.groups().contains(InstructionGroup.BRANCH_RELATIVE)) {
            return moveBranch(insn, bytes, detail.encoding(), newAddress);
        }
        for (Operand operand : detail.operands()) {
            if (operand instanceof Operand.Memory m && m.base() == X86Reg.RIP) {
                return moveRipRelative(insn, bytes, m, detail.encoding().dispOffset(), newAddress);
            }
            // The only other base that is no general-purpose register is eip (a 0x67
            // prefix on RIP-relative addressing), whose wrap-around at 4 GiB a moved
            // disp32 cannot reproduce.
            if (operand instanceof Operand.Memory m && m.base() != X86Reg.INVALID
                    && X86Reg.fullRegister(m.base()) == X86Reg.INVALID) {
                return immovable(insn, "its memory operand is relative to a 32-bit instruction pointer");
            }
        }
        return new MovedInstruction.Moved(bytes);
    }

    private static boolean isSystemCall(byte[] bytes) {
        int opcode = opcodeStart(bytes);
        return opcode + 1 < bytes.length && (bytes[opcode] & 0xff) == TWO_BYTE_ESCAPE
                && ((bytes[opcode + 1] & 0xff) == SYSCALL || (bytes[opcode + 1] & 0xff) == SYSENTER);
    }

    /** Index of the first byte after the legacy and REX prefixes. */
    private static int opcodeStart(byte[] bytes) {
        int i = 0;
        while (i < bytes.length && (isLegacyPrefix(bytes[i] & 0xff) || (bytes[i] & 0xf0) == 0x40)) {
            i++;
        }
        return i;
    }

    private static boolean isLegacyPrefix(int b) {
        return switch (b) {
            case 0xF0, 0xF2, 0xF3, 0x2E, 0x36, 0x3E, 0x26, 0x64, 0x65, 0x66, 0x67 -> true;
            default -> false;
        };
    }

    /**
     * A RIP-relative displacement is always a disp32. Capstone 4.0.2 misreports
     * its size after a 0x66 prefix (as 2 for movdqa xmm, [rip + x]) but not its
     * offset, so the offset is trusted only once the four bytes there are seen
     * to hold the displacement Capstone decoded.
     */
    private static MovedInstruction moveRipRelative(
            Instruction insn, byte[] bytes, Operand.Memory operand, int dispOffset, long newAddress) {
        if (dispOffset == 0 || dispOffset + 4 > bytes.length || readInt32(bytes, dispOffset) != operand.disp()) {
            return immovable(insn, String.format(
                    "Capstone places its displacement 0x%x at offset %d, where the bytes do not hold it",
                    operand.disp(), dispOffset));
        }
        long target = insn.end() + operand.disp();
        if (!X86Encoder.fitsRel32(newAddress, bytes.length, target)) {
            return immovable(insn, String.format(
                    "its RIP-relative operand 0x%x is out of disp32 range from 0x%x", target, newAddress));
        }
        X86Encoder.putInt32(bytes, dispOffset, (int) (target - (newAddress + bytes.length)));
        return new MovedInstruction.Moved(bytes);
    }

    /**
     * Re-encodes jmp and jcc (rel8 or rel32) as rel32 to the same target, and
     * re-aims xbegin's rel32 at the same abort handler. The
     * displacement is the branch's last field; the prefixes before the opcode are
     * kept as they are if they change nothing about the jump (branch hints 2E/3E,
     * the MPX bnd prefix F2, REX), and the jump is refused otherwise.
     */
    private static MovedInstruction moveBranch(
            Instruction insn, byte[] bytes, InstructionDetail.Encoding encoding, long newAddress) {
        int relOffset = encoding.immOffset();
        int relSize = encoding.immSize();
        if (relOffset == 0 || relOffset + relSize != bytes.length) {
            return immovable(insn, "its relative target is not the instruction's last field");
        }
        int opcode = bytes[relOffset - 1] & 0xff;
        int escape = relOffset >= 2 ? bytes[relOffset - 2] & 0xff : -1;
        byte[] head;
        int prefixEnd;
        if (relSize == 1 && opcode == JMP_REL8 || relSize == 4 && opcode == JMP_REL32) {
            head = new byte[] {(byte) JMP_REL32};
            prefixEnd = relOffset - 1;
        } else if (relSize == 1 && (opcode & 0xf0) == JCC_REL8) {
            head = new byte[] {TWO_BYTE_ESCAPE, (byte) (JCC_REL32 | opcode & 0x0f)};
            prefixEnd = relOffset - 1;
        } else if (relSize == 4 && escape == TWO_BYTE_ESCAPE && (opcode & 0xf0) == JCC_REL32) {
            head = new byte[] {TWO_BYTE_ESCAPE, (byte) opcode};
            prefixEnd = relOffset - 2;
        } else if (relSize == 4 && escape == XBEGIN && opcode == XBEGIN_MODRM) {
            head = new byte[] {(byte) XBEGIN, (byte) XBEGIN_MODRM};
            prefixEnd = relOffset - 2;
        } else if (relSize == 1 && opcode >= 0xE0 && opcode <= 0xE3) {
            return immovable(insn, "loop and jrcxz only have a rel8 form, which cannot reach far");
        } else {
            return immovable(insn, "no rel32 re-encoding is known for this relative branch");
        }
        for (int i = 0; i < prefixEnd; i++) {
            int prefix = bytes[i] & 0xff;
            if (prefix != 0x2E && prefix != 0x3E && prefix != 0xF2 && (prefix & 0xf0) != 0x40) {
                return immovable(insn, String.format("prefix %02x may change what the jump does", prefix));
            }
        }
        if (prefixEnd + head.length + 4 > 15) {
            return immovable(insn, "its rel32 form with all its prefixes would exceed 15 bytes");
        }
        // Every form accepted above has a rel8 or a rel32.
        long target = insn.end() + (relSize == 1 ? bytes[relOffset] : readInt32(bytes, relOffset));
        byte[] out = Arrays.copyOf(bytes, prefixEnd + head.length + 4);
        System.arraycopy(head, 0, out, prefixEnd, head.length);
        if (!X86Encoder.fitsRel32(newAddress, out.length, target)) {
            return immovable(insn, String.format("its target 0x%x is out of rel32 range from 0x%x", target, newAddress));
        }
        X86Encoder.putInt32(out, prefixEnd + head.length, (int) (target - (newAddress + out.length)));
        return new MovedInstruction.Moved(out);
    }

    private static int readInt32(byte[] bytes, int offset) {
        return (bytes[offset] & 0xff) | (bytes[offset + 1] & 0xff) << 8 | (bytes[offset + 2] & 0xff) << 16
                | bytes[offset + 3] << 24;
    }

    private static MovedInstruction immovable(Instruction insn, String why) {
        String shown = insn.text().map(t -> t.operands().isEmpty() ? t.mnemonic() : t.mnemonic() + " " + t.operands())
                .orElseGet(() -> HexFormat.ofDelimiter(" ").formatHex(insn.bytes()));
        return new MovedInstruction.Immovable(String.format("%s at 0x%x: %s", shown, insn.address(), why));
    }
}
