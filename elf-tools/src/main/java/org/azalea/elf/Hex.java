// Formats ELF values for messages: unsigned hexadecimal with a 0x prefix, so a field holding
// 0xffffffffffffffff is shown as such rather than as -1.
package org.azalea.elf;

public final class Hex {
    private Hex() {
    }

    public static String of(long value) {
        return "0x" + Long.toHexString(value);
    }

    public static String ofU32(int value) {
        return "0x" + Integer.toHexString(value);
    }
}
