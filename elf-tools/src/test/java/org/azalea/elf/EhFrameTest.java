// Unit tests of the .eh_frame parser on hand-built CIEs and FDEs covering the pointer encodings
// and augmentations that real toolchains emit, and its rejection of malformed entries.
package org.azalea.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class EhFrameTest {

    private static final long SECTION_ADDR = 0x500000;
    private static final EhFrame.Bases BASES = new EhFrame.Bases(SECTION_ADDR, 0x401000, 0x600000);

    /** Builds .eh_frame content; entries are appended with their length fields filled in. */
    private static final class Builder {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        int position() {
            return out.size();
        }

        int cie(String augmentation, byte[] augmentationData) {
            int start = out.size();
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            writeInt(body, 0);
            body.write(1);
            body.writeBytes(augmentation.getBytes());
            body.write(0);
            body.write(1);
            body.write(0x78);
            body.write(16);
            if (augmentation.startsWith("z")) {
                body.write(augmentationData.length);
                body.writeBytes(augmentationData);
            }
            entry(body.toByteArray());
            return start;
        }

        int fde(int cie, byte[] pointers, boolean z) {
            int start = out.size();
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            writeInt(body, start + 4 - cie);
            body.writeBytes(pointers);
            if (z) {
                body.write(0);
            }
            entry(body.toByteArray());
            return start;
        }

        void entry(byte[] body) {
            int padded = (body.length + 3) & -4;
            writeInt(out, padded);
            out.writeBytes(body);
            out.writeBytes(new byte[padded - body.length]);
        }

        ByteBuffer buffer() {
            return ByteBuffer.wrap(out.toByteArray());
        }
    }

    private static void writeInt(ByteArrayOutputStream out, int value) {
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array());
    }

    private static byte[] le(int width, long... values) {
        ByteBuffer b = ByteBuffer.allocate(width * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            if (width == 4) {
                b.putInt((int) v);
            } else {
                b.putLong(v);
            }
        }
        return b.array();
    }

    @Test
    void decodesCommonEncodings() throws Exception {
        Builder b = new Builder();
        int absptr = b.cie("", new byte[0]);
        int fde1 = b.fde(absptr, le(8, 0x401000, 0x20), false);
        int udata4 = b.cie("zR", new byte[] {EhFrame.DW_EH_PE_udata4});
        int fde2 = b.fde(udata4, le(4, 0x402000, 0x30), true);
        int pcrel = b.cie("zPLR", new byte[] {(byte) 0x9b, 0, 0, 0, 0, 0x1b, 0x1b});
        int fieldPosition = b.position() + 8;
        long pcrelValue = 0x403000 - (SECTION_ADDR + fieldPosition);
        int fde3 = b.fde(pcrel, le(4, pcrelValue, 0x40), true);
        int datarel = b.cie("zR", new byte[] {0x3b});
        int fde4 = b.fde(datarel, le(4, -0x100, 0x10), true);
        writeInt(b.out, 0);

        List<FrameDescription> fdes = EhFrame.parse("t", b.buffer(), 0x1000, BASES, false);
        assertEquals(List.of(new FrameDescription(fde1, absptr, 0x401000, 0x401020),
                new FrameDescription(fde2, udata4, 0x402000, 0x402030),
                new FrameDescription(fde3, pcrel, 0x403000, 0x403040),
                new FrameDescription(fde4, datarel, 0x600000 - 0x100, 0x600000 - 0xf0)), fdes);
        assertEquals(0x40, fdes.get(2).length());
        assertTrue(fdes.get(2).contains(0x40303f));
    }

    @Test
    void findsEhFrameThroughEhFrameHdrWithoutSectionHeaders() throws Exception {
        // Static non-PIE glibc links omit .eh_frame_hdr, so use a static-pie and a dynamic binary.
        for (java.nio.file.Path program : List.of(TestPrograms.gccStaticPie(), Tools.require("readelf"))) {
            byte[] bytes = java.nio.file.Files.readAllBytes(program);
            ElfFile full = ElfFile.parse("full", bytes);
            byte[] stripped = bytes.clone();
            MiniElf.putLong(stripped, 40, 0);
            MiniElf.putShort(stripped, 60, 0);
            MiniElf.putShort(stripped, 62, 0);
            ElfFile noSections = ElfFile.parse("stripped", stripped);
            assertEquals(List.of(), noSections.sections());
            assertTrue(full.programHeaders().stream().anyMatch(p -> p.type() == ProgramHeader.PT_GNU_EH_FRAME),
                    program + " has PT_GNU_EH_FRAME");
            assertTrue(full.frameDescriptions().size() > 10, program + " has FDEs");
            assertEquals(full.frameDescriptions().size(), noSections.frameDescriptions().size(), program.toString());
            assertTrue(full.frameDescriptions().equals(noSections.frameDescriptions()), program.toString());
        }
    }

    @Test
    void rejectsMalformedEntries() {
        Builder unknown = new Builder();
        unknown.cie("xyz", new byte[0]);
        ElfFormatException e = assertThrows(ElfFormatException.class,
                () -> EhFrame.parse("t", unknown.buffer(), 0x1000, BASES, false));
        assertTrue(e.getMessage().contains("augmentation \"xyz\""), e.getMessage());
        assertEquals(0x1000, e.offset());

        Builder orphan = new Builder();
        orphan.fde(-64, le(8, 1, 2), false);
        e = assertThrows(ElfFormatException.class, () -> EhFrame.parse("t", orphan.buffer(), 0x1000, BASES, false));
        assertTrue(e.getMessage().contains("does not lead to a CIE"), e.getMessage());

        Builder badEncoding = new Builder();
        int cie = badEncoding.cie("zR", new byte[] {0x07});
        badEncoding.fde(cie, le(8, 1, 2), true);
        e = assertThrows(ElfFormatException.class,
                () -> EhFrame.parse("t", badEncoding.buffer(), 0x1000, BASES, false));
        assertTrue(e.getMessage().contains("unsupported pointer encoding 0x7"), e.getMessage());

        Builder shortFde = new Builder();
        int c = shortFde.cie("", new byte[0]);
        shortFde.fde(c, le(4, 1), false);
        e = assertThrows(ElfFormatException.class, () -> EhFrame.parse("t", shortFde.buffer(), 0x1000, BASES, false));
        assertTrue(e.getMessage().contains("runs past end of its entry"), e.getMessage());
    }
}
