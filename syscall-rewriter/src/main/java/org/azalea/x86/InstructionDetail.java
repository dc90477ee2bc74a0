// What Capstone's detail mode adds to an instruction: explicit operands, every
// register read and written (implicit and explicit, from cs_regs_access), its
// groups, the raw eflags effect mask (X86_EFLAGS_* bits of x86.h), and where in
// the instruction's bytes its ModR/M, displacement and immediate fields lie.
package org.azalea.x86;

import java.util.List;
import java.util.Objects;
import java.util.Set;

public record InstructionDetail(
        List<Operand> operands, Set<Integer> registersRead, Set<Integer> registersWritten,
        Set<InstructionGroup> groups, long eflags, Encoding encoding) {
    /**
     * cs_x86_encoding: byte offsets into the instruction of its ModR/M byte, its
     * displacement and its immediate (a relative branch's displacement counts as
     * its immediate). Capstone reports offset 0 for an absent field, which is
     * unambiguous because no such field can be an instruction's first byte.
     */
    public record Encoding(int modrmOffset, int dispOffset, int dispSize, int immOffset, int immSize) {
        public Encoding {
            if (modrmOffset < 0 || modrmOffset > 14) {
                throw new IllegalArgumentException("ModR/M offset " + modrmOffset + " is outside 0..14");
            }
            checkField("displacement", dispOffset, dispSize);
            checkField("immediate", immOffset, immSize);
        }

        private static void checkField(String name, int offset, int size) {
            if (offset < 0 || size < 0 || size > 8 || offset + size > 15) {
                throw new IllegalArgumentException(String.format(
                        "%s of %d bytes at offset %d does not fit in a 15-byte instruction", name, size, offset));
            }
        }
    }

    public InstructionDetail {
        operands = List.copyOf(operands);
        registersRead = Set.copyOf(registersRead);
        registersWritten = Set.copyOf(registersWritten);
        groups = Set.copyOf(groups);
        Objects.requireNonNull(encoding);
    }
}
