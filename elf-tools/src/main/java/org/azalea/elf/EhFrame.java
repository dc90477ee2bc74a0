// Parser for .eh_frame call frame information: walks CIEs and FDEs and yields each FDE's code
// range. Only what is needed to find pc ranges is decoded (CIE augmentation and pointer
// encodings); CFA instructions are skipped. Every read is bounds-checked against the entry and
// the section, and any inconsistency is an ElfFormatException naming the file offset.
package org.azalea.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

public final class EhFrame {

    public static final int DW_EH_PE_absptr = 0x00;
    public static final int DW_EH_PE_uleb128 = 0x01;
    public static final int DW_EH_PE_udata2 = 0x02;
    public static final int DW_EH_PE_udata4 = 0x03;
    public static final int DW_EH_PE_udata8 = 0x04;
    public static final int DW_EH_PE_sleb128 = 0x09;
    public static final int DW_EH_PE_sdata2 = 0x0a;
    public static final int DW_EH_PE_sdata4 = 0x0b;
    public static final int DW_EH_PE_sdata8 = 0x0c;
    public static final int DW_EH_PE_pcrel = 0x10;
    public static final int DW_EH_PE_textrel = 0x20;
    public static final int DW_EH_PE_datarel = 0x30;
    public static final int DW_EH_PE_funcrel = 0x40;
    public static final int DW_EH_PE_aligned = 0x50;
    public static final int DW_EH_PE_indirect = 0x80;
    public static final int DW_EH_PE_omit = 0xff;

    /**
     * Base addresses for the relative pointer encodings: pcrel is relative to the address of the
     * encoded field itself (computed from sectionAddr); textrel to textBase (.text); datarel to
     * dataBase (.got on x86-64, per the psABI).
     */
    public record Bases(long sectionAddr, long textBase, long dataBase) {
    }

    private EhFrame() {
    }

    /**
     * Parses a whole .eh_frame section.
     *
     * @param file        display name for error messages
     * @param contents    the section bytes (position 0 = start of section; not modified)
     * @param fileOffset  file offset of the section, for error messages
     * @param bases       addresses the relative encodings refer to
     * @param stopAtTerminator stop at the first zero-length entry (used when the section size is
     *                    unknown, e.g. when reached through .eh_frame_hdr); otherwise zero
     *                    terminators are skipped and parsing continues to the end of contents
     */
    public static List<FrameDescription> parse(String file, ByteBuffer contents, long fileOffset, Bases bases,
                                               boolean stopAtTerminator) throws ElfFormatException {
        ByteBuffer buf = contents.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        buf.position(0);
        Reader r = new Reader(file, buf.slice().order(ByteOrder.LITTLE_ENDIAN), fileOffset, bases);
        Map<Long, Cie> cies = new HashMap<>();
        List<FrameDescription> fdes = new ArrayList<>();
        int limit = r.buf.limit();
        while (r.pos < limit) {
            int start = r.pos;
            if (limit - start < 4) {
                // Trailing padding shorter than a length field: tolerated only if it is zero.
                for (int i = start; i < limit; i++) {
                    if (r.buf.get(i) != 0) {
                        throw r.error(start, "truncated entry at end of .eh_frame (" + (limit - start)
                                + " bytes left, need 4)");
                    }
                }
                break;
            }
            long length = Integer.toUnsignedLong(r.u32());
            if (length == 0) {
                if (stopAtTerminator) {
                    break;
                }
                continue;
            }
            boolean is64 = length == 0xffffffffL;
            if (is64) {
                length = r.u64();
            }
            int bodyStart = r.pos;
            if (length < 0 || length > limit - bodyStart) {
                throw r.error(start, "entry length " + Hex.of(length) + " extends past end of .eh_frame (entry at "
                        + Hex.of(start) + ", section size " + Hex.of(limit) + ")");
            }
            int end = bodyStart + (int) length;
            int idPos = r.pos;
            long id = is64 ? r.u64Within(end) : Integer.toUnsignedLong(r.u32Within(end));
            if (id == 0) {
                cies.put((long) start, parseCie(r, start, end));
            } else {
                long ciePos = idPos - id;
                Cie cie = cies.get(ciePos);
                if (cie == null) {
                    throw r.error(start, "FDE CIE pointer " + Hex.of(id) + " does not lead to a CIE (computed "
                            + "offset " + Hex.of(ciePos) + " in .eh_frame)");
                }
                fdes.add(parseFde(r, start, end, ciePos, cie));
            }
            r.pos = end;
        }
        return List.copyOf(fdes);
    }

    /**
     * Decodes one DW_EH_PE_* encoded pointer at position within contents (position 0 = start of
     * contents, whose address is bases.sectionAddr()); used for .eh_frame_hdr fields.
     */
    public static long decodePointer(String file, ByteBuffer contents, long fileOffset, int position, int encoding,
                                     Bases bases) throws ElfFormatException {
        ByteBuffer buf = contents.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        buf.position(0);
        Reader r = new Reader(file, buf.slice().order(ByteOrder.LITTLE_ENDIAN), fileOffset, bases);
        if (position < 0 || position > r.buf.limit()) {
            throw new ElfFormatException(file, fileOffset, "encoded pointer position " + position
                    + " is outside its " + r.buf.limit() + "-byte container");
        }
        r.pos = position;
        return r.pointer(encoding, r.buf.limit(), position);
    }

    private record Cie(int fdeEncoding, boolean hasAugmentationData) {
    }

    private static Cie parseCie(Reader r, int start, int end) throws ElfFormatException {
        int version = r.u8(end);
        if (version != 1 && version != 3) {
            throw r.error(start, "CIE version " + version + " is not 1 or 3");
        }
        String augmentation = r.cString(end);
        if (augmentation.contains("eh")) {
            r.skip(8, end);
        }
        r.uleb(end);
        r.sleb(end);
        if (version == 1) {
            r.u8(end);
        } else {
            r.uleb(end);
        }
        int fdeEncoding = DW_EH_PE_absptr;
        boolean z = augmentation.startsWith("z");
        if (z) {
            long augLength = r.uleb(end);
            if (augLength > end - r.pos) {
                throw r.error(start, "CIE augmentation data length " + Hex.of(augLength) + " extends past end of CIE");
            }
            int augEnd = r.pos + (int) augLength;
            for (int i = 1; i < augmentation.length(); i++) {
                char c = augmentation.charAt(i);
                switch (c) {
                    case 'R' -> fdeEncoding = r.u8(augEnd);
                    case 'L' -> r.u8(augEnd);
                    case 'P' -> {
                        int encoding = r.u8(augEnd);
                        r.pointer(encoding, augEnd, start);
                    }
                    case 'S', 'B', 'G' -> {
                    }
                    default -> {
                        // Unknown letters are allowed after 'z': the length lets us skip them.
                        i = augmentation.length();
                    }
                }
            }
            r.pos = augEnd;
        } else if (!augmentation.isEmpty() && !augmentation.equals("eh")) {
            throw r.error(start, "CIE augmentation \"" + augmentation + "\" is not understood");
        }
        if (fdeEncoding == DW_EH_PE_omit) {
            throw r.error(start, "CIE FDE pointer encoding is DW_EH_PE_omit");
        }
        return new Cie(fdeEncoding, z);
    }

    private static FrameDescription parseFde(Reader r, int start, int end, long ciePos, Cie cie)
            throws ElfFormatException {
        long pcBegin = r.pointer(cie.fdeEncoding(), end, start);
        long pcRange = r.pointer(cie.fdeEncoding() & 0x0f, end, start);
        if (cie.hasAugmentationData()) {
            long augLength = r.uleb(end);
            if (augLength > end - r.pos) {
                throw r.error(start, "FDE augmentation data length " + Hex.of(augLength) + " extends past end of FDE");
            }
        }
        return new FrameDescription(start, ciePos, pcBegin, pcBegin + pcRange);
    }

    /** A bounds-checked little-endian cursor over the section. */
    private static final class Reader {
        final String file;
        final ByteBuffer buf;
        final long fileOffset;
        final Bases bases;
        int pos;

        Reader(String file, ByteBuffer buf, long fileOffset, Bases bases) {
            this.file = file;
            this.buf = buf;
            this.fileOffset = fileOffset;
            this.bases = bases;
        }

        ElfFormatException error(int entryStart, String problem) {
            return new ElfFormatException(file, fileOffset + entryStart, ".eh_frame entry at " + Hex.of(entryStart)
                    + ": " + problem);
        }

        private void need(int n, int end) throws ElfFormatException {
            if (n > end - pos) {
                throw new ElfFormatException(file, fileOffset + pos, ".eh_frame: field of " + n
                        + " bytes at " + Hex.of(pos) + " runs past end of its entry (entry ends at " + Hex.of(end) + ")");
            }
        }

        int u32() {
            int v = buf.getInt(pos);
            pos += 4;
            return v;
        }

        long u64() throws ElfFormatException {
            need(8, buf.limit());
            long v = buf.getLong(pos);
            pos += 8;
            return v;
        }

        int u32Within(int end) throws ElfFormatException {
            need(4, end);
            return u32();
        }

        long u64Within(int end) throws ElfFormatException {
            need(8, end);
            long v = buf.getLong(pos);
            pos += 8;
            return v;
        }

        int u8(int end) throws ElfFormatException {
            need(1, end);
            return buf.get(pos++) & 0xff;
        }

        void skip(int n, int end) throws ElfFormatException {
            need(n, end);
            pos += n;
        }

        String cString(int end) throws ElfFormatException {
            int s = pos;
            while (true) {
                if (pos >= end) {
                    throw new ElfFormatException(file, fileOffset + s, ".eh_frame: CIE augmentation string at "
                            + Hex.of(s) + " is not NUL-terminated within its entry");
                }
                if (buf.get(pos++) == 0) {
                    break;
                }
            }
            byte[] chars = new byte[pos - 1 - s];
            buf.get(s, chars);
            return new String(chars, java.nio.charset.StandardCharsets.ISO_8859_1);
        }

        long uleb(int end) throws ElfFormatException {
            long result = 0;
            int shift = 0;
            int s = pos;
            while (true) {
                int b = u8(end);
                if (shift < 64) {
                    result |= (long) (b & 0x7f) << shift;
                }
                shift += 7;
                if ((b & 0x80) == 0) {
                    return result;
                }
                if (shift > 70) {
                    throw new ElfFormatException(file, fileOffset + s, ".eh_frame: LEB128 value at " + Hex.of(s)
                            + " is longer than 10 bytes");
                }
            }
        }

        long sleb(int end) throws ElfFormatException {
            long result = 0;
            int shift = 0;
            int s = pos;
            int b;
            do {
                b = u8(end);
                if (shift < 64) {
                    result |= (long) (b & 0x7f) << shift;
                }
                shift += 7;
                if (shift > 70) {
                    throw new ElfFormatException(file, fileOffset + s, ".eh_frame: LEB128 value at " + Hex.of(s)
                            + " is longer than 10 bytes");
                }
            } while ((b & 0x80) != 0);
            if (shift < 64 && (b & 0x40) != 0) {
                result |= -1L << shift;
            }
            return result;
        }

        /** Decodes a DW_EH_PE_* encoded pointer at pos. */
        long pointer(int encoding, int end, int entryStart) throws ElfFormatException {
            if (encoding == DW_EH_PE_omit) {
                return 0;
            }
            long fieldAddress = bases.sectionAddr() + pos;
            long value = switch (encoding & 0x0f) {
                case DW_EH_PE_absptr, DW_EH_PE_udata8, DW_EH_PE_sdata8 -> u64Within(end);
                case DW_EH_PE_uleb128 -> uleb(end);
                case DW_EH_PE_udata2 -> {
                    need(2, end);
                    int v = buf.getShort(pos) & 0xffff;
                    pos += 2;
                    yield v;
                }
                case DW_EH_PE_sdata2 -> {
                    need(2, end);
                    int v = buf.getShort(pos);
                    pos += 2;
                    yield v;
                }
                case DW_EH_PE_udata4 -> Integer.toUnsignedLong(u32Within(end));
                case DW_EH_PE_sdata4 -> (long) u32Within(end);
                case DW_EH_PE_sleb128 -> sleb(end);
                default -> throw error(entryStart, "unsupported pointer encoding " + Hex.ofU32(encoding));
            };
            return switch (encoding & 0x70) {
                case DW_EH_PE_absptr -> value;
                case DW_EH_PE_pcrel -> fieldAddress + value;
                case DW_EH_PE_textrel -> bases.textBase() + value;
                case DW_EH_PE_datarel -> bases.dataBase() + value;
                default -> throw error(entryStart, "unsupported pointer application " + Hex.ofU32(encoding)
                        + " (only absptr, pcrel, textrel and datarel are meaningful in .eh_frame)");
            };
        }
    }
}
