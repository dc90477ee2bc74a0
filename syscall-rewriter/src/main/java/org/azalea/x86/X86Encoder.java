// Exact encodings of the few x86-64 instructions the rewriter emits itself:
// relative jumps and calls, an indirect call through a RIP-relative slot, and
// the stack adjustment around a trampoline, and the two-byte int 3, which a
// trap site's `syscall` becomes in an image (same length, traps into the
// libOS). Every method returns a fresh array
// holding one whole instruction; a displacement that the encoding cannot carry
// is an IllegalArgumentException, never a silently truncated jump.
package org.azalea.x86;

public final class X86Encoder {
    private X86Encoder() {}

    /** The one-byte breakpoint, used to fill bytes that must never execute. */
    public static final byte INT3 = (byte) 0xCC;

    /**
     * int 3 in its two-byte form (CD 03): the same length as `syscall` (0F 05);
     * it raises SIGTRAP with the pc after it, as `syscall` leaves it. Chosen
     * over ud2, whose #UD KVM intercepts in every guest (a VM exit: 20,000
     * cycles against 6,000 here).
     */
    public static byte[] int3Long() {
        return new byte[] {(byte) 0xCD, 0x03};
    }

    private static final int JMP_REL32_LENGTH = 5;
    private static final int CALL_REL32_LENGTH = 5;
    private static final int JMP_REL8_LENGTH = 2;
    private static final int CALL_RIP_SLOT_LENGTH = 6;

    /** jmp rel32 (E9), placed at from, continuing at to. */
    public static byte[] jmpRel32(long from, long to) {
        return withRel32(new byte[] {(byte) 0xE9}, rel32("jmp rel32", from, JMP_REL32_LENGTH, to));
    }

    /** call rel32 (E8), placed at from, calling to. */
    public static byte[] callRel32(long from, long to) {
        return withRel32(new byte[] {(byte) 0xE8}, rel32("call rel32", from, CALL_REL32_LENGTH, to));
    }

    /** jmp rel8 (EB), placed at from, continuing at to. */
    public static byte[] jmpRel8(long from, long to) {
        int rel = rel32("jmp rel8", from, JMP_REL8_LENGTH, to);
        if (rel != (byte) rel) {
            throw new IllegalArgumentException(String.format(
                    "jmp rel8 at 0x%x cannot reach 0x%x: displacement %d is outside -128..127", from, to, rel));
        }
        return new byte[] {(byte) 0xEB, (byte) rel};
    }

    /** call qword ptr [rip + disp32] (FF 15), placed at from, calling the address stored at slot. */
    public static byte[] callRipSlot(long from, long slot) {
        return withRel32(new byte[] {(byte) 0xFF, 0x15},
                rel32("call [rip + disp32]", from, CALL_RIP_SLOT_LENGTH, slot));
    }

    /**
     * lea rsp, [rsp + displacement]: moves the stack pointer without touching
     * the flags (which add/sub would clobber). Uses the disp8 form when the
     * displacement fits in a signed byte, else disp32.
     */
    public static byte[] leaRsp(int displacement) {
        if (displacement == (byte) displacement) {
            return new byte[] {0x48, (byte) 0x8D, 0x64, 0x24, (byte) displacement};
        }
        return withRel32(new byte[] {0x48, (byte) 0x8D, (byte) 0xA4, 0x24}, displacement);
    }

    /** Whether an instruction of instructionLength bytes at from can reach to with a rel32 displacement. */
    public static boolean fitsRel32(long from, int instructionLength, long to) {
        if (instructionLength < 1 || instructionLength > 15) {
            throw new IllegalArgumentException("x86 instructions are 1..15 bytes, got " + instructionLength);
        }
        long end = from + instructionLength;
        long rel = to - end;
        // Addresses are 64-bit: a subtraction that wraps cannot be a 32-bit displacement.
        boolean wrapped = ((to ^ end) & (to ^ rel)) < 0 || end < from;
        return !wrapped && rel == (int) rel;
    }

    private static int rel32(String what, long from, int length, long to) {
        if (!fitsRel32(from, length, to)) {
            throw new IllegalArgumentException(String.format(
                    "%s at 0x%x cannot reach 0x%x: the displacement does not fit in 32 bits", what, from, to));
        }
        return (int) (to - (from + length));
    }

    private static byte[] withRel32(byte[] head, int rel) {
        byte[] out = new byte[head.length + 4];
        System.arraycopy(head, 0, out, 0, head.length);
        putInt32(out, head.length, rel);
        return out;
    }

    /** Stores value little-endian at out[offset..offset+4). */
    static void putInt32(byte[] out, int offset, int value) {
        for (int i = 0; i < 4; i++) {
            out[offset + i] = (byte) (value >>> (8 * i));
        }
    }
}
