// Whether a status flag (OF, SF, ZF, PF, CF, AF) set before a syscall may be
// read after it. The real `syscall` preserves rflags; a trampoline's call into
// the libOS may not, so such a site is left as a trap. Every path from the
// instruction after the syscall is followed (fall-through, both arms of a
// conditional jump, direct jumps inside the function) until each flag still
// unknown on it is overwritten (dead), read (live), or control leaves the
// function by ret, call, tail jump or an indirect jump (dead: the SysV ABI
// passes no flags across calls or returns). A path leaving the decoded function, or a
// search longer than the budget, counts as live: when unsure, keep the trap.
package org.azalea.rewriter;

import org.azalea.x86.Instruction;
import org.azalea.x86.InstructionGroup;
import org.azalea.x86.Operand;
import org.azalea.x86.X86Ins;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

final class FlagLiveness {
    private static final int BUDGET = 64;
    /** Per flag: {test bit, then the four bits that write it} (MODIFY, RESET, SET, UNDEFINED), from capstone/x86.h. */
    private static final int[][] FLAGS = {
            {33, 5, 21, 52, 40}, // OF
            {34, 2, 25, 53, 41}, // SF
            {35, 3, 51, 54, 42}, // ZF
            {36, 4, 29, 56, 43}, // PF
            {37, 1, 22, 30, 45}, // CF
            {50, 0, 26, 55, 44}, // AF
    };

    private FlagLiveness() {
    }

    static boolean liveAfter(FunctionFlow f, int site) {
        ArrayDeque<int[]> paths = new ArrayDeque<>();
        Set<Long> seen = new HashSet<>();
        paths.push(new int[] {site + 1, (1 << FLAGS.length) - 1});
        for (int steps = 0; !paths.isEmpty(); steps++) {
            if (steps == BUDGET) {
                return true;
            }
            int[] path = paths.pop();
            int i = path[0];
            int unknown = path[1];
            if (!seen.add(((long) i << 8) | unknown)) {
                continue;
            }
            if (i < 0 || i >= f.size()) {
                return true;
            }
            Instruction insn = f.instruction(i);
            long effect = insn.detail().orElseThrow().eflags();
            for (int flag = 0; flag < FLAGS.length; flag++) {
                if ((unknown & (1 << flag)) != 0 && bit(effect, FLAGS[flag][0])) {
                    return true;
                }
                if (writes(effect, FLAGS[flag])) {
                    unknown &= ~(1 << flag);
                }
            }
            if (unknown == 0 || insn.is(InstructionGroup.RET) || insn.is(InstructionGroup.CALL)) {
                continue;
            }
            if (insn.is(InstructionGroup.JUMP)) {
                List<Operand> ops = insn.detail().orElseThrow().operands();
                if (!(ops.size() == 1 && ops.getFirst() instanceof Operand.Immediate target)) {
                    continue;
                }
                int next = f.indexOf(target.value());
                if (next >= 0) {
                    paths.push(new int[] {next, unknown});
                } else if (f.function.contains(target.value())) {
                    return true;
                }
                if (insn.id() == X86Ins.JMP) {
                    continue;
                }
            }
            if (i + 1 < f.size() && f.instruction(i + 1).address() != insn.end()) {
                return true;
            }
            paths.push(new int[] {i + 1, unknown});
        }
        return false;
    }

    private static boolean writes(long effect, int[] flag) {
        return bit(effect, flag[1]) || bit(effect, flag[2]) || bit(effect, flag[3]) || bit(effect, flag[4]);
    }

    private static boolean bit(long effect, int n) {
        return (effect & (1L << n)) != 0;
    }
}
