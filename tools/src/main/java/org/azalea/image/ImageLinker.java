/*
 * ImageLinker: turns a static (or static-PIE) program into a unikernel image
 * (libos/include/azalea/image.h describes the result). It rewrites the
 * program's syscall sites into trampolines that call the libOS, then lays out
 * one ET_EXEC file:
 *   - the patched program's bytes, each at its original file offset (the
 *     program's own program header table stays where it is: it is the table
 *     the program finds in memory through AT_PHDR, at link addresses, which a
 *     static-PIE's self-relocation relies on); only the ELF header changes;
 *   - the libOS segments, RELATIVE relocations applied for their place, just
 *     below the trampoline segment (LibosEntries), and az_image set;
 *   - a read-only segment with the image note (descriptor), the site table,
 *     the libOS function symbols and their names;
 *   - a new program header table (every PT_LOAD, sorted, plus PT_NOTE and
 *     PT_GNU_STACK) and a new section name table, so readelf and objdump
 *     work on images.
 * A static-PIE is placed at PIE_BASE (every address moves by it and the image
 * carries AZ_IMAGE_PIE); a static executable stays at its link addresses.
 * With ImageOptions.trapOnly no site is rewritten: every site is planned as a
 * trap and the program carries no trampoline segment.
 * A CALL program (`azalea build`: newlib and pthread-embedded calling the
 * libOS directly) defines the absolute symbol CALL_BASE_SYMBOL: the address
 * it was linked to find the libOS at, its az_* references resolved against
 * it. The libOS goes exactly there, each of those references is checked
 * against the libOS in hand (a program built against another libOS is
 * refused), and nothing is rewritten (a stray `syscall` becomes a trap).
 */
package org.azalea.image;

import org.azalea.elf.ElfFile;
import org.azalea.elf.ElfFormatException;
import org.azalea.elf.FileHeader;
import org.azalea.elf.Hex;
import org.azalea.elf.ProgramHeader;
import org.azalea.elf.Relocation;
import org.azalea.elf.Section;
import org.azalea.elf.Symbol;
import org.azalea.inspect.BinaryKind;
import org.azalea.inspect.LinkageReport;
import org.azalea.rewriter.FunctionCatalog;
import org.azalea.rewriter.PatchedProgram;
import org.azalea.rewriter.PatchedSite;
import org.azalea.rewriter.Patcher;
import org.azalea.rewriter.RewritePlan;
import org.azalea.rewriter.SitePlan;
import org.azalea.rewriter.SyscallAnalysis;
import org.azalea.rewriter.SyscallReport;
import org.azalea.rewriter.SyscallRewriter;
import org.azalea.rewriter.Tactic;
import org.azalea.x86.Disassembler;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

public final class ImageLinker {
    /**
     * Where a static-PIE goes: the address Linux gives a PIE run without ASLR
     * (setarch -R), so crash addresses match what developers see under gdb.
     */
    public static final long PIE_BASE = 0x555555554000L;
    /** Name of the section covering libOS load n. */
    public static final String LIBOS_SECTION = ".azalea.libos.";
    public static final String NOTE_SECTION = ".azalea.note";
    /** The reason every site of a trap-only image gives for its tactic. */
    public static final String TRAP_ONLY_REASON = "trap-only requested";
    /** The absolute symbol by which a CALL program says where it expects the libOS. */
    public static final String CALL_BASE_SYMBOL = "__azalea_libos_base";
    /** The reason a syscall site of a CALL program gives for its tactic. */
    public static final String CALL_REASON = "a CALL program is not rewritten";
    private static final long PAGE = Libos.PAGE;
    /**
     * The note starts 4 bytes into its segment so that its descriptor (after
     * the 12-byte header and the 8-byte padded name) is 8-byte aligned.
     */
    private static final int NOTE_OFFSET = 4;
    private static final int NOTE_NAME_SIZE = 8;
    private static final int NOTE_HEADER = 12;
    static final int DESCRIPTOR_OFFSET = NOTE_OFFSET + NOTE_HEADER + NOTE_NAME_SIZE;
    private static final int NOTE_SIZE = NOTE_HEADER + NOTE_NAME_SIZE + ImageNote.SIZE;

    /** One segment of the image with what it is, for error messages. */
    private record Placed(String what, ProgramHeader header, boolean added) {
    }

    /** The libOS function symbols the note carries: sorted addresses, names in one string table. */
    private record SymbolTable(List<Symbol> symbols, byte[] strings, int[] nameOffsets) {
    }

    private ImageLinker() {
    }

    /**
     * Links a program with the libOS. Bad input (not a static program, or
     * malformed in a way only linking reveals) throws ElfFormatException.
     */
    public static Image link(ElfFile app, Path appPath, ImageOptions options, Libos libos, Disassembler d)
            throws ElfFormatException {
        LinkageReport linkage = LinkageReport.classify(app);
        if (linkage.kind() == BinaryKind.DYNAMIC) {
            throw new ElfFormatException(app.name(), -1, "not a static program: " + linkage.reason());
        }
        LibosEntries entries = new LibosEntries(libos);
        Long callBase = callBase(app, libos);
        PatchedProgram patched = callBase != null ? trapOnly(app, entries, d, CALL_REASON)
                : options.trapOnly() ? trapOnly(app, entries, d, TRAP_ONLY_REASON)
                : SyscallRewriter.rewrite(app, entries, d);
        ElfFile p = patched.elf();
        long base = p.header().type() == FileHeader.ET_DYN ? PIE_BASE : 0;
        long libosBase = callBase != null ? callBase : base + entries.libosBase(patched.trampolineAddress());

        List<ProgramHeader> appLoads = p.loadSegments().stream().filter(h -> h.memsz() > 0).toList();
        long appEnd = Libos.alignUp(appLoads.stream().mapToLong(ProgramHeader::vaddrEnd).max().orElseThrow(), PAGE);
        long trampStart = patched.trampolineAddress();
        long trampEnd = trampStart + patched.trampolineSize();
        // The patched program may map its moved program header table just past the
        // trampolines, so the note goes past everything the program maps.
        long noteSegment = base + Math.max(Libos.alignUp(trampEnd, PAGE), appEnd);
        long descriptorAddress = noteSegment + DESCRIPTOR_OFFSET;

        SymbolTable symbols = symbolTable(libos);
        List<PatchedSite> sites = patched.sites().stream()
                .sorted(Comparator.comparingLong(PatchedSite::trampoline)).toList();
        List<Long> traps = patched.trapSites().stream().sorted().toList();
        long sitesAddress = noteSegment + alignUp8(DESCRIPTOR_OFFSET + ImageNote.SIZE);
        long trapsAddress = sitesAddress + (long) sites.size() * ImageNote.SITE_SIZE;
        long symbolsAddress = trapsAddress + (long) traps.size() * ImageNote.TRAP_SIZE;
        long stringsAddress = symbolsAddress + (long) symbols.symbols().size() * ImageNote.SYMBOL_SIZE;
        Map<String, Long> totals = patched.plan().totals();
        ImageNote note = new ImageNote(ImageNote.MAGIC, ImageNote.VERSION, base != 0 ? ImageNote.FLAG_PIE : 0, base,
                p.entry() + base, appPhdr(p) + base, p.header().phnum(), p.header().phentsize(), base + appEnd,
                base + trampStart, base + trampEnd, sitesAddress, sites.size(), options.cores(), options.memory(),
                Math.toIntExact(totals.get("direct")), Math.toIntExact(totals.get("hop")),
                Math.toIntExact(totals.get("trap")), Math.toIntExact(patched.plan().sites().stream()
                        .filter(s -> s.site().number() instanceof org.azalea.rewriter.SyscallNumber.Unknown).count()),
                symbolsAddress, symbols.symbols().size(), symbols.strings().length, stringsAddress, traps.size(),
                Math.toIntExact(patched.plan().unprovenPairs()), trapsAddress);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(p.bytes());
        List<Placed> placed = new ArrayList<>();
        for (ProgramHeader h : appLoads) {
            long align = h.align() > 0 && base % h.align() == 0 ? h.align() : PAGE;
            placed.add(new Placed("application segment at " + Hex.of(h.vaddr()), new ProgramHeader(ProgramHeader.PT_LOAD,
                    h.flags(), h.offset(), h.vaddr() + base, h.paddr() + base, h.filesz(), h.memsz(), align), false));
        }
        List<Section> added = new ArrayList<>();
        byte[] libosBytes = relocatedLibos(libos, libosBase, descriptorAddress);
        List<ProgramHeader> libosLoads = libos.loads().stream().sorted(Comparator.comparingLong(ProgramHeader::vaddr))
                .toList();
        for (int n = 0; n < libosLoads.size(); n++) {
            ProgramHeader h = libosLoads.get(n);
            long vaddr = libosBase + h.vaddr();
            long offset = congruentOffset(out, vaddr);
            out.write(libosBytes, (int) h.offset(), (int) h.filesz());
            placed.add(new Placed("libOS segment " + n, new ProgramHeader(ProgramHeader.PT_LOAD, h.flags(), offset,
                    vaddr, vaddr, h.filesz(), h.memsz(), PAGE), true));
            added.add(new Section(0, LIBOS_SECTION + n, 0, h.filesz() > 0 ? Section.SHT_PROGBITS : Section.SHT_NOBITS,
                    sectionFlags(h.flags()), vaddr, offset, h.filesz() > 0 ? h.filesz() : h.memsz(), 0, 0, PAGE, 0));
        }

        byte[] noteBytes = noteSegment(note, sites, traps, base, symbols, libosBase);
        long noteOffset = congruentOffset(out, noteSegment);
        out.writeBytes(noteBytes);
        ProgramHeader noteLoad = new ProgramHeader(ProgramHeader.PT_LOAD, ProgramHeader.PF_R, noteOffset, noteSegment,
                noteSegment, noteBytes.length, noteBytes.length, PAGE);
        placed.add(new Placed("image note segment", noteLoad, true));
        added.add(new Section(0, NOTE_SECTION, 0, Section.SHT_NOTE, Section.SHF_ALLOC, noteSegment + NOTE_OFFSET,
                noteOffset + NOTE_OFFSET, NOTE_SIZE, 0, 0, 4, 0));

        List<ProgramHeader> phdrs = new ArrayList<>(sortedLoads(app.name(), placed));
        phdrs.add(new ProgramHeader(ProgramHeader.PT_NOTE, ProgramHeader.PF_R, noteOffset + NOTE_OFFSET,
                noteSegment + NOTE_OFFSET, noteSegment + NOTE_OFFSET, NOTE_SIZE, NOTE_SIZE, 4));
        phdrs.add(new ProgramHeader(ProgramHeader.PT_GNU_STACK, ProgramHeader.PF_R | ProgramHeader.PF_W, 0, 0, 0, 0, 0,
                16));
        pad(out, 8);
        long phoff = out.size();
        out.writeBytes(new byte[phdrs.size() * ProgramHeader.ENTRY_SIZE]);

        List<Section> sections = sections(p, base, added);
        int shstrndx = p.header().shstrndx() != 0 && !p.sections().isEmpty() ? p.header().shstrndx() : sections.size();
        if (shstrndx == sections.size()) {
            sections.add(new Section(shstrndx, ".shstrtab", 0, Section.SHT_STRTAB, 0, 0, 0, 0, 0, 0, 1, 0));
        }
        Map<String, Integer> nameOffsets = new LinkedHashMap<>();
        ByteArrayOutputStream names = new ByteArrayOutputStream();
        names.write(0);
        for (Section s : sections) {
            if (!s.name().isEmpty() && !nameOffsets.containsKey(s.name())) {
                nameOffsets.put(s.name(), names.size());
                names.writeBytes(s.name().getBytes(StandardCharsets.UTF_8));
                names.write(0);
            }
        }
        long namesOffset = out.size();
        out.writeBytes(names.toByteArray());
        List<Section> named = new ArrayList<>();
        for (int i = 0; i < sections.size(); i++) {
            Section s = sections.get(i);
            long offset = i == shstrndx ? namesOffset : s.offset();
            long size = i == shstrndx ? names.size() : s.size();
            named.add(new Section(i, s.name(), s.name().isEmpty() ? 0 : nameOffsets.get(s.name()), s.type(),
                    s.flags(), s.addr(), offset, size, s.link(), s.info(), s.addralign(), s.entsize()));
        }
        if (named.size() >= 0xff00) {
            throw new ElfFormatException(app.name(), -1, "has " + named.size()
                    + " sections: too many for an image without extended section numbering");
        }
        pad(out, 8);
        long shoff = out.size();
        out.writeBytes(new byte[named.size() * Section.ENTRY_SIZE]);

        byte[] image = out.toByteArray();
        FileHeader h = p.header();
        ElfTables.writeHeader(image, new FileHeader(h.osAbi(), h.abiVersion(), FileHeader.ET_EXEC, h.machine(),
                h.version(), libosBase + libos.requiredAddress(Libos.BOOT), phoff, shoff, h.flags(), FileHeader.SIZE,
                ProgramHeader.ENTRY_SIZE, phdrs.size(), Section.ENTRY_SIZE, named.size(), shstrndx));
        ElfTables.writeProgramHeaders(image, phoff, phdrs);
        ElfTables.writeSections(image, shoff, named);
        try {
            ElfFile.parse(app.name() + " (image)", image);
        } catch (ElfFormatException e) {
            throw new IllegalStateException("the linked image does not parse: " + e.getMessage(), e);
        }
        return new Image(appPath, image, note, patched, linkage, base, libosBase, noteSegment);
    }

    /**
     * The program with every site left as it is. The sites are still found,
     * so the report and the note's counts describe the same program.
     */
    private static PatchedProgram trapOnly(ElfFile app, LibosEntries entries, Disassembler d, String reason) {
        SyscallReport report = SyscallAnalysis.analyze(app, FunctionCatalog.discover(app, d), d);
        return Patcher.apply(app, new RewritePlan(report.sites().stream()
                .map(s -> new SitePlan(s, new Tactic.Trap(), reason)).toList(), report.unprovenPairs()),
                entries);
    }

    /**
     * Where a CALL program expects the libOS (null for any other program),
     * after checking that every libOS symbol it was linked against lies where
     * this libOS has it.
     */
    static Long callBase(ElfFile app, Libos libos) throws ElfFormatException {
        Symbol marker = app.symbols().stream()
                .filter(s -> s.name().equals(CALL_BASE_SYMBOL) && s.shndx() == Symbol.SHN_ABS).findFirst().orElse(null);
        if (marker == null) {
            return null;
        }
        if (app.header().type() != FileHeader.ET_EXEC) {
            throw new ElfFormatException(app.name(), 16, "a CALL program (it defines " + CALL_BASE_SYMBOL
                    + ") must be a static non-PIE executable");
        }
        long base = marker.value();
        for (Symbol s : app.symbols()) {
            if (s.shndx() != Symbol.SHN_ABS || !s.name().startsWith("az_")) {
                continue;
            }
            java.util.Optional<Long> offset = libos.address(s.name());
            if (offset.isEmpty() || base + offset.get() != s.value()) {
                throw new ElfFormatException(app.name(), -1, "was built against another libOS: its " + s.name()
                        + " is " + Hex.of(s.value()) + ", this libOS has it at "
                        + offset.map(o -> Hex.of(base + o)).orElse("no such symbol") + " (rebuild it with azalea build)");
            }
        }
        return base;
    }

    /**
     * Where the program finds its program header table in memory: PT_PHDR,
     * else the PT_LOAD that maps e_phoff from the file (link addresses).
     */
    private static long appPhdr(ElfFile p) throws ElfFormatException {
        for (ProgramHeader h : p.programHeaders()) {
            if (h.type() == ProgramHeader.PT_PHDR) {
                return h.vaddr();
            }
        }
        long phoff = p.header().phoff();
        long phEnd = phoff + (long) p.header().phnum() * p.header().phentsize();
        for (ProgramHeader h : p.loadSegments()) {
            if (h.containsOffset(phoff) && phEnd <= h.offset() + h.filesz()) {
                return h.vaddr() + (phoff - h.offset());
            }
        }
        throw new ElfFormatException(p.name(), 32, "the program header table (e_phoff " + Hex.of(phoff)
                + ") is in no PT_LOAD segment and there is no PT_PHDR: the program could not find it at run time");
    }

    /** The libOS file with every RELATIVE relocation applied for base and az_image pointing at the descriptor. */
    private static byte[] relocatedLibos(Libos libos, long base, long descriptorAddress) {
        ElfFile elf = libos.elf();
        ByteBuffer b = ByteBuffer.wrap(elf.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        for (Relocation r : elf.relocations()) {
            b.putLong(Math.toIntExact(elf.fileOffsetOf(r.offset())), base + r.addend());
        }
        b.putLong(Math.toIntExact(elf.fileOffsetOf(libos.requiredAddress(Libos.IMAGE_VARIABLE))), descriptorAddress);
        return b.array();
    }

    /** libOS functions with a size, one per address (a global name wins over a local alias), sorted. */
    private static SymbolTable symbolTable(Libos libos) {
        TreeMap<Long, Symbol> byAddress = new TreeMap<>();
        for (Symbol s : libos.elf().symbols()) {
            if (s.type() != Symbol.STT_FUNC || s.size() <= 0 || s.size() > 0xffffffffL || !s.isDefined()) {
                continue;
            }
            Symbol old = byAddress.get(s.value());
            if (old == null || old.binding() == Symbol.STB_LOCAL && s.binding() != Symbol.STB_LOCAL) {
                byAddress.put(s.value(), s);
            }
        }
        List<Symbol> symbols = List.copyOf(byAddress.values());
        ByteArrayOutputStream strings = new ByteArrayOutputStream();
        int[] offsets = new int[symbols.size()];
        for (int i = 0; i < symbols.size(); i++) {
            offsets[i] = strings.size();
            strings.writeBytes(symbols.get(i).name().getBytes(StandardCharsets.UTF_8));
            strings.write(0);
        }
        return new SymbolTable(symbols, strings.toByteArray(), offsets);
    }

    /** The note segment: padding, note header, name, descriptor, then the site and trap tables, symbols and strings. */
    private static byte[] noteSegment(ImageNote note, List<PatchedSite> sites, List<Long> traps, long base,
                                      SymbolTable symbols, long libosBase) {
        int sitesAt = alignUp8(DESCRIPTOR_OFFSET + ImageNote.SIZE);
        int trapsAt = sitesAt + sites.size() * ImageNote.SITE_SIZE;
        int symbolsAt = trapsAt + traps.size() * ImageNote.TRAP_SIZE;
        int stringsAt = symbolsAt + symbols.symbols().size() * ImageNote.SYMBOL_SIZE;
        ByteBuffer b = ByteBuffer.allocate(stringsAt + symbols.strings().length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(NOTE_OFFSET, ImageNote.NAME.length() + 1).putInt(NOTE_OFFSET + 4, ImageNote.SIZE)
                .putInt(NOTE_OFFSET + 8, ImageNote.TYPE)
                .put(NOTE_OFFSET + NOTE_HEADER, ImageNote.NAME.getBytes(StandardCharsets.US_ASCII))
                .put(DESCRIPTOR_OFFSET, note.encode());
        for (int i = 0; i < sites.size(); i++) {
            b.putLong(sitesAt + i * ImageNote.SITE_SIZE, base + sites.get(i).trampoline())
                    .putLong(sitesAt + i * ImageNote.SITE_SIZE + 8, base + sites.get(i).site());
        }
        for (int i = 0; i < traps.size(); i++) {
            b.putLong(trapsAt + i * ImageNote.TRAP_SIZE, base + traps.get(i));
        }
        for (int i = 0; i < symbols.symbols().size(); i++) {
            Symbol s = symbols.symbols().get(i);
            b.putLong(symbolsAt + i * ImageNote.SYMBOL_SIZE, libosBase + s.value())
                    .putInt(symbolsAt + i * ImageNote.SYMBOL_SIZE + 8, (int) s.size())
                    .putInt(symbolsAt + i * ImageNote.SYMBOL_SIZE + 12, symbols.nameOffsets()[i]);
        }
        b.put(stringsAt, symbols.strings());
        return b.array();
    }

    /** The patched program's sections (allocated ones moved by base), then the added ones, indices assigned. */
    private static List<Section> sections(ElfFile p, long base, List<Section> added) {
        List<Section> out = new ArrayList<>();
        if (p.sections().isEmpty()) {
            out.add(new Section(0, "", 0, Section.SHT_NULL, 0, 0, 0, 0, 0, 0, 0, 0));
        }
        for (Section s : p.sections()) {
            out.add(s.isAlloc() ? new Section(s.index(), s.name(), s.nameOffset(), s.type(), s.flags(), s.addr() + base,
                    s.offset(), s.size(), s.link(), s.info(), s.addralign(), s.entsize()) : s);
        }
        for (Section s : added) {
            out.add(new Section(out.size(), s.name(), 0, s.type(), s.flags(), s.addr(), s.offset(), s.size(), s.link(),
                    s.info(), s.addralign(), s.entsize()));
        }
        return out;
    }

    /**
     * The PT_LOADs sorted by address (Linux requires ascending order), with no
     * two overlapping, and no added segment sharing a page with another segment.
     */
    private static List<ProgramHeader> sortedLoads(String file, List<Placed> placed) throws ElfFormatException {
        List<Placed> sorted = placed.stream().sorted(Comparator.comparingLong(x -> x.header().vaddr())).toList();
        for (int i = 1; i < sorted.size(); i++) {
            Placed prev = sorted.get(i - 1);
            Placed next = sorted.get(i);
            long prevEnd = prev.header().vaddrEnd();
            boolean shareAPage = (next.header().vaddr() & -PAGE) < Libos.alignUp(prevEnd, PAGE);
            if (next.header().vaddr() < prevEnd || (prev.added() || next.added()) && shareAPage) {
                throw new ElfFormatException(file, -1, "cannot place the image: " + next.what() + " at "
                        + Hex.of(next.header().vaddr()) + ".." + Hex.of(next.header().vaddrEnd()) + " overlaps "
                        + prev.what() + " at " + Hex.of(prev.header().vaddr()) + ".." + Hex.of(prevEnd));
            }
        }
        return sorted.stream().map(Placed::header).toList();
    }

    private static long sectionFlags(int segmentFlags) {
        return Section.SHF_ALLOC | ((segmentFlags & ProgramHeader.PF_X) != 0 ? Section.SHF_EXECINSTR : 0)
                | ((segmentFlags & ProgramHeader.PF_W) != 0 ? Section.SHF_WRITE : 0);
    }

    /** Pads out to the first offset congruent to vaddr modulo the page size, as mmap needs; returns it. */
    private static long congruentOffset(ByteArrayOutputStream out, long vaddr) {
        long offset = out.size() + Math.floorMod(vaddr - out.size(), PAGE);
        out.writeBytes(new byte[(int) (offset - out.size())]);
        return offset;
    }

    private static void pad(ByteArrayOutputStream out, int alignment) {
        while (out.size() % alignment != 0) {
            out.write(0);
        }
    }

    private static int alignUp8(int value) {
        return (value + 7) & -8;
    }
}
