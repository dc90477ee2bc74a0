/*
 * Json: a minimal streaming JSON writer for the tool's machine-readable
 * reports. Keys are written in the order the caller gives them, so a report's
 * layout is stable and documented by the code that writes it. Output is
 * pretty-printed with two-space indentation. The writer tracks nesting and
 * rejects misuse (a value where a key is expected, unbalanced close) with
 * IllegalStateException, since that is a programming error, never bad input.
 */
package org.azalea.report;

import java.util.ArrayDeque;
import java.util.Deque;

public final class Json {
    private enum Scope { OBJECT, ARRAY }

    private final StringBuilder out = new StringBuilder();
    private final Deque<Scope> scopes = new ArrayDeque<>();
    private final Deque<Boolean> firstInScope = new ArrayDeque<>();
    private boolean keyPending;

    public Json beginObject() {
        beforeValue();
        out.append('{');
        push(Scope.OBJECT);
        return this;
    }

    public Json endObject() {
        return close(Scope.OBJECT, '}');
    }

    public Json beginArray() {
        beforeValue();
        out.append('[');
        push(Scope.ARRAY);
        return this;
    }

    public Json endArray() {
        return close(Scope.ARRAY, ']');
    }

    public Json key(String name) {
        if (scopes.peek() != Scope.OBJECT || keyPending) {
            throw new IllegalStateException("key \"" + name + "\" outside an object or after another key");
        }
        separate();
        string(name);
        out.append(": ");
        keyPending = true;
        return this;
    }

    public Json value(String s) {
        beforeValue();
        if (s == null) {
            out.append("null");
        } else {
            string(s);
        }
        return this;
    }

    public Json value(long n) {
        beforeValue();
        out.append(n);
        return this;
    }

    public Json value(double d) {
        beforeValue();
        if (Double.isFinite(d)) {
            out.append(d);
        } else {
            out.append("null");
        }
        return this;
    }

    public Json value(boolean b) {
        beforeValue();
        out.append(b);
        return this;
    }

    /** An address or other unsigned 64-bit quantity, as a "0x..." string (JSON numbers lose precision past 2^53). */
    public Json hex(long n) {
        return value("0x" + Long.toHexString(n));
    }

    public Json field(String name, String s) {
        return key(name).value(s);
    }

    public Json field(String name, long n) {
        return key(name).value(n);
    }

    public Json field(String name, boolean b) {
        return key(name).value(b);
    }

    public Json hexField(String name, long n) {
        return key(name).hex(n);
    }

    @Override
    public String toString() {
        if (!scopes.isEmpty()) {
            throw new IllegalStateException("unclosed " + scopes.peek());
        }
        return out.toString();
    }

    private void push(Scope scope) {
        scopes.push(scope);
        firstInScope.push(true);
    }

    private Json close(Scope scope, char bracket) {
        if (scopes.peek() != scope || keyPending) {
            throw new IllegalStateException("close " + scope + " while in " + scopes.peek());
        }
        scopes.pop();
        boolean empty = firstInScope.pop();
        if (!empty) {
            newline();
        }
        out.append(bracket);
        return this;
    }

    private void beforeValue() {
        if (keyPending) {
            keyPending = false;
            return;
        }
        if (scopes.peek() == Scope.OBJECT) {
            throw new IllegalStateException("value without a key inside an object");
        }
        if (scopes.isEmpty() && !out.isEmpty()) {
            throw new IllegalStateException("second top-level value");
        }
        if (scopes.peek() == Scope.ARRAY) {
            separate();
        }
    }

    private void separate() {
        if (!firstInScope.pop()) {
            out.append(',');
        }
        firstInScope.push(false);
        newline();
    }

    private void newline() {
        out.append('\n');
        out.append("  ".repeat(scopes.size()));
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || (c >= 0x7f && c < 0xa0) || Character.isSurrogate(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
