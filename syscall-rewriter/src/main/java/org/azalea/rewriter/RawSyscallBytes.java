// One occurrence of the bytes 0f 05 (the syscall encoding) in a code region,
// and what decoding made of it. detail explains the classification in words.
package org.azalea.rewriter;

import java.util.Objects;

public record RawSyscallBytes(long address, Classification classification, String detail) {
    public enum Classification {
        /** A syscall instruction starts here. */
        INSTRUCTION,
        /** The bytes belong to another instruction (an immediate, a displacement...). */
        INSIDE_INSTRUCTION,
        /** No decoded control flow reaches them: data or padding. */
        DATA_OR_PADDING,
        /** Decoding was not reliable here, so neither answer can be trusted. */
        UNDECIDABLE;

        /** The name reports use: "instruction", "inside-instruction", "data-or-padding", "undecidable". */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    public RawSyscallBytes {
        Objects.requireNonNull(classification, "classification");
        Objects.requireNonNull(detail, "detail");
    }
}
