/*
 * Inspector: the one entry point that turns a parsed ELF file into an
 * Inspection. It reads nothing from disk (the caller parsed the file) and
 * only reads the model: linkage, runtime, function bounds, the syscall
 * analysis over the executable sections and, when asked, the rewrite plan.
 */
package org.azalea.inspect;

import org.azalea.elf.ElfFile;
import org.azalea.elf.ElfFormatException;
import org.azalea.elf.Section;
import org.azalea.image.Libos;
import org.azalea.image.SyscallSupport;
import org.azalea.rewriter.RewritePlan;
import org.azalea.rewriter.FunctionCatalog;
import org.azalea.rewriter.SyscallAnalysis;
import org.azalea.rewriter.SyscallReport;
import org.azalea.rewriter.SyscallRewriter;
import org.azalea.x86.Disassembler;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

public final class Inspector {
    private Inspector() {
    }

    public static Inspection inspect(ElfFile elf, Disassembler disassembler) throws ElfFormatException {
        return inspect(elf, disassembler, false, Optional.empty());
    }

    /**
     * With withPlan, also plans the rewrite as the libOS will serve it: every
     * call from a trampoline (libos/include/azalea/trampoline.h), so no
     * syscall is refused beyond what the planner itself refuses. With a libOS,
     * also says what it does with each distinct syscall.
     */
    public static Inspection inspect(ElfFile elf, Disassembler disassembler, boolean withPlan, Optional<Libos> libos)
            throws ElfFormatException {
        LinkageReport linkage = LinkageReport.classify(elf);
        RuntimeReport runtime = RuntimeReport.detect(elf);
        FunctionCatalog functions = FunctionCatalog.discover(elf, disassembler);
        SyscallReport syscalls = SyscallAnalysis.analyze(elf, functions, disassembler);
        Optional<RewritePlan> plan = withPlan
                ? Optional.of(SyscallRewriter.plan(elf, functions, syscalls, number -> Optional.empty(), disassembler))
                : Optional.empty();
        return new Inspection(elf.name(), elf.size(), linkage, elf.header().entry(), runtime,
                elf.programHeaders(), elf.sections(), elf.symbols().size(), elf.dynamicSymbols().size(),
                functions, syscalls, plan, support(syscalls, libos));
    }

    private static Map<Integer, SyscallSupport> support(SyscallReport syscalls, Optional<Libos> libos) {
        Map<Integer, SyscallSupport> support = new TreeMap<>();
        libos.ifPresent(l -> syscalls.sitesPerNumber().keySet().forEach(n -> support.put(n, l.support(n))));
        return support;
    }

    /** Total bytes of executable code, for throughput figures. */
    public static long codeBytes(ElfFile elf) {
        return elf.codeSections().stream().mapToLong(Section::size).sum();
    }
}
