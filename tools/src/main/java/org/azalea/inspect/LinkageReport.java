/*
 * LinkageReport: a binary's kind with the evidence for it, classified from
 * the ELF type, PT_INTERP and the dynamic section. Files that are not
 * programs at all (relocatable objects, core dumps, shared libraries) are
 * rejected as bad input here, with the reason.
 */
package org.azalea.inspect;

import org.azalea.elf.DynamicEntry;
import org.azalea.elf.ElfFile;
import org.azalea.elf.ElfFormatException;
import org.azalea.elf.FileHeader;
import org.azalea.elf.Hex;
import org.azalea.elf.ProgramHeader;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

public record LinkageReport(BinaryKind kind, String reason) {
    private static final long DF_1_PIE = 0x08000000L;

    public static LinkageReport classify(ElfFile elf) throws ElfFormatException {
        FileHeader h = elf.header();
        if (h.type() != FileHeader.ET_EXEC && h.type() != FileHeader.ET_DYN) {
            throw new ElfFormatException(elf.name(), 16,
                    "e_type " + h.type() + " (" + typeName(h.type()) + ") is not an executable program");
        }
        for (ProgramHeader ph : elf.programHeaders()) {
            if (ph.type() == ProgramHeader.PT_INTERP) {
                return new LinkageReport(BinaryKind.DYNAMIC, "has PT_INTERP (" + interpreter(elf, ph)
                        + "): it needs the dynamic loader and shared libraries; relink it with -static or -static-pie to convert it");
            }
        }
        long flags1 = dynamicValue(elf, DynamicEntry.DT_FLAGS_1).orElse(0);
        boolean pie = (flags1 & DF_1_PIE) != 0;
        List<String> needed = neededLibraries(elf);
        if (h.type() == FileHeader.ET_DYN && !pie
                && (!needed.isEmpty() || dynamicValue(elf, DynamicEntry.DT_SONAME).isPresent())) {
            throw notAProgram(elf);
        }
        if (!needed.isEmpty()) {
            return new LinkageReport(BinaryKind.DYNAMIC, "needs shared libraries " + String.join(", ", needed)
                    + "; relink it with -static or -static-pie to convert it");
        }
        if (h.type() == FileHeader.ET_EXEC) {
            return new LinkageReport(BinaryKind.STATIC, "ET_EXEC without PT_INTERP or DT_NEEDED");
        }
        if (pie) {
            return new LinkageReport(BinaryKind.STATIC_PIE, "ET_DYN with DF_1_PIE, without PT_INTERP or DT_NEEDED");
        }
        if (h.entry() != 0 && elf.symbols().stream().anyMatch(s -> s.name().equals("_dl_relocate_static_pie"))) {
            return new LinkageReport(BinaryKind.STATIC_PIE,
                    "ET_DYN without PT_INTERP or DT_NEEDED, with glibc's _dl_relocate_static_pie");
        }
        if (h.entry() != 0 && !elf.programHeaders().isEmpty() && elf.dynamicEntries().isEmpty()) {
            return new LinkageReport(BinaryKind.STATIC_PIE, "ET_DYN without a dynamic section: position-independent, self-contained");
        }
        throw notAProgram(elf);
    }

    private static ElfFormatException notAProgram(ElfFile elf) {
        return new ElfFormatException(elf.name(), 16, "a shared library (ET_DYN without DF_1_PIE, entry "
                + Hex.of(elf.header().entry()) + "), not a program: only executables can be inspected and converted");
    }

    private static OptionalLong dynamicValue(ElfFile elf, long tag) {
        return elf.dynamicEntries().stream().filter(d -> d.tag() == tag).mapToLong(DynamicEntry::value).findFirst();
    }

    private static String interpreter(ElfFile elf, ProgramHeader interp) {
        ByteBuffer file = elf.buffer();
        return cString(file, (int) interp.offset(), (int) Math.min(interp.filesz(), 4096));
    }

    /** DT_NEEDED names, read through DT_STRTAB; an entry whose name cannot be read is shown by its offset. */
    private static List<String> neededLibraries(ElfFile elf) {
        long strtab = dynamicValue(elf, DynamicEntry.DT_STRTAB).orElse(-1);
        List<String> names = new ArrayList<>();
        for (DynamicEntry d : elf.dynamicEntries()) {
            if (d.tag() == DynamicEntry.DT_NEEDED) {
                names.add(dynamicString(elf, strtab, d.value()));
            }
        }
        return names;
    }

    private static String dynamicString(ElfFile elf, long strtab, long offset) {
        try {
            long offsetInFile = elf.fileOffsetOf(Math.addExact(strtab, offset));
            return cString(elf.buffer(), Math.toIntExact(offsetInFile), 256);
        } catch (IllegalArgumentException | ArithmeticException e) {
            return "(DT_NEEDED name at string offset " + offset + ")";
        }
    }

    private static String cString(ByteBuffer file, int start, int limit) {
        StringBuilder sb = new StringBuilder();
        for (int i = start; i >= 0 && i < file.limit() && i - start < limit && file.get(i) != 0; i++) {
            sb.append((char) (file.get(i) & 0xff));
        }
        return sb.toString();
    }

    private static String typeName(int type) {
        return switch (type) {
            case FileHeader.ET_NONE -> "NONE";
            case FileHeader.ET_REL -> "REL, a relocatable object";
            case FileHeader.ET_CORE -> "CORE, a core dump";
            default -> "unknown";
        };
    }
}
