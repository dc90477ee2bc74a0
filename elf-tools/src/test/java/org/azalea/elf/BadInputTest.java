// Each malformed input is rejected with an ElfFormatException whose offset points at the
// offending field and whose message names the offending values.
package org.azalea.elf;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BadInputTest {

    private static ElfFormatException reject(byte[] bytes) {
        return assertThrows(ElfFormatException.class, () -> ElfFile.parse("bad.elf", bytes));
    }

    private static ElfFormatException reject(Consumer<byte[]> corruption) {
        byte[] bytes = MiniElf.bytes();
        corruption.accept(bytes);
        return reject(bytes);
    }

    private static void assertProblem(ElfFormatException e, long offset, String... fragments) {
        assertAll(() -> assertEquals("bad.elf", e.file()),
                () -> assertEquals(offset, e.offset(), e.getMessage()),
                () -> assertEquals(offset < 0 ? "bad.elf: " + e.problem()
                        : "bad.elf: offset 0x" + Long.toHexString(offset) + ": " + e.problem(), e.getMessage()),
                () -> assertTrue(Arrays.stream(fragments).allMatch(e.getMessage()::contains),
                        "message " + e.getMessage() + " should contain " + Arrays.toString(fragments)),
                () -> assertEquals(-1, e.getMessage().indexOf('\n'), "one line"));
    }

    @Test
    void miniElfIsValid() throws Exception {
        ElfFile elf = ElfFile.parse("mini", MiniElf.bytes());
        assertEquals(6, elf.sections().size());
        assertEquals("main", elf.symbols().get(1).name());
        assertTrue(elf.symbols().get(1).isFunction());
        assertEquals(1, elf.notes().size(), "the note section and segment are the same note");
        assertEquals("GNU", elf.notes().getFirst().name());
        assertArrayEquals(new byte[] {(byte) 0xef, (byte) 0xbe, (byte) 0xad, (byte) 0xde},
                elf.notes().getFirst().descriptor());
        assertEquals(MiniElf.BASE + 0x100, elf.entry());
        assertEquals(MiniElf.BASE + 0x100, elf.symbol("main").orElseThrow().value());
        assertEquals(elf.programHeaders().getFirst(), elf.segmentContaining(MiniElf.BASE + 0x37f).orElseThrow());
        assertTrue(elf.segmentContaining(MiniElf.BASE + 0x380).isEmpty());
        assertEquals(0x100, elf.fileOffsetOf(MiniElf.BASE + 0x100));
        assertArrayEquals(MiniElf.bytes(), elf.toBytes());
        assertEquals((byte) 0xc3, elf.contents(elf.section(".text").orElseThrow()).get(0));
        assertTrue(elf.contents(elf.section(".text").orElseThrow()).isReadOnly());
    }

    @Test
    void emptyFile() {
        assertProblem(reject(new byte[0]), -1, "file is empty");
    }

    @Test
    void tooShortForHeader() {
        assertProblem(reject(Arrays.copyOf(MiniElf.bytes(), 40)), 0, "too short", "40 bytes", "need 64");
    }

    @Test
    void badMagic() {
        assertProblem(reject(b -> b[1] = 'X'), 0, "bad magic 7f 58 4c 46");
        assertProblem(reject("#!/bin/sh\n".getBytes()), 0, "bad magic 23 21 2f 62");
    }

    @Test
    void thirtyTwoBit() {
        assertProblem(reject(b -> b[4] = 1), 4, "ELFCLASS32", "32-bit");
    }

    @Test
    void bigEndian() {
        assertProblem(reject(b -> b[5] = 2), 5, "big-endian", "ELFDATA2MSB");
    }

    @Test
    void wrongMachine() {
        assertProblem(reject(b -> MiniElf.putShort(b, 18, 183)), 0x12, "machine 183 (AArch64), expected 62 (x86-64)");
    }

    @Test
    void badVersions() {
        assertProblem(reject(b -> MiniElf.putInt(b, 20, 2)), 0x14, "version 2");
        assertProblem(reject(b -> b[6] = 0), 6, "identification version 0");
    }

    @Test
    void wrongEntrySizes() {
        assertProblem(reject(b -> MiniElf.putShort(b, 54, 32)), 0x36, "e_phentsize", "32", "expected 56");
        assertProblem(reject(b -> MiniElf.putShort(b, 58, 40)), 0x3a, "e_shentsize", "40", "expected 64");
    }

    @Test
    void programHeaderTablePastEnd() {
        assertProblem(reject(b -> MiniElf.putLong(b, 32, 0x10000)), 0x20, "program header table (2 entries)",
                "offset 0x10000", "size 0x70", "file size 0x380");
        assertProblem(reject(b -> MiniElf.putLong(b, 32, -1)), 0x20, "offset 0xffffffffffffffff");
    }

    @Test
    void sectionHeaderTablePastEnd() {
        assertProblem(reject(b -> MiniElf.putLong(b, 40, 0x7ffffffffffffff0L)), 0x28, "section header table",
                "offset 0x7ffffffffffffff0");
        assertProblem(reject(b -> MiniElf.putShort(b, 60, 0xfff0)), 0x28, "65520 entries", "extends past end of file");
    }

    @Test
    void segmentPastEnd() {
        assertProblem(reject(b -> MiniElf.putLong(b, MiniElf.PHDR0 + 32, 0x10000)), MiniElf.PHDR0,
                "program header 0 (LOAD)", "offset 0x0", "size 0x10000", "file size 0x380");
        assertProblem(reject(b -> MiniElf.putLong(b, MiniElf.PHDR1 + 8, 0xfffffffffffffff0L)), MiniElf.PHDR1,
                "program header 1 (NOTE)", "offset 0xfffffffffffffff0");
    }

    @Test
    void loadWithFileSizeAboveMemorySize() {
        assertProblem(reject(b -> MiniElf.putLong(b, MiniElf.PHDR0 + 40, 0x100)), MiniElf.PHDR0,
                "file size 0x380 larger than memory size 0x100");
    }

    @Test
    void overlappingLoads() {
        assertProblem(reject(b -> MiniElf.putInt(b, MiniElf.PHDR1, 1)), MiniElf.PHDR1,
                "program header 1 (LOAD) overlaps program header 0 (LOAD)", "0x400110", "0x400000..0x400380");
    }

    @Test
    void absurdLoadAddress() {
        assertProblem(reject(b -> MiniElf.putLong(b, MiniElf.PHDR0 + 16, 0x7fffffffffffff00L)), MiniElf.PHDR0,
                "vaddr 0x7fffffffffffff00", "memsz 0x380");
    }

    @Test
    void sectionPastEnd() {
        assertProblem(reject(b -> MiniElf.putLong(b, MiniElf.shdr(1) + 32, 0x10000)), MiniElf.shdr(1),
                "section header 1 (.text) extends past end of file (offset 0x100, size 0x10000, file size 0x380)");
    }

    @Test
    void sectionNameTableIndexOutOfRange() {
        assertProblem(reject(b -> MiniElf.putShort(b, 62, 9)), 0x3e, "e_shstrndx", "9", "6 sections");
        assertProblem(reject(b -> MiniElf.putShort(b, 62, 1)), MiniElf.shdr(1), "section 1", "type 0x1",
                "SHT_STRTAB");
    }

    @Test
    void sectionNamePastStringTable() {
        assertProblem(reject(b -> MiniElf.putInt(b, MiniElf.shdr(2), 0x100)), MiniElf.shdr(2),
                "section header 2 name offset 0x100", "size 0x27");
    }

    @Test
    void symbolTableWithBadEntrySize() {
        assertProblem(reject(b -> MiniElf.putLong(b, MiniElf.shdr(4) + 56, 16)), MiniElf.shdr(4),
                "section 4 (.symtab)", "sh_entsize", "0x10", "expected 0x18");
    }

    @Test
    void symbolTableLinkedToNonStringTable() {
        assertProblem(reject(b -> MiniElf.putInt(b, MiniElf.shdr(4) + 40, 1)), MiniElf.shdr(4),
                "links to section 1 (type 0x1)", "SHT_STRTAB");
        assertProblem(reject(b -> MiniElf.putInt(b, MiniElf.shdr(4) + 40, 77)), MiniElf.shdr(4),
                "links to section 77 (out of range)");
    }

    @Test
    void symbolNamePastStringTable() {
        assertProblem(reject(b -> MiniElf.putInt(b, MiniElf.SYMTAB + 24, 0x50)), MiniElf.SYMTAB + 24,
                "symbol 1 name offset 0x50", "string table 3 (.strtab)", "size 0x6");
    }

    @Test
    void noteLargerThanContainer() {
        assertProblem(reject(b -> MiniElf.putInt(b, MiniElf.NOTE + 4, 0x100)), MiniElf.NOTE,
                "descriptor size 0x100", "section 2 (.note)", "ends at 0x124");
    }

    @Test
    void secondSymbolTable() {
        assertProblem(reject(b -> System.arraycopy(b, MiniElf.shdr(4) + 4, b, MiniElf.shdr(1) + 4, 60)),
                MiniElf.shdr(4), "section 4 (.symtab) is a second SHT_SYMTAB section (the first is section 1 (.text))");
    }

    @Test
    void relocationSectionsLargerThanFile() {
        assertProblem(reject(b -> {
            for (int index : new int[] {1, 2}) {
                MiniElf.putInt(b, MiniElf.shdr(index) + 4, Section.SHT_RELA);
                MiniElf.putLong(b, MiniElf.shdr(index) + 24, 0);
                MiniElf.putLong(b, MiniElf.shdr(index) + 32, 0x348);
                MiniElf.putLong(b, MiniElf.shdr(index) + 56, 24);
            }
        }), MiniElf.shdr(2), "total 0x690 bytes", "file size 0x380");
    }

    @Test
    void invalidEhFrame() throws Exception {
        byte[] original = Files.readAllBytes(TestPrograms.gccStatic());
        Section ehFrame = ElfFile.parse("gcc", original).section(".eh_frame").orElseThrow();
        int at = (int) ehFrame.offset();

        byte[] badVersion = original.clone();
        badVersion[at + 8] = 9;
        assertProblem(reject(badVersion), at, "CIE version 9");

        byte[] badLength = original.clone();
        MiniElf.putInt(badLength, at, 0x7ffffff0);
        assertProblem(reject(badLength), at, "entry length 0x7ffffff0", "section size 0x" + Long.toHexString(ehFrame.size()));
    }

    @Test
    void missingFileAndDirectory(@TempDir Path dir) throws Exception {
        ElfFormatException missing = assertThrows(ElfFormatException.class, () -> ElfFile.read(dir.resolve("nope")));
        assertEquals(-1, missing.offset());
        assertEquals(dir.resolve("nope") + ": no such file", missing.getMessage());
        ElfFormatException directory = assertThrows(ElfFormatException.class, () -> ElfFile.read(dir));
        assertEquals(dir + ": is a directory", directory.getMessage());
        Path text = Files.writeString(dir.resolve("text"), "hello");
        assertEquals(text + ": offset 0x0: bad magic 68 65 6c 6c, expected 7f 45 4c 46 (\\x7fELF): not an ELF file",
                assertThrows(ElfFormatException.class, () -> ElfFile.read(text)).getMessage());
    }
}
