// One relocation entry from a SHT_RELA (or SHT_REL, whose addend is implicitly 0) section.
// sectionIndex names the relocation section it came from, so callers can tell .rela.dyn from
// .rela.plt or from a .rela.text in an object file.
package org.azalea.elf;

public record Relocation(int sectionIndex, long offset, int type, int symbolIndex, long addend) {

    public static final int R_X86_64_NONE = 0;
    public static final int R_X86_64_64 = 1;
    public static final int R_X86_64_PC32 = 2;
    public static final int R_X86_64_GLOB_DAT = 6;
    public static final int R_X86_64_JUMP_SLOT = 7;
    public static final int R_X86_64_RELATIVE = 8;
    public static final int R_X86_64_TPOFF64 = 18;
    public static final int R_X86_64_IRELATIVE = 37;

    /** Builds a relocation from the raw r_info field (symbol in the high word, type in the low). */
    public static Relocation fromInfo(int sectionIndex, long offset, long info, long addend) {
        return new Relocation(sectionIndex, offset, (int) info, (int) (info >>> 32), addend);
    }

    public boolean isRelative() {
        return type == R_X86_64_RELATIVE;
    }
}
