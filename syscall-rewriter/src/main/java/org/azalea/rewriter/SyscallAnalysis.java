// Finds the syscall instructions of a static x86-64 program and what is known
// of their numbers.
//
// 1. Every known function is linear-swept from its start to its end, and every
//    byte no function covers is swept from the start of its gap, so no syscall
//    instruction a linear disassembler (objdump) shows is missed. Sweeps use
//    Decoding.MINIMAL; only functions that contain a syscall are decoded again
//    with detail to build a control-flow graph.
// 2. A syscall the sweep found is a site when it is an instruction start we can
//    trust: outside known functions, any cleanly swept one; inside a function,
//    one its control-flow graph reaches from the start (or, if the function has
//    an indirect jump, from any block without a known predecessor). One found
//    only after the sweep skipped undecodable bytes is UNDECIDABLE.
// 3. Every raw 0f 05 pair is classified: a site's start, inside another
//    instruction, or in bytes no decoded flow reaches (data or padding).
// 4. For each site, NumberResolver walks the graph backwards to find rax.
package org.azalea.rewriter;

import org.azalea.elf.ElfFile;
import org.azalea.x86.Decoding;
import org.azalea.x86.Disassembler;
import org.azalea.x86.Instruction;
import org.azalea.x86.X86Reg;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.azalea.rewriter.RawSyscallBytes.Classification.DATA_OR_PADDING;
import static org.azalea.rewriter.RawSyscallBytes.Classification.INSIDE_INSTRUCTION;
import static org.azalea.rewriter.RawSyscallBytes.Classification.INSTRUCTION;
import static org.azalea.rewriter.RawSyscallBytes.Classification.UNDECIDABLE;

public final class SyscallAnalysis {
    private final Disassembler disassembler;
    private final List<SyscallSite> sites = new ArrayList<>();
    private final List<RawSyscallBytes> raw = new ArrayList<>();
    /*
     * The control-flow graph of the function the last site was in. Sites are
     * visited by address, so one function's sites come together; keeping only
     * that graph bounds memory by the largest function, not the whole program.
     */
    private FunctionFlow currentFlow;

    private SyscallAnalysis(Disassembler disassembler) {
        this.disassembler = disassembler;
    }

    /**
     * Analyses the executable regions of a program. functions may overlap, repeat
     * a start (the first listed wins) or lie partly outside the regions (clipped).
     */
    public static SyscallReport analyze(List<CodeRegion> code, List<FunctionBounds> functions, Disassembler d) {
        SyscallAnalysis a = new SyscallAnalysis(d);
        for (CodeRegion region : code) {
            List<FunctionBounds> inRegion = functionsIn(region, functions);
            a.classify(a.sweep(region, inRegion), inRegion, null);
        }
        return new SyscallReport(a.sites, a.raw);
    }

    /**
     * Analyses a whole program: as above over its executable sections, and a
     * number passed in from callers is looked up there (CallerResolution).
     */
    public static SyscallReport analyze(ElfFile elf, FunctionCatalog catalog, Disassembler d) {
        SyscallAnalysis a = new SyscallAnalysis(d);
        List<RegionSweep> sweeps = new ArrayList<>();
        List<List<FunctionBounds>> functionsPerRegion = new ArrayList<>();
        List<FunctionBounds> all = new ArrayList<>();
        for (CodeRegion region : CodeRegion.executableSections(elf)) {
            List<FunctionBounds> inRegion = functionsIn(region, catalog.functions());
            functionsPerRegion.add(inRegion);
            all.addAll(inRegion);
            sweeps.add(a.sweep(region, inRegion));
        }
        all.sort(Comparator.comparing(FunctionBounds::start, Long::compareUnsigned));
        CallerResolution callers = new CallerResolution(elf, sweeps, new FunctionIndex(all), d);
        for (int i = 0; i < sweeps.size(); i++) {
            a.classify(sweeps.get(i), functionsPerRegion.get(i), callers);
        }
        return new SyscallReport(a.sites, a.raw);
    }

    /** Non-empty functions starting in region, by start, one per start, ends clipped to the region. */
    private static List<FunctionBounds> functionsIn(CodeRegion region, List<FunctionBounds> functions) {
        Map<Long, FunctionBounds> byStart = new LinkedHashMap<>();
        for (FunctionBounds f : functions) {
            if (region.contains(f.start()) && f.end() != f.start()) {
                long end = Long.compareUnsigned(f.end(), region.end()) > 0 ? region.end() : f.end();
                byStart.putIfAbsent(f.start(), new FunctionBounds(f.name(), f.start(), end, f.origin()));
            }
        }
        return byStart.values().stream().sorted(Comparator.comparing(FunctionBounds::start, Long::compareUnsigned))
                .toList();
    }

    private RegionSweep sweep(CodeRegion region, List<FunctionBounds> functions) {
        RegionSweep sweep = new RegionSweep(region);
        BitSet covered = new BitSet();
        for (FunctionBounds f : functions) {
            int from = offset(region, f.start());
            int to = offset(region, f.end());
            sweep.sweep(disassembler, from, to);
            covered.set(from, to);
        }
        int length = region.shared().length;
        for (int gap = covered.nextClearBit(0); gap < length; gap = covered.nextClearBit(gap)) {
            int end = Math.min(covered.nextSetBit(gap) < 0 ? length : covered.nextSetBit(gap), length);
            sweep.sweep(disassembler, gap, end);
            gap = end;
        }
        return sweep;
    }

    private void classify(RegionSweep sweep, List<FunctionBounds> functions, CallerResolution callers) {
        CodeRegion region = sweep.region;
        FunctionIndex index = new FunctionIndex(functions);
        Map<Integer, RawSyscallBytes.Classification> classified = new HashMap<>();
        BitSet syscalls = sweep.syscallOffsets();
        for (int o = syscalls.nextSetBit(0); o >= 0; o = syscalls.nextSetBit(o + 1)) {
            RawSyscallBytes r = classifySyscall(region, sweep, o, index.enclosing(region.address() + o), callers);
            classified.put(o, r.classification());
            if (isRawPair(region.shared(), o)) {
                raw.add(r);
            }
        }
        byte[] b = region.shared();
        for (int o = 0; o + 1 < b.length; o++) {
            if (isRawPair(b, o) && !classified.containsKey(o)) {
                raw.add(classifyOther(region, sweep, o));
            }
        }
    }

    private static boolean isRawPair(byte[] b, int o) {
        return o + 1 < b.length && b[o] == 0x0f && b[o + 1] == 0x05;
    }

    /** A syscall instruction the sweep decoded at offset o; records a site when it is trusted. */
    private RawSyscallBytes classifySyscall(CodeRegion region, RegionSweep sweep, int o, FunctionBounds f,
                                            CallerResolution callers) {
        long address = region.address() + o;
        if (sweep.resynchronised(o)) {
            return new RawSyscallBytes(address, UNDECIDABLE,
                    "decoded only after the sweep skipped undecodable bytes, so the instruction boundary is a guess");
        }
        if (f == null) {
            sites.add(new SyscallSite(address, null,
                    new SyscallNumber.Unknown("outside any known function: no control flow to follow")));
            return new RawSyscallBytes(address, INSTRUCTION, "syscall instruction outside any known function");
        }
        if (currentFlow == null || !currentFlow.function.equals(f)) {
            currentFlow = new FunctionFlow(f, region, disassembler);
        }
        FunctionFlow flow = currentFlow;
        int index = flow.indexOf(address);
        if (index < 0) {
            return new RawSyscallBytes(address, UNDECIDABLE, "the sweeps of overlapping functions disagree here");
        }
        if (!flow.reachable(index)) {
            Instruction before = index > 0 ? flow.instruction(index - 1) : null;
            return new RawSyscallBytes(address, DATA_OR_PADDING, String.format(
                    "no path from the start of %s reaches it%s", f.name(), before == null ? ""
                            : String.format(" (it follows '%s' at 0x%x)", before.mnemonic(), before.address())));
        }
        sites.add(new SyscallSite(address, f, NumberResolver.resolve(flow, index, X86Reg.RAX, callers)));
        return new RawSyscallBytes(address, INSTRUCTION, "syscall instruction in " + f.name());
    }

    /** A 0f 05 pair where no syscall instruction starts. */
    private RawSyscallBytes classifyOther(CodeRegion region, RegionSweep sweep, int o) {
        long address = region.address() + o;
        int p = sweep.startBefore(o);
        if (p >= 0 && p + sweep.length(p) > o) {
            Instruction covering = disassembler.decodeOne(region.address() + p, region.shared(), p, Decoding.TEXT)
                    .orElseThrow();
            return new RawSyscallBytes(address, INSIDE_INSTRUCTION, String.format("bytes %d..%d of '%s %s' at 0x%x",
                    o - p, o - p + 1, covering.mnemonic(), covering.operandText(), covering.address()));
        }
        return new RawSyscallBytes(address, DATA_OR_PADDING, "not part of any decoded instruction");
    }

    private static int offset(CodeRegion region, long address) {
        return (int) (address - region.address());
    }
}
