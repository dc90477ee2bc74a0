/*
 * SyscallSupport: what the libOS does with one syscall number, as its
 * az_syscall_support table says (libos/include/azalea/entry.h, AZ_SUPPORT_*).
 */
package org.azalea.image;

public enum SyscallSupport {
    /** Returns -ENOSYS. */
    NONE("none"),
    /** Served by the libOS itself. */
    INTERNAL("internal"),
    /** Served by the full-weight kernel (Linux). */
    OFFLOAD("offload");

    private final String label;

    SyscallSupport(String label) {
        this.label = label;
    }

    /** The name used in reports. */
    public String label() {
        return label;
    }

    /** The enum for one byte of az_syscall_support, or null for a value entry.h does not define. */
    static SyscallSupport ofByte(int value) {
        return switch (value) {
            case 0 -> NONE;
            case 1 -> INTERNAL;
            case 2 -> OFFLOAD;
            default -> null;
        };
    }
}
