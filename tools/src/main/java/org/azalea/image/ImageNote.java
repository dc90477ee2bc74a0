/*
 * ImageNote: the Java mirror of struct az_image (libos/include/azalea/image.h),
 * the descriptor of the image note through which the libOS finds the
 * application, the site and trap tables and its own symbols. encode() writes exactly
 * the C layout (little-endian, AZ_IMAGE_SIZE bytes); ImageNoteHeaderTest
 * parses the header and checks every offset, size and constant here.
 */
package org.azalea.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

public record ImageNote(long magic, int version, int flags, long appBase, long appEntry, long appPhdr,
                        int appPhnum, int appPhent, long appEnd, long trampStart, long trampEnd, long sites,
                        int siteCount, int defaultCores, long defaultMem, int directSites, int hopSites,
                        int trapSites, int unknownSites, long symbols, int symbolCount, int stringsSize,
                        long strings, int trapCount, int unprovenPairs, long traps) {
    /** AZ_IMAGE_NOTE_NAME. */
    public static final String NAME = "Azalea";
    /** AZ_IMAGE_NOTE_TYPE. */
    public static final int TYPE = 0x415a0001;
    /** AZ_IMAGE_MAGIC: "AZALAUK" little-endian. */
    public static final long MAGIC = 0x4b55414c415a41L;
    /** AZ_IMAGE_VERSION. */
    public static final int VERSION = 2;
    /** AZ_IMAGE_PIE: the application is a static-PIE placed at app_base. */
    public static final int FLAG_PIE = 1;
    /** AZ_IMAGE_SIZE: sizeof(struct az_image). */
    public static final int SIZE = 152;
    /** sizeof(struct az_site): trampoline, site. */
    public static final int SITE_SIZE = 16;
    /** One entry of the trap table: a trap site's address. */
    public static final int TRAP_SIZE = 8;
    /** sizeof(struct az_symbol): address, size, name offset. */
    public static final int SYMBOL_SIZE = 16;

    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(magic).putInt(version).putInt(flags).putLong(appBase).putLong(appEntry).putLong(appPhdr)
                .putInt(appPhnum).putInt(appPhent).putLong(appEnd).putLong(trampStart).putLong(trampEnd)
                .putLong(sites).putInt(siteCount).putInt(defaultCores).putLong(defaultMem).putInt(directSites)
                .putInt(hopSites).putInt(trapSites).putInt(unknownSites).putLong(symbols).putInt(symbolCount)
                .putInt(stringsSize).putLong(strings).putInt(trapCount).putInt(unprovenPairs).putLong(traps);
        if (b.position() != SIZE) {
            throw new IllegalStateException("encoded " + b.position() + " bytes, struct az_image has " + SIZE);
        }
        return b.array();
    }

    /** Reads a descriptor written by encode (or by any writer of the C layout). */
    public static ImageNote decode(byte[] descriptor) {
        if (descriptor.length != SIZE) {
            throw new IllegalArgumentException("an az_image descriptor is " + SIZE + " bytes, got " + descriptor.length);
        }
        ByteBuffer b = ByteBuffer.wrap(descriptor).order(ByteOrder.LITTLE_ENDIAN);
        return new ImageNote(b.getLong(), b.getInt(), b.getInt(), b.getLong(), b.getLong(), b.getLong(), b.getInt(),
                b.getInt(), b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getInt(), b.getInt(), b.getLong(),
                b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getLong(), b.getInt(), b.getInt(), b.getLong(),
                b.getInt(), b.getInt(), b.getLong());
    }
}
