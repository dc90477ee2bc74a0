// Seeded mutation fuzzing: thousands of corrupted copies of real binaries must either parse
// (and then round-trip to identical bytes) or fail with ElfFormatException; any other
// Throwable fails the test, reporting the seed and the mutations so the case can be replayed.
package org.azalea.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MutationFuzzTest {

    private static final long BASE_SEED = 0x5eed_a2a1eaL;
    private static final int CASES_PER_FILE = 1000;

    /** A byte range worth corrupting: a header table or a section the reader decodes. */
    private record Region(String name, int start, int length) {
    }

    private static List<Region> regions(ElfFile elf) {
        List<Region> regions = new ArrayList<>();
        regions.add(new Region("ELF header", 0, 64));
        FileHeader h = elf.header();
        regions.add(new Region("program headers", (int) h.phoff(), elf.programHeaders().size() * 56));
        regions.add(new Region("section headers", (int) h.shoff(), elf.sections().size() * 64));
        for (Section s : elf.sections()) {
            boolean interesting = s.type() == Section.SHT_SYMTAB || s.type() == Section.SHT_NOTE
                    || s.type() == Section.SHT_STRTAB || s.type() == Section.SHT_RELA
                    || s.type() == Section.SHT_DYNAMIC || s.name().equals(".eh_frame");
            if (interesting && s.hasFileContents() && s.size() > 0) {
                regions.add(new Region(s.name(), (int) s.offset(), (int) Math.min(s.size(), 64 * 1024)));
            }
        }
        return regions;
    }

    private static String mutate(byte[] bytes, List<Region> regions, Random random) {
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int kind = random.nextInt(4);
        Region region = regions.get(random.nextInt(regions.size()));
        int at = region.start() + random.nextInt(Math.max(1, region.length()));
        switch (kind) {
            case 0 -> {
                int pos = random.nextInt(Math.min(4096, bytes.length));
                int bit = random.nextInt(8);
                bytes[pos] ^= (byte) (1 << bit);
                return "flip bit " + bit + " at 0x" + Integer.toHexString(pos);
            }
            case 1 -> {
                byte value = (byte) random.nextInt(256);
                bytes[at] = value;
                return "set byte at 0x" + Integer.toHexString(at) + " (" + region.name() + ") to " + (value & 0xff);
            }
            case 2 -> {
                int width = new int[] {2, 4, 8}[random.nextInt(3)];
                int aligned = Math.max(0, Math.min(at & -width, bytes.length - width));
                long[] interesting = {0, -1, 1L << 63, Long.MAX_VALUE, bytes.length, bytes.length + 1L,
                        0xfffffff0L, 1L << 32, random.nextLong(), random.nextInt(1 << 16)};
                long value = interesting[random.nextInt(interesting.length)];
                switch (width) {
                    case 2 -> buf.putShort(aligned, (short) value);
                    case 4 -> buf.putInt(aligned, (int) value);
                    default -> buf.putLong(aligned, value);
                }
                return "set " + width + "-byte field at 0x" + Integer.toHexString(aligned) + " (" + region.name()
                        + ") to 0x" + Long.toHexString(value);
            }
            default -> {
                return "truncate";
            }
        }
    }

    @Test
    void mutatedBinariesParseOrFailCleanly() throws Exception {
        List<Path> inputs = List.of(TestPrograms.gccStatic(), TestPrograms.BUSYBOX, TestPrograms.goStatic());
        int parsed = 0;
        int rejected = 0;
        for (int file = 0; file < inputs.size(); file++) {
            byte[] original = Files.readAllBytes(inputs.get(file));
            List<Region> regions = regions(ElfFile.parse("original", original));
            for (int i = 0; i < CASES_PER_FILE; i++) {
                long seed = BASE_SEED + file * 1_000_000L + i;
                Random random = new Random(seed);
                byte[] bytes = original.clone();
                List<String> mutations = new ArrayList<>();
                int count = 1 + random.nextInt(3);
                for (int m = 0; m < count; m++) {
                    String mutation = mutate(bytes, regions, random);
                    if (mutation.equals("truncate")) {
                        int length = random.nextInt(bytes.length);
                        bytes = Arrays.copyOf(bytes, length);
                        mutation = "truncate to " + length + " bytes";
                        mutations.add(mutation);
                        break;
                    }
                    mutations.add(mutation);
                }
                String where = inputs.get(file) + " seed " + seed + " mutations " + mutations;
                try {
                    ElfFile elf = ElfFile.parse("fuzz", bytes);
                    for (Section s : elf.sections()) {
                        elf.contents(s);
                    }
                    if (!Arrays.equals(bytes, elf.toBytes())) {
                        fail("round trip differs: " + where);
                    }
                    parsed++;
                } catch (ElfFormatException e) {
                    assertTrue(e.getMessage().startsWith("fuzz: "), e.getMessage());
                    rejected++;
                } catch (Throwable t) {
                    throw new AssertionError("unexpected " + t + " for " + where, t);
                }
            }
        }
        assertEquals(inputs.size() * CASES_PER_FILE, parsed + rejected);
        assertTrue(parsed > 0 && rejected > 0, "both outcomes occur: parsed " + parsed + ", rejected " + rejected);
    }
}
