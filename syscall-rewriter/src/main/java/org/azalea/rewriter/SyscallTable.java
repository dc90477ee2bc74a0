// Linux x86-64 syscall numbers and names, read once from the committed
// resource syscalls-x86_64.tsv (derived from the kernel's unistd_64.h).
package org.azalea.rewriter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;

public final class SyscallTable {
    private static final SortedMap<Integer, String> BY_NUMBER = load();
    private static final Map<String, Integer> BY_NAME = invert(BY_NUMBER);

    private SyscallTable() {}

    public static Optional<String> name(int number) {
        return Optional.ofNullable(BY_NUMBER.get(number));
    }

    public static OptionalInt number(String name) {
        Integer n = BY_NAME.get(name);
        return n == null ? OptionalInt.empty() : OptionalInt.of(n);
    }

    /** Every number -> name; numbers the kernel never assigned (e.g. 335..423) are absent. */
    public static SortedMap<Integer, String> all() {
        return BY_NUMBER;
    }

    private static SortedMap<Integer, String> load() {
        SortedMap<Integer, String> out = new TreeMap<>();
        try (var in = SyscallTable.class.getResourceAsStream("syscalls-x86_64.tsv")) {
            if (in == null) {
                throw new IllegalStateException("syscalls-x86_64.tsv is missing from the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t");
                if (f.length != 2 || out.put(Integer.parseInt(f[0]), f[1]) != null) {
                    throw new IllegalStateException("bad or duplicate line in syscalls-x86_64.tsv: " + line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Collections.unmodifiableSortedMap(out);
    }

    private static Map<String, Integer> invert(Map<Integer, String> byNumber) {
        Map<String, Integer> out = new HashMap<>();
        byNumber.forEach((n, name) -> out.put(name, n));
        return Map.copyOf(out);
    }
}
