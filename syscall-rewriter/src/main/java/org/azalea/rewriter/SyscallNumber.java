// What backward data flow learned about rax at a syscall instruction: one
// constant, a set of constants reaching it along different paths, or unknown
// with a reason that says where the value comes from.
package org.azalea.rewriter;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

public sealed interface SyscallNumber {
    record Known(int number) implements SyscallNumber {
        public Known {
            if (number < 0) {
                throw new IllegalArgumentException("negative syscall number " + number);
            }
        }
    }

    /** At least two numbers; a single one is Known. */
    record OneOf(SortedSet<Integer> numbers) implements SyscallNumber {
        public OneOf {
            if (numbers.size() < 2) {
                throw new IllegalArgumentException("OneOf needs at least two numbers, got " + numbers);
            }
            numbers = Collections.unmodifiableSortedSet(new TreeSet<>(numbers));
        }
    }

    record Unknown(String reason) implements SyscallNumber {
        public Unknown {
            if (Objects.requireNonNull(reason).isBlank()) {
                throw new IllegalArgumentException("an unknown syscall number needs a reason");
            }
        }
    }
}
