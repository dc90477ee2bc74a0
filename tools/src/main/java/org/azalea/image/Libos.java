/*
 * Libos: the libOS ELF the image linker places in every image, checked once
 * when loaded (libos/include/azalea/entry.h lists what the linker relies on):
 * a position-independent executable (ET_DYN linked at 0) whose only
 * relocations are R_X86_64_RELATIVE, which defines az_boot,
 * az_syscall_entry, az_entry_rt_sigreturn, the 8-byte az_image variable and
 * the AZ_NR_SYSCALLS-byte az_syscall_support table, both with bytes in the
 * file (the linker writes the first and reads the second).
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

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

public final class Libos {
    /** Where the libos jar carries the ELF. */
    public static final String RESOURCE = "/org/azalea/libos/libos.elf";
    /** AZ_NR_SYSCALLS: entries of az_syscall_support. */
    public static final int SYSCALLS = 512;
    public static final String BOOT = "az_boot";
    public static final String DISPATCHER = "az_syscall_entry";
    public static final String ENTRY_PREFIX = "az_entry_";
    public static final String IMAGE_VARIABLE = "az_image";
    public static final String SUPPORT_TABLE = "az_syscall_support";
    static final long PAGE = 4096;

    private final ElfFile elf;
    private final byte[] support;
    private final long textStart;
    private final long textEnd;
    private final long span;

    private Libos(ElfFile elf, byte[] support, long textStart, long textEnd, long span) {
        this.elf = elf;
        this.support = support;
        this.textStart = textStart;
        this.textEnd = textEnd;
        this.span = span;
    }

    /**
     * The libOS the build put on the classpath. Its absence or invalidity is a
     * broken installation, not bad user input: IllegalStateException.
     */
    public static Libos load() {
        try (InputStream in = Libos.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the libOS (" + RESOURCE + ") is not on the classpath: build it with "
                        + "make -C libos, or mvn install");
            }
            return of(ElfFile.parse("libos.elf", in.readAllBytes()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the libOS resource " + RESOURCE + ": " + e.getMessage(), e);
        } catch (ElfFormatException e) {
            throw new IllegalStateException("the libOS resource is invalid: " + e.getMessage(), e);
        }
    }

    public static Libos read(Path path) throws ElfFormatException {
        return of(ElfFile.read(path));
    }

    /** Checks a parsed libOS ELF against what the image linker relies on. */
    public static Libos of(ElfFile elf) throws ElfFormatException {
        if (elf.header().type() != FileHeader.ET_DYN) {
            throw new ElfFormatException(elf.name(), 16, "e_type " + elf.header().type()
                    + " is not ET_DYN (3): the libOS must be a position-independent executable");
        }
        List<ProgramHeader> loads = elf.loadSegments().stream().filter(p -> p.memsz() > 0).toList();
        if (loads.isEmpty()) {
            throw new ElfFormatException(elf.name(), -1, "has no PT_LOAD segment");
        }
        if (loads.stream().anyMatch(p -> p.vaddr() < 0)) {
            throw new ElfFormatException(elf.name(), -1, "a PT_LOAD segment lies at a negative address");
        }
        checkRelocations(elf);
        for (String name : List.of(BOOT, DISPATCHER, ENTRY_PREFIX + "rt_sigreturn")) {
            Symbol s = required(elf, name);
            if (!s.isFunction() || elf.segmentContaining(s.value()).filter(ProgramHeader::isExecutable).isEmpty()) {
                throw new ElfFormatException(elf.name(), -1, "symbol " + name + " at " + Hex.of(s.value())
                        + " is not a function in an executable segment");
            }
        }
        fileBytes(elf, required(elf, IMAGE_VARIABLE), 8);
        byte[] support = fileBytes(elf, required(elf, SUPPORT_TABLE), SYSCALLS);
        for (int nr = 0; nr < SYSCALLS; nr++) {
            if (SyscallSupport.ofByte(support[nr]) == null) {
                throw new ElfFormatException(elf.name(), elf.fileOffsetOf(required(elf, SUPPORT_TABLE).value() + nr),
                        SUPPORT_TABLE + "[" + nr + "] is " + support[nr] + ", not 0 (none), 1 (internal) or 2 (offload)");
            }
        }
        List<ProgramHeader> text = loads.stream().filter(ProgramHeader::isExecutable).toList();
        if (text.isEmpty()) {
            throw new ElfFormatException(elf.name(), -1, "has no executable PT_LOAD segment");
        }
        long span = loads.stream().mapToLong(ProgramHeader::vaddrEnd).max().orElseThrow();
        return new Libos(elf, support, text.stream().mapToLong(ProgramHeader::vaddr).min().orElseThrow(),
                text.stream().mapToLong(ProgramHeader::vaddrEnd).max().orElseThrow(), alignUp(span, PAGE));
    }

    private static void checkRelocations(ElfFile elf) throws ElfFormatException {
        for (Section s : elf.sections()) {
            if (s.type() == Section.SHT_REL) {
                throw new ElfFormatException(elf.name(), s.offset(), "relocation section " + s.name()
                        + " is SHT_REL: the libOS may only have SHT_RELA R_X86_64_RELATIVE relocations");
            }
            if (s.type() != Section.SHT_RELA) {
                continue;
            }
            List<Relocation> entries = elf.relocations().stream().filter(r -> r.sectionIndex() == s.index()).toList();
            for (int i = 0; i < entries.size(); i++) {
                Relocation r = entries.get(i);
                if (!r.isRelative()) {
                    throw new ElfFormatException(elf.name(), s.offset() + (long) i * 24, "relocation " + i + " of "
                            + s.name() + " (at " + Hex.of(r.offset()) + ") has type " + r.type()
                            + ": the libOS may only have R_X86_64_RELATIVE (8) relocations, which the image linker applies");
                }
                try {
                    elf.fileOffsetOf(r.offset());
                    elf.fileOffsetOf(r.offset() + 7);
                } catch (IllegalArgumentException e) {
                    throw new ElfFormatException(elf.name(), s.offset() + (long) i * 24, "relocation " + i + " of "
                            + s.name() + " targets " + Hex.of(r.offset()) + ", which has no bytes in the file");
                }
            }
        }
    }

    private static Symbol required(ElfFile elf, String name) throws ElfFormatException {
        return defined(elf, name).orElseThrow(() -> new ElfFormatException(elf.name(), -1,
                "does not define the symbol " + name + " (libos/include/azalea/entry.h)"));
    }

    private static Optional<Symbol> defined(ElfFile elf, String name) {
        return elf.symbols().stream().filter(s -> s.name().equals(name) && s.isDefined()).findFirst();
    }

    private static byte[] fileBytes(ElfFile elf, Symbol s, int size) throws ElfFormatException {
        if (s.size() != size) {
            throw new ElfFormatException(elf.name(), -1, "symbol " + s.name() + " has size " + s.size()
                    + ", expected " + size);
        }
        try {
            elf.fileOffsetOf(s.value() + size - 1);
            return elf.bytesAt(s.value(), size);
        } catch (IllegalArgumentException e) {
            throw new ElfFormatException(elf.name(), -1, "symbol " + s.name() + " at " + Hex.of(s.value())
                    + " has no bytes in the file (is it in .bss?): " + e.getMessage());
        }
    }

    public ElfFile elf() {
        return elf;
    }

    /** A defined .symtab symbol's link address (relative to the libOS base). */
    public Optional<Long> address(String name) {
        return defined(elf, name).map(Symbol::value);
    }

    /** The link address of a symbol the constructor checked exists. */
    long requiredAddress(String name) {
        return address(name).orElseThrow(() -> new IllegalStateException(name + " was checked at load"));
    }

    /** What the libOS does with syscall nr; numbers outside its table are not served. */
    public SyscallSupport support(int nr) {
        return nr < 0 || nr >= SYSCALLS ? SyscallSupport.NONE : SyscallSupport.ofByte(support[nr]);
    }

    /** The executable segments' bounds [textStart, textEnd), at link addresses. */
    public long textStart() {
        return textStart;
    }

    public long textEnd() {
        return textEnd;
    }

    /** The highest PT_LOAD end, page aligned: the address range the libOS needs from its base. */
    public long span() {
        return span;
    }

    /** The PT_LOAD segments with memory, in table order. */
    public List<ProgramHeader> loads() {
        return elf.loadSegments().stream().filter(p -> p.memsz() > 0).toList();
    }

    static long alignUp(long value, long alignment) {
        return Math.addExact(value, alignment - 1) & -alignment;
    }
}
