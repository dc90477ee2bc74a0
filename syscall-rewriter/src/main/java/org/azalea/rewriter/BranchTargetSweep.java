// The code half of BranchTargets for one executable section: a linear sweep
// of every catalogued function from its start (so a sweep resynchronises at
// each known function) and of every gap between functions (code no symbol or
// FDE knows is still code). The sweep decodes with Decoding.MINIMAL and reads
// direct branches from the encoding itself: after prefixes the opcode alone
// says rel8/rel16/rel32 branch in 64-bit mode, so no detail is needed for
// them. Only instructions whose bytes could hold a code address (a 4-byte
// window that is one, absolutely or after a RIP-relative ModRM) are decoded
// again with detail, which keeps the sweep near MINIMAL speed. In a function
// with an indirect jmp, the instructions whose bytes could address memory by
// a 32-bit displacement (RIP-relative, or SIB without base) are decoded again
// with detail too, to find jump-table bases. A function counts as bounded
// when some table is found in it: which jump uses which base is not traced,
// so a function mixing a table with a computed jump would be missed; the
// computed jumps seen in glibc (memcpy-ssse3: base + index * 64) come without
// any table and are reported.
//
// The address after a syscall is deliberately not a target: control comes
// back there from the kernel, not by a branch, and the syscall is the
// instruction being replaced, so its end is the end of a displaced range at
// the earliest, never a boundary inside one that a branch could reach.
package org.azalea.rewriter;

import org.azalea.elf.Hex;
import org.azalea.x86.Decoding;
import org.azalea.x86.Disassembler;
import org.azalea.x86.Instruction;
import org.azalea.x86.InstructionVisitor;
import org.azalea.x86.Operand;
import org.azalea.x86.X86Ins;
import org.azalea.x86.X86Reg;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

final class BranchTargetSweep {
    /** Words for DIRECT_BRANCH evidence, indexed by its c. */
    static final List<String> BRANCH_KINDS = List.of("direct jump", "direct call", "xbegin abort path");
    private static final int JUMP = 0;
    private static final int CALL = 1;
    private static final int XBEGIN = 2;
    private static final int LEA_BIT = 1 << 16;
    private static final int ABSOLUTE_BIT = 1 << 17;

    private final BranchTargetSet set;
    private final byte[] code;
    private final long base;
    private final TreeMap<Long, String> unknown;
    /** Offsets of instructions to decode again with detail, for their constants. */
    private final Offsets detailed = new Offsets();

    BranchTargetSweep(BranchTargetSet set, byte[] code, long base, TreeMap<Long, String> unknown) {
        this.set = set;
        this.code = code;
        this.base = base;
        this.unknown = unknown;
    }

    static String describeTableEntry(long table, long from, int c) {
        return "jump table at " + Hex.of(table) + " entry " + (c & 0xffff) + ((c & ABSOLUTE_BIT) != 0
                ? " (absolute" : " (relative") + ", from the " + ((c & LEA_BIT) != 0 ? "lea" : "instruction") + " at "
                + Hex.of(from) + ")";
    }

    /** functions: those starting in this section, sorted by start and not overlapping. */
    void run(Disassembler d, JumpTableReader tables, List<FunctionBounds> functions) {
        int cursor = 0;
        Map<FunctionBounds, List<Long>> registerJumps = new LinkedHashMap<>();
        Map<FunctionBounds, int[]> memoryOperands = new LinkedHashMap<>();
        for (FunctionBounds f : functions) {
            int from = (int) (f.start() - base);
            int to = (int) Math.min(code.length, f.end() - base);
            if (from > cursor) {
                sweep(d, cursor, from, null, registerJumps, memoryOperands);
            }
            int start = Math.max(from, cursor);
            if (to > start) {
                sweep(d, start, to, f, registerJumps, memoryOperands);
                cursor = to;
            }
        }
        if (cursor < code.length) {
            sweep(d, cursor, code.length, null, registerJumps, memoryOperands);
        }
        for (int offset : detailed.toArray()) {
            d.decodeOne(base + offset, code, offset, Decoding.DETAIL).ifPresent(this::constants);
        }
        registerJumps.forEach((f, jumps) -> {
            if (!jumpTables(d, tables, f, memoryOperands.get(f))) {
                for (long jump : jumps) {
                    unknown.putIfAbsent(jump, "indirect jump through a register at " + Hex.of(jump) + " in " + f.name()
                            + ", and no jump table found");
                }
            }
        });
    }

    private void sweep(Disassembler d, int from, int to, FunctionBounds owner,
                       Map<FunctionBounds, List<Long>> registerJumps, Map<FunctionBounds, int[]> memoryOperands) {
        Offsets candidates = new Offsets();
        d.decode(base + from, code, from, to, Decoding.MINIMAL, new InstructionVisitor() {
            @Override
            public void instruction(Instruction instruction) {
                int at = (int) (instruction.address() - base);
                if (owner != null && mayAddressMemory(at, at + instruction.size())) {
                    candidates.add(at);
                }
                if (examine(instruction)) {
                    long jump = instruction.address();
                    if (owner == null) {
                        unknown.putIfAbsent(jump, "indirect jump through a register at " + Hex.of(jump)
                                + " outside every known function");
                    } else {
                        registerJumps.computeIfAbsent(owner, k -> new ArrayList<>()).add(jump);
                    }
                }
            }

            private boolean reported;

            @Override
            public void undecodable(long address) {
                // Capstone 4 cannot decode some AVX-512 encodings that glibc's string functions
                // use, and data may sit in code: past such a byte the sweep may be out of step
                // with the real instructions, missing their branches. Nothing here can be bounded.
                if (!reported) {
                    reported = true;
                    unknown.putIfAbsent(address, "undecodable byte at " + Hex.of(address) + " in "
                            + (owner == null ? "code outside every known function" : owner.name())
                            + ": the sweep may be out of step with the instructions after it");
                }
            }
        });
        if (owner != null && registerJumps.containsKey(owner)) {
            memoryOperands.put(owner, candidates.toArray());
        }
    }

    /** Whether a disp32 memory operand without base register (RIP-relative or SIB base 101) may be in the bytes. */
    private boolean mayAddressMemory(int at, int end) {
        for (int j = at + 2; j + 4 <= end; j++) {
            if ((code[j - 1] & 0xc7) == 0x05 || ((code[j - 2] & 0xc7) == 0x04 && (code[j - 1] & 0x07) == 0x05)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Records what one instruction says about targets; true when it is an indirect jmp through
     * a register, whose targets only a jump table can bound.
     */
    private boolean examine(Instruction ins) {
        int at = (int) (ins.address() - base);
        int end = at + ins.size();
        int op = opcode(code, at, end);
        if (op >= end) {
            return false;
        }
        int opcode = code[op] & 0xff;
        int next = op + 1 < end ? code[op + 1] & 0xff : -1;
        if ((opcode >= 0x70 && opcode <= 0x7f) || (opcode >= 0xe0 && opcode <= 0xe3) || opcode == 0xe9
                || opcode == 0xeb) {
            branch(ins, op + 1, JUMP);
        } else if (opcode == 0xe8) {
            branch(ins, op + 1, CALL);
            set.add(ins.end(), BranchTargetSet.Kind.RETURN_ADDRESS, ins.address(), 0, 0);
        } else if (opcode == 0x0f && next >= 0x80 && next <= 0x8f) {
            branch(ins, op + 2, JUMP);
        } else if (opcode == 0xc7 && next == 0xf8) {
            branch(ins, op + 2, XBEGIN);
        } else {
            boolean registerJump = false;
            if (opcode == 0xff && next >= 0) {
                int reg = (next >> 3) & 7;
                if (reg == 2 || reg == 3) {
                    set.add(ins.end(), BranchTargetSet.Kind.RETURN_ADDRESS, ins.address(), 0, 0);
                } else {
                    registerJump = (reg == 4 || reg == 5) && (next >> 6) == 3;
                }
            }
            if (mayHoldCodeAddress(at, end, ins.end())) {
                detailed.add(at);
            }
            return registerJump;
        }
        return false;
    }

    /**
     * The target of the instruction at code[at..at+size) if it is a direct call (e8 after
     * prefixes), else empty.
     */
    static OptionalLong directCall(byte[] code, int at, int size, long next) {
        int end = at + size;
        int op = opcode(code, at, end);
        if (op + 5 != end || (code[op] & 0xff) != 0xe8) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(next + ((code[op + 1] & 0xff) | (code[op + 2] & 0xff) << 8
                | (code[op + 3] & 0xff) << 16 | code[op + 4] << 24));
    }

    private void branch(Instruction ins, int relative, int kind) {
        int at = (int) (ins.address() - base);
        int width = at + ins.size() - relative;
        long displacement = switch (width) {
            case 1 -> code[relative];
            case 2 -> (short) ((code[relative] & 0xff) | (code[relative + 1] << 8));
            case 4 -> littleEndianInt(relative);
            default -> throw new IllegalStateException("branch at " + Hex.of(ins.address()) + " has a " + width
                    + "-byte displacement");
        };
        set.add(ins.end() + displacement, BranchTargetSet.Kind.DIRECT_BRANCH, ins.address(), 0, kind);
    }

    /**
     * Whether some 4-byte window of the instruction is a code address, zero-extended or as a
     * RIP-relative displacement (which a ModRM byte with mod 00, r/m 101 directly precedes), or
     * some 8-byte window (movabs) is one. Cheap and conservative: Capstone then says which
     * windows really are operands.
     */
    private boolean mayHoldCodeAddress(int at, int end, long next) {
        for (int j = at + 1; j + 4 <= end; j++) {
            int w = littleEndianInt(j);
            if (set.mayBeCode(Integer.toUnsignedLong(w)) || ((code[j - 1] & 0xc7) == 0x05 && set.mayBeCode(next + w))) {
                return true;
            }
            if (j + 8 <= end && set.mayBeCode((w & 0xffffffffL) | ((long) littleEndianInt(j + 4) << 32))) {
                return true;
            }
        }
        return false;
    }

    private void constants(Instruction ins) {
        for (Operand o : ins.detail().orElseThrow().operands()) {
            switch (o) {
                case Operand.Immediate i -> {
                    constant(i.value(), ins);
                    constant(i.value() & 0xffffffffL, ins);
                }
                case Operand.Memory m when m.base() == X86Reg.RIP -> constant(ins.end() + m.disp(), ins);
                case Operand.Memory m -> {
                    constant(m.disp(), ins);
                    constant(m.disp() & 0xffffffffL, ins);
                }
                case Operand.Register r -> { }
            }
        }
    }

    private void constant(long value, Instruction ins) {
        set.add(value, BranchTargetSet.Kind.CODE_CONSTANT, ins.address(), 0, 0);
    }

    /**
     * Decodes f's candidate instructions with detail, reads a table at every address they
     * compute, and records the entries; true when some table had an entry inside f.
     */
    private boolean jumpTables(Disassembler d, JumpTableReader tables, FunctionBounds f, int[] candidates) {
        Map<Long, Integer> bases = new LinkedHashMap<>();
        Map<Long, Long> origins = new LinkedHashMap<>();
        for (int offset : candidates) {
            d.decodeOne(base + offset, code, offset, Decoding.DETAIL).ifPresent(ins -> {
                for (Operand o : ins.detail().orElseThrow().operands()) {
                    if (o instanceof Operand.Memory m && (m.base() == X86Reg.RIP
                            || (m.base() == X86Reg.INVALID && m.index() != X86Reg.INVALID))) {
                        long table = m.base() == X86Reg.RIP ? ins.end() + m.disp() : m.disp();
                        if (bases.putIfAbsent(table, ins.id() == X86Ins.LEA ? LEA_BIT : 0) == null) {
                            origins.put(table, ins.address());
                        }
                    }
                }
            });
        }
        boolean found = false;
        for (var e : bases.entrySet()) {
            for (JumpTableReader.Layout layout : JumpTableReader.Layout.values()) {
                List<Long> entries = tables.entries(e.getKey(), layout, f);
                int flags = e.getValue() | (layout == JumpTableReader.Layout.ABSOLUTE_INT64 ? ABSOLUTE_BIT : 0);
                for (int i = 0; i < entries.size(); i++) {
                    set.add(entries.get(i), BranchTargetSet.Kind.JUMP_TABLE, e.getKey(), origins.get(e.getKey()),
                            flags | i);
                }
                found |= !entries.isEmpty();
            }
        }
        return found;
    }

    /** A growable list of code offsets, without boxing: there is one per instruction of interest. */
    private static final class Offsets {
        private int[] values = new int[64];
        private int size;

        void add(int offset) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = offset;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }

    private int littleEndianInt(int i) {
        return (code[i] & 0xff) | (code[i + 1] & 0xff) << 8 | (code[i + 2] & 0xff) << 16 | code[i + 3] << 24;
    }

    /** The offset of the opcode byte of the instruction at code[at..end): after legacy prefixes and REX. */
    private static int opcode(byte[] code, int at, int end) {
        int op = at;
        while (op < end && isLegacyPrefix(code[op] & 0xff)) {
            op++;
        }
        return op < end && (code[op] & 0xf0) == 0x40 ? op + 1 : op;
    }

    private static boolean isLegacyPrefix(int b) {
        return switch (b) {
            case 0x66, 0x67, 0xf2, 0xf3, 0xf0, 0x2e, 0x3e, 0x26, 0x36, 0x64, 0x65 -> true;
            default -> false;
        };
    }
}
