// Reads candidate jump tables out of a binary's loaded sections. A table base
// is any address a function with an indirect jump computes (RIP-relative lea
// or memory operand, or the absolute displacement of an indexed operand); the
// reader does not prove that the jump uses it, so it only accepts entries that
// land inside the function and stops at the first that does not: a wrong base
// then yields nothing, or a few extra targets, which merely cost a rewrite.
// Two layouts exist in the corpus: int32 offsets from the table base (gcc
// -fPIC/-fPIE, glibc's and musl's hand-written asm) and absolute 8-byte
// pointers (gcc without PIC, Go).
package org.azalea.rewriter;

import org.azalea.elf.ElfFile;
import org.azalea.elf.Section;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

final class JumpTableReader {
    /** Tables are never this long in practice; the cap bounds the damage of a misread base. */
    static final int MAX_ENTRIES = 4096;

    enum Layout { RELATIVE_INT32, ABSOLUTE_INT64 }

    /** One loaded section's file bytes at its address. */
    private record Loaded(long address, ByteBuffer bytes) {}

    private final List<Loaded> loaded = new ArrayList<>();

    JumpTableReader(ElfFile elf) {
        for (Section s : elf.sections()) {
            if (s.isAlloc() && s.hasFileContents() && s.size() > 0) {
                loaded.add(new Loaded(s.addr(), elf.contents(s)));
            }
        }
    }

    /** The in-function entries of the table at base, in order, up to the first that leaves f. */
    List<Long> entries(long base, Layout layout, FunctionBounds f) {
        List<Long> out = new ArrayList<>();
        for (Loaded l : loaded) {
            long offset = base - l.address;
            if (Long.compareUnsigned(offset, l.bytes.limit()) >= 0) {
                continue;
            }
            int width = layout == Layout.RELATIVE_INT32 ? 4 : 8;
            for (long at = offset; at + width <= l.bytes.limit() && out.size() < MAX_ENTRIES; at += width) {
                long target = layout == Layout.RELATIVE_INT32 ? base + l.bytes.getInt((int) at) : l.bytes.getLong((int) at);
                if (!f.contains(target)) {
                    break;
                }
                out.add(target);
            }
            break;
        }
        return out;
    }
}
