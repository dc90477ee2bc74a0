// What a register holds on entry to a function, found in its callers: musl
// passes the syscall number to __syscall_cp_c as an argument, glibc to
// syscall(). The answer is only a constant when every way in is known: each
// direct call, tail jump or conditional jump to the function start is
// resolved in its caller (callers of callers up to MAX_DEPTH), and the
// function's address is never taken (no 8-byte or, outside a PIE, 4-byte
// value equal to it anywhere in the loaded image, no relocation addend, no
// RIP-relative reference to it), since an indirect call could come from
// anywhere. Results are memoised; a recursive chain is answered "unknown".
package org.azalea.rewriter;

import org.azalea.elf.ElfFile;
import org.azalea.elf.FileHeader;
import org.azalea.elf.Relocation;
import org.azalea.elf.Section;
import org.azalea.x86.Disassembler;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

final class CallerResolution implements NumberResolver.Callers {
    private static final int MAX_DEPTH = 3;

    private final ElfFile elf;
    private final List<RegionSweep> sweeps;
    private final FunctionIndex functions;
    private final Disassembler disassembler;
    /** Function start -> addresses of the direct calls and jumps to it. */
    private final Map<Long, List<Long>> callers = new HashMap<>();
    private final Map<Long, SyscallNumber> memo = new HashMap<>();
    private final Map<Long, Optional<String>> taken = new HashMap<>();
    private int depth;

    CallerResolution(ElfFile elf, List<RegionSweep> sweeps, FunctionIndex functions, Disassembler d) {
        this.elf = elf;
        this.sweeps = sweeps;
        this.functions = functions;
        this.disassembler = d;
        for (RegionSweep sweep : sweeps) {
            indexDirectTransfers(sweep);
        }
    }

    @Override
    public SyscallNumber atEntry(FunctionBounds function, int reg) {
        long key = (function.start() << 8) | reg;
        SyscallNumber known = memo.get(key);
        if (known != null) {
            return known;
        }
        memo.put(key, new SyscallNumber.Unknown("the callers form a cycle"));
        SyscallNumber value = depth >= MAX_DEPTH
                ? new SyscallNumber.Unknown("callers more than " + MAX_DEPTH + " levels up are not followed")
                : fromCallers(function, reg);
        memo.put(key, value);
        return value;
    }

    private SyscallNumber fromCallers(FunctionBounds function, int reg) {
        Optional<String> addressTaken = taken.computeIfAbsent(function.start(), this::addressTaken);
        if (addressTaken.isPresent()) {
            return new SyscallNumber.Unknown(function.name() + "'s address is taken (" + addressTaken.get()
                    + "), so not every caller is known");
        }
        List<Long> sites = callers.getOrDefault(function.start(), List.of());
        if (sites.isEmpty()) {
            return new SyscallNumber.Unknown("no direct call or jump reaches " + function.name());
        }
        SortedSet<Integer> constants = new TreeSet<>();
        depth++;
        try {
            for (long site : sites) {
                switch (valueBefore(site, reg)) {
                    case SyscallNumber.Known k -> constants.add(k.number());
                    case SyscallNumber.OneOf o -> constants.addAll(o.numbers());
                    case SyscallNumber.Unknown u -> {
                        return new SyscallNumber.Unknown(String.format("at the call from 0x%x: %s", site, u.reason()));
                    }
                }
            }
        } finally {
            depth--;
        }
        if (constants.isEmpty()) {
            return new SyscallNumber.Unknown("no reachable call to " + function.name());
        }
        return constants.size() == 1 ? new SyscallNumber.Known(constants.first()) : new SyscallNumber.OneOf(constants);
    }

    /** What reg holds just before the call or jump at address, in the function containing it. */
    private SyscallNumber valueBefore(long address, int reg) {
        FunctionBounds caller = functions.enclosing(address);
        if (caller == null) {
            return new SyscallNumber.Unknown(String.format("the call at 0x%x is outside any known function", address));
        }
        RegionSweep sweep = sweeps.stream().filter(s -> s.region.contains(caller.start())).findFirst().orElseThrow();
        FunctionFlow flow = new FunctionFlow(caller, sweep.region, disassembler);
        int index = flow.indexOf(address);
        if (index < 0) {
            return new SyscallNumber.Unknown(String.format("0x%x is not an instruction of %s", address, caller.name()));
        }
        return NumberResolver.resolve(flow, index, reg, this);
    }

    /** Records every call rel32, jmp rel8/rel32 and jcc rel8/rel32 target, after any prefixes. */
    private void indexDirectTransfers(RegionSweep sweep) {
        byte[] code = sweep.region.shared();
        for (int offset = 0; offset < code.length; offset++) {
            int length = sweep.length(offset);
            if (length == 0) {
                continue;
            }
            int op = opcodeAt(code, offset, length);
            int b = code[op] & 0xff;
            long end = sweep.region.address() + offset + length;
            int rest = offset + length - op;
            if ((b == 0xe8 || b == 0xe9) && rest == 5) {
                add(end + ByteBuffer.wrap(code, op + 1, 4).order(ByteOrder.LITTLE_ENDIAN).getInt(), end - length);
            } else if ((b == 0xeb || (b >= 0x70 && b <= 0x7f)) && rest == 2) {
                add(end + code[op + 1], end - length);
            } else if (b == 0x0f && rest == 6 && (code[op + 1] & 0xf0) == 0x80) {
                add(end + ByteBuffer.wrap(code, op + 2, 4).order(ByteOrder.LITTLE_ENDIAN).getInt(), end - length);
            }
        }
    }

    private void add(long target, long from) {
        callers.computeIfAbsent(target, t -> new ArrayList<>()).add(from);
    }

    /** Where the opcode of the instruction at offset starts, after its legacy and REX prefixes. */
    private static int opcodeAt(byte[] code, int offset, int length) {
        int op = offset;
        while (op < offset + length - 1 && isPrefix(code[op])) {
            op++;
        }
        return op;
    }

    private static boolean isPrefix(byte b) {
        int v = b & 0xff;
        return v == 0xf2 || v == 0xf3 || v == 0x2e || v == 0x3e || v == 0x66 || (v >= 0x40 && v <= 0x4f);
    }

    private Optional<String> addressTaken(long start) {
        boolean pie = elf.header().type() == FileHeader.ET_DYN;
        for (Relocation r : elf.relocations()) {
            if (r.addend() == start) {
                return Optional.of(String.format("relocation addend at 0x%x", r.offset()));
            }
        }
        for (Section s : elf.sections()) {
            if (!s.isAlloc() || !s.hasFileContents()) {
                continue;
            }
            ByteBuffer b = elf.contents(s);
            for (int i = 0; i + 4 <= b.limit(); i++) {
                if ((i + 8 <= b.limit() && b.getLong(i) == start)
                        || (!pie && Integer.toUnsignedLong(b.getInt(i)) == start)) {
                    return Optional.of(String.format("value at 0x%x in %s", s.addr() + i, s.name()));
                }
            }
        }
        for (RegionSweep sweep : sweeps) {
            byte[] code = sweep.region.shared();
            for (int offset = 0; offset < code.length; offset++) {
                int length = sweep.length(offset);
                long end = sweep.region.address() + offset + length;
                for (int k = offset + 1; length > 4 && k + 4 <= offset + length; k++) {
                    if (end + ByteBuffer.wrap(code, k, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() == start
                            && !isDirectTransfer(code, offset, length)) {
                        return Optional.of(String.format("referenced by the instruction at 0x%x",
                                sweep.region.address() + offset));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** A call or jump: its rel32 pointing at a function makes it a direct caller, not a taken address. */
    private static boolean isDirectTransfer(byte[] code, int offset, int length) {
        int op = opcodeAt(code, offset, length);
        int b = code[op] & 0xff;
        return b == 0xe8 || b == 0xe9 || (b == 0x0f && (code[op + 1] & 0xf0) == 0x80);
    }
}
