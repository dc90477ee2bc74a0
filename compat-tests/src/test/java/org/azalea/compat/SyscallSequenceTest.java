package org.azalea.compat;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyscallSequenceTest {
    @Test
    void aSeedGivesTheSameSequenceEveryTime() {
        assertEquals(SyscallSequence.random(new Random(42), 40), SyscallSequence.random(new Random(42), 40));
        assertNotEquals(SyscallSequence.random(new Random(42), 40), SyscallSequence.random(new Random(43), 40));
    }

    @Test
    void sequencesReachEveryOperation() {
        Random r = new Random(7);
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            all.append(SyscallSequence.random(r, 40).text());
        }
        for (String op : List.of("open", "close", "read", "write", "pread", "pwrite", "lseek", "ftruncate", "fstat",
                "dup", "dup2", "fcntl", "pipe", "rename", "unlink", "mkdir", "rmdir", "getdents", "mmap", "munmap",
                "mprotect", "madvise", "mremap", "poke", "peek", "brk")) {
            assertTrue(all.toString().contains("\n" + op + " ") || all.toString().contains("\n" + op + "\n")
                    || all.toString().startsWith(op), "never generated: " + op);
        }
    }

    @Test
    void shrinkingKeepsOnlyWhatTheFailureNeeds() {
        SyscallSequence s = new SyscallSequence(List.of("open 0 66 420", "brk 1", "pipe", "fstat 3", "mmap 0 1 3 0",
                "write 4 10 1", "read 3 1", "close 2", "peek 0 0"));
        // The "failure": a pipe, and later a write to slot 4.
        SyscallSequence small = s.shrink(c -> c.ops().contains("pipe") && c.ops().indexOf("write 4 10 1")
                > c.ops().indexOf("pipe") && c.ops().indexOf("pipe") >= 0, 1000);
        assertEquals(List.of("pipe", "write 4 10 1"), small.ops());
    }

    @Test
    void shrinkingStopsAtItsBudget() {
        SyscallSequence s = new SyscallSequence(List.of("pipe", "pipe", "pipe", "pipe", "pipe", "pipe", "pipe", "pipe"));
        int[] calls = {0};
        // Nothing smaller fails: every candidate is tried until the budget ends it.
        assertEquals(s, s.shrink(c -> ++calls[0] < 0, 5));
        assertEquals(5, calls[0]);
    }
}
