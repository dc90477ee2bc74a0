// An x86-64 Capstone handle. All native memory (the handle, one reusable cs_insn
// from cs_malloc, a code buffer and the iterator's in/out cells) lives in a
// confined arena, so a Disassembler is used by the thread that opened it and
// close() frees everything at once; any use after close throws
// IllegalStateException.
package org.azalea.x86;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.azalea.x86.CapstoneLayout.*;

public final class Disassembler implements AutoCloseable {
    private static final int MAX_INSTRUCTION = 15;

    private final Capstone cs = Capstone.get();
    private final Arena arena = Arena.ofConfined();
    private final long handle;
    private final MemorySegment insn;
    private final MemorySegment detail;
    private final MemorySegment codeCell;
    private final MemorySegment sizeCell;
    private final MemorySegment addressCell;
    private final MemorySegment regsRead;
    private final MemorySegment regsWritten;
    private final MemorySegment regsReadCount;
    private final MemorySegment regsWrittenCount;
    private MemorySegment code;
    private boolean detailOn;
    private boolean closed;

    public Disassembler() {
        try {
            MemorySegment handleCell = arena.allocate(JAVA_LONG);
            check((int) cs.open.invokeExact(CS_ARCH_X86, CS_MODE_64, handleCell), "cs_open");
            handle = handleCell.get(JAVA_LONG, 0);
            // cs_malloc gives the cs_insn a cs_detail only while detail is on, so turn
            // it on first; decode() switches it per call.
            setOption(CS_OPT_DETAIL, CS_OPT_ON);
            detailOn = true;
            insn = ((MemorySegment) cs.malloc.invokeExact(handle)).reinterpret(INSN_SIZE);
            detail = insn.get(ADDRESS, INSN_DETAIL).reinterpret(DETAIL_SIZE);
        } catch (Throwable t) {
            arena.close();
            throw t instanceof RuntimeException r ? r : new IllegalStateException("cannot open Capstone", t);
        }
        codeCell = arena.allocate(ADDRESS);
        sizeCell = arena.allocate(JAVA_LONG);
        addressCell = arena.allocate(JAVA_LONG);
        regsRead = arena.allocate(REGS_SIZE);
        regsWritten = arena.allocate(REGS_SIZE);
        regsReadCount = arena.allocate(JAVA_BYTE);
        regsWrittenCount = arena.allocate(JAVA_BYTE);
        code = arena.allocate(4096);
    }

    /**
     * Linear sweep of code[from, to), whose first byte is at address. Reports each
     * instruction in order; an undecodable byte is reported and skipped.
     */
    public void decode(long address, byte[] code, int from, int to, Decoding decoding, InstructionVisitor visitor) {
        checkOpen();
        Objects.checkFromToIndex(from, to, code.length);
        Objects.requireNonNull(visitor);
        setDetail(decoding);
        int length = to - from;
        MemorySegment buffer = codeBuffer(length);
        MemorySegment.copy(code, from, buffer, JAVA_BYTE, 0, length);
        long offset = 0;
        while (offset < length) {
            codeCell.set(ADDRESS, 0, buffer.asSlice(offset));
            sizeCell.set(JAVA_LONG, 0, length - offset);
            addressCell.set(JAVA_LONG, 0, address + offset);
            while (next()) {
                visitor.instruction(current(decoding));
            }
            offset = length - sizeCell.get(JAVA_LONG, 0);
            if (offset < length) {
                visitor.undecodable(address + offset);
                offset++;
            }
        }
    }

    /** Decodes all of code as one run of instructions; any undecodable byte is an error. */
    public List<Instruction> decodeAll(long address, byte[] code, Decoding decoding) {
        List<Instruction> out = new ArrayList<>();
        decode(address, code, 0, code.length, decoding, new InstructionVisitor() {
            @Override
            public void instruction(Instruction instruction) {
                out.add(instruction);
            }

            @Override
            public void undecodable(long at) {
                throw new IllegalArgumentException(String.format("undecodable byte at 0x%x", at));
            }
        });
        return out;
    }

    /** Decodes the single instruction at code[offset], whose address is address. */
    public Optional<Instruction> decodeOne(long address, byte[] code, int offset, Decoding decoding) {
        checkOpen();
        Objects.checkIndex(offset, code.length);
        setDetail(decoding);
        int length = Math.min(MAX_INSTRUCTION, code.length - offset);
        MemorySegment.copy(code, offset, this.code, JAVA_BYTE, 0, length);
        codeCell.set(ADDRESS, 0, this.code);
        sizeCell.set(JAVA_LONG, 0, length);
        addressCell.set(JAVA_LONG, 0, address);
        return next() ? Optional.of(current(decoding)) : Optional.empty();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            cs.free.invokeExact(insn, 1L);
            MemorySegment handleCell = arena.allocate(JAVA_LONG);
            handleCell.set(JAVA_LONG, 0, handle);
            check((int) cs.close.invokeExact(handleCell), "cs_close");
        } catch (Throwable t) {
            throw t instanceof RuntimeException r ? r : new IllegalStateException("cs_close failed", t);
        } finally {
            arena.close();
        }
    }

    private boolean next() {
        try {
            return (boolean) cs.disasmIter.invokeExact(handle, codeCell, sizeCell, addressCell, insn);
        } catch (Throwable t) {
            throw new IllegalStateException("cs_disasm_iter failed", t);
        }
    }

    private Instruction current(Decoding decoding) {
        int size = insn.get(JAVA_SHORT, INSN_SIZE_FIELD) & 0xffff;
        byte[] bytes = new byte[size];
        MemorySegment.copy(insn, JAVA_BYTE, INSN_BYTES, bytes, 0, size);
        Optional<Instruction.Text> text = decoding == Decoding.MINIMAL ? Optional.empty()
                : Optional.of(new Instruction.Text(insn.getString(INSN_MNEMONIC), insn.getString(INSN_OP_STR)));
        return new Instruction(insn.get(JAVA_LONG, INSN_ADDRESS), bytes, insn.get(JAVA_INT, INSN_ID), text,
                decoding == Decoding.DETAIL ? Optional.of(readDetail()) : Optional.empty());
    }

    private InstructionDetail readDetail() {
        MemorySegment x86 = detail.asSlice(DETAIL_X86, X86_SIZE);
        int count = x86.get(JAVA_BYTE, X86_OP_COUNT);
        List<Operand> operands = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            operands.add(operand(x86.asSlice(X86_OPERANDS + i * OP_SIZE, OP_SIZE)));
        }
        Set<InstructionGroup> groups = EnumSet.noneOf(InstructionGroup.class);
        int groupCount = detail.get(JAVA_BYTE, DETAIL_GROUPS_COUNT);
        for (int i = 0; i < groupCount; i++) {
            InstructionGroup g = InstructionGroup.ofCapstoneId(detail.get(JAVA_BYTE, DETAIL_GROUPS + i) & 0xff);
            if (g != null) {
                groups.add(g);
            }
        }
        try {
            check((int) cs.regsAccess.invokeExact(handle, insn, regsRead, regsReadCount, regsWritten,
                    regsWrittenCount), "cs_regs_access");
        } catch (Throwable t) {
            throw t instanceof RuntimeException r ? r : new IllegalStateException("cs_regs_access failed", t);
        }
        MemorySegment encoding = x86.asSlice(X86_ENCODING, ENCODING_SIZE);
        return new InstructionDetail(operands, registers(regsRead, regsReadCount),
                registers(regsWritten, regsWrittenCount), groups, x86.get(JAVA_LONG, X86_EFLAGS),
                new InstructionDetail.Encoding(unsigned(encoding, ENCODING_MODRM_OFFSET),
                        unsigned(encoding, ENCODING_DISP_OFFSET), unsigned(encoding, ENCODING_DISP_SIZE),
                        unsigned(encoding, ENCODING_IMM_OFFSET), unsigned(encoding, ENCODING_IMM_SIZE)));
    }

    private static int unsigned(MemorySegment segment, long offset) {
        return segment.get(JAVA_BYTE, offset) & 0xff;
    }

    private static Set<Integer> registers(MemorySegment regs, MemorySegment countCell) {
        int count = countCell.get(JAVA_BYTE, 0) & 0xff;
        Set<Integer> out = new HashSet<>();
        for (int i = 0; i < count; i++) {
            out.add(regs.getAtIndex(JAVA_SHORT, i) & 0xffff);
        }
        return out;
    }

    private static Operand operand(MemorySegment op) {
        int size = op.get(JAVA_BYTE, OP_SIZE_FIELD) & 0xff;
        return switch (op.get(JAVA_INT, OP_TYPE)) {
            case X86_OP_REG -> new Operand.Register(op.get(JAVA_INT, OP_REG), size);
            case X86_OP_IMM -> new Operand.Immediate(op.get(JAVA_LONG, OP_IMM), size);
            case X86_OP_MEM -> {
                MemorySegment m = op.asSlice(OP_MEM, MEM_SIZE);
                yield new Operand.Memory(m.get(JAVA_INT, MEM_SEGMENT), m.get(JAVA_INT, MEM_BASE),
                        m.get(JAVA_INT, MEM_INDEX), m.get(JAVA_INT, MEM_SCALE), m.get(JAVA_LONG, MEM_DISP), size);
            }
            default -> throw new IllegalStateException("unknown Capstone operand type " + op.get(JAVA_INT, OP_TYPE));
        };
    }

    private void setDetail(Decoding decoding) {
        boolean on = decoding == Decoding.DETAIL;
        if (on != detailOn) {
            setOption(CS_OPT_DETAIL, on ? CS_OPT_ON : CS_OPT_OFF);
            detailOn = on;
        }
    }

    private void setOption(int type, int value) {
        try {
            check((int) cs.option.invokeExact(handle, type, (long) value), "cs_option");
        } catch (Throwable t) {
            throw t instanceof RuntimeException r ? r : new IllegalStateException("cs_option failed", t);
        }
    }

    /** The reusable native code buffer, grown (within the arena) to fit length bytes. */
    private MemorySegment codeBuffer(int length) {
        if (code.byteSize() < length) {
            code = arena.allocate(Math.max(length, code.byteSize() * 2));
        }
        return code;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("Disassembler is closed");
        }
    }

    private void check(int err, String function) {
        if (err != CS_ERR_OK) {
            throw new IllegalStateException(function + " failed: " + cs.errorMessage(err));
        }
    }
}
