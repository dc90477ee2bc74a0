// One symbol table entry (Elf64_Sym) with its name resolved. type, binding and visibility are
// the decoded parts of st_info and st_other; index is the entry's position in its table.
package org.azalea.elf;

import java.util.Objects;

public record Symbol(int index, String name, long value, long size, int type, int binding, int visibility,
                     int shndx) {

    public static final int ENTRY_SIZE = 24;

    public static final int STT_NOTYPE = 0;
    public static final int STT_OBJECT = 1;
    public static final int STT_FUNC = 2;
    public static final int STT_SECTION = 3;
    public static final int STT_FILE = 4;
    public static final int STT_TLS = 6;
    public static final int STT_GNU_IFUNC = 10;

    public static final int STB_LOCAL = 0;
    public static final int STB_GLOBAL = 1;
    public static final int STB_WEAK = 2;

    public static final int STV_DEFAULT = 0;
    public static final int STV_HIDDEN = 2;

    public static final int SHN_UNDEF = 0;
    public static final int SHN_ABS = 0xfff1;
    public static final int SHN_COMMON = 0xfff2;

    public Symbol {
        Objects.requireNonNull(name, "name");
    }

    /** Functions, including GNU indirect functions (whose value is the resolver's address). */
    public boolean isFunction() {
        return type == STT_FUNC || type == STT_GNU_IFUNC;
    }

    public boolean isDefined() {
        return shndx != SHN_UNDEF;
    }
}
