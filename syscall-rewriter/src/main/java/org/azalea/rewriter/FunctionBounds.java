// A known function [start, end): from the symbol table, from a .eh_frame FDE
// when the binary is stripped, the ELF entry point, or the target of a direct
// call that nothing else covers (hand-written asm without CFI in a stripped
// binary). The caller names derived functions (e.g. "fde@0x401230"). An empty
// function (end == start, as for size-0 assembly symbols) covers no bytes.
package org.azalea.rewriter;

import java.util.Objects;

public record FunctionBounds(String name, long start, long end, Origin origin) {
    public enum Origin { SYMBOL, FDE, ENTRY, CALL_TARGET }

    public FunctionBounds {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(origin, "origin");
        if (Long.compareUnsigned(end, start) < 0) {
            throw new IllegalArgumentException(String.format("%s ends (0x%x) before it starts (0x%x)", name, end, start));
        }
    }

    public boolean contains(long address) {
        return Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address, end) < 0;
    }

    @Override
    public String toString() {
        return String.format("%s[0x%x..0x%x %s]", name, start, end, origin);
    }
}
