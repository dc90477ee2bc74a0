// The rewriting stage's one entry point: from a parsed program to its plan
// (functions, syscall sites, branch targets, one tactic per site) and, given
// where trampolines call, to the patched program.
package org.azalea.rewriter;

import org.azalea.elf.ElfFile;
import org.azalea.x86.Disassembler;

import java.util.Optional;
import java.util.function.IntFunction;

public final class SyscallRewriter {
    private SyscallRewriter() {
    }

    /** What rewriting would do; refusals names syscalls that must stay traps (EntryTargets.refuses). */
    public static RewritePlan plan(ElfFile elf, IntFunction<Optional<String>> refusals, Disassembler d) {
        FunctionCatalog functions = FunctionCatalog.of(elf, elf.frameDescriptions());
        SyscallReport report = SyscallAnalysis.analyze(CodeRegion.executableSections(elf), functions.functions(), d);
        BranchTargets targets = BranchTargets.compute(elf, functions, d);
        return Planner.plan(elf, functions, report, targets, refusals, d);
    }

    /** Plans and patches, with trampolines calling entries. */
    public static PatchedProgram rewrite(ElfFile elf, EntryTargets entries, Disassembler d) {
        return Patcher.apply(elf, plan(elf, entries::refuses, d), entries);
    }
}
