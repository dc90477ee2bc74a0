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

    /**
     * What rewriting would do, given the program's functions and syscall sites;
     * refusals names syscalls that must stay traps (EntryTargets.refuses).
     */
    public static RewritePlan plan(ElfFile elf, FunctionCatalog functions, SyscallReport sites,
                                   IntFunction<Optional<String>> refusals, Disassembler d) {
        return Planner.plan(elf, functions, sites, BranchTargets.compute(elf, functions, d), refusals, d);
    }

    /** Finds the sites, plans and patches, with trampolines calling entries. */
    public static PatchedProgram rewrite(ElfFile elf, EntryTargets entries, Disassembler d) {
        FunctionCatalog functions = FunctionCatalog.discover(elf, d);
        SyscallReport sites = SyscallAnalysis.analyze(elf, functions, d);
        return Patcher.apply(elf, plan(elf, functions, sites, entries::refuses, d), entries);
    }
}
