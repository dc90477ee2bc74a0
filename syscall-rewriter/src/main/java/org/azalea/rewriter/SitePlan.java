// One syscall site's rewrite: the site, the tactic chosen and why, in words a
// user can check against the disassembly.
package org.azalea.rewriter;

import java.util.Objects;

public record SitePlan(SyscallSite site, Tactic tactic, String reason) {
    public SitePlan {
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(tactic, "tactic");
        if (Objects.requireNonNull(reason, "reason").isBlank()) {
            throw new IllegalArgumentException("a site plan needs a reason: " + site);
        }
    }
}
