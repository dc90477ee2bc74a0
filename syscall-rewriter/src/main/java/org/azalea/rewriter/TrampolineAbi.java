// The trampoline ABI's constants, mirrored from libos/include/azalea/trampoline.h,
// which states the whole contract (registers, stack, calls that do not return).
// A test parses that header and checks every value here against it.
package org.azalea.rewriter;

import java.util.Set;

public final class TrampolineAbi {
    /** Bytes below rsp the application may use without moving rsp (SysV red zone). */
    public static final int RED_ZONE = 128;
    /** Length of the `lea rsp, [rsp + 128]` after the call; a clone child resumes past it. */
    public static final int RESUME_LEN = 8;
    /** From the return address back to the `lea rsp, [rsp - 128]` before the call: where a restarted call resumes. */
    public static final int RESTART_BACK = 10;
    /** From the entry's rsp to the application's rsp at the site. */
    public static final int ENTRY_APP_RSP_OFFSET = 8 + RED_ZONE;
    /** Syscalls whose trampolines jump to the entry rather than call it (exit, exit_group). */
    public static final Set<Integer> NO_RETURN = Set.of(60, 231);
    /** Alignment of each trampoline. */
    public static final int ALIGN = 16;

    private TrampolineAbi() {
    }
}
