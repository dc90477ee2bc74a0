// The planner's result: one SitePlan per syscall site, by address, and totals
// per tactic. Immutable; the patcher applies it without re-deciding anything.
package org.azalea.rewriter;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public record RewritePlan(List<SitePlan> sites) {
    public RewritePlan {
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
