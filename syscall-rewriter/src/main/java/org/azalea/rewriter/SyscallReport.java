// The result of SyscallAnalysis: syscall sites and every raw 0f 05 occurrence,
// both sorted by address, with counts for summaries.
package org.azalea.rewriter;

import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

public record SyscallReport(List<SyscallSite> sites, List<RawSyscallBytes> rawBytes) {
    public SyscallReport {
        sites = sites.stream().sorted(Comparator.comparing(SyscallSite::address, Long::compareUnsigned)).toList();
        rawBytes = rawBytes.stream().sorted(Comparator.comparing(RawSyscallBytes::address, Long::compareUnsigned))
                .toList();
    }

    public long count(Class<? extends SyscallNumber> kind) {
        return sites.stream().filter(s -> kind.isInstance(s.number())).count();
    }

    /** Sites whose number is not a constant. */
    public long unresolvedCount() {
        return count(SyscallNumber.Unknown.class);
    }

    /**
     * Each syscall number some site can make, with how many sites can make it.
     * A site with several possible numbers counts for each of them.
     */
    public SortedMap<Integer, Integer> sitesPerNumber() {
        SortedMap<Integer, Integer> perNumber = new TreeMap<>();
        for (SyscallSite site : sites) {
            switch (site.number()) {
                case SyscallNumber.Known k -> perNumber.merge(k.number(), 1, Integer::sum);
                case SyscallNumber.OneOf o -> o.numbers().forEach(n -> perNumber.merge(n, 1, Integer::sum));
                case SyscallNumber.Unknown u -> { }
            }
        }
        return perNumber;
    }

    /** Pairs that may be a `syscall` no site covers: undecidable ones, and ones no decoded flow reaches. */
    public long unprovenPairs() {
        return count(RawSyscallBytes.Classification.UNDECIDABLE) + count(RawSyscallBytes.Classification.DATA_OR_PADDING);
    }

    public long count(RawSyscallBytes.Classification classification) {
        return rawBytes.stream().filter(r -> r.classification() == classification).count();
    }
}
