// Decodes and validates an ELF64 little-endian x86-64 image into the ElfFile model. Every
// offset and size read from the file is checked against the file (or its container) before
// use, with unsigned values of 2^63 or more treated as absurd, so malformed input can only
// produce an ElfFormatException. Parsing reads through a little-endian ByteBuffer and allocates
// per record, not per byte.
package org.azalea.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;

final class ElfReader {

    private static final byte[] MAGIC = {0x7f, 'E', 'L', 'F'};

    private final String file;
    private final byte[] bytes;
    private final ByteBuffer buf;
    private final long size;
    private FileHeader header;
    private final Map<Integer, int[]> terminators = new HashMap<>();
    private long noteBudget;

    private ElfReader(String file, byte[] bytes) {
        this.file = file;
        this.bytes = bytes;
        this.buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        this.size = bytes.length;
    }

    /** Parses bytes, which the caller must not modify afterwards (ElfFile takes ownership). */
    static ElfFile parse(String file, byte[] bytes) throws ElfFormatException {
        return new ElfReader(file, bytes).parse();
    }

    private ElfFormatException error(long offset, String problem) {
        return new ElfFormatException(file, offset, problem);
    }

    private ElfFile parse() throws ElfFormatException {
        header = readHeader();
        Section section0 = header.shoff() > 0 && header.shoff() <= size - Section.ENTRY_SIZE
                ? readRawSection(0, header.shoff()) : null;
        int shnum = sectionCount(header, section0);
        int phnum = programHeaderCount(header, section0);
        List<ProgramHeader> phdrs = readProgramHeaders(header, phnum);
        checkLoadSegments(header, phdrs);
        List<Section> sections = readSections(header, shnum, section0);
        List<Symbol> symtab = new ArrayList<>();
        List<Symbol> dynsym = new ArrayList<>();
        List<Relocation> relocations = new ArrayList<>();
        Section symtabSection = null;
        Section dynsymSection = null;
        long relocationBytes = 0;
        for (Section s : sections) {
            switch (s.type()) {
                case Section.SHT_SYMTAB -> {
                    requireSingle(symtabSection, s, "SHT_SYMTAB");
                    symtabSection = s;
                    symtab.addAll(readSymbols(s, sections));
                }
                case Section.SHT_DYNSYM -> {
                    requireSingle(dynsymSection, s, "SHT_DYNSYM");
                    dynsymSection = s;
                    dynsym.addAll(readSymbols(s, sections));
                }
                case Section.SHT_RELA, Section.SHT_REL -> {
                    // Sections may alias each other's bytes; bounding the total keeps decoding linear.
                    relocationBytes += s.size();
                    if (relocationBytes > size) {
                        throw error(headerOffset(s), "relocation sections up to " + describe(s) + " total "
                                + Hex.of(relocationBytes) + " bytes, more than the file size " + Hex.of(size));
                    }
                    relocations.addAll(readRelocations(s));
                }
                default -> {
                }
            }
        }
        List<Note> notes = readNotes(phdrs, sections);
        List<DynamicEntry> dynamic = readDynamic(phdrs, sections);
        List<FrameDescription> frames = readFrames(phdrs, sections);
        return new ElfFile(file, bytes, header, phdrs, sections, symtab, dynsym, notes, relocations, dynamic, frames);
    }

    private FileHeader readHeader() throws ElfFormatException {
        if (size == 0) {
            throw error(-1, "file is empty");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (i >= size) {
                throw error(0, "too short for an ELF header (" + size + " bytes, need " + FileHeader.SIZE + ")");
            }
            if (bytes[i] != MAGIC[i]) {
                throw error(0, "bad magic " + magicString() + ", expected 7f 45 4c 46 (\\x7fELF): not an ELF file");
            }
        }
        if (size > 4) {
            int elfClass = bytes[4] & 0xff;
            if (elfClass == FileHeader.ELFCLASS32) {
                throw error(4, "ELF class 1 (ELFCLASS32, 32-bit), expected 2 (ELFCLASS64)");
            }
            if (elfClass != FileHeader.ELFCLASS64) {
                throw error(4, "ELF class " + elfClass + " is invalid, expected 2 (ELFCLASS64)");
            }
        }
        if (size > 5) {
            int data = bytes[5] & 0xff;
            if (data == FileHeader.ELFDATA2MSB) {
                throw error(5, "data encoding 2 (ELFDATA2MSB, big-endian), expected 1 (ELFDATA2LSB, little-endian)");
            }
            if (data != FileHeader.ELFDATA2LSB) {
                throw error(5, "data encoding " + data + " is invalid, expected 1 (ELFDATA2LSB, little-endian)");
            }
        }
        if (size < FileHeader.SIZE) {
            throw error(0, "too short for an ELF header (" + size + " bytes, need " + FileHeader.SIZE + ")");
        }
        int identVersion = bytes[6] & 0xff;
        if (identVersion != FileHeader.EV_CURRENT) {
            throw error(6, "identification version " + identVersion + ", expected 1 (EV_CURRENT)");
        }
        int machine = u16(18);
        if (machine != FileHeader.EM_X86_64) {
            throw error(18, "machine " + machine + " (" + FileHeader.machineName(machine)
                    + "), expected 62 (x86-64)");
        }
        int version = buf.getInt(20);
        if (version != FileHeader.EV_CURRENT) {
            throw error(20, "version " + Integer.toUnsignedString(version) + ", expected 1 (EV_CURRENT)");
        }
        FileHeader h = new FileHeader(bytes[7] & 0xff, bytes[8] & 0xff, u16(16), machine, version, buf.getLong(24),
                buf.getLong(32), buf.getLong(40), buf.getInt(48), u16(52), u16(54), u16(56), u16(58), u16(60),
                u16(62));
        if (h.ehsize() != FileHeader.SIZE) {
            throw error(52, "header size (e_ehsize) " + h.ehsize() + ", expected 64");
        }
        if (h.phnum() != 0 && h.phentsize() != ProgramHeader.ENTRY_SIZE) {
            throw error(54, "program header entry size (e_phentsize) " + h.phentsize() + ", expected 56");
        }
        if ((h.shnum() != 0 || h.shoff() != 0) && h.shentsize() != Section.ENTRY_SIZE) {
            throw error(58, "section header entry size (e_shentsize) " + h.shentsize() + ", expected 64");
        }
        return h;
    }

    private String magicString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(4, bytes.length); i++) {
            sb.append(i == 0 ? "" : " ").append(String.format("%02x", bytes[i] & 0xff));
        }
        return sb.toString();
    }

    private int u16(int at) {
        return buf.getShort(at) & 0xffff;
    }

    /** Throws unless [offset, offset + length) lies within the file; both are unsigned 64-bit. */
    private void requireInFile(long at, String what, long offset, long length) throws ElfFormatException {
        if (offset < 0 || length < 0 || offset > size || length > size - offset) {
            throw error(at, what + " extends past end of file (offset " + Hex.of(offset) + ", size " + Hex.of(length)
                    + ", file size " + Hex.of(size) + ")");
        }
    }

    private int sectionCount(FileHeader h, Section section0) throws ElfFormatException {
        if (h.shoff() == 0) {
            if (h.shnum() != 0) {
                throw error(60, "section header count (e_shnum) " + h.shnum() + " but no section header table "
                        + "(e_shoff is 0)");
            }
            return 0;
        }
        requireInFile(40, "section header table", h.shoff(), Section.ENTRY_SIZE);
        if (h.shnum() != 0) {
            return h.shnum();
        }
        long count = section0.size();
        if (count < 1 || count > size / Section.ENTRY_SIZE) {
            throw error(h.shoff(), "extended section count (section 0 sh_size) " + Hex.of(count)
                    + " is absurd for a file of size " + Hex.of(size));
        }
        return (int) count;
    }

    private int programHeaderCount(FileHeader h, Section section0) throws ElfFormatException {
        if (h.phnum() != FileHeader.PN_XNUM) {
            return h.phnum();
        }
        if (section0 == null) {
            throw error(56, "program header count is PN_XNUM (0xffff) but there is no section header 0 to hold "
                    + "the real count");
        }
        return section0.info();
    }

    private List<ProgramHeader> readProgramHeaders(FileHeader h, int phnum) throws ElfFormatException {
        if (phnum == 0) {
            return List.of();
        }
        long tableSize = (long) phnum * ProgramHeader.ENTRY_SIZE;
        requireInFile(32, "program header table (" + phnum + " entries)", h.phoff(), tableSize);
        List<ProgramHeader> result = new ArrayList<>(phnum);
        for (int i = 0; i < phnum; i++) {
            int at = (int) (h.phoff() + (long) i * ProgramHeader.ENTRY_SIZE);
            ProgramHeader p = new ProgramHeader(buf.getInt(at), buf.getInt(at + 4), buf.getLong(at + 8),
                    buf.getLong(at + 16), buf.getLong(at + 24), buf.getLong(at + 32), buf.getLong(at + 40),
                    buf.getLong(at + 48));
            String what = "program header " + i + " (" + ProgramHeader.typeName(p.type()) + ")";
            if (p.type() != ProgramHeader.PT_NULL && p.filesz() != 0) {
                requireInFile(at, what, p.offset(), p.filesz());
            }
            if (p.isLoad()) {
                if (Long.compareUnsigned(p.filesz(), p.memsz()) > 0) {
                    throw error(at, what + " has file size " + Hex.of(p.filesz()) + " larger than memory size "
                            + Hex.of(p.memsz()));
                }
                if (p.vaddr() < 0 || p.memsz() < 0 || p.vaddr() > Long.MAX_VALUE - p.memsz()) {
                    throw error(at, what + " address range is absurd (vaddr " + Hex.of(p.vaddr()) + ", memsz "
                            + Hex.of(p.memsz()) + ")");
                }
            }
            result.add(p);
        }
        return List.copyOf(result);
    }

    private void checkLoadSegments(FileHeader h, List<ProgramHeader> phdrs) throws ElfFormatException {
        List<Integer> loads = new ArrayList<>();
        for (int i = 0; i < phdrs.size(); i++) {
            if (phdrs.get(i).isLoad() && phdrs.get(i).memsz() != 0) {
                loads.add(i);
            }
        }
        loads.sort(Comparator.comparingLong(i -> phdrs.get(i).vaddr()));
        for (int k = 1; k < loads.size(); k++) {
            ProgramHeader prev = phdrs.get(loads.get(k - 1));
            ProgramHeader next = phdrs.get(loads.get(k));
            if (next.vaddr() < prev.vaddrEnd()) {
                int i = loads.get(k);
                throw error(h.phoff() + (long) i * ProgramHeader.ENTRY_SIZE, "program header " + i
                        + " (LOAD) overlaps program header " + loads.get(k - 1) + " (LOAD): vaddr range "
                        + Hex.of(next.vaddr()) + ".." + Hex.of(next.vaddrEnd()) + " intersects "
                        + Hex.of(prev.vaddr()) + ".." + Hex.of(prev.vaddrEnd()));
            }
        }
    }

    private Section readRawSection(int index, long at) {
        int p = (int) at;
        return new Section(index, "", buf.getInt(p), buf.getInt(p + 4), buf.getLong(p + 8), buf.getLong(p + 16),
                buf.getLong(p + 24), buf.getLong(p + 32), buf.getInt(p + 40), buf.getInt(p + 44), buf.getLong(p + 48),
                buf.getLong(p + 56));
    }

    private long sectionHeaderAt(FileHeader h, int index) {
        return h.shoff() + (long) index * Section.ENTRY_SIZE;
    }

    private List<Section> readSections(FileHeader h, int shnum, Section section0) throws ElfFormatException {
        if (shnum == 0) {
            return List.of();
        }
        requireInFile(40, "section header table (" + shnum + " entries)", h.shoff(),
                (long) shnum * Section.ENTRY_SIZE);
        List<Section> raw = new ArrayList<>(shnum);
        for (int i = 0; i < shnum; i++) {
            long at = sectionHeaderAt(h, i);
            raw.add(readRawSection(i, at));
        }
        int shstrndx = h.shstrndx() == FileHeader.SHN_XINDEX ? section0.link() : h.shstrndx();
        if (shstrndx == 0) {
            for (Section s : raw) {
                if (s.index() != 0 && s.hasFileContents()) {
                    requireInFile(sectionHeaderAt(h, s.index()), "section header " + s.index(), s.offset(), s.size());
                }
            }
            return List.copyOf(raw);
        }
        if (shstrndx < 0 || shstrndx >= shnum) {
            throw error(62, "section name table index (e_shstrndx) " + Integer.toUnsignedString(shstrndx)
                    + " is out of range (" + shnum + " sections)");
        }
        Section names = raw.get(shstrndx);
        if (names.type() != Section.SHT_STRTAB) {
            throw error(sectionHeaderAt(h, shstrndx), "section name table (section " + shstrndx + ") has type "
                    + Hex.ofU32(names.type()) + ", expected SHT_STRTAB (3)");
        }
        requireInFile(sectionHeaderAt(h, shstrndx), "section header " + shstrndx + " (section name table)",
                names.offset(), names.size());
        List<Section> named = new ArrayList<>(shnum);
        for (Section s : raw) {
            String name = string(names, Integer.toUnsignedLong(s.nameOffset()), sectionHeaderAt(h, s.index()),
                    "section header " + s.index() + " name");
            String what = "section header " + s.index() + " (" + name + ")";
            if (s.index() != 0 && s.hasFileContents()) {
                requireInFile(sectionHeaderAt(h, s.index()), what, s.offset(), s.size());
            }
            named.add(new Section(s.index(), name, s.nameOffset(), s.type(), s.flags(), s.addr(), s.offset(),
                    s.size(), s.link(), s.info(), s.addralign(), s.entsize()));
        }
        return List.copyOf(named);
    }

    /** Reads a NUL-terminated string at offset within a string table section. */
    private String string(Section table, long offset, long at, String what) throws ElfFormatException {
        if (offset >= table.size()) {
            throw error(at, what + " offset " + Hex.of(offset) + " is past the end of string table " + table.index()
                    + (table.name().isEmpty() ? "" : " (" + table.name() + ")") + " (size " + Hex.of(table.size())
                    + ")");
        }
        int end = terminators(table)[(int) offset];
        if (end < 0) {
            throw error(at, what + " at string table offset " + Hex.of(offset) + " is not NUL-terminated within "
                    + "string table " + table.index() + " (size " + Hex.of(table.size()) + ")");
        }
        int start = (int) (table.offset() + offset);
        return new String(bytes, start, end - (int) offset, StandardCharsets.UTF_8);
    }

    /**
     * For each position of a string table, the position of the next NUL (-1 if none). Built once
     * per table, so resolving many names costs time linear in the table, whatever the offsets.
     */
    private int[] terminators(Section table) {
        return terminators.computeIfAbsent(table.index(), k -> {
            int start = (int) table.offset();
            int[] next = new int[(int) table.size()];
            int nul = -1;
            for (int i = next.length - 1; i >= 0; i--) {
                if (bytes[start + i] == 0) {
                    nul = i;
                }
                next[i] = nul;
            }
            return next;
        });
    }

    /** The ELF specification allows one symbol table of each kind; more would multiply work. */
    private void requireSingle(Section previous, Section s, String kind) throws ElfFormatException {
        if (previous != null) {
            throw error(headerOffset(s), describe(s) + " is a second " + kind + " section (the first is "
                    + describe(previous) + ")");
        }
    }

    private String describe(Section s) {
        return "section " + s.index() + " (" + s.name() + ")";
    }

    private long headerOffset(Section s) {
        return sectionHeaderAt(header, s.index());
    }

    private List<Symbol> readSymbols(Section s, List<Section> sections) throws ElfFormatException {
        long at = headerOffset(s);
        if (s.entsize() != Symbol.ENTRY_SIZE) {
            throw error(at, describe(s) + " symbol entry size (sh_entsize) " + Hex.of(s.entsize())
                    + ", expected 0x18");
        }
        if (s.size() % Symbol.ENTRY_SIZE != 0) {
            throw error(at, describe(s) + " size " + Hex.of(s.size()) + " is not a multiple of the entry size 0x18");
        }
        if (s.link() <= 0 || s.link() >= sections.size() || sections.get(s.link()).type() != Section.SHT_STRTAB) {
            String linked = s.link() > 0 && s.link() < sections.size()
                    ? "type " + Hex.ofU32(sections.get(s.link()).type()) : "out of range";
            throw error(at, describe(s) + " links to section " + Integer.toUnsignedString(s.link()) + " (" + linked
                    + "), expected a SHT_STRTAB section");
        }
        Section strings = sections.get(s.link());
        int count = (int) (s.size() / Symbol.ENTRY_SIZE);
        List<Symbol> result = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int p = (int) (s.offset() + (long) i * Symbol.ENTRY_SIZE);
            int info = bytes[p + 4] & 0xff;
            String name = string(strings, Integer.toUnsignedLong(buf.getInt(p)), p,
                    describe(s) + " symbol " + i + " name");
            result.add(new Symbol(i, name, buf.getLong(p + 8), buf.getLong(p + 16), info & 0xf, info >>> 4,
                    bytes[p + 5] & 3, u16(p + 6)));
        }
        return result;
    }

    private List<Relocation> readRelocations(Section s) throws ElfFormatException {
        long at = headerOffset(s);
        boolean rela = s.type() == Section.SHT_RELA;
        long entrySize = rela ? 24 : 16;
        if (s.entsize() != entrySize) {
            throw error(at, describe(s) + " relocation entry size (sh_entsize) " + Hex.of(s.entsize())
                    + ", expected " + Hex.of(entrySize));
        }
        if (s.size() % entrySize != 0) {
            throw error(at, describe(s) + " size " + Hex.of(s.size()) + " is not a multiple of the entry size "
                    + Hex.of(entrySize));
        }
        int count = (int) (s.size() / entrySize);
        List<Relocation> result = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int p = (int) (s.offset() + i * entrySize);
            result.add(Relocation.fromInfo(s.index(), buf.getLong(p), buf.getLong(p + 8),
                    rela ? buf.getLong(p + 16) : 0));
        }
        return result;
    }

    private List<Note> readNotes(List<ProgramHeader> phdrs, List<Section> sections) throws ElfFormatException {
        List<Note> notes = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        // Sections and segments normally list each note at most twice; a budget keeps crafted,
        // heavily overlapping containers from costing quadratic time.
        noteBudget = size / 6 + 64;
        for (Section s : sections) {
            if (s.type() == Section.SHT_NOTE && s.size() != 0) {
                readNoteRange(notes, seen, describe(s), headerOffset(s), s.offset(), s.size(), s.addralign());
            }
        }
        for (int i = 0; i < phdrs.size(); i++) {
            ProgramHeader p = phdrs.get(i);
            if (p.type() == ProgramHeader.PT_NOTE && p.filesz() != 0) {
                long at = header.phoff() + (long) i * ProgramHeader.ENTRY_SIZE;
                readNoteRange(notes, seen, "program header " + i + " (NOTE)", at, p.offset(), p.filesz(), p.align());
            }
        }
        notes.sort(Comparator.comparingLong(Note::offset));
        return notes;
    }

    private void readNoteRange(List<Note> out, Set<Long> seen, String container, long at, long offset, long length,
                               long align) throws ElfFormatException {
        long alignment = align == 8 ? 8 : 4;
        long end = offset + length;
        long pos = offset;
        while (pos < end) {
            if (end - pos < 12) {
                throw error(pos, "note header at " + Hex.of(pos) + " in " + container + " is truncated ("
                        + (end - pos) + " bytes left, need 12; container ends at " + Hex.of(end) + ")");
            }
            if (--noteBudget < 0) {
                throw error(at, container + " makes the note containers overlap excessively (more note headers "
                        + "visited than " + Hex.of(size / 6 + 64) + ")");
            }
            int p = (int) pos;
            long namesz = Integer.toUnsignedLong(buf.getInt(p));
            long descsz = Integer.toUnsignedLong(buf.getInt(p + 4));
            int type = buf.getInt(p + 8);
            long nameStart = pos + 12;
            long descStart = alignUp(nameStart + namesz, alignment);
            long next = alignUp(descStart + descsz, alignment);
            if (descStart + descsz > end) {
                throw error(pos, "note at " + Hex.of(pos) + " in " + container + " has name size " + Hex.of(namesz)
                        + " and descriptor size " + Hex.of(descsz) + " extending past its container (ends at "
                        + Hex.of(end) + ")");
            }
            if (seen.add(pos)) {
                int nameLength = (int) namesz;
                while (nameLength > 0 && bytes[(int) nameStart + nameLength - 1] == 0) {
                    nameLength--;
                }
                String name = new String(bytes, (int) nameStart, nameLength, StandardCharsets.UTF_8);
                byte[] desc = new byte[(int) descsz];
                System.arraycopy(bytes, (int) descStart, desc, 0, desc.length);
                out.add(new Note(pos, name, type, desc));
            }
            pos = Math.min(next, end);
        }
    }

    private static long alignUp(long value, long alignment) {
        return (value + alignment - 1) & -alignment;
    }

    private List<DynamicEntry> readDynamic(List<ProgramHeader> phdrs, List<Section> sections)
            throws ElfFormatException {
        long offset = -1;
        long length = 0;
        long at = -1;
        String what = null;
        for (int i = 0; i < phdrs.size(); i++) {
            ProgramHeader p = phdrs.get(i);
            if (p.type() == ProgramHeader.PT_DYNAMIC) {
                offset = p.offset();
                length = p.filesz();
                at = header.phoff() + (long) i * ProgramHeader.ENTRY_SIZE;
                what = "program header " + i + " (DYNAMIC)";
                break;
            }
        }
        if (what == null) {
            for (Section s : sections) {
                if (s.type() == Section.SHT_DYNAMIC) {
                    offset = s.offset();
                    length = s.size();
                    at = headerOffset(s);
                    what = describe(s);
                    break;
                }
            }
        }
        if (what == null) {
            return List.of();
        }
        if (length % DynamicEntry.ENTRY_SIZE != 0) {
            throw error(at, what + " size " + Hex.of(length) + " is not a multiple of the dynamic entry size 0x10");
        }
        List<DynamicEntry> result = new ArrayList<>();
        for (long pos = offset; pos < offset + length; pos += DynamicEntry.ENTRY_SIZE) {
            long tag = buf.getLong((int) pos);
            if (tag == DynamicEntry.DT_NULL) {
                break;
            }
            result.add(new DynamicEntry(tag, buf.getLong((int) pos + 8)));
        }
        return result;
    }

    private List<FrameDescription> readFrames(List<ProgramHeader> phdrs, List<Section> sections)
            throws ElfFormatException {
        Optional<Section> ehFrame = sections.stream().filter(s -> s.name().equals(".eh_frame")).findFirst();
        long textBase = sections.stream().filter(s -> s.name().equals(".text")).mapToLong(Section::addr)
                .findFirst().orElse(0);
        long dataBase = sections.stream().filter(s -> s.name().equals(".got")).mapToLong(Section::addr)
                .findFirst().orElse(0);
        if (ehFrame.isPresent()) {
            Section s = ehFrame.get();
            if (!s.hasFileContents() || s.size() == 0) {
                return List.of();
            }
            ByteBuffer contents = ByteBuffer.wrap(bytes, (int) s.offset(), (int) s.size()).slice();
            return EhFrame.parse(file, contents, s.offset(), new EhFrame.Bases(s.addr(), textBase, dataBase), false);
        }
        for (int i = 0; i < phdrs.size(); i++) {
            if (phdrs.get(i).type() == ProgramHeader.PT_GNU_EH_FRAME && phdrs.get(i).filesz() != 0) {
                return framesFromHeader(phdrs, i, textBase, dataBase);
            }
        }
        return List.of();
    }

    /**
     * Without section headers, .eh_frame is found through .eh_frame_hdr (PT_GNU_EH_FRAME), whose
     * eh_frame_ptr gives its address; its end is the zero terminator, bounded by its segment.
     */
    private List<FrameDescription> framesFromHeader(List<ProgramHeader> phdrs, int index, long textBase,
                                                    long dataBase) throws ElfFormatException {
        ProgramHeader hdr = phdrs.get(index);
        long at = header.phoff() + (long) index * ProgramHeader.ENTRY_SIZE;
        if (hdr.filesz() < 4) {
            throw error(at, "program header " + index + " (GNU_EH_FRAME) is too small (" + Hex.of(hdr.filesz())
                    + " bytes) for an .eh_frame_hdr");
        }
        int p = (int) hdr.offset();
        int version = bytes[p] & 0xff;
        if (version != 1) {
            throw error(hdr.offset(), ".eh_frame_hdr version " + version + ", expected 1");
        }
        int encoding = bytes[p + 1] & 0xff;
        ByteBuffer headerBytes = ByteBuffer.wrap(bytes, p, (int) hdr.filesz()).slice();
        long ehFrameAddress = EhFrame.decodePointer(file, headerBytes, hdr.offset(), 4, encoding,
                new EhFrame.Bases(hdr.vaddr(), textBase, hdr.vaddr()));
        for (ProgramHeader seg : phdrs) {
            if (seg.isLoad() && seg.contains(ehFrameAddress)) {
                long delta = ehFrameAddress - seg.vaddr();
                if (delta >= seg.filesz()) {
                    break;
                }
                long offset = seg.offset() + delta;
                ByteBuffer contents = ByteBuffer.wrap(bytes, (int) offset, (int) (seg.filesz() - delta)).slice();
                return EhFrame.parse(file, contents, offset, new EhFrame.Bases(ehFrameAddress, textBase, dataBase),
                        true);
            }
        }
        throw error(hdr.offset(), ".eh_frame_hdr points to .eh_frame at " + Hex.of(ehFrameAddress)
                + ", which is not in the file part of any LOAD segment");
    }
}
