/*
 * ImageOptions: what a user may choose when converting: the defaults the
 * image carries for `azalea run` (cores of the partition, partition memory),
 * and whether syscall sites are rewritten at all: trapOnly leaves every site a
 * trap, so the libOS's Syscall User Dispatch fallback serves every call (the
 * baseline the rewrite is measured against).
 */
package org.azalea.image;

public record ImageOptions(int cores, long memory, boolean trapOnly) {
    public static final int DEFAULT_CORES = 1;
    public static final long DEFAULT_MEMORY = 4L << 30;
    /** Below this a program cannot even get its stack and heap. */
    public static final long MIN_MEMORY = 16L << 20;

    public ImageOptions {
        if (cores < 1) {
            throw new IllegalArgumentException("cores must be at least 1, got " + cores);
        }
        if (memory < MIN_MEMORY) {
            throw new IllegalArgumentException("memory must be at least " + MIN_MEMORY + " bytes (16M), got "
                    + memory);
        }
    }

    public static ImageOptions defaults() {
        return new ImageOptions(DEFAULT_CORES, DEFAULT_MEMORY, false);
    }
}
