/*
 * FunctionCatalog: the known functions of a binary, as address ranges inside
 * its executable sections. Symbol-table functions come first (they carry real
 * names); .eh_frame FDEs then add every range no symbol covers, which is what
 * makes stripped binaries analysable; the entry point, when neither covers
 * it, starts a range of its own up to the next known function. Ranges never
 * overlap: where two symbols alias one range (e.g. a weak and a strong
 * name), the first by address then name is kept.
 */
package org.azalea.rewriter;

import org.azalea.elf.ElfFile;
import org.azalea.elf.FrameDescription;
import org.azalea.elf.Hex;
import org.azalea.elf.Section;
import org.azalea.elf.Symbol;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeMap;

public record FunctionCatalog(List<FunctionBounds> functions, String source) {
    public FunctionCatalog {
        functions = List.copyOf(functions);
    }

    public static FunctionCatalog of(ElfFile elf, List<FrameDescription> frames) {
        List<Section> code = elf.sections().stream().filter(s -> s.isExecutable() && s.hasFileContents()).toList();
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
