// Chooses one tactic per syscall site, best first, and says why.
//
// Direct: the syscall and whole neighbouring instructions (at most
// MAX_NEIGHBOURS on each side, inside the site's function, contiguous,
// movable into a trampoline, no other syscall) form a range of at least 5
// bytes whose interior instruction boundaries are not branch targets; the
// smallest such range wins. Hop: the syscall's own 2 bytes become a short jmp
// to dead padding within reach that holds the 5-byte jmp. Trap: neither is
// safe; the reasons both failed are reported.
//
// Sites are refused outright when their instruction boundary is not proven by
// control flow (outside any known function), when the entry cannot serve the
// call from a trampoline (the refusals given, and vfork always: see
// trampoline.h), or when flags set before the syscall are read after it (the
// entry may clobber rflags).
package org.azalea.rewriter;

import org.azalea.elf.ElfFile;
import org.azalea.x86.Disassembler;
import org.azalea.x86.Instruction;
import org.azalea.x86.InstructionMover;
import org.azalea.x86.MovedInstruction;
import org.azalea.x86.X86Ins;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.IntFunction;

public final class Planner {
    static final int JMP_REL32 = 5;
    static final int SYSCALL_LENGTH = 2;
    private static final int MAX_NEIGHBOURS = 4;
    private static final int VFORK = 58;

    private final BranchTargets targets;
    private final IntFunction<Optional<String>> refusals;
    private final Disassembler disassembler;
    private final List<CodeRegion> code;
    private final DeadPadding padding;
    /** Bytes already claimed by a patch: start -> end. */
    private final TreeMap<Long, Long> claimed = new TreeMap<>(Long::compareUnsigned);
    private FunctionFlow flow;

    private Planner(ElfFile elf, FunctionCatalog functions, BranchTargets targets,
                    IntFunction<Optional<String>> refusals, Disassembler d) {
        this.targets = targets;
        this.refusals = refusals;
        this.disassembler = d;
        this.code = CodeRegion.executableSections(elf);
        this.padding = new DeadPadding(code, functions, targets, d);
    }

    /**
     * Plans every site of the report. refusals names the syscalls the entries
     * cannot serve from a trampoline (EntryTargets.refuses); such sites stay traps.
     */
    public static RewritePlan plan(ElfFile elf, FunctionCatalog functions, SyscallReport report,
                                   BranchTargets targets, IntFunction<Optional<String>> refusals, Disassembler d) {
        Planner p = new Planner(elf, functions, targets, refusals, d);
        List<SitePlan> plans = new ArrayList<>();
        for (SyscallSite site : report.sites()) {
            plans.add(p.planSite(site));
        }
        return new RewritePlan(plans, report.unprovenPairs());
    }

    private SitePlan planSite(SyscallSite site) {
        Optional<String> refusal = refusal(site);
        if (refusal.isPresent()) {
            return new SitePlan(site, new Tactic.Trap(), refusal.get());
        }
        FunctionFlow f = flowOf(site.function());
        int index = f.indexOf(site.address());
        if (!neverReturns(site.number()) && FlagLiveness.liveAfter(f, index)) {
            return new SitePlan(site, new Tactic.Trap(),
                    "a flag set before the syscall is read after it, and the entry may clobber rflags");
        }
        String directFailure;
        Optional<String> unknown = targets.unknownTargets(site.function());
        if (unknown.isPresent()) {
            directFailure = "no direct patch: branch targets in " + site.function().name() + " are not bounded ("
                    + unknown.get() + ")";
        } else {
            Window best = bestWindow(f, index);
            if (best.tactic != null) {
                claim(best.tactic.start(), best.tactic.end());
                return new SitePlan(site, best.tactic, String.format(
                        "displaces %d instruction(s) before and %d after: 0x%x..0x%x, no branch target inside",
                        best.tactic.before().size(), best.tactic.after().size(), best.tactic.start(), best.tactic.end()));
            }
            directFailure = "no direct patch: " + best.failure;
        }
        long from = site.address() + SYSCALL_LENGTH;
        Optional<Long> slot = padding.take(from - 128, from + 127, this::isFree);
        if (slot.isPresent()) {
            claim(site.address(), from);
            claim(slot.get(), slot.get() + JMP_REL32);
            return new SitePlan(site, new Tactic.Hop(slot.get()), directFailure
                    + String.format("; short jmp to dead padding at 0x%x", slot.get()));
        }
        return new SitePlan(site, new Tactic.Trap(), directFailure + "; no dead padding within a short jmp");
    }

    /** exit, exit_group and rt_sigreturn never come back to the instruction after the site. */
    private static boolean neverReturns(SyscallNumber number) {
        return number instanceof SyscallNumber.Known(int n) && (n == 60 || n == 231 || n == 15);
    }

    private Optional<String> refusal(SyscallSite site) {
        if (site.function() == null) {
            return Optional.of("outside any known function: its instruction boundary is not proven by control flow");
        }
        List<Integer> numbers = switch (site.number()) {
            case SyscallNumber.Known k -> List.of(k.number());
            case SyscallNumber.OneOf o -> List.copyOf(o.numbers());
            case SyscallNumber.Unknown u -> List.of();
        };
        for (int n : numbers) {
            if (n == VFORK) {
                return Optional.of("vfork: the child shares the stack and may overwrite the trampoline's return address");
            }
            Optional<String> refused = refusals.apply(n);
            if (refused.isPresent()) {
                return refused;
            }
        }
        return Optional.empty();
    }

    private FunctionFlow flowOf(FunctionBounds function) {
        if (flow == null || !flow.function.equals(function)) {
            CodeRegion region = code.stream().filter(r -> r.contains(function.start())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("function outside code: " + function));
            flow = new FunctionFlow(function, region, disassembler);
        }
        return flow;
    }

    /** The result of the window search: a tactic, or why none fits. */
    private record Window(Tactic.Direct tactic, String failure) {
    }

    private Window bestWindow(FunctionFlow f, int site) {
        Tactic.Direct best = null;
        String failure = "the syscall and its neighbours are shorter than a jmp rel32";
        for (int first = site; first >= Math.max(0, site - MAX_NEIGHBOURS); first--) {
            if (first < site && !contiguous(f, first, first + 1)) {
                break;
            }
            for (int last = site; last < Math.min(f.size(), site + MAX_NEIGHBOURS + 1); last++) {
                if (last > site && !contiguous(f, last - 1, last)) {
                    break;
                }
                long start = f.instruction(first).address();
                long end = f.instruction(last).end();
                if (end - start < JMP_REL32 || (best != null && end - start >= best.end() - best.start())) {
                    continue;
                }
                Optional<String> problem = problem(f, first, last, site);
                if (problem.isPresent()) {
                    failure = problem.get();
                    continue;
                }
                best = new Tactic.Direct(start, end, instructions(f, first, site), instructions(f, site + 1, last + 1));
            }
        }
        return new Window(best, failure);
    }

    /** Why instructions first..last (around the syscall at site) cannot be displaced, if they cannot. */
    private Optional<String> problem(FunctionFlow f, int first, int last, int site) {
        for (int k = first; k <= last; k++) {
            Instruction insn = f.instruction(k);
            if (k > first) {
                Optional<String> target = targets.reason(insn.address());
                if (target.isPresent()) {
                    return Optional.of(String.format("0x%x would be inside the patch but is a branch target (%s)",
                            insn.address(), target.get()));
                }
            }
            if (k != site) {
                if (insn.id() == X86Ins.SYSCALL) {
                    return Optional.of(String.format("another syscall at 0x%x", insn.address()));
                }
                if (InstructionMover.move(insn, insn.address() + 0x1000) instanceof MovedInstruction.Immovable(String why)) {
                    return Optional.of(why);
                }
            }
        }
        long start = f.instruction(first).address();
        long end = f.instruction(last).end();
        if (!isFree(start, end)) {
            return Optional.of(String.format("0x%x..0x%x overlaps another site's patch", start, end));
        }
        return Optional.empty();
    }

    private static boolean contiguous(FunctionFlow f, int a, int b) {
        return f.instruction(a).end() == f.instruction(b).address();
    }

    private static List<Instruction> instructions(FunctionFlow f, int from, int to) {
        List<Instruction> list = new ArrayList<>();
        for (int k = from; k < to; k++) {
            list.add(f.instruction(k));
        }
        return list;
    }

    private boolean isFree(long start, long end) {
        Map.Entry<Long, Long> below = claimed.floorEntry(start);
        if (below != null && Long.compareUnsigned(below.getValue(), start) > 0) {
            return false;
        }
        Map.Entry<Long, Long> above = claimed.ceilingEntry(start);
        return above == null || Long.compareUnsigned(above.getKey(), end) >= 0;
    }

    private void claim(long start, long end) {
        claimed.put(start, end);
    }
}
