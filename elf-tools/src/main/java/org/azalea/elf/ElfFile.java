// A parsed ELF64 little-endian x86-64 file: the immutable model (header, program headers,
// sections, symbols, notes, relocations, dynamic entries, FDEs) together with the original bytes,
// which are private and never handed out mutable. Instances exist only for input the reader
// accepted, so every offset and size in the model lies within the bytes. toBytes() lays the
// model's header tables over the original bytes; for an unchanged file that is the identity.
// Edits (withBytesAt, withLoadSegment) build new bytes and parse them again, so an edited file
// satisfies the same invariants.
package org.azalea.elf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

public final class ElfFile {

    private final String name;
    private final byte[] bytes;
    private final FileHeader header;
    private final List<ProgramHeader> programHeaders;
    private final List<Section> sections;
    private final List<Symbol> symbols;
    private final List<Symbol> dynamicSymbols;
    private final List<Note> notes;
    private final List<Relocation> relocations;
    private final List<DynamicEntry> dynamicEntries;
    private final List<FrameDescription> frameDescriptions;

    ElfFile(String name, byte[] bytes, FileHeader header, List<ProgramHeader> programHeaders, List<Section> sections,
            List<Symbol> symbols, List<Symbol> dynamicSymbols, List<Note> notes, List<Relocation> relocations,
            List<DynamicEntry> dynamicEntries, List<FrameDescription> frameDescriptions) {
        this.name = name;
        this.bytes = bytes;
        this.header = header;
        this.programHeaders = List.copyOf(programHeaders);
        this.sections = List.copyOf(sections);
        this.symbols = List.copyOf(symbols);
        this.dynamicSymbols = List.copyOf(dynamicSymbols);
        this.notes = List.copyOf(notes);
        this.relocations = List.copyOf(relocations);
        this.dynamicEntries = List.copyOf(dynamicEntries);
        this.frameDescriptions = List.copyOf(frameDescriptions);
    }

    /**
     * Reads and parses a file. A missing file, a directory, an unreadable or oversized file are
     * reported as ElfFormatException with offset -1 (the input is never written).
     */
    public static ElfFile read(Path path) throws ElfFormatException {
        String display = path.toString();
        if (Files.isDirectory(path)) {
            throw new ElfFormatException(display, -1, "is a directory");
        }
        byte[] bytes;
        try {
            long size = Files.size(path);
            if (size > Integer.MAX_VALUE - 8) {
                throw new ElfFormatException(display, -1, "file is too large (" + size + " bytes, limit "
                        + (Integer.MAX_VALUE - 8) + ")");
            }
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new ElfFormatException(display, -1, "no such file");
        } catch (AccessDeniedException e) {
            throw new ElfFormatException(display, -1, "permission denied");
        } catch (IOException e) {
            throw new ElfFormatException(display, -1, "cannot read: " + e.getMessage());
        }
        return ElfReader.parse(display, bytes);
    }

    /** Parses bytes (copied, so later changes to the array do not affect the result). */
    public static ElfFile parse(String displayName, byte[] bytes) throws ElfFormatException {
        Objects.requireNonNull(displayName, "displayName");
        return ElfReader.parse(displayName, bytes.clone());
    }

    /** The display name given to read or parse, used in messages. */
    public String name() {
        return name;
    }

    public FileHeader header() {
        return header;
    }

    public long entry() {
        return header.entry();
    }

    public int size() {
        return bytes.length;
    }

    public List<ProgramHeader> programHeaders() {
        return programHeaders;
    }

    /** The PT_LOAD program headers, in table order. */
    public List<ProgramHeader> loadSegments() {
        return programHeaders.stream().filter(ProgramHeader::isLoad).toList();
    }

    /** All section headers including the null section 0; a section's index is its list position. */
    public List<Section> sections() {
        return sections;
    }

    /** The first section with this name. */
    public Optional<Section> section(String sectionName) {
        return sections.stream().filter(s -> s.name().equals(sectionName)).findFirst();
    }

    /** Symbols of .symtab (SHT_SYMTAB), including the null symbol 0. */
    public List<Symbol> symbols() {
        return symbols;
    }

    /** Symbols of .dynsym (SHT_DYNSYM), including the null symbol 0. */
    public List<Symbol> dynamicSymbols() {
        return dynamicSymbols;
    }

    /** The first symbol with this name in .symtab, else in .dynsym. */
    public Optional<Symbol> symbol(String symbolName) {
        return java.util.stream.Stream.concat(symbols.stream(), dynamicSymbols.stream())
                .filter(s -> s.name().equals(symbolName)).findFirst();
    }

    /** Notes from SHT_NOTE sections and PT_NOTE segments, each once, ordered by file offset. */
    public List<Note> notes() {
        return notes;
    }

    /** Entries of every SHT_RELA and SHT_REL section, in section order. */
    public List<Relocation> relocations() {
        return relocations;
    }

    /** The dynamic array (from PT_DYNAMIC, else SHT_DYNAMIC) up to but excluding DT_NULL. */
    public List<DynamicEntry> dynamicEntries() {
        return dynamicEntries;
    }

    /**
     * FDEs of .eh_frame in section order; when there is no .eh_frame section header, of the
     * .eh_frame that PT_GNU_EH_FRAME points to.
     */
    public List<FrameDescription> frameDescriptions() {
        return frameDescriptions;
    }

    /** A copy of the file's bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** A read-only little-endian view of the whole file. */
    public ByteBuffer buffer() {
        return ByteBuffer.wrap(bytes).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The original array, for writers in this package, which must not modify it. */
    byte[] bytesView() {
        return bytes;
    }

    /**
     * A read-only little-endian view of a section's file contents (empty for SHT_NOBITS and
     * SHT_NULL). The section must be one of this file's.
     */
    public ByteBuffer contents(Section section) {
        if (section.index() < 0 || section.index() >= sections.size() || !sections.get(section.index()).equals(section)) {
            throw new IllegalArgumentException(name + ": section " + section.index() + " (" + section.name()
                    + ") is not a section of this file");
        }
        if (!section.hasFileContents()) {
            return ByteBuffer.allocate(0).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
        }
        return ByteBuffer.wrap(bytes, (int) section.offset(), (int) section.size()).slice().asReadOnlyBuffer()
                .order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A copy of a section's file contents (empty for SHT_NOBITS and SHT_NULL). */
    public byte[] contentBytes(Section section) {
        ByteBuffer contents = contents(section);
        byte[] copy = new byte[contents.remaining()];
        contents.get(copy);
        return copy;
    }

    /**
     * The sections holding code the program can run: allocated, executable, with
     * bytes in the file. One definition, so every analysis looks at the same code.
     */
    public List<Section> codeSections() {
        return sections.stream()
                .filter(s -> s.isAlloc() && s.isExecutable() && s.hasFileContents() && s.size() > 0)
                .toList();
    }

    /** The PT_LOAD segment whose memory range [vaddr, vaddr + memsz) contains the address. */
    public Optional<ProgramHeader> segmentContaining(long vaddr) {
        return programHeaders.stream().filter(p -> p.isLoad() && p.contains(vaddr)).findFirst();
    }

    /**
     * The bytes a loader would place at [vaddr, vaddr + length). The range must lie inside one
     * PT_LOAD segment's memory image; the part beyond its filesz (e.g. .bss) reads as zeros,
     * as the loader zero-fills it.
     *
     * @throws IllegalArgumentException if the range is not inside a single PT_LOAD segment
     */
    public byte[] bytesAt(long vaddr, int length) {
        ProgramHeader segment = segmentFor(vaddr, length, false);
        byte[] out = new byte[length];
        long delta = vaddr - segment.vaddr();
        long fromFile = Math.min(length, Math.max(0, segment.filesz() - delta));
        if (fromFile > 0) {
            System.arraycopy(bytes, (int) (segment.offset() + delta), out, 0, (int) fromFile);
        }
        return out;
    }

    /**
     * The file offset holding the byte at vaddr.
     *
     * @throws IllegalArgumentException if no PT_LOAD segment maps vaddr from the file
     */
    public long fileOffsetOf(long vaddr) {
        ProgramHeader segment = segmentFor(vaddr, 1, true);
        return segment.offset() + (vaddr - segment.vaddr());
    }

    private ProgramHeader segmentFor(long vaddr, int length, boolean fileBackedOnly) {
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        for (ProgramHeader p : programHeaders) {
            if (!p.isLoad() || !p.contains(vaddr)) {
                continue;
            }
            long limit = fileBackedOnly ? p.filesz() : p.memsz();
            long delta = vaddr - p.vaddr();
            if (length <= limit - delta) {
                return p;
            }
            throw new IllegalArgumentException(name + ": range " + Hex.of(vaddr) + " + " + Hex.of(length)
                    + " runs past the " + (fileBackedOnly ? "file image" : "end") + " of the LOAD segment at "
                    + Hex.of(p.vaddr()) + " (memsz " + Hex.of(p.memsz()) + ", filesz " + Hex.of(p.filesz()) + ")");
        }
        throw new IllegalArgumentException(name + ": address " + Hex.of(vaddr) + " is not in any LOAD segment");
    }

    /** The file as bytes: the model's header tables written over the original bytes. */
    public byte[] toBytes() {
        return ElfWriter.write(bytes, bytes.length, header, programHeaders, sections);
    }

    /**
     * A copy with the bytes at [vaddr, vaddr + replacement.length) replaced, for patching code.
     * The range must be file-backed by one PT_LOAD segment.
     *
     * @throws IllegalArgumentException if the range is not file-backed, or the patched file no
     *                                  longer parses (e.g. it overwrote header tables)
     */
    public ElfFile withBytesAt(long vaddr, byte[] replacement) {
        ProgramHeader segment = segmentFor(vaddr, replacement.length, true);
        return withBytesAtOffset(segment.offset() + (vaddr - segment.vaddr()), replacement);
    }

    /**
     * A copy with the bytes at file offset [offset, offset + replacement.length) replaced.
     *
     * @throws IllegalArgumentException if the range is outside the file or the result does not parse
     */
    public ElfFile withBytesAtOffset(long offset, byte[] replacement) {
        if (offset < 0 || offset > bytes.length || replacement.length > bytes.length - offset) {
            throw new IllegalArgumentException(name + ": range offset " + Hex.of(offset) + " + "
                    + Hex.of(replacement.length) + " is outside the file (size " + Hex.of(bytes.length) + ")");
        }
        byte[] out = toBytes();
        System.arraycopy(replacement, 0, out, (int) offset, replacement.length);
        return reparse(out, "patching " + Hex.of(replacement.length) + " bytes at offset " + Hex.of(offset));
    }

    /**
     * A copy with a new PT_LOAD segment and a SHT_PROGBITS section of the same name covering its
     * file contents (SHF_ALLOC, plus SHF_EXECINSTR/SHF_WRITE following PF_X/PF_W). The program
     * header table moves to the end of the file, inside an added read-only PT_LOAD, and PT_PHDR
     * follows it; .shstrtab and the section header table are copied to the end and extended.
     * The file therefore grows by at least the contents plus a few pages; when .bss is large the
     * gap up to the first free address is padded so the table's file offset matches its address.
     *
     * @throws IllegalArgumentException if the segment overlaps (page-rounded) an existing PT_LOAD,
     *                                  the section name exists, or the file cannot take a segment
     */
    public ElfFile withLoadSegment(NewLoadSegment segment) {
        try {
            return reparse(SegmentAppender.append(this, segment), "adding " + segment);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(name + ": adding " + segment + " overflows the address space ("
                    + e.getMessage() + ")", e);
        }
    }

    private ElfFile reparse(byte[] out, String edit) {
        try {
            return ElfReader.parse(name, out);
        } catch (ElfFormatException e) {
            throw new IllegalArgumentException(name + ": " + edit + " produced an invalid file: " + e.problem(), e);
        }
    }

    @Override
    public String toString() {
        return "ElfFile[" + name + ", " + bytes.length + " bytes, " + programHeaders.size() + " program headers, "
                + sections.size() + " sections]";
    }
}
