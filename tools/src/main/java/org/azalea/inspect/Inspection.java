/*
 * Inspection: everything `azalea inspect` reports about one binary, computed
 * once by Inspector and rendered as text or JSON; with --plan, also the
 * rewrite plan; given the libOS, what it does with each distinct syscall.
 * Immutable; holds no reference to the file's bytes.
 */
package org.azalea.inspect;

import org.azalea.elf.ProgramHeader;
import org.azalea.elf.Section;
import org.azalea.image.SyscallSupport;
import org.azalea.rewriter.FunctionCatalog;
import org.azalea.rewriter.RewritePlan;
import org.azalea.rewriter.SyscallReport;

import java.util.List;
import java.util.Map;
import java.util.Optional;

public record Inspection(String file, long size, LinkageReport linkage, long entry, RuntimeReport runtime,
                         List<ProgramHeader> segments, List<Section> sections, int symtabSymbols,
                         int dynsymSymbols, FunctionCatalog functions, SyscallReport syscalls,
                         Optional<RewritePlan> plan, Map<Integer, SyscallSupport> support) {
    /** support: for each distinct syscall number, what the libOS does with it; empty when inspected without one. */
    public Inspection {
        segments = List.copyOf(segments);
        sections = List.copyOf(sections);
        support = Map.copyOf(support);
    }
}
