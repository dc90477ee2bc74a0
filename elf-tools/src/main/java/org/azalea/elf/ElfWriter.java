// Serializes the header tables of the model (file header, program headers, section headers)
// over a base image. Everything else (section contents, symbol tables, notes) stays as the base
// bytes have it, so writing an unchanged model over its own bytes reproduces them exactly.
package org.azalea.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

final class ElfWriter {

    private ElfWriter() {
    }

    /**
     * Returns a copy of base, at least minSize long, with the given tables written at the places
     * the header names. The caller guarantees the tables fit (the reader or editor checked it).
     */
    static byte[] write(byte[] base, int minSize, FileHeader header, List<ProgramHeader> phdrs,
                        List<Section> sections) {
        byte[] out = java.util.Arrays.copyOf(base, Math.max(base.length, minSize));
        ByteBuffer buf = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        writeHeader(buf, header);
        for (int i = 0; i < phdrs.size(); i++) {
            ProgramHeader p = phdrs.get(i);
            int at = (int) (header.phoff() + (long) i * ProgramHeader.ENTRY_SIZE);
            buf.putInt(at, p.type()).putInt(at + 4, p.flags()).putLong(at + 8, p.offset()).putLong(at + 16, p.vaddr())
                    .putLong(at + 24, p.paddr()).putLong(at + 32, p.filesz()).putLong(at + 40, p.memsz())
                    .putLong(at + 48, p.align());
        }
        for (int i = 0; i < sections.size(); i++) {
            Section s = sections.get(i);
            int at = (int) (header.shoff() + (long) i * Section.ENTRY_SIZE);
            buf.putInt(at, s.nameOffset()).putInt(at + 4, s.type()).putLong(at + 8, s.flags())
                    .putLong(at + 16, s.addr()).putLong(at + 24, s.offset()).putLong(at + 32, s.size())
                    .putInt(at + 40, s.link()).putInt(at + 44, s.info()).putLong(at + 48, s.addralign())
                    .putLong(at + 56, s.entsize());
        }
        return out;
    }

    private static void writeHeader(ByteBuffer buf, FileHeader h) {
        buf.put(0, (byte) 0x7f).put(1, (byte) 'E').put(2, (byte) 'L').put(3, (byte) 'F');
        buf.put(4, (byte) FileHeader.ELFCLASS64).put(5, (byte) FileHeader.ELFDATA2LSB)
                .put(6, (byte) FileHeader.EV_CURRENT).put(7, (byte) h.osAbi()).put(8, (byte) h.abiVersion());
        buf.putShort(16, (short) h.type()).putShort(18, (short) h.machine()).putInt(20, h.version())
                .putLong(24, h.entry()).putLong(32, h.phoff()).putLong(40, h.shoff()).putInt(48, h.flags())
                .putShort(52, (short) h.ehsize()).putShort(54, (short) h.phentsize())
                .putShort(56, (short) h.phnum()).putShort(58, (short) h.shentsize())
                .putShort(60, (short) h.shnum()).putShort(62, (short) h.shstrndx());
    }
}
