// Linear-sweeps the executable sections of /bin/busybox (a static, stripped
// glibc binary) and checks every instruction start against objdump's; also
// measures decoding throughput for each Decoding level (printed, not asserted).
package org.azalea.x86;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BusyboxSweepTest {
    private static final Path BUSYBOX = Path.of("/bin/busybox");

    private static final class Collector implements InstructionVisitor {
        final TreeMap<Long, String> seen = new TreeMap<>();

        @Override
        public void instruction(Instruction i) {
            seen.put(i.address(), i.mnemonic());
        }

        @Override
        public void undecodable(long address) {
            seen.put(address, "(bad)");
        }
    }

    @Test
    void instructionStartsMatchObjdump() throws IOException {
        List<BinaryTools.Section> sections = BinaryTools.executableSections(BUSYBOX);
        TreeMap<Long, String> objdump = BinaryTools.objdumpInstructions(BUSYBOX);
        Collector mine = new Collector();
        try (Disassembler d = new Disassembler()) {
            for (BinaryTools.Section s : sections) {
                d.decode(s.address(), s.bytes(), 0, s.bytes().length, Decoding.TEXT, mine);
            }
        }
        assertTrue(mine.seen.size() > 100_000, "busybox has hundreds of thousands of instructions");
        // objdump prints a run of surplus prefixes (e.g. the 0x66 bytes of a long
        // nop) as separate "data16"/"cs" lines where Capstone folds them into one
        // instruction, so compare the addresses of instructions both consider real.
        TreeMap<Long, String> comparable = new TreeMap<>(objdump);
        comparable.values().removeIf(m -> m.equals("data16") || m.equals("cs") || m.equals("ds"));
        TreeMap<Long, String> onlyObjdump = new TreeMap<>(comparable);
        onlyObjdump.keySet().removeAll(mine.seen.keySet());
        TreeMap<Long, String> onlyCapstone = new TreeMap<>(mine.seen);
        onlyCapstone.keySet().removeAll(comparable.keySet());
        // Capstone 4.0.2 predates some AVX-512 encodings glibc uses (e.g. kmovd in the
        // EVEX string functions): it reports their bytes as undecodable one at a time
        // and the sweeps differ until they fall back into step. On busybox that is
        // about 0.4% of objdump's starts and 1.5% of Capstone's; allow 1% and 2%.
        System.out.printf("busybox sweep: %d instructions, %d starts only objdump sees, %d only Capstone sees%n",
                mine.seen.size(), onlyObjdump.size(), onlyCapstone.size());
        assertTrue(onlyObjdump.size() < comparable.size() / 100, "first differences: " + head(onlyObjdump));
        assertTrue(onlyCapstone.size() < comparable.size() / 50, "first differences: " + head(onlyCapstone));
        assertEquals(addressesOf("syscall", objdump), addressesOf("syscall", mine.seen));
    }

    private static Map<Long, String> head(TreeMap<Long, String> m) {
        return m.isEmpty() ? m : m.headMap(m.firstKey() + 64);
    }

    private static List<Long> addressesOf(String mnemonic, Map<Long, String> instructions) {
        return instructions.entrySet().stream().filter(e -> e.getValue().equals(mnemonic)).map(Map.Entry::getKey)
                .toList();
    }

    @Test
    void throughput() throws IOException {
        BinaryTools.Section text = BinaryTools.executableSections(BUSYBOX).stream()
                .filter(s -> s.name().equals(".text")).findFirst().orElseThrow();
        try (Disassembler d = new Disassembler()) {
            for (Decoding decoding : Decoding.values()) {
                long[] count = new long[1];
                InstructionVisitor counter = new InstructionVisitor() {
                    @Override
                    public void instruction(Instruction i) {
                        count[0]++;
                    }

                    @Override
                    public void undecodable(long address) {
                    }
                };
                d.decode(text.address(), text.bytes(), 0, text.bytes().length, decoding, counter);
                long best = Long.MAX_VALUE;
                for (int run = 0; run < 3; run++) {
                    count[0] = 0;
                    long t0 = System.nanoTime();
                    d.decode(text.address(), text.bytes(), 0, text.bytes().length, decoding, counter);
                    best = Math.min(best, System.nanoTime() - t0);
                }
                System.out.printf("decode busybox .text (%d bytes, %d instructions), %s: %.1f ms, %.1f MB/s%n",
                        text.bytes().length, count[0], decoding, best / 1e6,
                        text.bytes().length / (best / 1e9) / 1e6);
            }
        }
    }
}
