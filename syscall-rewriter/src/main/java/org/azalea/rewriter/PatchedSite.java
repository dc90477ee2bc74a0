// One rewritten syscall site and the first byte of its trampoline: what the
// image's site table records, so the libOS can map a return address inside a
// trampoline back to the `syscall` it replaced.
package org.azalea.rewriter;

public record PatchedSite(long site, long trampoline) {
}
