/*
 * FunctionCatalog: the known functions of a binary, as address ranges inside
 * its executable sections. Symbol-table functions come first (they carry real
 * names); .eh_frame FDEs then add every range no symbol covers, which is what
 * makes stripped binaries analysable; the entry point, when neither covers
 * it, starts a range of its own up to the next known function. Ranges never
 * overlap: where two symbols alias one range (e.g. a weak and a strong
 * name), the first by address then name is kept.
 *
 * withCallTargets adds what a stripped binary's hand-written asm without CFI
 * leaves out: every direct call target in code that no function covers starts
 * a CALL_TARGET function up to the next known start (or its section's end).
 * A target inside a function whose end was itself guessed (ENTRY or
 * CALL_TARGET) splits it there; symbol and FDE sizes are facts and stand.
 * A new function is swept again from its start when no earlier sweep decoded
 * an instruction there (a sweep through a gap may have been out of step with
 * the code), until no new target appears.
 */
package org.azalea.rewriter;

import org.azalea.elf.ElfFile;
import org.azalea.elf.FrameDescription;
import org.azalea.elf.Hex;
import org.azalea.elf.Section;
import org.azalea.elf.Symbol;
import org.azalea.x86.Decoding;
import org.azalea.x86.Disassembler;
import org.azalea.x86.Instruction;
import org.azalea.x86.InstructionVisitor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

public record FunctionCatalog(List<FunctionBounds> functions, String source) {
    public FunctionCatalog {
        functions = List.copyOf(functions);
    }

    /** Every function the program reveals: symbols, FDEs, the entry, then direct call targets none of them covers. */
    public static FunctionCatalog discover(ElfFile elf, Disassembler d) {
        return of(elf, elf.frameDescriptions()).withCallTargets(elf, d);
    }

    public static FunctionCatalog of(ElfFile elf, List<FrameDescription> frames) {
        List<Section> code = elf.codeSections();
        List<FunctionBounds> candidates = new ArrayList<>();
        for (Symbol s : elf.symbols()) {
            if (s.isFunction() && s.isDefined() && s.size() > 0 && inCode(code, s.value(), s.size())) {
                candidates.add(new FunctionBounds(s.name(), s.value(), s.value() + s.size(), FunctionBounds.Origin.SYMBOL));
            }
        }
        boolean fromSymbols = !candidates.isEmpty();
        candidates.sort(Comparator.comparingLong(FunctionBounds::start).thenComparing(FunctionBounds::name));
        List<FunctionBounds> kept = withoutOverlaps(candidates);

        TreeMap<Long, FunctionBounds> byStart = new TreeMap<>(Long::compareUnsigned);
        kept.forEach(f -> byStart.put(f.start(), f));
        boolean fromFdes = false;
        List<FrameDescription> sortedFrames = new ArrayList<>(frames);
        sortedFrames.sort(Comparator.comparingLong(FrameDescription::pcBegin));
        for (FrameDescription f : sortedFrames) {
            if (f.pcEnd() > f.pcBegin() && inCode(code, f.pcBegin(), f.pcEnd() - f.pcBegin())
                    && isFree(byStart, f.pcBegin(), f.pcEnd())) {
                byStart.put(f.pcBegin(), new FunctionBounds("fde@" + Hex.of(f.pcBegin()), f.pcBegin(), f.pcEnd(),
                        FunctionBounds.Origin.FDE));
                fromFdes = true;
            }
        }
        long entry = elf.header().entry();
        if (isFree(byStart, entry, entry + 1)) {
            sectionEnd(code, entry).ifPresent(end -> {
                var next = byStart.higherEntry(entry);
                long stop = next == null || Long.compareUnsigned(next.getKey(), end) > 0 ? end : next.getKey();
                byStart.put(entry, new FunctionBounds("entry@" + Hex.of(entry), entry, stop, FunctionBounds.Origin.ENTRY));
            });
        }
        kept = new ArrayList<>(byStart.values());

        String source = fromSymbols && fromFdes ? "symtab+eh_frame" : fromSymbols ? "symtab" : fromFdes ? "eh_frame" : "none";
        return new FunctionCatalog(kept, source);
    }

    /** This catalog plus a CALL_TARGET function at every direct call target no function covers. */
    public FunctionCatalog withCallTargets(ElfFile elf, Disassembler d) {
        List<Section> code = elf.codeSections();
        TreeMap<Long, FunctionBounds> byStart = new TreeMap<>(Long::compareUnsigned);
        functions.forEach(f -> byStart.put(f.start(), f));
        Map<Section, byte[]> bytes = new HashMap<>();
        Map<Section, BitSet> starts = new HashMap<>();
        ArrayDeque<long[]> work = new ArrayDeque<>();
        for (Section s : code) {
            bytes.put(s, elf.contentBytes(s));
            starts.put(s, new BitSet());
            long from = s.addr();
            for (FunctionBounds f : byStart.subMap(s.addr(), true, s.addr() + s.size(), false).values()) {
                work.add(new long[] {from, f.start()});
                from = f.start();
            }
            work.add(new long[] {from, s.addr() + s.size()});
        }
        boolean added = false;
        while (!work.isEmpty()) {
            long[] range = work.poll();
            Section s = sectionOf(code, range[0]);
            if (s == null || range[1] == range[0]) {
                continue;
            }
            byte[] b = bytes.get(s);
            BitSet decoded = starts.get(s);
            List<Long> targets = new ArrayList<>();
            d.decode(range[0], b, (int) (range[0] - s.addr()), (int) (range[1] - s.addr()), Decoding.MINIMAL,
                    new InstructionVisitor() {
                        @Override
                        public void instruction(Instruction i) {
                            decoded.set((int) (i.address() - s.addr()));
                            BranchTargetSweep.directCall(b, (int) (i.address() - s.addr()), i.size(), i.end())
                                    .ifPresent(targets::add);
                        }

                        @Override
                        public void undecodable(long address) {
                            // Skipped like any sweep does; only decodable calls name functions.
                        }
                    });
            for (long t : targets) {
                Section home = sectionOf(code, t);
                var below = byStart.floorEntry(t);
                boolean covered = below != null && below.getValue().contains(t);
                if (home == null || (below != null && below.getKey() == t)
                        || (covered && !hasGuessedEnd(below.getValue()))) {
                    continue;
                }
                var next = byStart.higherEntry(t);
                long sectionEnd = home.addr() + home.size();
                long end = covered ? below.getValue().end()
                        : next == null || Long.compareUnsigned(next.getKey(), sectionEnd) > 0 ? sectionEnd : next.getKey();
                if (covered) {
                    FunctionBounds split = below.getValue();
                    byStart.put(split.start(), new FunctionBounds(split.name(), split.start(), t, split.origin()));
                }
                byStart.put(t, new FunctionBounds("sub@" + Hex.of(t), t, end, FunctionBounds.Origin.CALL_TARGET));
                // A sweep that already decoded an instruction at t decoded what follows it
                // the same way; only a start out of step with it needs a sweep of its own.
                if (!starts.get(home).get((int) (t - home.addr()))) {
                    work.add(new long[] {t, end});
                }
                added = true;
            }
        }
        return added ? new FunctionCatalog(new ArrayList<>(byStart.values()), source + "+calls") : this;
    }

    private static boolean hasGuessedEnd(FunctionBounds f) {
        return f.origin() == FunctionBounds.Origin.ENTRY || f.origin() == FunctionBounds.Origin.CALL_TARGET;
    }

    private static Section sectionOf(List<Section> code, long address) {
        for (Section s : code) {
            if (Long.compareUnsigned(address - s.addr(), s.size()) < 0) {
                return s;
            }
        }
        return null;
    }

    private static List<FunctionBounds> withoutOverlaps(List<FunctionBounds> sorted) {
        List<FunctionBounds> kept = new ArrayList<>();
        long end = Long.MIN_VALUE;
        for (FunctionBounds f : sorted) {
            if (kept.isEmpty() || Long.compareUnsigned(f.start(), end) >= 0) {
                kept.add(f);
                end = f.end();
            }
        }
        return kept;
    }

    /** True when [start, end) overlaps no range already in the map. */
    private static boolean isFree(TreeMap<Long, FunctionBounds> byStart, long start, long end) {
        var below = byStart.floorEntry(start);
        if (below != null && Long.compareUnsigned(below.getValue().end(), start) > 0) {
            return false;
        }
        var above = byStart.ceilingEntry(start);
        return above == null || Long.compareUnsigned(above.getKey(), end) >= 0;
    }

    /** The end of the executable section holding address, if any holds it. */
    private static OptionalLong sectionEnd(List<Section> code, long address) {
        for (Section s : code) {
            if (Long.compareUnsigned(address, s.addr()) >= 0 && Long.compareUnsigned(address - s.addr(), s.size()) < 0) {
                return OptionalLong.of(s.addr() + s.size());
            }
        }
        return OptionalLong.empty();
    }

    private static boolean inCode(List<Section> code, long start, long size) {
        for (Section s : code) {
            if (Long.compareUnsigned(start, s.addr()) >= 0 && Long.compareUnsigned(start - s.addr(), s.size()) < 0) {
                return Long.compareUnsigned(size, s.size() - (start - s.addr())) <= 0;
            }
        }
        return false;
    }
}
