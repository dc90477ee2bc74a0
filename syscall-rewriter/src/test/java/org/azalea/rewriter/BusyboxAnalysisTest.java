// Analyses /bin/busybox (static glibc, stripped): executable sections from
// readelf -S, functions from the .eh_frame FDEs (readelf -wf), and checks the
// syscall sites against the syscall instructions objdump shows. Prints the
// resolution rate and timing (not asserted).
package org.azalea.rewriter;

import org.azalea.x86.BinaryTools;
import org.azalea.x86.Disassembler;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BusyboxAnalysisTest {
    private static final Path BUSYBOX = Path.of("/bin/busybox");

    @Test
    void sitesMatchObjdump() throws IOException {
        List<CodeRegion> code = new ArrayList<>();
        for (BinaryTools.Section s : BinaryTools.executableSections(BUSYBOX)) {
            code.add(new CodeRegion(s.address(), s.bytes()));
        }
        List<FunctionBounds> functions = new ArrayList<>();
        Matcher m = Pattern.compile("FDE cie=\\w+ pc=([0-9a-f]+)\\.\\.([0-9a-f]+)")
                .matcher(BinaryTools.run("binutils", "readelf", "-wf", BUSYBOX.toString()));
        while (m.find()) {
            long start = Long.parseLong(m.group(1), 16);
            functions.add(new FunctionBounds(String.format("fde@0x%x", start), start, Long.parseLong(m.group(2), 16),
                    FunctionBounds.Origin.FDE));
        }
        assertTrue(functions.size() > 1000, "busybox has thousands of FDEs");

        SyscallReport report;
        try (Disassembler d = new Disassembler()) {
            SyscallAnalysis.analyze(code, functions, d);
            long t0 = System.nanoTime();
            report = SyscallAnalysis.analyze(code, functions, d);
            System.out.printf("busybox analysis: %.1f ms for %d bytes of code, %d functions%n",
                    (System.nanoTime() - t0) / 1e6, code.stream().mapToInt(c -> c.bytes().length).sum(),
                    functions.size());
        }

        // Both objdump and the analysis sweep linearly, and no 0f 05 in busybox falls
        // where they resynchronise differently, so the sets agree exactly.
        TreeSet<Long> objdump = new TreeSet<>();
        BinaryTools.objdumpInstructions(BUSYBOX).forEach((address, mnemonic) -> {
            if (mnemonic.equals("syscall")) {
                objdump.add(address);
            }
        });
        TreeSet<Long> sites = new TreeSet<>(report.sites().stream().map(SyscallSite::address).toList());
        assertEquals(objdump, sites);
        long known = report.count(SyscallNumber.Known.class);
        System.out.printf("busybox: %d sites (%d in no known function): %d Known (%.1f%%), %d OneOf, %d Unknown;"
                        + " raw 0f 05: %d instruction, %d inside instruction, %d data/padding, %d undecidable%n",
                sites.size(), report.sites().stream().filter(s -> !s.inKnownFunction()).count(), known,
                100.0 * known / sites.size(), report.count(SyscallNumber.OneOf.class),
                report.count(SyscallNumber.Unknown.class), report.count(RawSyscallBytes.Classification.INSTRUCTION),
                report.count(RawSyscallBytes.Classification.INSIDE_INSTRUCTION),
                report.count(RawSyscallBytes.Classification.DATA_OR_PADDING),
                report.count(RawSyscallBytes.Classification.UNDECIDABLE));
        report.sites().stream().filter(s -> s.number() instanceof SyscallNumber.Unknown).limit(8)
                .forEach(s -> System.out.printf("  0x%x %s%n", s.address(), s.number()));
    }
}
