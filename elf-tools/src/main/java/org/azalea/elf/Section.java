// One section header (Elf64_Shdr) exactly as stored, plus its index and its resolved name.
// nameOffset is the raw sh_name so an unchanged section is written back byte for byte.
package org.azalea.elf;

import java.util.Objects;

public record Section(int index, String name, int nameOffset, int type, long flags, long addr, long offset,
                      long size, int link, int info, long addralign, long entsize) {

    public static final int ENTRY_SIZE = 64;

    public static final int SHT_NULL = 0;
    public static final int SHT_PROGBITS = 1;
    public static final int SHT_SYMTAB = 2;
    public static final int SHT_STRTAB = 3;
    public static final int SHT_RELA = 4;
    public static final int SHT_HASH = 5;
    public static final int SHT_DYNAMIC = 6;
    public static final int SHT_NOTE = 7;
    public static final int SHT_NOBITS = 8;
    public static final int SHT_REL = 9;
    public static final int SHT_DYNSYM = 11;
    public static final int SHT_INIT_ARRAY = 14;
    public static final int SHT_FINI_ARRAY = 15;
    public static final int SHT_PREINIT_ARRAY = 16;
    public static final int SHT_GROUP = 17;
    public static final int SHT_SYMTAB_SHNDX = 18;
    public static final int SHT_X86_64_UNWIND = 0x70000001;

    public static final long SHF_WRITE = 0x1;
    public static final long SHF_ALLOC = 0x2;
    public static final long SHF_EXECINSTR = 0x4;
    public static final long SHF_MERGE = 0x10;
    public static final long SHF_STRINGS = 0x20;
    public static final long SHF_INFO_LINK = 0x40;
    public static final long SHF_TLS = 0x400;

    public Section {
        Objects.requireNonNull(name, "name");
    }

    public boolean isAlloc() {
        return (flags & SHF_ALLOC) != 0;
    }

    public boolean isExecutable() {
        return (flags & SHF_EXECINSTR) != 0;
    }

    public boolean isWritable() {
        return (flags & SHF_WRITE) != 0;
    }

    /** Whether the section occupies bytes in the file (SHT_NOBITS and SHT_NULL do not). */
    public boolean hasFileContents() {
        return type != SHT_NOBITS && type != SHT_NULL;
    }

    public Section withFileRange(long newOffset, long newSize) {
        return new Section(index, name, nameOffset, type, flags, addr, newOffset, newSize, link, info, addralign,
                entsize);
    }

    /** readelf's name for a section type, or hex for one it has no name for. */
    public static String typeName(int type) {
        return switch (type) {
            case SHT_NULL -> "NULL";
            case SHT_PROGBITS -> "PROGBITS";
            case SHT_SYMTAB -> "SYMTAB";
            case SHT_STRTAB -> "STRTAB";
            case SHT_RELA -> "RELA";
            case SHT_HASH -> "HASH";
            case SHT_DYNAMIC -> "DYNAMIC";
            case SHT_NOTE -> "NOTE";
            case SHT_NOBITS -> "NOBITS";
            case SHT_REL -> "REL";
            case SHT_DYNSYM -> "DYNSYM";
            case SHT_INIT_ARRAY -> "INIT_ARRAY";
            case SHT_FINI_ARRAY -> "FINI_ARRAY";
            case SHT_PREINIT_ARRAY -> "PREINIT_ARRAY";
            case SHT_GROUP -> "GROUP";
            case SHT_SYMTAB_SHNDX -> "SYMTAB SECTION INDICES";
            case SHT_X86_64_UNWIND -> "X86_64_UNWIND";
            case 0x6ffffff6 -> "GNU_HASH";
            case 0x6ffffffd -> "VERDEF";
            case 0x6ffffffe -> "VERNEED";
            case 0x6fffffff -> "VERSYM";
            case 0x6ffffff5 -> "GNU_ATTRIBUTES";
            case 0x13 -> "RELR";
            default -> Hex.ofU32(type);
        };
    }

    /** readelf's flag letters, in readelf's order. Bits without a letter are left out. */
    public static String flagLetters(long flags) {
        String letters = "WAX?MSILOGTC";
        StringBuilder sb = new StringBuilder();
        for (int bit = 0; bit < letters.length(); bit++) {
            if (letters.charAt(bit) != '?' && (flags & (1L << bit)) != 0) {
                sb.append(letters.charAt(bit));
            }
        }
        if ((flags & 0x200000L) != 0) {
            sb.append('R');
        }
        if ((flags & 0x80000000L) != 0) {
            sb.append('E');
        }
        return sb.toString();
    }
}
