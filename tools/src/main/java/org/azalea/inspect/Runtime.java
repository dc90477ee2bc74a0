/*
 * Runtime: the C library or language runtime a static binary was built with.
 * It decides how the program enters the kernel (glibc and musl wrap each call
 * in small functions with constant numbers; Go funnels most through a few
 * generic stubs) and what its start-up expects from the auxiliary vector.
 */
package org.azalea.inspect;

public enum Runtime {
    GLIBC("glibc"),
    MUSL("musl"),
    GO("go"),
    OTHER("other");

    private final String label;

    Runtime(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
