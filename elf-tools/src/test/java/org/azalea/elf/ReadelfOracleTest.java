// Compares the reader's model with GNU readelf's view of the same files: header fields, every
// program header and section header, symbol counts, notes, relocation counts, dynamic tags and
// the .eh_frame FDE list. readelf output is parsed line by line with anchored patterns.
package org.azalea.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ReadelfOracleTest {

    static Stream<Path> binaries() {
        return TestPrograms.oracleBinaries().stream();
    }

    private static String readelf(Path file, String... options) {
        List<String> cmd = new ArrayList<>();
        cmd.add("readelf");
        cmd.addAll(List.of(options));
        cmd.add(file.toString());
        return Tools.run(cmd.toArray(String[]::new)).requireSuccess().stdout();
    }

    private static long hex(String s) {
        return Long.parseUnsignedLong(s.startsWith("0x") ? s.substring(2) : s, 16);
    }

    @ParameterizedTest
    @MethodSource("binaries")
    void fileHeaderMatches(Path file) throws Exception {
        ElfFile elf = ElfFile.read(file);
        Map<String, String> fields = new HashMap<>();
        for (String line : readelf(file, "-h", "-W").split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        FileHeader h = elf.header();
        assertEquals(hex(fields.get("Entry point address")), h.entry(), "entry");
        assertEquals(fields.get("Start of program headers"), h.phoff() + " (bytes into file)");
        assertEquals(fields.get("Start of section headers"), h.shoff() + " (bytes into file)");
        assertEquals(fields.get("Number of program headers"), String.valueOf(h.phnum()));
        assertEquals(fields.get("Number of section headers"), String.valueOf(h.shnum()));
        assertEquals(fields.get("Section header string table index"), String.valueOf(h.shstrndx()));
        assertEquals(fields.get("Size of program headers"), h.phentsize() + " (bytes)");
        assertEquals(fields.get("Size of section headers"), h.shentsize() + " (bytes)");
        assertEquals(hex(fields.get("Flags")), h.flags());
        assertEquals(fields.get("Version"), "0x" + h.version());
        assertEquals(fields.get("ABI Version"), String.valueOf(h.abiVersion()));
        String type = fields.get("Type");
        assertTrue(type.startsWith(h.type() == FileHeader.ET_EXEC ? "EXEC" : "DYN"), type + " vs " + h.type());
        assertEquals(hex(fields.get("Entry point address")), elf.entry());
    }

    private static final Pattern PHDR = Pattern.compile(
            "^\\s+([A-Z_0-9a-z+]+)\\s+0x([0-9a-f]+) 0x([0-9a-f]+) 0x([0-9a-f]+) 0x([0-9a-f]+) 0x([0-9a-f]+) (.{3}) 0x([0-9a-f]+)$");

    @ParameterizedTest
    @MethodSource("binaries")
    void programHeadersMatch(Path file) throws Exception {
        ElfFile elf = ElfFile.read(file);
        List<Matcher> rows = new ArrayList<>();
        for (String line : readelf(file, "-l", "-W").split("\n")) {
            Matcher m = PHDR.matcher(line);
            if (m.matches()) {
                rows.add(m);
            }
        }
        assertEquals(elf.programHeaders().size(), rows.size(), "program header count");
        for (int i = 0; i < rows.size(); i++) {
            Matcher m = rows.get(i);
            ProgramHeader p = elf.programHeaders().get(i);
            String where = file + " phdr " + i;
            if (!ProgramHeader.typeName(p.type()).startsWith("0x")) {
                assertEquals(m.group(1), ProgramHeader.typeName(p.type()), where);
            }
            assertEquals(hex(m.group(2)), p.offset(), where);
            assertEquals(hex(m.group(3)), p.vaddr(), where);
            assertEquals(hex(m.group(4)), p.paddr(), where);
            assertEquals(hex(m.group(5)), p.filesz(), where);
            assertEquals(hex(m.group(6)), p.memsz(), where);
            assertEquals(m.group(7), ProgramHeader.flagLetters(p.flags()), where);
            assertEquals(hex(m.group(8)), p.align(), where);
        }
    }

    private static final Pattern SHDR = Pattern.compile(
            "^\\s*\\[\\s*(\\d+)\\]\\s(.*?)\\s+(\\S+)\\s+([0-9a-f]{16}) ([0-9a-f]+) ([0-9a-f]+) ([0-9a-f]+) (.{3})\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)$");

    @ParameterizedTest
    @MethodSource("binaries")
    void sectionsMatch(Path file) throws Exception {
        ElfFile elf = ElfFile.read(file);
        List<Matcher> rows = new ArrayList<>();
        for (String line : readelf(file, "-S", "-W").split("\n")) {
            Matcher m = SHDR.matcher(line);
            if (m.matches()) {
                rows.add(m);
            }
        }
        assertEquals(elf.sections().size(), rows.size(), "section count");
        for (int i = 0; i < rows.size(); i++) {
            Matcher m = rows.get(i);
            Section s = elf.sections().get(i);
            String where = file + " section " + i + " " + s.name();
            assertEquals(Integer.parseInt(m.group(1)), s.index(), where);
            assertEquals(m.group(2).trim(), s.name(), where);
            if (!Section.typeName(s.type()).startsWith("0x")) {
                assertEquals(m.group(3), Section.typeName(s.type()), where);
            }
            assertEquals(hex(m.group(4)), s.addr(), where);
            assertEquals(hex(m.group(5)), s.offset(), where);
            assertEquals(hex(m.group(6)), s.size(), where);
            assertEquals(hex(m.group(7)), s.entsize(), where);
            assertEquals(m.group(8).trim(), Section.flagLetters(s.flags()), where);
            assertEquals(Long.parseLong(m.group(9)), s.link(), where);
            assertEquals(Long.parseLong(m.group(10)), s.info(), where);
            assertEquals(Long.parseLong(m.group(11)), s.addralign(), where);
        }
        assertEquals(elf.sections().get(1), elf.section(elf.sections().get(1).name()).orElseThrow());
    }

    private static final Pattern SYMTAB = Pattern.compile("^Symbol table '(\\S+)' contains (\\d+) entr(?:y|ies):$");

    @ParameterizedTest
    @MethodSource("binaries")
    void symbolCountsMatch(Path file) throws Exception {
        ElfFile elf = ElfFile.read(file);
        Map<String, Integer> counts = new HashMap<>();
        for (String line : readelf(file, "-s", "-W").split("\n")) {
            Matcher m = SYMTAB.matcher(line);
            if (m.matches()) {
                counts.put(m.group(1), Integer.parseInt(m.group(2)));
            }
        }
        assertEquals(counts.getOrDefault(".symtab", 0), elf.symbols().size(), ".symtab");
        assertEquals(counts.getOrDefault(".dynsym", 0), elf.dynamicSymbols().size(), ".dynsym");
        if (!elf.symbols().isEmpty()) {
            assertTrue(elf.symbols().stream().anyMatch(s -> s.isFunction() && s.name().equals("main")
                    || s.name().equals("main.main")), "main is a function symbol");
        }
    }

    private static final Pattern NOTE = Pattern.compile("^\\s+(\\S+)\\s+0x([0-9a-f]+)\\s+(.*)$");

    @ParameterizedTest
    @MethodSource("binaries")
    void notesMatch(Path file) throws Exception {
        ElfFile elf = ElfFile.read(file);
        List<String> expected = new ArrayList<>();
        for (String line : readelf(file, "-n", "-W").split("\n")) {
            Matcher m = NOTE.matcher(line);
            if (m.matches()) {
                expected.add(m.group(1) + ":" + hex(m.group(2)));
            }
        }
        List<String> actual = elf.notes().stream().map(n -> n.name() + ":" + n.descriptorSize()).toList();
        assertEquals(expected, actual);
        if (elf.programHeaders().stream().anyMatch(p -> p.type() == ProgramHeader.PT_NOTE)) {
            assertFalse(actual.isEmpty(), "a binary with PT_NOTE has notes");
        }
    }

    private static final Pattern RELOC = Pattern.compile("^Relocation section '(\\S+)' at offset 0x[0-9a-f]+ contains (\\d+) entr");

    @ParameterizedTest
    @MethodSource("binaries")
    void relocationCountsMatch(Path file) throws Exception {
        ElfFile elf = ElfFile.read(file);
        Map<String, Integer> expected = new HashMap<>();
        for (String line : readelf(file, "-r", "-W").split("\n")) {
            Matcher m = RELOC.matcher(line);
            if (m.find()) {
                expected.merge(m.group(1), Integer.parseInt(m.group(2)), Integer::sum);
            }
        }
        Map<String, Integer> actual = new HashMap<>();
        for (Relocation r : elf.relocations()) {
            actual.merge(elf.sections().get(r.sectionIndex()).name(), 1, Integer::sum);
        }
        assertEquals(expected, actual);
    }

    private static final Pattern DYNAMIC = Pattern.compile("^\\s*0x([0-9a-f]+) \\(");

    @ParameterizedTest
    @MethodSource("binaries")
    void dynamicEntriesMatch(Path file) throws Exception {
        ElfFile elf = ElfFile.read(file);
        List<Long> expected = new ArrayList<>();
        for (String line : readelf(file, "-d", "-W").split("\n")) {
            Matcher m = DYNAMIC.matcher(line);
            if (m.find()) {
                expected.add(hex(m.group(1)));
            }
        }
        if (!expected.isEmpty()) {
            assertEquals(DynamicEntry.DT_NULL, (long) expected.removeLast(), "readelf lists the terminating NULL");
        }
        assertEquals(expected, elf.dynamicEntries().stream().map(DynamicEntry::tag).toList());
    }

    private static final Pattern FDE = Pattern.compile(
            "^([0-9a-f]+) [0-9a-f]+ [0-9a-f]+ FDE cie=([0-9a-f]+) pc=([0-9a-f]+)\\.\\.([0-9a-f]+)$");

    @ParameterizedTest
    @MethodSource("binaries")
    void frameDescriptionsMatch(Path file) throws Exception {
        ElfFile elf = ElfFile.read(file);
        List<FrameDescription> expected = new ArrayList<>();
        boolean inEhFrame = false;
        for (String line : readelf(file, "--debug-dump=frames", "-W").split("\n")) {
            if (line.startsWith("Contents of the ")) {
                inEhFrame = line.startsWith("Contents of the .eh_frame section");
            }
            Matcher m = FDE.matcher(line);
            if (inEhFrame && m.matches()) {
                expected.add(new FrameDescription(hex(m.group(1)), hex(m.group(2)), hex(m.group(3)), hex(m.group(4))));
            }
        }
        assertEquals(expected, elf.frameDescriptions());
        if (elf.section(".eh_frame").isPresent()) {
            assertFalse(expected.isEmpty(), "a binary with .eh_frame has FDEs");
            elf.symbols().stream().filter(s -> s.name().equals("main")).findFirst().ifPresent(main ->
                    assertTrue(elf.frameDescriptions().stream().anyMatch(f -> f.pcBegin() == main.value()),
                            "an FDE starts at main"));
        }
    }
}
