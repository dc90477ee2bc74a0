/*
 * Inspector: the one entry point that turns a parsed ELF file into an
 * Inspection. It reads nothing from disk (the caller parsed the file) and
 * only reads the model: linkage, runtime, function bounds, then the syscall
 * analysis over the executable sections.
 */
package org.azalea.inspect;

import org.azalea.elf.ElfFile;
import org.azalea.elf.ElfFormatException;
import org.azalea.elf.Section;
import org.azalea.rewriter.CodeRegion;
import org.azalea.rewriter.FunctionCatalog;
import org.azalea.rewriter.SyscallAnalysis;
import org.azalea.rewriter.SyscallReport;
import org.azalea.x86.Disassembler;

import java.nio.ByteBuffer;
import java.util.List;

public final class Inspector {
    private Inspector() {
    }

    public static Inspection inspect(ElfFile elf, Disassembler disassembler) throws ElfFormatException {
        LinkageReport linkage = LinkageReport.classify(elf);
        RuntimeReport runtime = RuntimeReport.detect(elf);
        FunctionCatalog functions = FunctionCatalog.of(elf, elf.frameDescriptions());
        SyscallReport syscalls = SyscallAnalysis.analyze(codeRegions(elf), functions.functions(), disassembler);
        return new Inspection(elf.name(), elf.size(), linkage, elf.header().entry(), runtime,
                elf.programHeaders(), elf.sections(), elf.symbols().size(), elf.dynamicSymbols().size(),
                functions, syscalls);
    }

    /** Every executable section with file contents: the code a `syscall` can be in. */
    public static List<CodeRegion> codeRegions(ElfFile elf) {
        return elf.sections().stream()
                .filter(s -> s.isExecutable() && s.isAlloc() && s.hasFileContents() && s.size() > 0)
                .map(s -> {
                    ByteBuffer contents = elf.contents(s);
                    byte[] bytes = new byte[contents.remaining()];
                    contents.get(bytes);
                    return new CodeRegion(s.addr(), bytes);
                })
                .toList();
    }

    /** Total bytes of executable code, for throughput figures. */
    public static long codeBytes(ElfFile elf) {
        return elf.sections().stream()
                .filter(s -> s.isExecutable() && s.isAlloc() && s.hasFileContents())
                .mapToLong(Section::size).sum();
    }
}
