// Capstone 4 instruction ids (x86_insn in capstone/x86.h) the toolchain uses.
// CapstoneLayoutTest checks these numbers against the installed header.
package org.azalea.x86;

public final class X86Ins {
    private X86Ins() {}

    public static final int INVALID = 0;
    public static final int SYSCALL = 695;
    public static final int MOV = 449;
    public static final int MOVABS = 450;
    public static final int XOR = 334;
    public static final int SUB = 333;
    public static final int LEA = 322;
    public static final int JMP = 264;
    public static final int LJMP = 155;
    public static final int JNE = 265;
    public static final int CALL = 56;
    public static final int LCALL = 154;
    public static final int RET = 147;
    public static final int RETF = 342;
    public static final int RETFQ = 343;
    public static final int HLT = 208;
    public static final int UD2 = 701;
    public static final int POP = 566;
    public static final int NOP = 494;
    public static final int INT3 = 223;
}
