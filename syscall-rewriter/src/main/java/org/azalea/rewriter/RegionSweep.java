// Linear sweeps over one code region with Decoding.MINIMAL, recording for every
// byte offset the length of the instruction starting there (0 = none), which
// starts were decoded only after the sweep skipped an undecodable byte, and
// where syscall instructions start. Several sweeps may cover one region.
package org.azalea.rewriter;

import org.azalea.x86.Decoding;
import org.azalea.x86.Disassembler;
import org.azalea.x86.Instruction;
import org.azalea.x86.InstructionVisitor;
import org.azalea.x86.X86Ins;

import java.util.BitSet;

final class RegionSweep {
    final CodeRegion region;
    private final byte[] lengths;
    private final BitSet resynchronised = new BitSet();
    private final BitSet syscalls = new BitSet();

    RegionSweep(CodeRegion region) {
        this.region = region;
        this.lengths = new byte[region.shared().length];
    }

    /** Sweeps region offsets [from, to), restarting the "decoded cleanly" state at from. */
    void sweep(Disassembler d, int from, int to) {
        d.decode(region.address() + from, region.shared(), from, to, Decoding.MINIMAL, new InstructionVisitor() {
            private boolean skipped;

            @Override
            public void instruction(Instruction i) {
                int offset = (int) (i.address() - region.address());
                lengths[offset] = (byte) i.size();
                if (skipped) {
                    resynchronised.set(offset);
                }
                if (i.id() == X86Ins.SYSCALL) {
                    syscalls.set(offset);
                }
            }

            @Override
            public void undecodable(long address) {
                skipped = true;
            }
        });
    }

    /** The instruction's length if one starts at offset, else 0. */
    int length(int offset) {
        return lengths[offset];
    }

    boolean resynchronised(int offset) {
        return resynchronised.get(offset);
    }

    BitSet syscallOffsets() {
        return (BitSet) syscalls.clone();
    }

    /** Offset of the closest instruction start before offset, or -1; x86 instructions are at most 15 bytes. */
    int startBefore(int offset) {
        for (int p = offset - 1; p >= Math.max(0, offset - 14); p--) {
            if (lengths[p] != 0) {
                return p;
            }
        }
        return -1;
    }
}
