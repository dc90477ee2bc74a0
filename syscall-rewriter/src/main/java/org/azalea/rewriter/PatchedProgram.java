// The patcher's result: the rewritten file, where its trampoline segment
// lies (the address the patcher chose even when no site needed a trampoline),
// the plan it applied, per patched site where its trampoline starts, and
// the trap sites whose `syscall` became the entry targets' trap instruction.
package org.azalea.rewriter;

import org.azalea.elf.ElfFile;

import java.util.List;
import java.util.Objects;

public record PatchedProgram(ElfFile elf, long trampolineAddress, int trampolineSize, RewritePlan plan,
                             List<PatchedSite> sites, List<Long> trapSites) {
    public PatchedProgram {
        Objects.requireNonNull(elf, "elf");
        Objects.requireNonNull(plan, "plan");
        sites = List.copyOf(sites);
        trapSites = List.copyOf(trapSites);
    }
}
