// How one syscall site is rewritten, best first (ARCHITECTURE.md, "Rewrite
// tactics"). Direct and Hop are static patches; Trap leaves the instruction
// for the run-time fallback. Each carries exactly what the patcher needs.
package org.azalea.rewriter;

import org.azalea.x86.Instruction;

import java.util.List;

public sealed interface Tactic {
    /** The report's name for the tactic. */
    String label();

    /**
     * Overwrite [start, end) (the syscall and whole neighbouring instructions,
     * none of whose interior boundaries is a branch target) with a jmp rel32 to
     * the site's trampoline, which replays {@code before} and {@code after}.
     */
    record Direct(long start, long end, List<Instruction> before, List<Instruction> after) implements Tactic {
        public Direct {
            before = List.copyOf(before);
            after = List.copyOf(after);
            if (end - start < Planner.JMP_REL32) {
                throw new IllegalArgumentException(String.format(
                        "direct range 0x%x..0x%x is shorter than a jmp rel32", start, end));
            }
        }

        @Override
        public String label() {
            return "direct";
        }
    }

    /** Overwrite the syscall with a short jmp to dead padding at {@code padding}, which holds the jmp rel32. */
    record Hop(long padding) implements Tactic {
        @Override
        public String label() {
            return "hop";
        }
    }

    /** Leave the instruction: the platform catches it at run time. */
    record Trap() implements Tactic {
        @Override
        public String label() {
            return "trap";
        }
    }
}
