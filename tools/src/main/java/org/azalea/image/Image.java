/*
 * Image: one linked unikernel image and what reports say about it: the file
 * bytes, the descriptor stored in its note, the rewrite it applied, where the
 * app and the libOS were placed (runtime addresses) and the layout of the
 * note segment's tables.
 */
package org.azalea.image;

import org.azalea.inspect.LinkageReport;
import org.azalea.rewriter.PatchedProgram;
import org.azalea.rewriter.SitePlan;
import org.azalea.rewriter.SyscallNumber;

import java.nio.file.Path;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

public record Image(Path input, byte[] bytes, ImageNote note, PatchedProgram patched, LinkageReport linkage,
                    long appBase, long libosBase, long noteSegment) {
    public Image {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(note, "note");
        Objects.requireNonNull(patched, "patched");
        Objects.requireNonNull(linkage, "linkage");
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Every syscall number some site was proven to make (a site with several possible numbers adds each). */
    public SortedSet<Integer> possibleSyscalls() {
        SortedSet<Integer> numbers = new TreeSet<>();
        for (SitePlan p : patched.plan().sites()) {
            switch (p.site().number()) {
                case SyscallNumber.Known k -> numbers.add(k.number());
                case SyscallNumber.OneOf o -> numbers.addAll(o.numbers());
                case SyscallNumber.Unknown u -> { }
            }
        }
        return numbers;
    }

    /** Sites whose number the analysis could not prove: they may make any syscall. */
    public long unknownSites() {
        return patched.plan().sites().stream().filter(p -> p.site().number() instanceof SyscallNumber.Unknown).count();
    }
}
