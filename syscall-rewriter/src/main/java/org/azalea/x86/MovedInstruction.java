// The outcome of relocating one instruction (InstructionMover.move): either the
// bytes that do at the new address exactly what the original did at its own,
// or the reason no such bytes exist. Moved holds one whole instruction (1..15
// bytes, a private copy); an Immovable reason is never blank.
package org.azalea.x86;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

public sealed interface MovedInstruction {
    record Moved(byte[] bytes) implements MovedInstruction {
        public Moved {
            if (bytes.length < 1 || bytes.length > 15) {
                throw new IllegalArgumentException("x86 instructions are 1..15 bytes, got " + bytes.length);
            }
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Moved m && Arrays.equals(bytes, m.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Moved[" + HexFormat.ofDelimiter(" ").formatHex(bytes) + "]";
        }
    }

    record Immovable(String reason) implements MovedInstruction {
        public Immovable {
            if (Objects.requireNonNull(reason).isBlank()) {
                throw new IllegalArgumentException("an immovable instruction needs a reason, got \"" + reason + "\"");
            }
        }
    }
}
