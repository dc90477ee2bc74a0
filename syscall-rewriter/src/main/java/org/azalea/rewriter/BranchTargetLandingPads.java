// C++ (and -fexceptions C) landing pads: the unwinder resumes a frame at a
// landing pad, which no branch in the code names. An FDE whose CIE has an 'L'
// augmentation carries a pointer to its LSDA in .gcc_except_table; the LSDA's
// call-site table gives each landing pad as an offset from LPStart (by
// default the FDE's pc_begin). Every pad becomes a target. An LSDA this
// reader cannot follow (an unsupported pointer encoding, bytes outside the
// loaded sections) marks the FDE's function as having unknown targets rather
// than being skipped.
package org.azalea.rewriter;

import org.azalea.elf.ElfFile;
import org.azalea.elf.FrameDescription;
import org.azalea.elf.Hex;
import org.azalea.elf.Section;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

final class BranchTargetLandingPads {
    private static final int OMIT = 0xff;

    private BranchTargetLandingPads() {}

    /** What a CIE says about the FDEs using it: their pc and LSDA pointer encodings. */
    private record Cie(boolean z, int fdeEncoding, int lsdaEncoding) {}

    static void find(ElfFile elf, List<FrameDescription> frames, BranchTargetSet set, TreeMap<Long, String> unknown) {
        Optional<Section> ehFrame = elf.section(".eh_frame")
                .filter(s -> s.isAlloc() && s.hasFileContents() && s.size() > 0);
        if (ehFrame.isEmpty()) {
            return;
        }
        Cursor eh = new Cursor(elf, ehFrame.get().addr());
        Map<Long, Cie> cies = new HashMap<>();
        for (FrameDescription f : frames) {
            try {
                Cie cie = cies.computeIfAbsent(f.cieOffset(), o -> cie(eh.at(ehFrame.get().addr() + o)));
                if (cie.lsdaEncoding() == OMIT || !cie.z()) {
                    continue;
                }
                Cursor fde = eh.at(ehFrame.get().addr() + f.offset());
                fde.skipLength();
                fde.u32();
                fde.encoded(cie.fdeEncoding());
                fde.encoded(cie.fdeEncoding() & 0x0f);
                fde.uleb();
                long lsdaField = fde.address();
                int application = cie.lsdaEncoding() & 0xf0;
                if (application != 0x00 && application != 0x10) {
                    throw new IllegalArgumentException("LSDA pointer encoding " + Hex.of(cie.lsdaEncoding())
                            + " is not supported");
                }
                long raw = fde.encoded(cie.lsdaEncoding() & 0x0f);
                if (raw != 0) {
                    long lsda = application == 0x10 ? lsdaField + raw : raw;
                    landingPads(eh.at(lsda), f, set);
                }
            } catch (RuntimeException e) {
                unknown.putIfAbsent(f.pcBegin(), "LSDA of the FDE at .eh_frame+" + Hex.of(f.offset())
                        + " cannot be read: " + e.getMessage());
            }
        }
    }

    private static Cie cie(Cursor c) {
        c.skipLength();
        c.u32();
        int version = c.u8();
        StringBuilder augmentation = new StringBuilder();
        for (int b = c.u8(); b != 0; b = c.u8()) {
            augmentation.append((char) b);
        }
        if (augmentation.indexOf("eh") >= 0) {
            c.skip(8);
        }
        c.uleb();
        c.sleb();
        if (version == 1) {
            c.u8();
        } else {
            c.uleb();
        }
        int fdeEncoding = 0;
        int lsdaEncoding = OMIT;
        boolean z = augmentation.length() > 0 && augmentation.charAt(0) == 'z';
        if (z) {
            c.uleb();
            for (int i = 1; i < augmentation.length(); i++) {
                switch (augmentation.charAt(i)) {
                    case 'R' -> fdeEncoding = c.u8();
                    case 'L' -> lsdaEncoding = c.u8();
                    case 'P' -> c.encoded(c.u8() & 0x0f);
                    case 'S', 'B', 'G' -> { }
                    default -> i = augmentation.length();
                }
            }
        }
        return new Cie(z, fdeEncoding, lsdaEncoding);
    }

    /** The LSDA header, then every call-site record up to the end of the table. */
    private static void landingPads(Cursor c, FrameDescription f, BranchTargetSet set) {
        long lsda = c.address();
        long lpStart = f.pcBegin();
        int lpStartEncoding = c.u8();
        if (lpStartEncoding != OMIT) {
            lpStart = c.pointer(lpStartEncoding);
        }
        if (c.u8() != OMIT) {
            c.uleb();
        }
        int callSiteEncoding = c.u8();
        long end = c.uleb();
        end += c.address();
        while (Long.compareUnsigned(c.address(), end) < 0) {
            c.pointer(callSiteEncoding);
            c.pointer(callSiteEncoding);
            long pad = c.pointer(callSiteEncoding);
            c.uleb();
            if (pad != 0) {
                set.add(lpStart + pad, BranchTargetSet.Kind.LANDING_PAD, lsda, f.pcBegin(), 0);
            }
        }
    }

    /** A read position at a virtual address inside one loaded section's file bytes. */
    private static final class Cursor {
        private final ElfFile elf;
        private ByteBuffer bytes;
        private long sectionAddress;
        private int pos;

        Cursor(ElfFile elf, long address) {
            this.elf = elf;
            Section s = elf.sections().stream()
                    .filter(x -> x.isAlloc() && x.hasFileContents()
                            && Long.compareUnsigned(address - x.addr(), x.size()) < 0)
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(Hex.of(address) + " is in no loaded section"));
            bytes = elf.contents(s);
            sectionAddress = s.addr();
            pos = (int) (address - s.addr());
        }

        Cursor at(long address) {
            return new Cursor(elf, address);
        }

        long address() {
            return sectionAddress + pos;
        }

        int u8() {
            return bytes.get(pos++) & 0xff;
        }

        long u32() {
            long v = Integer.toUnsignedLong(bytes.getInt(pos));
            pos += 4;
            return v;
        }

        void skip(int n) {
            pos += n;
        }

        void skipLength() {
            if (u32() == 0xffffffffL) {
                pos += 8;
            }
        }

        long uleb() {
            return leb128(false);
        }

        long sleb() {
            return leb128(true);
        }

        /** DWARF LEB128: 7 bits a byte, low first; a signed value is sign-extended from its last byte's bit 6. */
        private long leb128(boolean signed) {
            long v = 0;
            int shift = 0;
            int b;
            do {
                b = u8();
                v |= (long) (b & 0x7f) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            return signed && shift < 64 && (b & 0x40) != 0 ? v | -1L << shift : v;
        }

        /** A pointer in a DW_EH_PE encoding, applying pcrel; other applications are not supported. */
        long pointer(int encoding) {
            long field = address();
            long v = encoded(encoding & 0x0f);
            return switch (encoding & 0xf0) {
                case 0x00 -> v;
                case 0x10 -> field + v;
                default -> throw new IllegalArgumentException("pointer encoding " + Hex.of(encoding) + " at "
                        + Hex.of(field) + " is not supported");
            };
        }

        /** The raw value of a DW_EH_PE value format (the low nibble). */
        long encoded(int format) {
            long v;
            switch (format & 0x0f) {
                case 0x00, 0x04, 0x0c -> {
                    v = bytes.getLong(pos);
                    pos += 8;
                }
                case 0x01 -> v = uleb();
                case 0x02 -> {
                    v = bytes.getShort(pos) & 0xffffL;
                    pos += 2;
                }
                case 0x03 -> v = u32();
                case 0x09 -> v = sleb();
                case 0x0a -> {
                    v = bytes.getShort(pos);
                    pos += 2;
                }
                case 0x0b -> {
                    v = bytes.getInt(pos);
                    pos += 4;
                }
                default -> throw new IllegalArgumentException("value format " + Hex.of(format) + " at "
                        + Hex.of(address()) + " is not supported");
            }
            return v;
        }
    }
}
