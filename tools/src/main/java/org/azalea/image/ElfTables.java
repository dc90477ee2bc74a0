/*
 * ElfTables: writes the ELF64 header tables of an image (file header,
 * program headers, section headers) into its bytes, in the Elf64_Ehdr,
 * Elf64_Phdr and Elf64_Shdr layouts. The elf-tools writer serves edits of
 * one parsed file; an image is assembled from several, so it has its own.
 */
package org.azalea.image;

import org.azalea.elf.FileHeader;
import org.azalea.elf.ProgramHeader;
import org.azalea.elf.Section;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

final class ElfTables {
    private ElfTables() {
    }

    static void writeHeader(byte[] out, FileHeader h) {
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0, (byte) 0x7f).put(1, (byte) 'E').put(2, (byte) 'L').put(3, (byte) 'F')
                .put(4, (byte) FileHeader.ELFCLASS64).put(5, (byte) FileHeader.ELFDATA2LSB)
                .put(6, (byte) FileHeader.EV_CURRENT).put(7, (byte) h.osAbi()).put(8, (byte) h.abiVersion());
        for (int i = 9; i < 16; i++) {
            b.put(i, (byte) 0);
        }
        b.putShort(16, (short) h.type()).putShort(18, (short) h.machine()).putInt(20, h.version())
                .putLong(24, h.entry()).putLong(32, h.phoff()).putLong(40, h.shoff()).putInt(48, h.flags())
                .putShort(52, (short) h.ehsize()).putShort(54, (short) h.phentsize()).putShort(56, (short) h.phnum())
                .putShort(58, (short) h.shentsize()).putShort(60, (short) h.shnum()).putShort(62, (short) h.shstrndx());
    }

    static void writeProgramHeaders(byte[] out, long at, List<ProgramHeader> phdrs) {
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < phdrs.size(); i++) {
            ProgramHeader p = phdrs.get(i);
            int o = Math.toIntExact(at + (long) i * ProgramHeader.ENTRY_SIZE);
            b.putInt(o, p.type()).putInt(o + 4, p.flags()).putLong(o + 8, p.offset()).putLong(o + 16, p.vaddr())
                    .putLong(o + 24, p.paddr()).putLong(o + 32, p.filesz()).putLong(o + 40, p.memsz())
                    .putLong(o + 48, p.align());
        }
    }

    static void writeSections(byte[] out, long at, List<Section> sections) {
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < sections.size(); i++) {
            Section s = sections.get(i);
            int o = Math.toIntExact(at + (long) i * Section.ENTRY_SIZE);
            b.putInt(o, s.nameOffset()).putInt(o + 4, s.type()).putLong(o + 8, s.flags()).putLong(o + 16, s.addr())
                    .putLong(o + 24, s.offset()).putLong(o + 32, s.size()).putInt(o + 40, s.link())
                    .putInt(o + 44, s.info()).putLong(o + 48, s.addralign()).putLong(o + 56, s.entsize());
        }
    }
}
