// The ELF64 file header (Elf64_Ehdr) exactly as stored. Fields hold the raw values, so e_shnum
// may be 0 and e_shstrndx may be SHN_XINDEX when the file uses extended section numbering;
// ElfFile resolves those. The identification bytes EI_CLASS, EI_DATA and EI_VERSION are implied
// (a FileHeader only exists for ELFCLASS64, ELFDATA2LSB, EV_CURRENT files).
package org.azalea.elf;

public record FileHeader(int osAbi, int abiVersion, int type, int machine, int version, long entry,
                         long phoff, long shoff, int flags, int ehsize, int phentsize, int phnum,
                         int shentsize, int shnum, int shstrndx) {

    public static final int SIZE = 64;
    public static final int ELFCLASS32 = 1;
    public static final int ELFCLASS64 = 2;
    public static final int ELFDATA2LSB = 1;
    public static final int ELFDATA2MSB = 2;
    public static final int EV_CURRENT = 1;

    public static final int ET_NONE = 0;
    public static final int ET_REL = 1;
    public static final int ET_EXEC = 2;
    public static final int ET_DYN = 3;
    public static final int ET_CORE = 4;

    public static final int EM_X86_64 = 62;

    /** Marks e_shnum/e_phnum/e_shstrndx values that overflow into section header 0. */
    public static final int SHN_XINDEX = 0xffff;
    public static final int PN_XNUM = 0xffff;

    public FileHeader {
        requireU16("ehsize", ehsize);
        requireU16("phentsize", phentsize);
        requireU16("phnum", phnum);
        requireU16("shentsize", shentsize);
        requireU16("shnum", shnum);
        requireU16("shstrndx", shstrndx);
        requireU16("machine", machine);
        requireU16("type", type);
        if (osAbi < 0 || osAbi > 0xff || abiVersion < 0 || abiVersion > 0xff) {
            throw new IllegalArgumentException("osAbi/abiVersion must be bytes: " + osAbi + ", " + abiVersion);
        }
    }

    private static void requireU16(String name, int value) {
        if (value < 0 || value > 0xffff) {
            throw new IllegalArgumentException(name + " " + value + " is not an unsigned 16-bit value");
        }
    }

    public boolean isExecutable() {
        return type == ET_EXEC;
    }

    public boolean isSharedOrPie() {
        return type == ET_DYN;
    }

    /** A copy with a new program header table location and count. */
    public FileHeader withProgramHeaders(long newPhoff, int newPhnum) {
        return new FileHeader(osAbi, abiVersion, type, machine, version, entry, newPhoff, shoff, flags, ehsize,
                phentsize, newPhnum, shentsize, shnum, shstrndx);
    }

    /** A copy with a new section header table location, count and name-table index. */
    public FileHeader withSectionHeaders(long newShoff, int newShnum, int newShstrndx) {
        return new FileHeader(osAbi, abiVersion, type, machine, version, entry, phoff, newShoff, flags, ehsize,
                phentsize, phnum, Section.ENTRY_SIZE, newShnum, newShstrndx);
    }

    /** Human name of a machine number, for error messages. */
    public static String machineName(int machine) {
        return switch (machine) {
            case 0 -> "none";
            case 2 -> "SPARC";
            case 3 -> "i386";
            case 8 -> "MIPS";
            case 20 -> "PowerPC";
            case 21 -> "PowerPC64";
            case 22 -> "S/390";
            case 40 -> "ARM";
            case 42 -> "SuperH";
            case 43 -> "SPARC v9";
            case 50 -> "IA-64";
            case 62 -> "x86-64";
            case 183 -> "AArch64";
            case 243 -> "RISC-V";
            case 258 -> "LoongArch";
            default -> "unknown";
        };
    }
}
