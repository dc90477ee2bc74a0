// Applies a RewritePlan to an ELF file: builds one trampoline per patched site
// in a new executable segment (layout in libos/include/azalea/trampoline.h),
// overwrites each patched range, and adds the segment. Trap sites keep their
// `syscall` or take the entry targets' trap instruction. Afterwards it proves that every byte of the original file outside the
// patched ranges and the ELF header is unchanged, and fails loudly otherwise.
//
// The segment goes 16 MiB past everything the file maps (and past its own
// length, where the ELF writer may place the relocated program header table),
// aligned to 2 MiB, and must be within rel32 reach of every site.
package org.azalea.rewriter;

import org.azalea.elf.ElfFile;
import org.azalea.elf.FileHeader;
import org.azalea.elf.NewLoadSegment;
import org.azalea.elf.ProgramHeader;
import org.azalea.x86.InstructionMover;
import org.azalea.x86.Instruction;
import org.azalea.x86.MovedInstruction;
import org.azalea.x86.X86Encoder;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

public final class Patcher {
    public static final String SECTION = ".azalea.tramp";
    private static final long GAP = 16L << 20;
    private static final long SEGMENT_ALIGN = 2L << 20;

    /** One overwrite of the original bytes at a virtual address. */
    private record Patch(long address, byte[] bytes) {
    }

    private final ElfFile elf;
    private final EntryTargets entries;
    private final long segment;
    private final ByteArrayOutputStream code = new ByteArrayOutputStream();
    private final List<Patch> patches = new ArrayList<>();
    private final List<PatchedSite> sites = new ArrayList<>();
    private final List<Long> traps = new ArrayList<>();

    private Patcher(ElfFile elf, EntryTargets entries) {
        this.elf = elf;
        this.entries = entries;
        this.segment = segmentAddress(elf);
    }

    public static PatchedProgram apply(ElfFile elf, RewritePlan plan, EntryTargets entries) {
        Patcher p = new Patcher(elf, entries);
        p.code.writeBytes(entries.stubs(p.segment));
        for (SitePlan site : plan.sites()) {
            switch (site.tactic()) {
                case Tactic.Direct d -> p.direct(site.site(), d);
                case Tactic.Hop h -> p.hop(site.site(), h);
                case Tactic.Trap t -> p.trap(site.site());
            }
        }
        byte[] trampolines = p.code.toByteArray();
        ElfFile patched = p.patchedOriginal();
        if (trampolines.length > 0) {
            patched = patched.withLoadSegment(NewLoadSegment.at(SECTION, p.segment, ProgramHeader.PF_R | ProgramHeader.PF_X,
                    trampolines, trampolines.length));
        }
        return new PatchedProgram(patched, p.segment, trampolines.length, plan, p.sites, p.traps);
    }

    private void trap(SyscallSite site) {
        byte[] instruction = entries.trapInstruction();
        if (instruction.length == 0) {
            return;
        }
        if (instruction.length != Planner.SYSCALL_LENGTH) {
            throw new IllegalStateException(String.format("trap instruction of %d bytes for the %d-byte syscall at 0x%x",
                    instruction.length, Planner.SYSCALL_LENGTH, site.address()));
        }
        patches.add(new Patch(site.address(), instruction));
        traps.add(site.address());
    }

    private void direct(SyscallSite site, Tactic.Direct d) {
        long t = align();
        sites.add(new PatchedSite(site.address(), t));
        for (Instruction insn : d.before()) {
            emit(moved(insn));
        }
        call(site);
        for (Instruction insn : d.after()) {
            emit(moved(insn));
        }
        emit(X86Encoder.jmpRel32(here(), d.end()));
        byte[] overwrite = new byte[(int) (d.end() - d.start())];
        Arrays.fill(overwrite, X86Encoder.INT3);
        byte[] jmp = X86Encoder.jmpRel32(d.start(), t);
        System.arraycopy(jmp, 0, overwrite, 0, jmp.length);
        patches.add(new Patch(d.start(), overwrite));
    }

    private void hop(SyscallSite site, Tactic.Hop h) {
        long t = align();
        sites.add(new PatchedSite(site.address(), t));
        call(site);
        emit(X86Encoder.jmpRel32(here(), site.address() + Planner.SYSCALL_LENGTH));
        patches.add(new Patch(site.address(), X86Encoder.jmpRel8(site.address(), h.padding())));
        patches.add(new Patch(h.padding(), X86Encoder.jmpRel32(h.padding(), t)));
    }

    /**
     * Step over the red zone, call the entry, step back (trampoline.h). exit and
     * exit_group never return and may run on a stack that is already unmapped
     * (musl's __unmapself), so their trampolines jump instead: nothing is written.
     */
    private void call(SyscallSite site) {
        emit(X86Encoder.leaRsp(-TrampolineAbi.RED_ZONE));
        long entry = entries.entry(site.number(), segment);
        boolean noReturn = site.number() instanceof SyscallNumber.Known k
                && TrampolineAbi.NO_RETURN.contains(k.number());
        emit(noReturn ? X86Encoder.jmpRel32(here(), entry) : X86Encoder.callRel32(here(), entry));
        emit(X86Encoder.leaRsp(TrampolineAbi.RED_ZONE));
    }

    private byte[] moved(Instruction insn) {
        return switch (InstructionMover.move(insn, here())) {
            case MovedInstruction.Moved m -> m.bytes();
            case MovedInstruction.Immovable i -> throw new IllegalArgumentException(
                    "cannot place a displaced instruction in the trampoline segment at 0x"
                            + Long.toHexString(here()) + ": " + i.reason());
        };
    }

    private long here() {
        return segment + code.size();
    }

    private long align() {
        while (code.size() % TrampolineAbi.ALIGN != 0) {
            code.write(X86Encoder.INT3);
        }
        return here();
    }

    private void emit(byte[] bytes) {
        code.writeBytes(bytes);
    }

    /** The original file with every patch applied in place, checked to differ nowhere else. */
    private ElfFile patchedOriginal() {
        byte[] original = elf.bytes();
        byte[] bytes = original.clone();
        boolean[] patched = new boolean[bytes.length];
        for (Patch p : patches) {
            int offset = Math.toIntExact(elf.fileOffsetOf(p.address()));
            System.arraycopy(p.bytes(), 0, bytes, offset, p.bytes().length);
            Arrays.fill(patched, offset, offset + p.bytes().length, true);
        }
        for (int i = FileHeader.SIZE; i < bytes.length; i++) {
            if (bytes[i] != original[i] && !patched[i]) {
                throw new IllegalStateException("byte at file offset 0x" + Integer.toHexString(i)
                        + " changed outside every patched range");
            }
        }
        try {
            return ElfFile.parse(elf.name(), bytes);
        } catch (org.azalea.elf.ElfFormatException e) {
            throw new IllegalStateException("patching code bytes broke the ELF structure: " + e.getMessage(), e);
        }
    }

    private static long segmentAddress(ElfFile elf) {
        long mappedEnd = 0;
        long base = Long.MAX_VALUE;
        for (ProgramHeader ph : elf.loadSegments()) {
            mappedEnd = Math.max(mappedEnd, ph.vaddr() + ph.memsz());
            base = Math.min(base, ph.vaddr() - ph.offset());
        }
        long fileEnd = (base == Long.MAX_VALUE ? 0 : base) + elf.size();
        long start = Math.max(mappedEnd, fileEnd) + GAP;
        return (start + SEGMENT_ALIGN - 1) & -SEGMENT_ALIGN;
    }
}
