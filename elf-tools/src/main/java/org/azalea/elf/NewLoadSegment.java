// Describes a PT_LOAD segment to add with ElfFile.withLoadSegment, together with the section
// that names it. Invariants (checked by the factories): a non-empty section name without NUL,
// flags within PF_R|PF_W|PF_X, memsz >= contents length and > 0, and a non-negative vaddr
// range that does not overflow. An absent vaddr means "the first page boundary after every
// existing segment".
package org.azalea.elf;

import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalLong;

public record NewLoadSegment(String sectionName, OptionalLong vaddr, int flags, byte[] contents, long memsz) {

    public NewLoadSegment {
        Objects.requireNonNull(sectionName, "sectionName");
        Objects.requireNonNull(vaddr, "vaddr");
        contents = contents.clone();
        if (sectionName.isEmpty() || sectionName.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("section name \"" + sectionName + "\" must be non-empty without NUL");
        }
        if ((flags & ~(ProgramHeader.PF_R | ProgramHeader.PF_W | ProgramHeader.PF_X)) != 0) {
            throw new IllegalArgumentException("segment flags " + Hex.ofU32(flags) + " are not within PF_R|PF_W|PF_X");
        }
        if (memsz <= 0 || memsz < contents.length) {
            throw new IllegalArgumentException("memsz " + Hex.of(memsz) + " must be positive and at least the "
                    + "contents length " + Hex.of(contents.length));
        }
        if (vaddr.isPresent() && (vaddr.getAsLong() < 0 || vaddr.getAsLong() > Long.MAX_VALUE - memsz)) {
            throw new IllegalArgumentException("segment range vaddr " + Hex.of(vaddr.getAsLong()) + " + memsz "
                    + Hex.of(memsz) + " is absurd");
        }
    }

    /** A segment at a fixed address. */
    public static NewLoadSegment at(String sectionName, long vaddr, int flags, byte[] contents, long memsz) {
        return new NewLoadSegment(sectionName, OptionalLong.of(vaddr), flags, contents, memsz);
    }

    /** A segment placed on the first page boundary after all existing segments. */
    public static NewLoadSegment afterLastSegment(String sectionName, int flags, byte[] contents, long memsz) {
        return new NewLoadSegment(sectionName, OptionalLong.empty(), flags, contents, memsz);
    }

    @Override
    public byte[] contents() {
        return contents.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NewLoadSegment n && n.sectionName.equals(sectionName) && n.vaddr.equals(vaddr)
                && n.flags == flags && n.memsz == memsz && Arrays.equals(n.contents, contents);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sectionName, vaddr, flags, memsz, Arrays.hashCode(contents));
    }

    @Override
    public String toString() {
        return "NewLoadSegment[" + sectionName + ", vaddr=" + (vaddr.isPresent() ? Hex.of(vaddr.getAsLong()) : "auto")
                + ", flags=" + flags + ", size=" + Hex.of(contents.length) + ", memsz=" + Hex.of(memsz) + "]";
    }
}
