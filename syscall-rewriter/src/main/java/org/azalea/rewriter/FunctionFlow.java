// An instruction-level control-flow graph of one known function, decoded with
// Decoding.DETAIL by linear sweep from its start. Edges: fall-through (not after
// an unconditional jump, ret, hlt or ud2; a call is assumed to return) and
// direct jumps to an instruction start inside the function. Indirect jumps
// (jump tables, tail calls through a register) have no edges; their presence is
// recorded so callers can be conservative.
package org.azalea.rewriter;

import org.azalea.x86.Decoding;
import org.azalea.x86.Disassembler;
import org.azalea.x86.Instruction;
import org.azalea.x86.InstructionGroup;
import org.azalea.x86.InstructionVisitor;
import org.azalea.x86.Operand;
import org.azalea.x86.X86Ins;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

final class FunctionFlow {
    final FunctionBounds function;
    private final List<Instruction> instructions = new ArrayList<>();
    private final long[] addresses;
    private final List<List<Integer>> predecessors = new ArrayList<>();
    private final BitSet reachable = new BitSet();
    private long indirectJump = -1;

    FunctionFlow(FunctionBounds function, CodeRegion region, Disassembler d) {
        this.function = function;
        int from = (int) (function.start() - region.address());
        int to = (int) Math.min(function.end() - region.address(), region.shared().length);
        d.decode(function.start(), region.shared(), from, to, Decoding.DETAIL, new InstructionVisitor() {
            @Override
            public void instruction(Instruction i) {
                instructions.add(i);
            }

            @Override
            public void undecodable(long address) {
                // A gap in the instruction list: the contiguity test below cuts the fall-through edge.
            }
        });
        addresses = instructions.stream().mapToLong(Instruction::address).toArray();
        for (int i = 0; i < instructions.size(); i++) {
            predecessors.add(new ArrayList<>());
        }
        for (int i = 0; i < instructions.size(); i++) {
            addEdges(i);
        }
        markReachable();
    }

    private void addEdges(int i) {
        Instruction insn = instructions.get(i);
        boolean fallsThrough = !(insn.is(InstructionGroup.RET) || insn.id() == X86Ins.HLT || insn.id() == X86Ins.UD2
                || insn.id() == X86Ins.JMP || insn.id() == X86Ins.LJMP);
        if (fallsThrough && i + 1 < instructions.size() && addresses[i + 1] == insn.end()) {
            predecessors.get(i + 1).add(i);
        }
        if (insn.is(InstructionGroup.JUMP)) {
            List<Operand> ops = insn.detail().orElseThrow().operands();
            if (ops.size() == 1 && ops.getFirst() instanceof Operand.Immediate target) {
                int t = indexOf(target.value());
                if (t >= 0) {
                    predecessors.get(t).add(i);
                }
            } else if (indirectJump < 0) {
                indirectJump = insn.address();
            }
        }
    }

    /**
     * Reachable from the function start. With an indirect jump in the function,
     * any instruction without a known predecessor may be a jump-table target, so
     * it is a root too.
     */
    private void markReachable() {
        ArrayDeque<Integer> work = new ArrayDeque<>();
        for (int i = 0; i < instructions.size(); i++) {
            if ((i == 0 && addresses[0] == function.start())
                    || (indirectJump >= 0 && predecessors.get(i).isEmpty())) {
                work.add(i);
            }
        }
        List<List<Integer>> successors = new ArrayList<>();
        for (int i = 0; i < instructions.size(); i++) {
            successors.add(new ArrayList<>());
        }
        for (int i = 0; i < instructions.size(); i++) {
            for (int p : predecessors.get(i)) {
                successors.get(p).add(i);
            }
        }
        while (!work.isEmpty()) {
            int i = work.poll();
            if (!reachable.get(i)) {
                reachable.set(i);
                work.addAll(successors.get(i));
            }
        }
    }

    int indexOf(long address) {
        int i = Arrays.binarySearch(addresses, address);
        return i >= 0 ? i : -1;
    }

    /** Number of decoded instructions. */
    int size() {
        return instructions.size();
    }

    Instruction instruction(int index) {
        return instructions.get(index);
    }

    List<Integer> predecessors(int index) {
        return predecessors.get(index);
    }

    boolean isEntry(int index) {
        return index == 0 && addresses[0] == function.start();
    }

    boolean reachable(int index) {
        return reachable.get(index);
    }

    /** Address of the first indirect jump in the function, or -1 if it has none. */
    long indirectJump() {
        return indirectJump;
    }
}
