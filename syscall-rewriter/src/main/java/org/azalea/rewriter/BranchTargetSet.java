// The addresses BranchTargets has found so far, with the first piece of
// evidence for each. Membership is one BitSet per executable section, indexed
// by offset, so the hot paths (scanning every byte offset of the data, every
// instruction of the code) cost a range check and a bit test, never a hash
// lookup. Evidence is kept only for the first sighting of an address, in
// parallel primitive arrays (a binary has up to millions of targets, and an
// object per target would dominate the analysis' memory); freeze() sorts it by
// address so reason() is a binary search. Addresses outside every executable
// section are not targets and add() ignores them: only code can be jumped to.
package org.azalea.rewriter;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

final class BranchTargetSet {
    /** What an evidence record's a, b and c mean depends on its kind; BranchTargets renders them. */
    enum Kind { DIRECT_BRANCH, RETURN_ADDRESS, SYMBOL, FDE_START, ENTRY, CODE_CONSTANT, DATA_POINTER, RELOCATION,
        JUMP_TABLE, LANDING_PAD }

    private final long[] starts;
    private final long[] ends;
    private final BitSet[] bits;
    private final long low;
    private final long high;
    private long[] addresses = new long[1024];
    private long[] as = new long[1024];
    private long[] bs = new long[1024];
    private int[] cs = new int[1024];
    private byte[] kinds = new byte[1024];
    private int size;
    private boolean frozen;

    /** regions: the executable sections as [start, end) pairs, sorted by start and not overlapping. */
    BranchTargetSet(List<long[]> regions) {
        starts = new long[regions.size()];
        ends = new long[regions.size()];
        bits = new BitSet[regions.size()];
        long lo = -1;
        long hi = 0;
        for (int i = 0; i < starts.length; i++) {
            starts[i] = regions.get(i)[0];
            ends[i] = regions.get(i)[1];
            bits[i] = new BitSet();
            lo = Long.compareUnsigned(starts[i], lo) < 0 ? starts[i] : lo;
            hi = Long.compareUnsigned(ends[i], hi) > 0 ? ends[i] : hi;
        }
        low = lo;
        high = hi;
    }

    /** The cheap first test of the scanning loops: inside the hull of the executable sections. */
    boolean mayBeCode(long address) {
        return Long.compareUnsigned(address - low, high - low) < 0;
    }

    boolean isCode(long address) {
        return region(address) >= 0;
    }

    /** Records address as a target unless it is not in code or already known; true when it is in code. */
    boolean add(long address, Kind kind, long a, long b, int c) {
        if (frozen) {
            throw new IllegalStateException("target set is frozen");
        }
        if (!mayBeCode(address)) {
            return false;
        }
        int r = region(address);
        if (r < 0) {
            return false;
        }
        int offset = (int) (address - starts[r]);
        if (!bits[r].get(offset)) {
            bits[r].set(offset);
            append(address, kind, a, b, c);
        }
        return true;
    }

    boolean contains(long address) {
        int r = mayBeCode(address) ? region(address) : -1;
        return r >= 0 && bits[r].get((int) (address - starts[r]));
    }

    int count() {
        return size;
    }

    /** Sorts the evidence by address; the set is read-only afterwards. */
    void freeze() {
        if (frozen) {
            return;
        }
        frozen = true;
        // Addresses are unique, so an address's rank in a sorted copy is where its evidence
        // goes; flipping the sign bit makes the signed primitive sort an unsigned one.
        long[] sorted = new long[size];
        for (int i = 0; i < size; i++) {
            sorted[i] = addresses[i] ^ Long.MIN_VALUE;
        }
        Arrays.sort(sorted);
        long[] na = new long[size];
        long[] a = new long[size];
        long[] b = new long[size];
        int[] c = new int[size];
        byte[] k = new byte[size];
        for (int from = 0; from < size; from++) {
            int i = Arrays.binarySearch(sorted, addresses[from] ^ Long.MIN_VALUE);
            na[i] = addresses[from];
            a[i] = as[from];
            b[i] = bs[from];
            c[i] = cs[from];
            k[i] = kinds[from];
        }
        addresses = na;
        as = a;
        bs = b;
        cs = c;
        kinds = k;
    }

    /** The evidence index for a target of a frozen set, or -1. */
    int evidence(long address) {
        if (!frozen) {
            throw new IllegalStateException("evidence is sorted only once the set is frozen");
        }
        int lo = 0;
        int hi = size - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int cmp = Long.compareUnsigned(addresses[mid], address);
            if (cmp == 0) {
                return mid;
            }
            if (cmp < 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return -1;
    }

    Kind kind(int evidence) {
        return Kind.values()[kinds[evidence]];
    }

    long a(int evidence) {
        return as[evidence];
    }

    long b(int evidence) {
        return bs[evidence];
    }

    int c(int evidence) {
        return cs[evidence];
    }

    private void append(long address, Kind kind, long a, long b, int c) {
        if (size == addresses.length) {
            int n = size * 2;
            addresses = Arrays.copyOf(addresses, n);
            as = Arrays.copyOf(as, n);
            bs = Arrays.copyOf(bs, n);
            cs = Arrays.copyOf(cs, n);
            kinds = Arrays.copyOf(kinds, n);
        }
        addresses[size] = address;
        as[size] = a;
        bs[size] = b;
        cs[size] = c;
        kinds[size] = (byte) kind.ordinal();
        size++;
    }

    private int region(long address) {
        for (int i = 0; i < starts.length; i++) {
            if (Long.compareUnsigned(address - starts[i], ends[i] - starts[i]) < 0) {
                return i;
            }
        }
        return -1;
    }
}
