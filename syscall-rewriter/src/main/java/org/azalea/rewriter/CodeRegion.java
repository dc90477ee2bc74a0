// An executable section's contents at its virtual address. The bytes are
// copied in and out so a region cannot change under an analysis.
package org.azalea.rewriter;

import org.azalea.elf.ElfFile;

import java.util.List;
import java.util.Objects;

public record CodeRegion(long address, byte[] bytes) {
    public CodeRegion {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length > 0 && Long.compareUnsigned(address + bytes.length - 1, address) < 0) {
            throw new IllegalArgumentException(String.format(
                    "region at 0x%x of %d bytes wraps past the end of the address space", address, bytes.length));
        }
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Every allocated executable section with file contents: the code a `syscall` can be in. */
    public static List<CodeRegion> executableSections(ElfFile elf) {
        return elf.codeSections().stream().map(s -> new CodeRegion(s.addr(), elf.contentBytes(s))).toList();
    }

    /** One past the last address, as an unsigned value. */
    public long end() {
        return address + bytes.length;
    }

    public boolean contains(long a) {
        return Long.compareUnsigned(a, address) >= 0 && Long.compareUnsigned(a, end()) < 0;
    }

    /** The byte array itself, for analysis code in this package that never modifies it. */
    byte[] shared() {
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CodeRegion r && r.address == address && java.util.Arrays.equals(r.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(address) * 31 + java.util.Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return String.format("CodeRegion[0x%x..0x%x]", address, end());
    }
}
