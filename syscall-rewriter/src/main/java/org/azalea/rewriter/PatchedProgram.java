// The patcher's result: the rewritten file, where its trampoline segment
// lies, and the plan it applied.
package org.azalea.rewriter;

import org.azalea.elf.ElfFile;

import java.util.Objects;

public record PatchedProgram(ElfFile elf, long trampolineAddress, int trampolineSize, RewritePlan plan) {
    public PatchedProgram {
        Objects.requireNonNull(elf, "elf");
        Objects.requireNonNull(plan, "plan");
    }
}
