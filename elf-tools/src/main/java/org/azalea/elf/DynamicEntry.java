// One entry of the dynamic array (Elf64_Dyn): a tag and its value or address.
package org.azalea.elf;

public record DynamicEntry(long tag, long value) {

    public static final int ENTRY_SIZE = 16;

    public static final long DT_NULL = 0;
    public static final long DT_NEEDED = 1;
    public static final long DT_PLTRELSZ = 2;
    public static final long DT_PLTGOT = 3;
    public static final long DT_HASH = 4;
    public static final long DT_STRTAB = 5;
    public static final long DT_SYMTAB = 6;
    public static final long DT_RELA = 7;
    public static final long DT_RELASZ = 8;
    public static final long DT_RELAENT = 9;
    public static final long DT_STRSZ = 10;
    public static final long DT_SYMENT = 11;
    public static final long DT_INIT = 12;
    public static final long DT_FINI = 13;
    public static final long DT_SONAME = 14;
    public static final long DT_RPATH = 15;
    public static final long DT_SYMBOLIC = 16;
    public static final long DT_REL = 17;
    public static final long DT_DEBUG = 21;
    public static final long DT_TEXTREL = 22;
    public static final long DT_JMPREL = 23;
    public static final long DT_BIND_NOW = 24;
    public static final long DT_FLAGS = 30;
    public static final long DT_RELACOUNT = 0x6ffffff9L;
    public static final long DT_FLAGS_1 = 0x6ffffffbL;
    public static final long DT_GNU_HASH = 0x6ffffef5L;
}
