/*
 * BinaryKind: how a program is linked, which decides whether Azalea can
 * convert it. A static executable or static-PIE holds all of its code; a
 * dynamic one needs the dynamic loader and shared libraries at run time,
 * which a unikernel image cannot provide.
 */
package org.azalea.inspect;

public enum BinaryKind {
    STATIC("static"),
    STATIC_PIE("static-pie"),
    DYNAMIC("dynamic");

    private final String label;

    BinaryKind(String label) {
        this.label = label;
    }

    /** The name used in reports: "static", "static-pie" or "dynamic". */
    public String label() {
        return label;
    }

    public boolean convertible() {
        return this != DYNAMIC;
    }
}
