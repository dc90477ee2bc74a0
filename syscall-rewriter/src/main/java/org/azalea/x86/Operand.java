// One explicit operand of a decoded instruction, from cs_x86_op. Register and
// segment ids are X86Reg values (0 = none); size is the operand size in bytes.
package org.azalea.x86;

public sealed interface Operand {
    int size();

    record Register(int reg, int size) implements Operand {
        public Register {
            if (reg <= X86Reg.INVALID) {
                throw new IllegalArgumentException("register operand without a register: " + reg);
            }
        }
    }

    record Immediate(long value, int size) implements Operand {}

    /** [segment: base + index*scale + disp]; a missing register is X86Reg.INVALID. */
    record Memory(int segment, int base, int index, int scale, long disp, int size) implements Operand {
        public Memory {
            if (scale != 0 && scale != 1 && scale != 2 && scale != 4 && scale != 8) {
                throw new IllegalArgumentException("bad scale " + scale);
            }
        }
    }
}
