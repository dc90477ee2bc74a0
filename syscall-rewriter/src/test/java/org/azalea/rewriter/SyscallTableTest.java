// Cross-checks the committed syscall table against the installed kernel
// header, so drift in either is caught.
package org.azalea.rewriter;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyscallTableTest {
    private static final Path HEADER = Path.of("/usr/include/x86_64-linux-gnu/asm/unistd_64.h");

    @Test
    void matchesTheKernelHeader() throws IOException {
        assertTrue(Files.isRegularFile(HEADER), HEADER + " is missing: run apt-get install linux-libc-dev");
        TreeMap<Integer, String> header = new TreeMap<>();
        Matcher m = Pattern.compile("(?m)^#define __NR_(\\w+) (\\d+)$").matcher(Files.readString(HEADER));
        while (m.find()) {
            header.put(Integer.parseInt(m.group(2)), m.group(1));
        }
        assertTrue(header.size() > 300);
        assertEquals(header, new TreeMap<>(SyscallTable.all().headMap(header.lastKey() + 1)));
        assertTrue(SyscallTable.all().lastKey() >= 461, "numbers up to at least 461");
    }

    @Test
    void lookups() {
        assertEquals("read", SyscallTable.name(0).orElseThrow());
        assertEquals("exit_group", SyscallTable.name(231).orElseThrow());
        assertEquals(39, SyscallTable.number("getpid").orElseThrow());
        assertTrue(SyscallTable.name(400).isEmpty());
    }
}
