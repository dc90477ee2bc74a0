// A syscall instruction: its address, the known function containing it (null
// when it lies in no known function) and what is known of its number.
package org.azalea.rewriter;

import java.util.Objects;

public record SyscallSite(long address, FunctionBounds function, SyscallNumber number) {
    public SyscallSite {
        Objects.requireNonNull(number, "number");
        if (function != null && !function.contains(address)) {
            throw new IllegalArgumentException(String.format("0x%x is not inside %s", address, function));
        }
    }

    public boolean inKnownFunction() {
        return function != null;
    }
}
