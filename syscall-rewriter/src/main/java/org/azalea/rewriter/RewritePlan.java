// The planner's result: one SitePlan per syscall site, by address, and totals
// per tactic; and how many 0f 05 pairs in the code may be a `syscall` that no
// plan covers (SyscallReport.unprovenPairs: a platform must catch those at
// run time). Immutable; the patcher applies it without re-deciding anything.
package org.azalea.rewriter;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public record RewritePlan(List<SitePlan> sites, long unprovenPairs) {
    public RewritePlan {
        if (unprovenPairs < 0) {
            throw new IllegalArgumentException("unproven pairs " + unprovenPairs);
        }
        sites = sites.stream().sorted(Comparator.comparing(p -> p.site().address(), Long::compareUnsigned)).toList();
    }

    /** Sites per tactic label, in the order direct, hop, trap. */
    public Map<String, Long> totals() {
        Map<String, Long> totals = new LinkedHashMap<>();
        for (String label : List.of("direct", "hop", "trap")) {
            totals.put(label, sites.stream().filter(p -> p.tactic().label().equals(label)).count());
        }
        return totals;
    }
}
