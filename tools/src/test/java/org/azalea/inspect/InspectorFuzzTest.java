package org.azalea.inspect;

import org.azalea.elf.ElfFile;
import org.azalea.elf.ElfFormatException;
import org.azalea.x86.Disassembler;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mutated copies of real binaries pushed through the whole inspection (reader,
 * linkage, runtime, function bounds, syscall analysis, both renderers): the
 * only failure allowed is the tool's own ElfFormatException. Seeded, so a
 * failure names the seed and case that reproduce it.
 */
class InspectorFuzzTest {
    private static final long SEED = 0xA2A1EAL;
    private static final int CASES_PER_BINARY = 400;
    private static final Path CORPUS = Path.of("..", "corpus", "target", "bin");

    @Test
    void mutatedBinariesGiveAReportOrOneFormatError() throws IOException {
        int reports = 0;
        int rejected = 0;
        try (Disassembler d = new Disassembler()) {
            for (String name : new String[] {"hello.musl", "hello.glibc-stripped", "hello.pie"}) {
                Path path = CORPUS.resolve(name);
                assertTrue(Files.isRegularFile(path), path + " missing: build the corpus (make -C corpus all)");
                byte[] original = Files.readAllBytes(path);
                Random random = new Random(SEED ^ name.hashCode());
                for (int i = 0; i < CASES_PER_BINARY; i++) {
                    byte[] mutated = mutate(original, random);
                    try {
                        Inspection in = Inspector.inspect(ElfFile.parse(name + "#" + i, mutated), d);
                        InspectionText.render(in);
                        InspectionJson.render(in);
                        reports++;
                    } catch (ElfFormatException expected) {
                        assertTrue(expected.getMessage().startsWith(name + "#" + i + ": "), expected.getMessage());
                        rejected++;
                    } catch (RuntimeException | StackOverflowError e) {
                        throw new AssertionError("seed " + Long.toHexString(SEED) + ", " + name + " case " + i
                                + ": " + e, e);
                    }
                }
            }
        }
        System.out.printf("inspector fuzz: %d reports, %d rejected as malformed%n", reports, rejected);
        assertTrue(reports > 0 && rejected > 0, "mutations should produce both outcomes: " + reports + "/" + rejected);
    }

    /** A few random edits: byte flips anywhere, extreme 8-byte values in the headers, or truncation. */
    private static byte[] mutate(byte[] original, Random random) {
        byte[] bytes = original.clone();
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            switch (random.nextInt(4)) {
                case 0 -> bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
                case 1 -> bytes[random.nextInt(Math.min(bytes.length, 4096))] = (byte) random.nextInt(256);
                case 2 -> {
                    int at = random.nextInt(Math.min(bytes.length, 4096) - 8);
                    long v = new long[] {0, -1L, Long.MIN_VALUE, bytes.length, 0x7fffffffL}[random.nextInt(5)];
                    for (int k = 0; k < 8; k++) {
                        bytes[at + k] = (byte) (v >>> (8 * k));
                    }
                }
                default -> bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length));
            }
        }
        return bytes;
    }
}
