// One FDE from .eh_frame: the code range [pcBegin, pcEnd) it describes. offset is the FDE's
// offset within .eh_frame, cieOffset that of its CIE. FDE starts are function starts, which is
// how callers find functions in stripped binaries.
package org.azalea.elf;

public record FrameDescription(long offset, long cieOffset, long pcBegin, long pcEnd) {

    public long length() {
        return pcEnd - pcBegin;
    }

    public boolean contains(long pc) {
        return Long.compareUnsigned(pc, pcBegin) >= 0 && Long.compareUnsigned(pc, pcEnd) < 0;
    }
}
