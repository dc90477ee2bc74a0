package org.azalea.image;

import org.azalea.elf.ElfFile;
import org.azalea.elf.FileHeader;
import org.azalea.elf.Note;
import org.azalea.elf.ProgramHeader;
import org.azalea.elf.Relocation;
import org.azalea.elf.Symbol;
import org.azalea.x86.Decoding;
import org.azalea.x86.Disassembler;
import org.azalea.x86.Instruction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Images of real programs, checked against outside evidence rather than the
 * linker's own bookkeeping: readelf's view of the segments, the libOS ELF as
 * elf-tools reads it (the libOS base is found by locating its text in the
 * image), the original program's bytes, and Capstone's decoding of every
 * trampoline.
 */
class ImageStructureTest {
    private static final Path CORPUS_BIN = Path.of("..", "corpus", "target", "bin").toAbsolutePath().normalize();
    private static final Path BUSYBOX = Path.of("/bin/busybox");
    /** image.h: a static-PIE is placed at this documented base; a static executable at its link addresses. */
    private static final long PIE_BASE = 0x555555554000L;
    private static final Pattern LOAD = Pattern.compile(
            "^\\s*LOAD\\s+0x([0-9a-f]+)\\s+0x([0-9a-f]+)\\s+0x([0-9a-f]+)\\s+0x([0-9a-f]+)\\s+0x([0-9a-f]+)", Pattern.MULTILINE);

    private static Disassembler disassembler;
    private static Libos libos;
    private static ElfFile libosElf;

    @BeforeAll
    static void setUp() throws Exception {
        disassembler = new Disassembler();
        libos = Libos.load();
        try (InputStream in = Libos.class.getResourceAsStream(Libos.RESOURCE)) {
            libosElf = ElfFile.parse("libos.elf", in.readAllBytes());
        }
    }

    @AfterAll
    static void tearDown() {
        disassembler.close();
    }

    static List<Path> programs() throws IOException {
        assertTrue(Files.isDirectory(CORPUS_BIN), CORPUS_BIN + " missing: make -C corpus all");
        List<Path> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(CORPUS_BIN)) {
            files.filter(p -> p.toString().matches(".*\\.(glibc|pie|musl)")).sorted().forEach(out::add);
        }
        assertTrue(out.size() >= 30, "expected the corpus' glibc, pie and musl builds, found " + out);
        assertTrue(Files.isRegularFile(BUSYBOX), "/bin/busybox missing: apt-get install busybox-static");
        out.add(BUSYBOX);
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("programs")
    void imageIsWellFormedAndHoldsTheProgramAndTheLibos(Path program, @org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        ElfFile app = ElfFile.read(program);
        Image linked = ImageLinker.link(app, program, ImageOptions.defaults(), libos, disassembler);
        byte[] bytes = linked.bytes();
        ElfFile image = ElfFile.parse("image", bytes);
        assertEquals(FileHeader.ET_EXEC, image.header().type());

        Path file = Files.write(dir.resolve("image.uk"), bytes);
        loadsAreSortedAndDisjointPerReadelf(file);

        long appBase = app.header().type() == FileHeader.ET_DYN ? PIE_BASE : 0;
        long libosBase = libosBaseFoundInImage(image);
        assertEquals(libosBase + libosSymbol("az_boot"), image.entry(), "e_entry is az_boot");

        ImageNote note = noteOf(image);
        assertEquals(ImageNote.MAGIC, note.magic());
        assertEquals(appBase, note.appBase());
        assertEquals(app.entry() + appBase, note.appEntry());
        assertEquals(descriptorAddress(image), readLong(image, libosBase + libosSymbol("az_image")),
                "az_image holds the descriptor's runtime address");
        for (ProgramHeader h : app.loadSegments()) {
            assertTrue(image.loadSegments().stream().anyMatch(l -> l.vaddr() == h.vaddr() + appBase),
                    "the app's segment at 0x" + Long.toHexString(h.vaddr()) + " is loaded at its address + base");
        }

        relocationsAreApplied(image, libosBase);
        List<long[]> patches = new ArrayList<>(trampolinesCallTheLibos(app, image, note, appBase, libosBase));
        patches.addAll(trapsAreInt3InPlaceOfSyscall(app, image, note, appBase));
        appBytesAreUnchangedOutsidePatches(app, bytes, patches, appBase);
    }

    /**
     * The trap table lists every trap site once, in order, and each is int 3 (CD 03)
     * where the program had `syscall`; returns their 2-byte ranges.
     */
    private static List<long[]> trapsAreInt3InPlaceOfSyscall(ElfFile app, ElfFile image, ImageNote note, long appBase) {
        assertEquals(note.trapSites(), note.trapCount(), "one trap table entry per trap site");
        List<long[]> ranges = new ArrayList<>();
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < note.trapCount(); i++) {
            long at = readLong(image, note.traps() + 8L * i);
            assertTrue(at > previous, "trap table not strictly increasing at entry " + i);
            previous = at;
            assertArrayEquals(new byte[] {0x0f, 0x05}, app.bytesAt(at - appBase, 2), "the program's syscall at 0x"
                    + Long.toHexString(at - appBase));
            assertArrayEquals(new byte[] {(byte) 0xcd, 0x03}, image.bytesAt(at, 2),
                    "int 3 at trap site 0x" + Long.toHexString(at));
            ranges.add(new long[] {at, at + 2});
        }
        return ranges;
    }

    private static void loadsAreSortedAndDisjointPerReadelf(Path file) {
        String out = org.azalea.cli.ExternalTool.output("binutils", "readelf", "-lW", file.toString());
        Matcher m = LOAD.matcher(out);
        long previousEnd = Long.MIN_VALUE;
        int loads = 0;
        while (m.find()) {
            long vaddr = Long.parseUnsignedLong(m.group(2), 16);
            long memsz = Long.parseUnsignedLong(m.group(5), 16);
            assertTrue(vaddr >= previousEnd, "readelf shows a LOAD at 0x" + m.group(2) + " before the end of the previous one:\n" + out);
            previousEnd = vaddr + memsz;
            loads++;
        }
        assertTrue(loads >= 4, "readelf shows too few LOAD segments:\n" + out);
    }

    /** Where the libOS is: the one image segment holding exactly the libOS text's bytes. */
    private static long libosBaseFoundInImage(ElfFile image) {
        ProgramHeader text = libosElf.loadSegments().stream().filter(ProgramHeader::isExecutable).findFirst().orElseThrow();
        byte[] textBytes = Arrays.copyOfRange(libosElf.bytes(), (int) text.offset(), (int) (text.offset() + text.filesz()));
        List<ProgramHeader> matches = image.loadSegments().stream().filter(p -> p.filesz() == text.filesz()
                && Arrays.equals(image.bytesAt(p.vaddr(), textBytes.length), textBytes)).toList();
        assertEquals(1, matches.size(), "segments holding the libOS text: " + matches);
        return matches.getFirst().vaddr() - text.vaddr();
    }

    private static long libosSymbol(String name) {
        return libosElf.symbols().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow().value();
    }

    /** The descriptor as the ELF reader finds it through the notes, and its address from PT_NOTE. */
    private static ImageNote noteOf(ElfFile image) {
        List<Note> notes = image.notes().stream().filter(n -> n.name().equals("Azalea")).toList();
        assertEquals(1, notes.size(), "Azalea notes: " + notes);
        assertEquals(0x415a0001, notes.getFirst().type());
        return ImageNote.decode(notes.getFirst().descriptor());
    }

    private static long descriptorAddress(ElfFile image) {
        ProgramHeader pt = image.programHeaders().stream().filter(p -> p.type() == ProgramHeader.PT_NOTE)
                .filter(p -> readInt(image, p.vaddr() + 8) == 0x415a0001).findFirst().orElseThrow();
        int namesz = readInt(image, pt.vaddr());
        long descriptor = pt.vaddr() + 12 + ((namesz + 3) & -4);
        assertEquals(0, descriptor % 8, "the descriptor is 8-byte aligned for the libOS");
        return descriptor;
    }

    /** Every byte of the program's file after the ELF header is in the image at the same offset, unless patched. */
    private static void appBytesAreUnchangedOutsidePatches(ElfFile app, byte[] image, List<long[]> patches,
                                                           long appBase) {
        byte[] original = app.bytes();
        boolean[] patched = new boolean[original.length];
        for (long[] range : patches) {
            int from = (int) app.fileOffsetOf(range[0] - appBase);
            Arrays.fill(patched, from, from + (int) (range[1] - range[0]), true);
        }
        for (int i = FileHeader.SIZE; i < original.length; i++) {
            if (original[i] != image[i] && !patched[i]) {
                throw new AssertionError("app byte at file offset 0x" + Integer.toHexString(i)
                        + " changed outside every patched range");
            }
        }
    }

    private static void relocationsAreApplied(ElfFile image, long libosBase) {
        int count = 0;
        for (Relocation r : libosElf.relocations()) {
            assertEquals(Relocation.R_X86_64_RELATIVE, r.type());
            assertEquals(libosBase + r.addend(), readLong(image, libosBase + r.offset()),
                    "RELATIVE relocation at libOS 0x" + Long.toHexString(r.offset()));
            count++;
        }
        assertTrue(count > 0, "the libOS has no relocations to check");
    }

    /** Checks every trampoline; returns the ranges [from, to) its site's patch overwrote (runtime addresses). */
    private static List<long[]> trampolinesCallTheLibos(ElfFile app, ElfFile image, ImageNote note, long appBase,
                                                        long libosBase) {
        List<long[]> patches = new ArrayList<>();
        Map<Long, String> entries = new HashMap<>();
        for (Symbol s : libosElf.symbols()) {
            if (s.name().equals("az_syscall_entry") || s.name().startsWith("az_entry_")) {
                entries.put(libosBase + s.value(), s.name());
            }
        }
        List<long[]> sites = siteTable(image, note);
        assertEquals(note.directSites() + note.hopSites(), sites.size());
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < sites.size(); i++) {
            long trampoline = sites.get(i)[0];
            long site = sites.get(i)[1];
            assertTrue(trampoline > previous, "site table sorted by trampoline");
            previous = trampoline;
            String where = String.format("site 0x%x, trampoline 0x%x", site, trampoline);
            Instruction original = disassembler.decodeOne(site - appBase, app.bytesAt(site - appBase, 2), 0,
                    Decoding.TEXT).orElseThrow();
            assertEquals("syscall", original.mnemonic(), where + ": the original has a syscall there");

            long next = i + 1 < sites.size() ? sites.get(i + 1)[0] : note.trampEnd();
            int window = (int) (next - trampoline);
            List<Instruction> code = disassembler.decodeAll(trampoline, image.bytesAt(trampoline, window), Decoding.TEXT);
            int lea = 0;
            while (!(code.get(lea).mnemonic().equals("lea") && code.get(lea).operandText().equals("rsp, [rsp - 0x80]"))) {
                lea++;
                assertTrue(lea < 8, where + ": no red-zone step in " + code);
            }
            Instruction call = code.get(lea + 1);
            long target = Long.decode(call.operandText());
            assertTrue(entries.containsKey(target), where + ": calls 0x" + Long.toHexString(target)
                    + ", which is no libOS entry (" + entries.values() + ")");
            // exit and exit_group never return: their trampolines jump (trampoline.h)
            String entry = entries.get(target);
            boolean noReturn = entry.equals("az_entry_exit") || entry.equals("az_entry_exit_group");
            assertEquals(noReturn ? "jmp" : "call", call.mnemonic(), where + " (" + entry + ")");
            assertTrue(Math.abs(target - call.end()) < (1L << 31), where + ": rel32 reach");
            assertEquals("rsp, [rsp + 0x80]", code.get(lea + 2).operandText(), where);
            // the trampoline ends with the jump back, then int3 up to the next one
            int back = code.size() - 1;
            while (code.get(back).mnemonic().equals("int3")) {
                back--;
            }
            assertEquals("jmp", code.get(back).mnemonic(), where + ": the trampoline ends with the jump back");
            long resume = Long.decode(code.get(back).operandText());
            patches.addAll(displacedCodeIsTheOriginal(app, image, code.subList(0, lea), site, trampoline, resume,
                    appBase, where));
        }
        return patches;
    }

    /**
     * The site's patch jumps to its trampoline, and the instructions the
     * trampoline replays before the call are the original ones between the
     * patch's start and the syscall.
     */
    private static List<long[]> displacedCodeIsTheOriginal(ElfFile app, ElfFile image, List<Instruction> before,
                                                          long site, long trampoline, long resume, long appBase,
                                                          String where) {
        for (long start = site; start >= site - 15L * 4; start--) {
            byte[] b = image.bytesAt(start, 1);
            if ((b[0] & 0xff) == 0xe9 && jmpRel32Target(image, start) == trampoline) {
                List<Instruction> originals = disassembler.decodeAll(start - appBase,
                        app.bytesAt(start - appBase, (int) (site - start)), Decoding.TEXT);
                assertEquals(originals.stream().map(Instruction::mnemonic).toList(),
                        before.stream().map(Instruction::mnemonic).toList(), where + ": displaced instructions");
                assertTrue(resume > site && resume - start < 64, where + ": resumes at 0x" + Long.toHexString(resume));
                return List.of(new long[] {start, resume});
            }
        }
        // Not a direct patch (whose jmp may well hold an 0xeb byte at the site): a hop.
        byte[] atSite = image.bytesAt(site, 2);
        if ((atSite[0] & 0xff) == 0xeb) {
            long padding = site + 2 + atSite[1];
            assertEquals(trampoline, jmpRel32Target(image, padding), where + ": hop padding jumps to the trampoline");
            assertTrue(before.isEmpty(), where + ": a hop displaces nothing");
            assertEquals(site + 2, resume, where + ": a hop resumes after the syscall");
            return List.of(new long[] {site, site + 2}, new long[] {padding, padding + 5});
        }
        throw new AssertionError(where + ": no jmp to the trampoline at or before the site");
    }

    /** {trampoline, site} pairs read from the image's memory through the descriptor. */
    private static List<long[]> siteTable(ElfFile image, ImageNote note) {
        List<long[]> out = new ArrayList<>();
        for (int i = 0; i < note.siteCount(); i++) {
            out.add(new long[] {readLong(image, note.sites() + 16L * i), readLong(image, note.sites() + 16L * i + 8)});
        }
        return out;
    }

    private static long jmpRel32Target(ElfFile image, long at) {
        ByteBuffer b = ByteBuffer.wrap(image.bytesAt(at, 5)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals((byte) 0xe9, b.get(0));
        return at + 5 + b.getInt(1);
    }

    private static long readLong(ElfFile image, long address) {
        return ByteBuffer.wrap(image.bytesAt(address, 8)).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private static int readInt(ElfFile image, long address) {
        return ByteBuffer.wrap(image.bytesAt(address, 4)).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }
}
