// Capstone 4 register ids (x86_reg in capstone/x86.h) for the registers the
// toolchain reasons about, and the mapping of every general-purpose register
// view (rax/eax/ax/al/ah...) to its 64-bit register. CapstoneLayoutTest checks
// these numbers against the installed header.
package org.azalea.x86;

import java.util.HashMap;
import java.util.Map;

public final class X86Reg {
    private X86Reg() {}

    public static final int INVALID = 0;
    public static final int RAX = 35, EAX = 19, AX = 3, AL = 2, AH = 1;
    public static final int RBX = 37, EBX = 21, BX = 8, BL = 5, BH = 4;
    public static final int RCX = 38, ECX = 22, CX = 12, CL = 10, CH = 9;
    public static final int RDX = 40, EDX = 24, DX = 18, DL = 16, DH = 13;
    public static final int RSI = 43, ESI = 29, SI = 45, SIL = 46;
    public static final int RDI = 39, EDI = 23, DI = 14, DIL = 15;
    public static final int RBP = 36, EBP = 20, BP = 6, BPL = 7;
    public static final int RSP = 44, ESP = 30, SP = 47, SPL = 48;
    public static final int R8 = 106, R8D = 226, R8W = 234, R8B = 218;
    public static final int R9 = 107, R9D = 227, R9W = 235, R9B = 219;
    public static final int R10 = 108, R10D = 228, R10W = 236, R10B = 220;
    public static final int R11 = 109, R11D = 229, R11W = 237, R11B = 221;
    public static final int R12 = 110, R12D = 230, R12W = 238, R12B = 222;
    public static final int R13 = 111, R13D = 231, R13W = 239, R13B = 223;
    public static final int R14 = 112, R14D = 232, R14W = 240, R14B = 224;
    public static final int R15 = 113, R15D = 233, R15W = 241, R15B = 225;
    public static final int RIP = 41, EFLAGS = 25, FS = 32;

    private static final Map<Integer, Integer> FULL = new HashMap<>();
    private static final Map<Integer, String> NAMES = new HashMap<>();

    private static void views(int full, String fullName, int... viewsAndNames) {
        FULL.put(full, full);
        NAMES.put(full, fullName);
        for (int v : viewsAndNames) {
            FULL.put(v, full);
        }
    }

    static {
        views(RAX, "rax", EAX, AX, AL, AH);
        views(RBX, "rbx", EBX, BX, BL, BH);
        views(RCX, "rcx", ECX, CX, CL, CH);
        views(RDX, "rdx", EDX, DX, DL, DH);
        views(RSI, "rsi", ESI, SI, SIL);
        views(RDI, "rdi", EDI, DI, DIL);
        views(RBP, "rbp", EBP, BP, BPL);
        views(RSP, "rsp", ESP, SP, SPL);
        views(R8, "r8", R8D, R8W, R8B);
        views(R9, "r9", R9D, R9W, R9B);
        views(R10, "r10", R10D, R10W, R10B);
        views(R11, "r11", R11D, R11W, R11B);
        views(R12, "r12", R12D, R12W, R12B);
        views(R13, "r13", R13D, R13W, R13B);
        views(R14, "r14", R14D, R14W, R14B);
        views(R15, "r15", R15D, R15W, R15B);
    }

    /** The 64-bit register containing reg (RAX for al), or INVALID if reg is not a general-purpose register. */
    public static int fullRegister(int reg) {
        return FULL.getOrDefault(reg, INVALID);
    }

    /** Name of a 64-bit general-purpose register ("rax"), for messages. */
    public static String name64(int fullRegister) {
        String n = NAMES.get(fullRegister);
        if (n == null) {
            throw new IllegalArgumentException("not a 64-bit general-purpose register: " + fullRegister);
        }
        return n;
    }
}
