// Adds a PT_LOAD segment and a section naming it. The program header table cannot grow in
// place (sections follow it), so the new table goes to the end of the file inside its own
// read-only PT_LOAD, placed so both ways the kernel derives AT_PHDR agree: the PT_LOAD that
// contains e_phoff (Linux >= 5.18) and first-PT_LOAD (vaddr - offset) + e_phoff (older
// kernels). PT_PHDR, if present, is moved with it because static glibc and musl read their own
// program headers through AT_PHDR and PT_PHDR. Then come the new contents (file offset
// congruent to vaddr modulo the page size), a copy of .shstrtab extended with the new name, and
// a new section header table. PT_LOAD entries are kept sorted by vaddr, as the kernel sizes
// ET_DYN mappings from the first and last one.
package org.azalea.elf;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

final class SegmentAppender {

    static final long PAGE = 4096;

    private SegmentAppender() {
    }

    static byte[] append(ElfFile elf, NewLoadSegment spec) {
        FileHeader h = elf.header();
        if (h.phnum() == FileHeader.PN_XNUM || (h.shoff() != 0 && h.shnum() == 0)
                || h.shstrndx() == FileHeader.SHN_XINDEX) {
            throw new IllegalArgumentException(elf.name() + ": files using extended header numbering are not "
                    + "supported for adding segments");
        }
        List<ProgramHeader> loads = elf.loadSegments();
        if (loads.isEmpty()) {
            throw new IllegalArgumentException(elf.name() + ": has no PT_LOAD segment, so a relocated program header "
                    + "table could not be mapped");
        }
        if (elf.section(spec.sectionName()).isPresent()) {
            throw new IllegalArgumentException(elf.name() + ": a section named " + spec.sectionName()
                    + " already exists");
        }
        byte[] contents = spec.contents();
        long memsz = spec.memsz();
        if (spec.vaddr().isPresent()) {
            requireNoOverlap(elf, spec.vaddr().getAsLong(), memsz, "new segment");
        }
        ProgramHeader firstLoad = loads.getFirst();
        long base = firstLoad.vaddr() - firstLoad.offset();
        long occupiedEnd = 0;
        for (ProgramHeader p : loads) {
            occupiedEnd = Math.max(occupiedEnd, p.vaddrEnd());
        }
        int phCount = elf.programHeaders().size() + 2;
        long phSize = (long) phCount * ProgramHeader.ENTRY_SIZE;
        // The table goes right above what the file maps; only when that would overlap a new
        // segment placed there does it go above the new segment (its file offset is its
        // distance from the base, so a table far up would pad the file with zeros).
        long phOffset = alignUp(Math.max(elf.size(), Math.subtractExact(occupiedEnd, base)));
        if (spec.vaddr().isPresent() && base + phOffset < spec.vaddr().getAsLong() + memsz
                && spec.vaddr().getAsLong() < alignUp(base + phOffset + phSize)) {
            occupiedEnd = Math.max(occupiedEnd, spec.vaddr().getAsLong() + memsz);
            phOffset = alignUp(Math.max(elf.size(), Math.subtractExact(occupiedEnd, base)));
        }
        long phVaddr = Math.addExact(base, phOffset);
        long contentVaddr = spec.vaddr().isPresent() ? spec.vaddr().getAsLong() : alignUp(phVaddr + phSize);
        long afterTable = phOffset + phSize;
        long contentOffset = afterTable + Math.floorMod(contentVaddr - afterTable, PAGE);

        List<Section> sections = new ArrayList<>(elf.sections());
        if (sections.isEmpty()) {
            sections.add(new Section(0, "", 0, Section.SHT_NULL, 0, 0, 0, 0, 0, 0, 0, 0));
        }
        byte[] oldNames = h.shstrndx() == 0 || elf.sections().isEmpty() ? new byte[] {0}
                : toArray(elf.contents(elf.sections().get(h.shstrndx())));
        byte[] name = spec.sectionName().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String shstrtabName = ".shstrtab";
        boolean newNameTable = h.shstrndx() == 0 || elf.sections().isEmpty();
        byte[] names = java.util.Arrays.copyOf(oldNames, oldNames.length + name.length + 1
                + (newNameTable ? shstrtabName.length() + 1 : 0));
        System.arraycopy(name, 0, names, oldNames.length, name.length);
        int newNameOffset = oldNames.length;
        long namesOffset = contentOffset + contents.length;
        long shOffset = (namesOffset + names.length + 7) & -8L;

        long sectionFlags = Section.SHF_ALLOC
                | ((spec.flags() & ProgramHeader.PF_X) != 0 ? Section.SHF_EXECINSTR : 0)
                | ((spec.flags() & ProgramHeader.PF_W) != 0 ? Section.SHF_WRITE : 0);
        long sectionAlign = contentVaddr == 0 ? PAGE : Math.min(PAGE, Long.lowestOneBit(contentVaddr));
        sections.add(new Section(sections.size(), spec.sectionName(), newNameOffset, Section.SHT_PROGBITS,
                sectionFlags, contentVaddr, contentOffset, contents.length, 0, 0, sectionAlign, 0));
        int shstrndx;
        if (newNameTable) {
            int shstrtabNameOffset = oldNames.length + name.length + 1;
            byte[] label = shstrtabName.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            System.arraycopy(label, 0, names, shstrtabNameOffset, label.length);
            shstrndx = sections.size();
            sections.add(new Section(shstrndx, shstrtabName, shstrtabNameOffset, Section.SHT_STRTAB, 0, 0, namesOffset,
                    names.length, 0, 0, 1, 0));
        } else {
            shstrndx = h.shstrndx();
            sections.set(shstrndx, sections.get(shstrndx).withFileRange(namesOffset, names.length));
        }
        if (sections.size() >= 0xff00) {
            throw new IllegalArgumentException(elf.name() + ": too many sections (" + sections.size() + ") to add one "
                    + "without extended numbering");
        }

        ProgramHeader tableSegment = new ProgramHeader(ProgramHeader.PT_LOAD, ProgramHeader.PF_R, phOffset, phVaddr,
                phVaddr, phSize, phSize, PAGE);
        ProgramHeader contentSegment = new ProgramHeader(ProgramHeader.PT_LOAD, spec.flags(), contentOffset,
                contentVaddr, contentVaddr, contents.length, memsz, PAGE);
        List<ProgramHeader> phdrs = orderedTable(elf.programHeaders(), tableSegment, contentSegment);

        long total = shOffset + (long) sections.size() * Section.ENTRY_SIZE;
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(elf.name() + ": the result would be " + Hex.of(total)
                    + " bytes, too large for one array (the gap is " + Hex.of(phOffset - elf.size())
                    + " bytes: a large .bss pushes the new table far out)");
        }
        FileHeader newHeader = h.withProgramHeaders(phOffset, phCount)
                .withSectionHeaders(shOffset, sections.size(), shstrndx);
        byte[] out = ElfWriter.write(elf.bytesView(), (int) total, newHeader, phdrs, sections);
        System.arraycopy(contents, 0, out, (int) contentOffset, contents.length);
        System.arraycopy(names, 0, out, (int) namesOffset, names.length);
        return out;
    }

    /**
     * Non-LOAD entries that preceded the first PT_LOAD (PT_PHDR, PT_INTERP) keep their place,
     * then all PT_LOADs sorted by vaddr, then the remaining entries in their original order.
     */
    private static List<ProgramHeader> orderedTable(List<ProgramHeader> old, ProgramHeader table,
                                                    ProgramHeader content) {
        List<ProgramHeader> before = new ArrayList<>();
        List<ProgramHeader> loads = new ArrayList<>();
        List<ProgramHeader> after = new ArrayList<>();
        for (ProgramHeader p : old) {
            ProgramHeader q = p.type() == ProgramHeader.PT_PHDR
                    ? p.withLocation(table.offset(), table.vaddr(), table.filesz()) : p;
            if (q.isLoad()) {
                loads.add(q);
            } else if (loads.isEmpty()) {
                before.add(q);
            } else {
                after.add(q);
            }
        }
        loads.add(table);
        loads.add(content);
        loads.sort(Comparator.comparingLong(ProgramHeader::vaddr));
        List<ProgramHeader> result = new ArrayList<>(before);
        result.addAll(loads);
        result.addAll(after);
        return result;
    }

    /** Page-granular overlap check: two segments sharing a page cannot both be mapped. */
    static void requireNoOverlap(ElfFile elf, long vaddr, long memsz, String what) {
        long start = vaddr & -PAGE;
        long end = alignUp(vaddr + memsz);
        for (int i = 0; i < elf.programHeaders().size(); i++) {
            ProgramHeader p = elf.programHeaders().get(i);
            if (!p.isLoad() || p.memsz() == 0) {
                continue;
            }
            long pStart = p.vaddr() & -PAGE;
            long pEnd = alignUp(p.vaddrEnd());
            if (start < pEnd && pStart < end) {
                throw new IllegalArgumentException(elf.name() + ": " + what + " at vaddr " + Hex.of(vaddr) + ".."
                        + Hex.of(vaddr + memsz) + " overlaps (page-rounded) LOAD program header " + i + " at "
                        + Hex.of(p.vaddr()) + ".." + Hex.of(p.vaddrEnd()));
            }
        }
    }

    private static long alignUp(long value) {
        return Math.addExact(value, PAGE - 1) & -PAGE;
    }

    private static byte[] toArray(java.nio.ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }
}
