/*
 * LibosEntries: where trampolines call in an image: the libOS, placed just
 * below the trampoline segment. The patcher leaves at least 16 MiB free below
 * that segment; the libOS goes at the segment address minus its span rounded
 * up to 2 MiB, minus another 2 MiB of guard, so it is far from the app and
 * well within rel32 reach of every trampoline. A site proven to make syscall
 * <name> calls az_entry_<name> when the libOS has one; every other site calls
 * the generic dispatcher az_syscall_entry; a trap site becomes int 3 (CD 03). All addresses are the app's link
 * addresses; the image linker adds app_base to everything.
 */
package org.azalea.image;

import org.azalea.elf.Hex;
import org.azalea.rewriter.EntryTargets;
import org.azalea.rewriter.SyscallNumber;
import org.azalea.rewriter.SyscallTable;
import org.azalea.x86.X86Encoder;

import java.util.Optional;

public final class LibosEntries implements EntryTargets {
    static final long ALIGN = 2L << 20;
    /** The libOS span that still fits with the guard in the patcher's 16 MiB gap. */
    static final long MAX_SPAN = 12L << 20;
    private static final int VFORK = 58;

    private final Libos libos;
    private final long reserved;

    public LibosEntries(Libos libos) {
        if (libos.span() > MAX_SPAN) {
            throw new IllegalArgumentException("the libOS spans " + Hex.of(libos.span()) + " bytes, more than the "
                    + Hex.of(MAX_SPAN) + " that fit below the trampoline segment");
        }
        this.libos = libos;
        this.reserved = Libos.alignUp(libos.span(), ALIGN) + ALIGN;
    }

    /** The libOS's link base in an app whose trampoline segment starts at segmentAddress. */
    public long libosBase(long segmentAddress) {
        return segmentAddress - reserved;
    }

    @Override
    public byte[] stubs(long segmentAddress) {
        return new byte[0];
    }

    @Override
    public long entry(SyscallNumber number, long segmentAddress) {
        long offset = number instanceof SyscallNumber.Known(int n)
                ? SyscallTable.name(n).flatMap(name -> libos.address(Libos.ENTRY_PREFIX + name))
                        .orElse(libos.requiredAddress(Libos.DISPATCHER))
                : libos.requiredAddress(Libos.DISPATCHER);
        return libosBase(segmentAddress) + offset;
    }

    /** A trap site becomes int 3: the libOS's SIGTRAP handler serves it, with no Syscall User Dispatch needed. */
    @Override
    public byte[] trapInstruction() {
        return X86Encoder.int3Long();
    }

    @Override
    public Optional<String> refuses(int number) {
        return number == VFORK ? Optional.of("vfork shares the parent's stack, whose red zone the child may overwrite")
                : Optional.empty();
    }
}
