// One program header (Elf64_Phdr) exactly as stored: a segment the loader maps or a piece of
// metadata it consults. Sizes and addresses are unsigned 64-bit values held in longs.
package org.azalea.elf;

public record ProgramHeader(int type, int flags, long offset, long vaddr, long paddr, long filesz, long memsz,
                            long align) {

    public static final int ENTRY_SIZE = 56;

    public static final int PT_NULL = 0;
    public static final int PT_LOAD = 1;
    public static final int PT_DYNAMIC = 2;
    public static final int PT_INTERP = 3;
    public static final int PT_NOTE = 4;
    public static final int PT_SHLIB = 5;
    public static final int PT_PHDR = 6;
    public static final int PT_TLS = 7;
    public static final int PT_GNU_EH_FRAME = 0x6474e550;
    public static final int PT_GNU_STACK = 0x6474e551;
    public static final int PT_GNU_RELRO = 0x6474e552;
    public static final int PT_GNU_PROPERTY = 0x6474e553;

    public static final int PF_X = 1;
    public static final int PF_W = 2;
    public static final int PF_R = 4;

    public boolean isLoad() {
        return type == PT_LOAD;
    }

    public boolean isExecutable() {
        return (flags & PF_X) != 0;
    }

    public boolean isWritable() {
        return (flags & PF_W) != 0;
    }

    public boolean isReadable() {
        return (flags & PF_R) != 0;
    }

    /** Whether vaddr lies in [vaddr, vaddr + memsz): the range the segment occupies in memory. */
    public boolean contains(long address) {
        return Long.compareUnsigned(address, vaddr) >= 0 && Long.compareUnsigned(address - vaddr, memsz) < 0;
    }

    /** Whether the file offset lies in [offset, offset + filesz). */
    public boolean containsOffset(long fileOffset) {
        return Long.compareUnsigned(fileOffset, offset) >= 0 && Long.compareUnsigned(fileOffset - offset, filesz) < 0;
    }

    /** First address past the segment in memory; valid for segments the reader accepted. */
    public long vaddrEnd() {
        return vaddr + memsz;
    }

    public ProgramHeader withLocation(long newOffset, long newVaddr, long size) {
        return new ProgramHeader(type, flags, newOffset, newVaddr, newVaddr, size, size, align);
    }

    public static String typeName(int type) {
        return switch (type) {
            case PT_NULL -> "NULL";
            case PT_LOAD -> "LOAD";
            case PT_DYNAMIC -> "DYNAMIC";
            case PT_INTERP -> "INTERP";
            case PT_NOTE -> "NOTE";
            case PT_SHLIB -> "SHLIB";
            case PT_PHDR -> "PHDR";
            case PT_TLS -> "TLS";
            case PT_GNU_EH_FRAME -> "GNU_EH_FRAME";
            case PT_GNU_STACK -> "GNU_STACK";
            case PT_GNU_RELRO -> "GNU_RELRO";
            case PT_GNU_PROPERTY -> "GNU_PROPERTY";
            default -> Hex.ofU32(type);
        };
    }

    /** "RWE" as readelf prints it, a space for each absent bit. */
    public static String flagLetters(int flags) {
        return ((flags & PF_R) != 0 ? "R" : " ")
                + ((flags & PF_W) != 0 ? "W" : " ")
                + ((flags & PF_X) != 0 ? "E" : " ");
    }
}
