// Finds the function enclosing an address among functions sorted by start,
// in logarithmic time: a program can have tens of thousands of functions and
// as many syscall sites. Ranges may nest or overlap; the innermost (the
// latest-starting one that contains the address) wins.
package org.azalea.rewriter;

import java.util.List;

final class FunctionIndex {
    private final List<FunctionBounds> byStart;
    /** maxEnd[i]: the largest end among byStart[0..i], so a backward walk knows when to stop. */
    private final long[] maxEnd;

    FunctionIndex(List<FunctionBounds> sortedByStart) {
        this.byStart = List.copyOf(sortedByStart);
        this.maxEnd = new long[byStart.size()];
        long max = 0;
        for (int i = 0; i < maxEnd.length; i++) {
            FunctionBounds f = byStart.get(i);
            if (i > 0 && Long.compareUnsigned(f.start(), byStart.get(i - 1).start()) < 0) {
                throw new IllegalArgumentException("functions not sorted by start at " + f);
            }
            max = Long.compareUnsigned(f.end(), max) > 0 ? f.end() : max;
            maxEnd[i] = max;
        }
    }

    /** The innermost function containing address, or null. */
    FunctionBounds enclosing(long address) {
        for (int i = lastStartingAtOrBefore(address); i >= 0 && Long.compareUnsigned(maxEnd[i], address) > 0; i--) {
            if (byStart.get(i).contains(address)) {
                return byStart.get(i);
            }
        }
        return null;
    }

    private int lastStartingAtOrBefore(long address) {
        int lo = 0;
        int hi = byStart.size() - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(byStart.get(mid).start(), address) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }
}
