// Where a trampoline's call goes: the libOS entry for a proven syscall number
// or the generic dispatcher, plus any stubs the target needs inside the
// trampoline segment. The image linker supplies the libOS's addresses;
// Passthrough serves every call with the real `syscall`, so a rewritten
// binary runs on plain Linux and can be compared with the original.
package org.azalea.rewriter;

import java.util.Optional;

public interface EntryTargets {
    /** Code placed at the start of the trampoline segment, which starts at segmentAddress (may be empty). */
    byte[] stubs(long segmentAddress);

    /** The address a trampoline calls for a site whose number resolved to number. */
    long entry(SyscallNumber number, long segmentAddress);

    /** Why a site proven to make this syscall must stay a trap, or empty when a trampoline can serve it. */
    Optional<String> refuses(int number);

    /**
     * What a trap site's `syscall` becomes: empty to leave the instruction
     * (plain Linux serves it), else bytes of the same length that fault into
     * the platform, which serves the call (an image: int 3, caught as SIGTRAP).
     */
    byte[] trapInstruction();
}
