// Adding a PT_LOAD segment plus section, and patching bytes, must give files that readelf
// accepts without warnings and that still run and behave the same.
package org.azalea.elf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EditTest {

    static Stream<String> programs() {
        return Stream.of("gcc-static", "gcc-static-pie", "musl-static", "go-static");
    }

    private static byte[] trampoline() {
        byte[] code = new byte[100];
        Arrays.fill(code, (byte) 0xcc);
        code[0] = (byte) 0xc3;
        return code;
    }

    private static Path writeExecutable(String name, byte[] bytes) throws Exception {
        Path out = TestPrograms.tempFile(name);
        Files.write(out, bytes);
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxr-xr-x"));
        return out;
    }

    private static void assertReadelfClean(Path file, String sectionName, ProgramHeader segment) {
        Tools.Result r = Tools.run("readelf", "-a", "-W", file.toString());
        assertEquals(0, r.exitCode(), "readelf exit code; stderr: " + r.stderr());
        List<String> complaints = r.stderr().lines().filter(l -> l.contains("Warning") || l.contains("Error")).toList();
        assertEquals(List.of(), complaints, "readelf warnings for " + file);
        assertTrue(r.stdout().contains(sectionName), "readelf lists " + sectionName);
        String load = String.format("LOAD           0x%06x 0x%016x 0x%016x 0x%06x 0x%06x", segment.offset(),
                segment.vaddr(), segment.paddr(), segment.filesz(), segment.memsz());
        assertTrue(r.stdout().contains(load), "readelf lists the new segment: " + load + "\n" + r.stdout());
    }

    private static void assertRunsAsBefore(Path file) {
        Tools.Result run = Tools.runPath(Map.of(), null, file.toString());
        assertEquals(TestPrograms.EXPECTED_OUTPUT, run.stdout(), "output of " + file + "; stderr: " + run.stderr());
        assertEquals(TestPrograms.EXPECTED_EXIT, run.exitCode(), "exit code of " + file);
    }

    @ParameterizedTest
    @MethodSource("programs")
    void addedSegmentIsValidAndProgramStillRuns(String program) throws Exception {
        Path original = TestPrograms.all().get(program);
        assertRunsAsBefore(original);
        ElfFile elf = ElfFile.read(original);
        byte[] code = trampoline();
        ElfFile edited = elf.withLoadSegment(NewLoadSegment.afterLastSegment(".azalea.tramp",
                ProgramHeader.PF_R | ProgramHeader.PF_X, code, 0x2000));

        Section tramp = edited.section(".azalea.tramp").orElseThrow();
        assertEquals(Section.SHT_PROGBITS, tramp.type());
        assertEquals(Section.SHF_ALLOC | Section.SHF_EXECINSTR, tramp.flags());
        assertEquals(0, tramp.addr() % 4096, "auto-placed segment is page aligned");
        ProgramHeader segment = edited.segmentContaining(tramp.addr()).orElseThrow();
        assertEquals(ProgramHeader.PF_R | ProgramHeader.PF_X, segment.flags());
        assertEquals(0x2000, segment.memsz());
        assertEquals(segment.offset() % 4096, segment.vaddr() % 4096, "offset congruent to vaddr");
        assertArrayEquals(code, edited.bytesAt(tramp.addr(), code.length));
        assertArrayEquals(new byte[16], edited.bytesAt(tramp.addr() + 0x1000, 16), "memsz beyond filesz is zero");
        for (ProgramHeader p : elf.loadSegments()) {
            assertTrue(Long.compareUnsigned(tramp.addr(), p.vaddrEnd()) >= 0, "new segment is above " + p);
        }

        long phoff = edited.header().phoff();
        ProgramHeader tableSegment = edited.loadSegments().stream().filter(p -> p.containsOffset(phoff)).findFirst()
                .orElseThrow(() -> new AssertionError("relocated program header table is not in a PT_LOAD"));
        long tableVaddr = tableSegment.vaddr() + (phoff - tableSegment.offset());
        ProgramHeader first = edited.loadSegments().getFirst();
        assertEquals(first.vaddr() - first.offset() + phoff, tableVaddr, "older kernels' AT_PHDR formula agrees");
        edited.programHeaders().stream().filter(p -> p.type() == ProgramHeader.PT_PHDR).forEach(p -> {
            assertEquals(phoff, p.offset());
            assertEquals(tableVaddr, p.vaddr());
            assertEquals((long) edited.programHeaders().size() * ProgramHeader.ENTRY_SIZE, p.filesz());
        });
        assertEquals(elf.sections().size() + 1, edited.sections().size());
        assertEquals(elf.programHeaders().size() + 2, edited.programHeaders().size());
        assertArrayEquals(edited.bytes(), edited.toBytes(), "edited file round-trips");

        Path out = writeExecutable(program + ".edited", edited.toBytes());
        assertReadelfClean(out, ".azalea.tramp", segment);
        assertRunsAsBefore(out);
    }

    @Test
    void segmentAtChosenAddressAndPatchedBytes() throws Exception {
        ElfFile elf = ElfFile.read(TestPrograms.gccStatic());
        long highest = elf.loadSegments().stream().mapToLong(ProgramHeader::vaddrEnd).max().orElseThrow();
        long vaddr = ((highest + 0xfffff) & -0x100000L) + 0x123;
        byte[] data = {1, 2, 3, 4, 5, 6, 7, 8};
        ElfFile edited = elf.withLoadSegment(NewLoadSegment.at(".azalea.data", vaddr,
                ProgramHeader.PF_R | ProgramHeader.PF_W, data, data.length));
        Section s = edited.section(".azalea.data").orElseThrow();
        assertEquals(vaddr, s.addr());
        assertEquals(Section.SHF_ALLOC | Section.SHF_WRITE, s.flags());
        assertEquals(vaddr % 4096, s.offset() % 4096);
        assertArrayEquals(data, edited.bytesAt(vaddr, data.length));

        ElfFile patched = edited.withBytesAt(vaddr + 2, new byte[] {9, 9});
        assertArrayEquals(new byte[] {1, 2, 9, 9, 5, 6, 7, 8}, patched.bytesAt(vaddr, 8));
        assertArrayEquals(data, edited.bytesAt(vaddr, 8), "the original is unchanged");

        Path out = writeExecutable("gcc-static.data", patched.toBytes());
        assertReadelfClean(out, ".azalea.data", patched.segmentContaining(vaddr).orElseThrow());
        assertRunsAsBefore(out);
    }

    @Test
    void patchingCodeChangesBehaviour() throws Exception {
        ElfFile elf = ElfFile.read(TestPrograms.gccStatic());
        Symbol main = elf.symbols().stream().filter(sym -> sym.name().equals("main")).findFirst().orElseThrow();
        byte[] movEdi3Ret = {(byte) 0xb8, 3, 0, 0, 0, (byte) 0xc3};
        ElfFile patched = elf.withBytesAt(main.value(), movEdi3Ret);
        assertArrayEquals(movEdi3Ret, patched.bytesAt(main.value(), movEdi3Ret.length));
        assertEquals(elf.fileOffsetOf(main.value()), patched.fileOffsetOf(main.value()));
        Path out = writeExecutable("gcc-static.patched", patched.toBytes());
        Tools.Result run = Tools.runPath(Map.of(), null, out.toString());
        assertEquals("", run.stdout());
        assertEquals(3, run.exitCode());
    }

    @Test
    void invalidEditsAreRejectedWithValues() throws Exception {
        ElfFile elf = ElfFile.read(TestPrograms.gccStatic());
        ProgramHeader text = elf.loadSegments().stream().filter(ProgramHeader::isExecutable).findFirst().orElseThrow();
        IllegalArgumentException overlap = assertThrows(IllegalArgumentException.class,
                () -> elf.withLoadSegment(NewLoadSegment.at(".x", text.vaddr() + 16, ProgramHeader.PF_R,
                        new byte[4], 4)));
        assertTrue(overlap.getMessage().contains("0x" + Long.toHexString(text.vaddr() + 16)), overlap.getMessage());
        assertTrue(overlap.getMessage().contains("0x" + Long.toHexString(text.vaddr())), overlap.getMessage());

        IllegalArgumentException duplicate = assertThrows(IllegalArgumentException.class,
                () -> elf.withLoadSegment(NewLoadSegment.afterLastSegment(".text", ProgramHeader.PF_R, new byte[1], 1)));
        assertTrue(duplicate.getMessage().contains(".text"), duplicate.getMessage());

        IllegalArgumentException memsz = assertThrows(IllegalArgumentException.class,
                () -> NewLoadSegment.afterLastSegment(".y", ProgramHeader.PF_R, new byte[8], 4));
        assertTrue(memsz.getMessage().contains("0x4") && memsz.getMessage().contains("0x8"), memsz.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> NewLoadSegment.afterLastSegment(".y", 0x10, new byte[8], 8));

        IllegalArgumentException unmapped = assertThrows(IllegalArgumentException.class,
                () -> elf.withBytesAt(0x10, new byte[1]));
        assertTrue(unmapped.getMessage().contains("0x10"), unmapped.getMessage());
        ProgramHeader data = elf.loadSegments().stream().filter(p -> p.memsz() > p.filesz()).findFirst().orElseThrow();
        assertThrows(IllegalArgumentException.class, () -> elf.withBytesAt(data.vaddr() + data.filesz(), new byte[1]),
                ".bss is not file-backed");
        assertThrows(IllegalArgumentException.class, () -> elf.bytesAt(data.vaddr() + data.memsz() - 1, 2));
        IllegalArgumentException header = assertThrows(IllegalArgumentException.class,
                () -> elf.withBytesAtOffset(0, new byte[] {0}));
        assertTrue(header.getMessage().contains("bad magic"), header.getMessage());
    }
}
