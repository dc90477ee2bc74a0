// BranchTargets: every address of a static x86-64 binary that control may
// reach other than by falling through, computed conservatively. A syscall
// rewrite overwrites several instructions with one 5-byte jmp, which is only
// safe when no instruction boundary inside the overwritten bytes is such an
// address; so every doubt resolves towards "is a target": a false target only
// makes a rewrite less optimal, a missed one corrupts the program.
//
// Sources: direct jmp/jcc/call/loop/xbegin targets and the return address of
// every call, from a sweep of all executable bytes (each catalogued function
// from its start, and every gap between them); every symbol value, FDE start
// and the entry point; every constant of an instruction that points into code
// (immediates, displacements, RIP-relative addresses); every 8-byte value at
// every byte offset of every loaded section (and every zero-extended 4-byte
// value in a non-PIE binary, where absolute 32-bit pointers can exist); every
// RELATIVE/IRELATIVE addend and R_X86_64_64 symbol+addend (a static PIE holds
// zeros where its pointers will be); jump tables read at each address a
// function with an indirect jump computes; C++ landing pads from
// .gcc_except_table. Targets outside executable sections are not recorded.
//
// unknownTargets names the functions whose targets cannot be bounded (a jump
// through a register with no table found, an LSDA that cannot be read); the
// planner must then displace nothing in them.
package org.azalea.rewriter;

import org.azalea.elf.ElfFile;
import org.azalea.elf.FrameDescription;
import org.azalea.elf.Hex;
import org.azalea.elf.Relocation;
import org.azalea.elf.Section;
import org.azalea.elf.Symbol;
import org.azalea.x86.Disassembler;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

public final class BranchTargets {
    private final BranchTargetSet set;
    /** Why targets cannot be bounded, keyed by the address of the evidence (an indirect jump, an FDE start). */
    private final TreeMap<Long, String> unknown;
    private final List<String> symbolNames;
    private final List<String> sectionNames;

    private BranchTargets(BranchTargetSet set, TreeMap<Long, String> unknown, List<String> symbolNames,
                          List<String> sectionNames) {
        this.set = set;
        this.unknown = unknown;
        this.symbolNames = List.copyOf(symbolNames);
        this.sectionNames = List.copyOf(sectionNames);
    }

    public static BranchTargets compute(ElfFile elf, FunctionCatalog functions, Disassembler d) {
        Objects.requireNonNull(elf, "elf");
        Objects.requireNonNull(functions, "functions");
        Objects.requireNonNull(d, "d");
        List<Section> code = elf.codeSections().stream().sorted(Comparator.comparingLong(Section::addr)).toList();
        BranchTargetSet set = new BranchTargetSet(code.stream().map(s -> new long[] {s.addr(), s.addr() + s.size()})
                .toList());
        TreeMap<Long, String> unknown = new TreeMap<>(Long::compareUnsigned);
        List<String> symbolNames = new ArrayList<>();

        set.add(elf.header().entry(), BranchTargetSet.Kind.ENTRY, 0, 0, 0);
        for (List<Symbol> table : List.of(elf.symbols(), elf.dynamicSymbols())) {
            for (Symbol s : table) {
                if (s.isDefined() && s.type() != Symbol.STT_TLS && set.isCode(s.value()) && !set.contains(s.value())) {
                    symbolNames.add(s.name());
                    set.add(s.value(), BranchTargetSet.Kind.SYMBOL, 0, 0, symbolNames.size() - 1);
                }
            }
        }
        List<FrameDescription> frames = elf.frameDescriptions();
        for (FrameDescription f : frames) {
            set.add(f.pcBegin(), BranchTargetSet.Kind.FDE_START, f.offset(), 0, 0);
        }

        List<FunctionBounds> sorted = functions.functions().stream()
                .sorted(Comparator.comparing(FunctionBounds::start, Long::compareUnsigned)).toList();
        JumpTableReader tables = new JumpTableReader(elf);
        for (Section s : code) {
            new BranchTargetSweep(set, elf.contentBytes(s), s.addr(), unknown).run(d, tables,
                    sorted.stream().filter(f -> Long.compareUnsigned(f.start() - s.addr(), s.size()) < 0).toList());
        }
        // Relocations before the raw scan, which also sees their addends in .rela.dyn: the
        // relocation is the better evidence to report.
        relocations(elf, set);
        scanData(elf, set);
        BranchTargetLandingPads.find(elf, frames, set, unknown);
        set.freeze();
        return new BranchTargets(set, unknown, symbolNames, elf.sections().stream().map(Section::name).toList());
    }

    public boolean isTarget(long address) {
        return set.contains(address);
    }

    public int count() {
        return set.count();
    }

    /** One piece of evidence that address is a target, in words; empty when it is not a target. */
    public Optional<String> reason(long address) {
        int e = set.evidence(address);
        if (e < 0) {
            return Optional.empty();
        }
        long a = set.a(e);
        long b = set.b(e);
        int c = set.c(e);
        return Optional.of(switch (set.kind(e)) {
            case DIRECT_BRANCH -> BranchTargetSweep.BRANCH_KINDS.get(c) + " from " + Hex.of(a);
            case RETURN_ADDRESS -> "return address of the call at " + Hex.of(a);
            case SYMBOL -> "symbol " + symbolNames.get(c);
            case FDE_START -> "FDE start (FDE at .eh_frame+" + Hex.of(a) + ")";
            case ENTRY -> "entry point";
            case CODE_CONSTANT -> "constant " + Hex.of(address) + " in the instruction at " + Hex.of(a);
            case DATA_POINTER -> (b == 4 ? "32-bit pointer at " : "pointer at ") + Hex.of(a) + " in "
                    + sectionNames.get(c);
            case RELOCATION -> relocationName((int) b) + (b == Relocation.R_X86_64_64 ? " (symbol + addend)" : " addend")
                    + " at " + Hex.of(a);
            case JUMP_TABLE -> BranchTargetSweep.describeTableEntry(a, b, c);
            case LANDING_PAD -> "landing pad in the LSDA at " + Hex.of(a) + " of the FDE for " + Hex.of(b);
        });
    }

    /**
     * Why the targets inside f cannot be bounded, when they cannot; the planner must then not
     * displace instructions in f.
     */
    public Optional<String> unknownTargets(FunctionBounds f) {
        var inside = f.end() == f.start() ? null : unknown.ceilingEntry(f.start());
        return inside != null && f.contains(inside.getKey()) ? Optional.of(inside.getValue()) : Optional.empty();
    }

    /** How many functions' targets cannot be bounded, among those given. */
    public int unknownCount(List<FunctionBounds> functions) {
        return (int) functions.stream().filter(f -> unknownTargets(f).isPresent()).count();
    }

    @Override
    public String toString() {
        return "BranchTargets[" + count() + " targets, " + unknown.size() + " unbounded sites]";
    }

    /**
     * Every 8-byte value at every byte offset of every loaded section with file bytes (packed
     * structures put pointers at odd offsets), and in a non-PIE binary every zero-extended 4-byte
     * value (R_X86_64_32 pointers). A PIE cannot hold absolute 32-bit pointers: the linker rejects
     * them, so the 4-byte scan there would only add noise from small integers.
     */
    private static void scanData(ElfFile elf, BranchTargetSet set) {
        boolean absolute32 = !elf.header().isSharedOrPie();
        for (Section s : elf.sections()) {
            if (!s.isAlloc() || !s.hasFileContents()) {
                continue;
            }
            ByteBuffer bytes = elf.contents(s);
            int limit = bytes.limit();
            for (int i = 0; i + 4 <= limit; i++) {
                if (i + 8 <= limit) {
                    long v = bytes.getLong(i);
                    if (set.mayBeCode(v)) {
                        set.add(v, BranchTargetSet.Kind.DATA_POINTER, s.addr() + i, 8, s.index());
                    }
                }
                if (absolute32) {
                    long v = Integer.toUnsignedLong(bytes.getInt(i));
                    if (set.mayBeCode(v)) {
                        set.add(v, BranchTargetSet.Kind.DATA_POINTER, s.addr() + i, 4, s.index());
                    }
                }
            }
        }
    }

    /**
     * Relocated pointers: the addend of RELATIVE (base + addend) and IRELATIVE (the resolver,
     * called by the startup code), and symbol + addend of R_X86_64_64.
     */
    private static void relocations(ElfFile elf, BranchTargetSet set) {
        for (Relocation r : elf.relocations()) {
            switch (r.type()) {
                case Relocation.R_X86_64_RELATIVE, Relocation.R_X86_64_IRELATIVE ->
                        set.add(r.addend(), BranchTargetSet.Kind.RELOCATION, r.offset(), r.type(), 0);
                case Relocation.R_X86_64_64 -> symbolValue(elf, r).ifPresent(v ->
                        set.add(v + r.addend(), BranchTargetSet.Kind.RELOCATION, r.offset(), r.type(), 0));
                default -> { }
            }
        }
    }

    private static Optional<Long> symbolValue(ElfFile elf, Relocation r) {
        Section rela = elf.sections().get(r.sectionIndex());
        if (rela.link() <= 0 || rela.link() >= elf.sections().size()) {
            return Optional.empty();
        }
        List<Symbol> table = elf.sections().get(rela.link()).type() == Section.SHT_DYNSYM
                ? elf.dynamicSymbols() : elf.symbols();
        return r.symbolIndex() < table.size() ? Optional.of(table.get(r.symbolIndex()).value()) : Optional.empty();
    }

    private static String relocationName(int type) {
        return switch (type) {
            case Relocation.R_X86_64_RELATIVE -> "R_X86_64_RELATIVE";
            case Relocation.R_X86_64_IRELATIVE -> "R_X86_64_IRELATIVE";
            default -> "R_X86_64_64";
        };
    }
}
