// Entry targets that serve every call with the real `syscall`, so a rewritten
// binary runs on plain Linux: the proof that rewriting alone changes nothing
// (each patched site goes through its trampoline and back). Two stubs sit at
// the start of the trampoline segment:
//   generic:      syscall; ret
//   rt_sigreturn: lea rsp, [rsp + ENTRY_APP_RSP_OFFSET]; syscall
// (rt_sigreturn must find the signal frame at the application's rsp and never
// returns). A new thread or process cannot resume inside a trampoline here
// (nothing tells the child where to go), so clone, clone3, fork and vfork
// sites stay as they are. A site with an unknown number that turns out to be
// one of those at run time is outside what passthrough serves.
package org.azalea.rewriter;

import org.azalea.x86.X86Encoder;

import java.util.Optional;

public final class PassthroughEntries implements EntryTargets {
    private static final int RT_SIGRETURN = 15;
    private static final byte[] GENERIC = {0x0f, 0x05, (byte) 0xc3};
    private static final int SIGRETURN_OFFSET = 8;

    @Override
    public byte[] stubs(long segmentAddress) {
        byte[] lea = X86Encoder.leaRsp(TrampolineAbi.ENTRY_APP_RSP_OFFSET);
        byte[] out = new byte[SIGRETURN_OFFSET + lea.length + 2];
        java.util.Arrays.fill(out, X86Encoder.INT3);
        System.arraycopy(GENERIC, 0, out, 0, GENERIC.length);
        System.arraycopy(lea, 0, out, SIGRETURN_OFFSET, lea.length);
        out[SIGRETURN_OFFSET + lea.length] = 0x0f;
        out[SIGRETURN_OFFSET + lea.length + 1] = 0x05;
        return out;
    }

    @Override
    public long entry(SyscallNumber number, long segmentAddress) {
        boolean sigreturn = number instanceof SyscallNumber.Known(int n) && n == RT_SIGRETURN;
        return segmentAddress + (sigreturn ? SIGRETURN_OFFSET : 0);
    }

    @Override
    public byte[] trapInstruction() {
        return new byte[0];
    }

    @Override
    public Optional<String> refuses(int number) {
        return switch (number) {
            case 56, 57, 58, 435 -> Optional.of("passthrough cannot resume a new thread or process ("
                    + SyscallTable.name(number).orElseThrow() + ") inside a trampoline");
            default -> Optional.empty();
        };
    }
}
