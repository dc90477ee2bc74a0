/*
 * BenchSections: the names of `azalea bench`'s sections as results.json
 * records them, in one place, so the sections that measure and the reports
 * and charts that read agree.
 */
package org.azalea.bench;

public final class BenchSections {
    public static final String INSPECT = "inspect";
    public static final String CONVERT = "convert";
    /** Code size of the binaries the toolchain sections ran on (MB of executable code). */
    public static final String SIZE = "code_size";
    public static final String SYSCALL = "syscall";
    public static final String LATENCY = "latency";
    public static final String START = "start";
    public static final String IMAGE_SIZE = "image_size";
    public static final String THREADS = "threads";
    public static final String SCALING = "scaling";

    private BenchSections() {
    }
}
