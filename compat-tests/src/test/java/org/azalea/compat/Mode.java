// How an image reaches the libOS: through patched syscall sites (the
// default conversion), or through the trap fallback alone (`convert
// --trap-only`), which must behave the same, only slower.
package org.azalea.compat;

import java.util.List;

enum Mode {
    PATCHED("patched", List.of()),
    TRAP_ONLY("trap-only", List.of("--trap-only"));

    private final String label;
    private final List<String> convertOptions;

    Mode(String label, List<String> convertOptions) {
        this.label = label;
        this.convertOptions = convertOptions;
    }

    /** The name used in matrix columns and test names. */
    String label() {
        return label;
    }

    /** Options of `azalea convert` that select this mode. */
    List<String> convertOptions() {
        return convertOptions;
    }
}
