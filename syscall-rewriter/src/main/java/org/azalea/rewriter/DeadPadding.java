// Finds dead padding a hop can use: a run between two known functions whose
// bytes all decode as nops or int3 (or are all zero), which the previous
// function cannot fall into (its last instruction is ret, jmp, ud2, hlt or
// int3 and ends exactly where the run starts), and where no byte of the slot
// is a branch target. Runs are checked lazily, only near sites that need one.
package org.azalea.rewriter;

import org.azalea.x86.Decoding;
import org.azalea.x86.Disassembler;
import org.azalea.x86.Instruction;
import org.azalea.x86.InstructionVisitor;
import org.azalea.x86.X86Ins;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiPredicate;

final class DeadPadding {
    private record Run(CodeRegion region, FunctionBounds before, long start, long end) {
    }

    private final TreeMap<Long, Run> runs = new TreeMap<>(Long::compareUnsigned);
    private final Map<Long, Boolean> verified = new HashMap<>();
    private final BranchTargets targets;
    private final Disassembler disassembler;

    DeadPadding(List<CodeRegion> code, FunctionCatalog functions, BranchTargets targets, Disassembler d) {
        this.targets = targets;
        this.disassembler = d;
        List<FunctionBounds> sorted = functions.functions();
        for (int i = 0; i + 1 < sorted.size(); i++) {
            FunctionBounds before = sorted.get(i);
            long start = before.end();
            long end = sorted.get(i + 1).start();
            if (Long.compareUnsigned(end - start, Planner.JMP_REL32) >= 0 && Long.compareUnsigned(end, start) > 0) {
                for (CodeRegion r : code) {
                    if (r.contains(before.start()) && r.contains(start) && r.contains(end - 1)) {
                        runs.put(start, new Run(r, before, start, end));
                    }
                }
            }
        }
    }

    /**
     * Takes a free 5-byte slot starting in [lo, hi], where isFree(start, end)
     * says no other patch uses those bytes; empty if there is none.
     */
    Optional<Long> take(long lo, long hi, BiPredicate<Long, Long> isFree) {
        Long key = runs.floorKey(lo);
        Iterable<Run> candidates = (key == null ? runs : runs.tailMap(key, true)).values();
        for (Run run : candidates) {
            if (Long.compareUnsigned(run.start(), hi) > 0) {
                break;
            }
            if (!verified.computeIfAbsent(run.start(), k -> isDead(run))) {
                continue;
            }
            long first = Long.compareUnsigned(run.start(), lo) > 0 ? run.start() : lo;
            for (long p = first; Long.compareUnsigned(p, hi) <= 0
                    && Long.compareUnsigned(p + Planner.JMP_REL32, run.end()) <= 0; p++) {
                if (isFree.test(p, p + Planner.JMP_REL32) && noTargetIn(p, p + Planner.JMP_REL32)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    private boolean noTargetIn(long start, long end) {
        for (long a = start; a != end; a++) {
            if (targets.isTarget(a)) {
                return false;
            }
        }
        return true;
    }

    private boolean isDead(Run run) {
        return onlyPadding(run) && cannotFallInto(run);
    }

    private boolean onlyPadding(Run run) {
        byte[] bytes = run.region().shared();
        int from = (int) (run.start() - run.region().address());
        int to = (int) (run.end() - run.region().address());
        boolean zeros = true;
        for (int i = from; i < to; i++) {
            zeros &= bytes[i] == 0;
        }
        if (zeros) {
            return true;
        }
        List<Instruction> decoded = decode(run.region(), from, to);
        return decoded != null && decoded.stream().allMatch(i -> i.id() == X86Ins.NOP || i.id() == X86Ins.INT3);
    }

    private boolean cannotFallInto(Run run) {
        CodeRegion r = run.region();
        List<Instruction> decoded = decode(r, (int) (run.before().start() - r.address()), (int) (run.start() - r.address()));
        if (decoded == null || decoded.isEmpty()) {
            return false;
        }
        Instruction last = decoded.getLast();
        int id = last.id();
        return last.end() == run.start() && (id == X86Ins.RET || id == X86Ins.RETF || id == X86Ins.RETFQ
                || id == X86Ins.JMP || id == X86Ins.UD2 || id == X86Ins.HLT || id == X86Ins.INT3);
    }

    /** A clean linear decode of region bytes [from, to), or null if any byte is undecodable. */
    private List<Instruction> decode(CodeRegion region, int from, int to) {
        List<Instruction> out = new ArrayList<>();
        boolean[] clean = {true};
        disassembler.decode(region.address() + from, region.shared(), from, to, Decoding.MINIMAL,
                new InstructionVisitor() {
                    @Override
                    public void instruction(Instruction i) {
                        out.add(i);
                    }

                    @Override
                    public void undecodable(long address) {
                        clean[0] = false;
                    }
                });
        return clean[0] ? out : null;
    }
}
