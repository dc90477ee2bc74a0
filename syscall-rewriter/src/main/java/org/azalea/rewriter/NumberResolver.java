// Backward data flow for the syscall number: from a syscall instruction, walk
// the function's control-flow graph backwards through every path, following
// whichever register currently holds the value (rax, or the source of a
// register-to-register mov), until an instruction defines it. Constants from
// mov/xor/sub-self/absolute lea resolve a path; anything else makes the path
// unknown with a reason naming the instruction. A (instruction, register) pair
// is visited once, so loops terminate.
package org.azalea.rewriter;

import org.azalea.x86.Instruction;
import org.azalea.x86.InstructionGroup;
import org.azalea.x86.Operand;
import org.azalea.x86.X86Ins;
import org.azalea.x86.X86Reg;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

final class NumberResolver {
    private static final Set<Integer> CALL_CLOBBERED = Set.of(X86Reg.RAX, X86Reg.RCX, X86Reg.RDX, X86Reg.RSI,
            X86Reg.RDI, X86Reg.R8, X86Reg.R9, X86Reg.R10, X86Reg.R11);
    private static final List<Integer> ARGUMENTS = List.of(X86Reg.RDI, X86Reg.RSI, X86Reg.RDX, X86Reg.RCX,
            X86Reg.R8, X86Reg.R9);

    /** A point in the walk: the value is in reg just after instruction index; via says how it got to rax. */
    private record State(int index, int reg, String via) {}

    /** What a register holds on entry to a function, from its callers; see CallerResolution. */
    interface Callers {
        SyscallNumber atEntry(FunctionBounds function, int reg);
    }

    private final FunctionFlow flow;
    private final Callers callers;
    private final ArrayDeque<State> work = new ArrayDeque<>();
    private final Set<Long> visited = new HashSet<>();
    private final SortedSet<Integer> constants = new TreeSet<>();
    private final List<String> unknowns = new ArrayList<>();

    private NumberResolver(FunctionFlow flow, Callers callers) {
        this.flow = flow;
        this.callers = callers;
    }

    static SyscallNumber resolve(FunctionFlow flow, int site) {
        return resolve(flow, site, X86Reg.RAX, null);
    }

    /**
     * What reg holds on entry to instruction index. With callers, a value that
     * comes from the function's caller is looked up there; without, it is unknown.
     */
    static SyscallNumber resolve(FunctionFlow flow, int index, int reg, Callers callers) {
        NumberResolver r = new NumberResolver(flow, callers);
        r.arriveAt(index, reg, "");
        while (!r.work.isEmpty()) {
            r.step(r.work.pop());
        }
        return r.result();
    }

    private SyscallNumber result() {
        if (!unknowns.isEmpty()) {
            String reason = unknowns.getFirst();
            if (unknowns.size() > 1) {
                reason += " (and " + (unknowns.size() - 1) + " more unresolved path" + (unknowns.size() > 2 ? "s" : "")
                        + ")";
            }
            if (!constants.isEmpty()) {
                reason += "; other paths give " + constants;
            }
            return new SyscallNumber.Unknown(reason);
        }
        if (constants.isEmpty()) {
            return new SyscallNumber.Unknown("no path from the function start reaches the syscall");
        }
        return constants.size() == 1 ? new SyscallNumber.Known(constants.first())
                : new SyscallNumber.OneOf(constants);
    }

    /** The value is in reg on entry to instruction index: continue with its predecessors. */
    private void arriveAt(int index, int reg, String via) {
        if (flow.isEntry(index)) {
            if (callers == null) {
                unknowns.add(fromCaller(reg, via));
            } else {
                switch (callers.atEntry(flow.function, reg)) {
                    case SyscallNumber.Known k -> constants.add(k.number());
                    case SyscallNumber.OneOf o -> constants.addAll(o.numbers());
                    case SyscallNumber.Unknown u -> unknowns.add(fromCaller(reg, via) + "; " + u.reason());
                }
            }
        }
        List<Integer> preds = flow.predecessors(index);
        if (preds.isEmpty() && !flow.isEntry(index) && !flow.reachable(index)) {
            // Padding after an unconditional jump (e.g. alignment before a loop head): no value flows from here.
            return;
        }
        if (preds.isEmpty() && !flow.isEntry(index)) {
            String why = String.format("%s: reached 0x%x, which has no known predecessor in %s", X86Reg.name64(reg),
                    flow.instruction(index).address(), flow.function.name());
            if (flow.indirectJump() >= 0) {
                why += String.format(" (the indirect jump at 0x%x may lead there; jump tables are not followed)",
                        flow.indirectJump());
            }
            unknowns.add(why + via);
        }
        for (int p : preds) {
            if (visited.add(((long) p << 8) | reg)) {
                work.push(new State(p, reg, via));
            }
        }
    }

    private String fromCaller(int reg, String via) {
        String name = X86Reg.name64(reg);
        int argument = ARGUMENTS.indexOf(reg);
        return name + " comes from the caller: it is not set in " + flow.function.name()
                + (argument >= 0 ? " (" + name + " is argument " + (argument + 1) + ")" : "") + via;
    }

    private void step(State s) {
        Instruction insn = flow.instruction(s.index);
        String reg = X86Reg.name64(s.reg);
        String at = String.format("at 0x%x", insn.address());
        if (insn.id() == X86Ins.SYSCALL) {
            if (s.reg == X86Reg.RAX) {
                unknowns.add("rax is the result of the syscall " + at + s.via);
            } else if (s.reg == X86Reg.RCX || s.reg == X86Reg.R11) {
                unknowns.add(reg + " is clobbered by the syscall " + at + s.via);
            } else {
                arriveAt(s.index, s.reg, s.via);
            }
            return;
        }
        if (insn.is(InstructionGroup.CALL) && CALL_CLOBBERED.contains(s.reg)) {
            unknowns.add((s.reg == X86Reg.RAX ? "rax is the return value of the call "
                    : reg + " is clobbered by the call ") + at + s.via);
            return;
        }
        Set<Integer> written = new HashSet<>();
        for (int w : insn.detail().orElseThrow().registersWritten()) {
            written.add(X86Reg.fullRegister(w));
        }
        if (!written.contains(s.reg)) {
            arriveAt(s.index, s.reg, s.via);
            return;
        }
        List<Operand> ops = insn.detail().orElseThrow().operands();
        String text = "'" + insn.mnemonic() + (insn.operandText().isEmpty() ? "" : " " + insn.operandText()) + "'";
        if (ops.isEmpty() || !(ops.getFirst() instanceof Operand.Register dest)
                || X86Reg.fullRegister(dest.reg()) != s.reg) {
            unknowns.add(reg + " is set implicitly by " + text + " " + at + s.via);
            return;
        }
        if (dest.size() < 4) {
            unknowns.add("only the low " + dest.size() * 8 + " bits of " + reg + " are set, by " + text + " " + at
                    + s.via);
            return;
        }
        Operand src = ops.size() > 1 ? ops.get(1) : null;
        switch (insn.id()) {
            case X86Ins.MOV, X86Ins.MOVABS -> {
                switch (src) {
                    case Operand.Immediate imm -> constant(imm.value(), dest.size(), text, at, s.via);
                    case Operand.Register r when X86Reg.fullRegister(r.reg()) != X86Reg.INVALID -> arriveAt(
                            s.index, X86Reg.fullRegister(r.reg()),
                            ", then copied to " + reg + " " + at + s.via);
                    case Operand.Memory m -> unknowns.add(reg + " is loaded from memory at " + memoryText(insn)
                            + " (instruction " + String.format("0x%x", insn.address()) + ")" + s.via);
                    case null, default -> unknowns.add(reg + " is set by " + text + " " + at + s.via);
                }
            }
            case X86Ins.XOR, X86Ins.SUB -> {
                if (src instanceof Operand.Register r && r.reg() == dest.reg()) {
                    constant(0, dest.size(), text, at, s.via);
                } else {
                    unknowns.add(reg + " is computed by " + text + " " + at + s.via);
                }
            }
            case X86Ins.LEA -> {
                if (src instanceof Operand.Memory m && m.base() == X86Reg.INVALID && m.index() == X86Reg.INVALID) {
                    constant(m.disp(), dest.size(), text, at, s.via);
                } else {
                    unknowns.add(reg + " is computed by " + text + " " + at + s.via);
                }
            }
            case X86Ins.POP -> unknowns.add(reg + " is popped from the stack " + at + s.via);
            default -> unknowns.add(reg + " is computed by " + text + " " + at + s.via);
        }
    }

    /** A constant written with operand size bytes: a 32-bit write zero-extends into the full register. */
    private void constant(long value, int size, String text, String at, String via) {
        long v = size == 4 ? value & 0xffff_ffffL : value;
        if (v >= 0 && v <= Integer.MAX_VALUE) {
            constants.add((int) v);
        } else {
            unknowns.add(String.format("the constant 0x%x set by %s %s is not a syscall number%s", v, text, at, via));
        }
    }

    /** The memory operand as Capstone prints it, without the size keyword: "[rsp + 8]". */
    private static String memoryText(Instruction insn) {
        String ops = insn.operandText();
        int comma = ops.indexOf(", ");
        return (comma >= 0 ? ops.substring(comma + 2) : ops).replaceFirst("^\\w+ ptr ", "");
    }
}
