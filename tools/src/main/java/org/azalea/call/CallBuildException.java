/*
 * CallBuildException: why `azalea build` could not make a CALL program, in
 * one line, with the kind of failure (each has its own exit status).
 */
package org.azalea.call;

public final class CallBuildException extends Exception {
    public enum Kind {
        /** newlib-port or pthread-embedded is not built. */
        RUNTIME_MISSING,
        /** gcc is not installed. */
        TOOL_MISSING,
        /** a source does not compile, or an input is missing or not an object or archive. */
        BAD_INPUT,
        /** the program needs libc features the CALL runtime does not provide (named). */
        UNSUPPORTED
    }

    private final Kind kind;

    public CallBuildException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
