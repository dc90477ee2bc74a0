// What Capstone's detail mode adds to an instruction: explicit operands, every
// register read and written (implicit and explicit, from cs_regs_access), its
// groups, and the raw eflags effect mask (X86_EFLAGS_* bits of x86.h).
package org.azalea.x86;

import java.util.List;
import java.util.Set;

public record InstructionDetail(
        List<Operand> operands, Set<Integer> registersRead, Set<Integer> registersWritten,
        Set<InstructionGroup> groups, long eflags) {
    public InstructionDetail {
        operands = List.copyOf(operands);
        registersRead = Set.copyOf(registersRead);
        registersWritten = Set.copyOf(registersWritten);
        groups = Set.copyOf(groups);
    }
}
