// A sequence of operations for corpus/c/sysprop (one "name args..." line
// each): drawn at random from small domains that reach the interesting cases
// (errors, edges, page boundaries, a pipe's capacity), and shrunk by dropping
// operations while a failure persists.
package org.azalea.compat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import java.util.stream.Collectors;

record SyscallSequence(List<String> ops) {
    SyscallSequence {
        ops = List.copyOf(ops);
    }

    private static final int[] SIZES = {0, 1, 10, 100, 4096, 5000, 70000};
    private static final int[] OFFSETS = {0, 1, 100, 4096, 10000, -1};
    private static final int[] ACCESS = {0, 1, 2};
    /** O_CREAT, O_EXCL, O_TRUNC, O_APPEND, O_DIRECTORY: each added now and then. */
    private static final int[] OPEN_FLAGS = {64, 128, 512, 1024, 65536};
    private static final int[] MODES = {0644, 0600, 0755, 0444};
    /** F_DUPFD, F_GETFD, F_SETFD, F_GETFL, F_SETFL; and their arguments. */
    private static final int[] FCNTL = {0, 1, 2, 3, 4};
    private static final int[] FCNTL_ARGS = {0, 1, 1024, 2048, 5};

    /** Between 1 and maxLength operations, from random. */
    static SyscallSequence random(Random random, int maxLength) {
        int n = 1 + random.nextInt(maxLength);
        List<String> ops = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ops.add(op(random));
        }
        return new SyscallSequence(ops);
    }

    private static String op(Random r) {
        int slot = r.nextInt(8);
        int file = r.nextInt(4);
        int region = r.nextInt(4);
        return switch (r.nextInt(24)) {
            case 0, 1, 2 -> "open " + file + " " + openFlags(r) + " " + pick(r, MODES);
            case 3 -> "close " + slot;
            case 4, 5 -> "read " + slot + " " + pick(r, SIZES);
            case 6, 7 -> "write " + slot + " " + pick(r, SIZES) + " " + r.nextInt(100);
            case 8 -> "pread " + slot + " " + pick(r, SIZES) + " " + pick(r, OFFSETS);
            case 9 -> "pwrite " + slot + " " + pick(r, SIZES) + " " + pick(r, OFFSETS) + " " + r.nextInt(100);
            case 10 -> "lseek " + slot + " " + (pick(r, OFFSETS) * (r.nextBoolean() ? 1 : -1)) + " " + r.nextInt(6);
            case 11 -> "ftruncate " + slot + " " + pick(r, OFFSETS);
            case 12 -> "fstat " + slot;
            case 13 -> switch (r.nextInt(3)) {
                case 0 -> "dup " + slot;
                case 1 -> "dup2 " + slot + " " + r.nextInt(8);
                default -> "fcntl " + slot + " " + pick(r, FCNTL) + " " + pick(r, FCNTL_ARGS);
            };
            case 14 -> "pipe";
            case 15 -> switch (r.nextInt(5)) {
                case 0 -> "rename " + file + " " + r.nextInt(4);
                case 1 -> "unlink " + file;
                case 2 -> "mkdir " + file;
                case 3 -> "rmdir " + file;
                default -> "getdents " + (r.nextInt(5) - 1);
            };
            case 16, 17 -> "mmap " + region + " " + pick(r, new int[] {0, 1, 2, 4, 16}) + " " + r.nextInt(8) + " "
                    + r.nextInt(2);
            case 18 -> "munmap " + region + " " + pick(r, new int[] {0, 1, 2, 5}) + " " + pick(r, new int[] {0, 1, 2, 4});
            case 19 -> "mprotect " + region + " " + pick(r, new int[] {0, 1, 2, 5}) + " "
                    + pick(r, new int[] {0, 1, 2, 4}) + " " + r.nextInt(8);
            case 22 -> "madvise " + region + " " + pick(r, new int[] {0, 1, 2, 5}) + " " + pick(r, new int[] {0, 1, 2, 4})
                    + " " + pick(r, new int[] {0, 3, 4, 99}); /* NORMAL, WILLNEED, DONTNEED, invalid */
            case 20 -> "mremap " + region + " " + pick(r, new int[] {1, 2, 4, 8, 130}) + " " + r.nextInt(2);
            case 21 -> (r.nextBoolean() ? "poke " + region + " " + pick(r, new int[] {0, 1, 2, 3, 8}) + " " + r.nextInt(100)
                    : "peek " + region + " " + pick(r, new int[] {0, 1, 2, 3, 8}));
            default -> "brk " + pick(r, new int[] {-2, 0, 1, 3, 10});
        };
    }

    private static int openFlags(Random r) {
        int flags = pick(r, ACCESS);
        for (int f : OPEN_FLAGS) {
            if (r.nextInt(4) == 0) {
                flags |= f;
            }
        }
        return flags;
    }

    private static int pick(Random r, int[] values) {
        return values[r.nextInt(values.length)];
    }

    /** The program's standard input. */
    String text() {
        return ops.stream().map(o -> o + "\n").collect(Collectors.joining());
    }

    /**
     * The shortest sequence found by dropping runs of operations (halves,
     * then quarters, down to single ones) while fails still holds, trying at
     * most budget candidates.
     */
    SyscallSequence shrink(Predicate<SyscallSequence> fails, int budget) {
        SyscallSequence current = this;
        int tried = 0;
        boolean progress = true;
        while (progress && tried < budget) {
            progress = false;
            for (int chunk = Math.max(1, current.ops.size() / 2); chunk >= 1 && tried < budget; chunk /= 2) {
                for (int start = 0; start + chunk <= current.ops.size() && tried < budget;) {
                    List<String> fewer = new ArrayList<>(current.ops.subList(0, start));
                    fewer.addAll(current.ops.subList(start + chunk, current.ops.size()));
                    tried++;
                    SyscallSequence candidate = new SyscallSequence(fewer);
                    if (!fewer.isEmpty() && fails.test(candidate)) {
                        current = candidate;
                        progress = true;
                    } else {
                        start += chunk;
                    }
                }
            }
        }
        return current;
    }
}
