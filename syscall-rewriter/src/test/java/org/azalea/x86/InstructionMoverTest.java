// Checks InstructionMover on instructions assembled by GNU as, one of each kind
// it distinguishes, and on a seeded random sample of the RIP-relative and
// relative-branch instructions of /bin/busybox: every Moved result, decoded
// again at its new address, must be the same operation on the same effective
// address or branch target with the same other operands; every Immovable must
// name the instruction's address and say why.
package org.azalea.x86;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class InstructionMoverTest {
    private static final long ORIGINAL = 0x40_1230;
    /** New places below and above the original, near and far (up to 1.75 GiB). */
    private static final long[] NEW_ADDRESSES = {ORIGINAL - 0x40_0000, ORIGINAL - 0x100, ORIGINAL + 3,
            ORIGINAL + 0x10_0000, ORIGINAL + 0x5fff_fff0L, ORIGINAL + 0x7000_0000L};

    private static final Pattern PREFIX_REASON = Pattern.compile(": prefix ([0-9a-f]{2}) may change");

    private static Disassembler disassembler;

    @BeforeAll
    static void open() {
        disassembler = new Disassembler();
    }

    @AfterAll
    static void close() {
        disassembler.close();
    }

    /** Assembles each line with GNU as and decodes it at address. */
    private static List<Instruction> assemble(Path dir, long address, List<String> lines) throws IOException {
        List<Instruction> out = new ArrayList<>();
        for (byte[] window : BinaryTools.assembleEach(dir, lines)) {
            out.add(disassembler.decodeOne(address, window, 0, Decoding.DETAIL).orElseThrow());
        }
        return out;
    }

    /** jmp/jcc/loop...: Capstone gives their target, already absolute, as the immediate operand. */
    private static boolean isRelativeBranch(Instruction i) {
        return i.is(InstructionGroup.BRANCH_RELATIVE);
    }

    /** An operand with a RIP-relative address replaced by the absolute address it names. */
    private static Object resolved(Instruction i, Operand op) {
        if (op instanceof Operand.Memory m && m.base() == X86Reg.RIP) {
            return new Operand.Memory(m.segment(), X86Reg.INVALID, m.index(), m.scale(), i.end() + m.disp(),
                    m.size());
        }
        return op;
    }

    /**
     * Decodes moved at newAddress and asserts it is original's operation: same
     * mnemonic, same operands with RIP-relative ones compared as absolute
     * addresses (a relative branch's target is already absolute in Capstone),
     * same registers read and written.
     */
    private static void assertSameEffect(Instruction original, byte[] moved, long newAddress, String context) {
        List<Instruction> decoded = disassembler.decodeAll(newAddress, moved, Decoding.DETAIL);
        assertEquals(1, decoded.size(), context + ": moved bytes are one instruction");
        Instruction again = decoded.getFirst();
        String where = context + String.format(": %s moved to 0x%x as %s", original, newAddress, again);
        // Capstone 4 names f2 7d xx "bnd jge" but f2 0f 8d xxxxxxxx plain "jge": the
        // prefix is kept (the targeted tests check lengths), only the rendering differs.
        assertEquals(original.mnemonic().replaceFirst("^bnd ", ""), again.mnemonic().replaceFirst("^bnd ", ""),
                where);
        InstructionDetail a = original.detail().orElseThrow();
        InstructionDetail b = again.detail().orElseThrow();
        assertEquals(a.operands().size(), b.operands().size(), where);
        for (int k = 0; k < a.operands().size(); k++) {
            assertEquals(resolved(original, a.operands().get(k)), resolved(again, b.operands().get(k)), where);
        }
        assertEquals(a.registersRead(), b.registersRead(), where);
        assertEquals(a.registersWritten(), b.registersWritten(), where);
        assertEquals(a.groups(), b.groups(), where);
    }

    private static byte[] moved(Instruction insn, long newAddress) {
        MovedInstruction m = InstructionMover.move(insn, newAddress);
        return assertInstanceOf(MovedInstruction.Moved.class, m, () -> insn + " -> " + m).bytes();
    }

    private static String immovable(Instruction insn, long newAddress) {
        MovedInstruction m = InstructionMover.move(insn, newAddress);
        String reason = assertInstanceOf(MovedInstruction.Immovable.class, m, () -> insn + " -> " + m).reason();
        assertTrue(reason.contains(String.format("0x%x", insn.address())), reason);
        return reason;
    }

    @Test
    void ripRelativeOperandsKeepTheirEffectiveAddress(@TempDir Path dir) throws IOException {
        List<String> lines = List.of(
                "lea rax, [rip + . + 0x1000]",
                "mov rax, qword ptr [rip + . - 0x2000]",
                "cmp dword ptr [rip + . + 0x100], 5",
                "mov qword ptr [rip + . + 0x100], 0x12345678",
                "add byte ptr [rip + . + 0x10], 1",
                "imul eax, dword ptr [rip + . + 0x40], 0x1234",
                "movaps xmm0, xmmword ptr [rip + . + 0x40]",
                "vmovdqu ymm1, ymmword ptr [rip + . - 0x40]",
                "lock add qword ptr [rip + . + 0x80], r12",
                "mov r9d, dword ptr fs:[rip + . + 0x8]",
                "jmp qword ptr [rip + . + 0x40]");
        for (Instruction insn : assemble(dir, ORIGINAL, lines)) {
            for (long to : NEW_ADDRESSES) {
                byte[] bytes = moved(insn, to);
                assertEquals(insn.size(), bytes.length, insn::toString);
                assertSameEffect(insn, bytes, to, "targeted");
            }
        }
    }

    @Test
    void relativeBranchesBecomeRel32BranchesToTheSameTarget(@TempDir Path dir) throws IOException {
        List<String> lines = new ArrayList<>(List.of(
                "{disp8} jmp . + 20", "{disp8} jmp . - 100", "{disp32} jmp . + 0x1000", "{disp32} jmp . - 0x123456",
                "ds jne . + 10", "cs je . + 10", "bnd jmp . + 100", "bnd je . + 0x1000",
                "xbegin . + 100", "xbegin . - 0x10000"));
        for (String cc : List.of("o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge", "le",
                "g")) {
            lines.add("{disp8} j" + cc + " . + 30");
            lines.add("{disp32} j" + cc + " . - 0x4000");
        }
        for (Instruction insn : assemble(dir, ORIGINAL, lines)) {
            for (long to : NEW_ADDRESSES) {
                byte[] bytes = moved(insn, to);
                assertSameEffect(insn, bytes, to, "targeted");
                // rel8 forms grow to rel32; the prefixes stay: 5 bytes for jmp, 6 for jcc and xbegin,
                // plus prefixes.
                int prefixes = insn.bytes()[0] == 0x3E || insn.bytes()[0] == 0x2E || insn.bytes()[0] == (byte) 0xF2
                        ? 1 : 0;
                assertEquals(prefixes + (insn.mnemonic().endsWith("jmp") ? 5 : 6), bytes.length, insn::toString);
            }
        }
    }

    @Test
    void instructionsIndependentOfTheirAddressAreCopied(@TempDir Path dir) throws IOException {
        List<String> lines = List.of("ret", "ret 8", "jmp rax", "jmp qword ptr [rax + 8]", "mov rax, rbx",
                "push rbp", "lea rdi, [rsp + 0x10]", "mov eax, dword ptr fs:[0x28]", "movabs rax, 0x1122334455667788",
                "cmp qword ptr [rbx + rcx*8 + 0x100], 7", "nop dword ptr [rax + rax]");
        for (Instruction insn : assemble(dir, ORIGINAL, lines)) {
            for (long to : NEW_ADDRESSES) {
                byte[] bytes = moved(insn, to);
                assertArrayEquals(insn.bytes(), bytes, insn::toString);
                assertSameEffect(insn, bytes, to, "targeted");
            }
        }
    }

    @Test
    void instructionsThatDependOnTheirAddressOtherwiseAreImmovable(@TempDir Path dir) throws IOException {
        Map<String, String> reasons = new TreeMap<>(Map.ofEntries(
                Map.entry("call . + 100", "return address"),
                Map.entry("call rax", "return address"),
                Map.entry("call qword ptr [rip + . + 0x40]", "return address"),
                Map.entry("call qword ptr [rax + 8]", "return address"),
                Map.entry("syscall", "system call"),
                Map.entry("sysenter", "system call"),
                Map.entry("int 0x80", "system call"),
                Map.entry("int3", "system call"),
                Map.entry("loop . + 10", "rel8"),
                Map.entry("loope . + 10", "rel8"),
                Map.entry("loopne . - 10", "rel8"),
                Map.entry("jrcxz . + 10", "rel8"),
                Map.entry("jecxz . + 10", "rel8"),
                Map.entry("data16 jmp . + 100", "prefix 66"),
                Map.entry("mov eax, dword ptr [eip + . + 0x10]", "32-bit instruction pointer")));
        List<String> lines = List.copyOf(reasons.keySet());
        List<Instruction> insns = assemble(dir, ORIGINAL, lines);
        for (int k = 0; k < lines.size(); k++) {
            for (long to : NEW_ADDRESSES) {
                String reason = immovable(insns.get(k), to);
                assertTrue(reason.contains(reasons.get(lines.get(k))), lines.get(k) + ": " + reason);
            }
        }
    }

    @Test
    void targetsOutOfRel32RangeFromTheNewAddressAreImmovable(@TempDir Path dir) throws IOException {
        List<Instruction> insns = assemble(dir, ORIGINAL,
                List.of("lea rax, [rip + . + 0x1000]", "{disp8} jne . + 10", "{disp32} jmp . + 0x1000"));
        long tooFarAbove = ORIGINAL + (1L << 31) + 0x2000;
        long tooFarBelow = ORIGINAL - (1L << 31) - 0x10;
        for (Instruction insn : insns) {
            long target = targetOf(insn);
            for (long to : new long[] {tooFarAbove, tooFarBelow}) {
                String reason = immovable(insn, to);
                assertTrue(reason.contains(String.format("0x%x", target)) && reason.contains(String.format("0x%x", to)),
                        reason);
            }
        }
    }

    @Test
    void moveNeedsDetail() {
        Instruction bare = disassembler.decodeOne(ORIGINAL, new byte[] {(byte) 0xC3}, 0, Decoding.TEXT)
                .orElseThrow();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InstructionMover.move(bare, ORIGINAL + 16));
        assertTrue(e.getMessage().contains("DETAIL"), e::getMessage);
    }

    @Test
    void movedAndImmovableValidateTheirContents() {
        assertThrows(IllegalArgumentException.class, () -> new MovedInstruction.Moved(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new MovedInstruction.Moved(new byte[16]));
        assertThrows(IllegalArgumentException.class, () -> new MovedInstruction.Immovable(" "));
        byte[] bytes = {(byte) 0xC3};
        MovedInstruction.Moved m = new MovedInstruction.Moved(bytes);
        bytes[0] = 0;
        assertEquals(new MovedInstruction.Moved(new byte[] {(byte) 0xC3}), m);
    }

    @Test
    void randomBusyboxInstructionsKeepTheirTargets() throws IOException {
        long seed = new Random().nextLong();
        String context = "seed " + seed + "L";
        Random random = new Random(seed);
        List<Instruction> candidates = new ArrayList<>();
        for (BinaryTools.Section s : BinaryTools.executableSections(Path.of("/bin/busybox"))) {
            disassembler.decode(s.address(), s.bytes(), 0, s.bytes().length, Decoding.DETAIL,
                    new InstructionVisitor() {
                        @Override
                        public void instruction(Instruction i) {
                            boolean ripRelative = i.detail().orElseThrow().operands().stream()
                                    .anyMatch(op -> op instanceof Operand.Memory m && m.base() == X86Reg.RIP);
                            if (ripRelative || isRelativeBranch(i)) {
                                candidates.add(i);
                            }
                        }

                        @Override
                        public void undecodable(long address) {}
                    });
        }
        assertTrue(candidates.size() > 50_000, "busybox has many RIP-relative instructions and branches");
        Map<String, Integer> immovable = new TreeMap<>();
        int moved = 0;
        for (int n = 0; n < 4000; n++) {
            Instruction insn = candidates.get(random.nextInt(candidates.size()));
            long to = random.nextLong(Math.max(0x1_0000, insn.address() - (1L << 30)), insn.address() + (1L << 30));
            MovedInstruction outcome;
            try {
                outcome = InstructionMover.move(insn, to);
            } catch (RuntimeException e) {
                throw new AssertionError(context + String.format(": moving %s to 0x%x", insn, to), e);
            }
            switch (outcome) {
                case MovedInstruction.Moved m -> {
                    assertSameEffect(insn, m.bytes(), to, context);
                    moved++;
                }
                case MovedInstruction.Immovable i -> {
                    assertTrue(i.reason().contains(String.format("0x%x", insn.address())), context + ": " + i);
                    // busybox's text is a few MiB, so within 1 GiB only the kind of instruction
                    // can make it immovable, never the distance. Sweeping into bytes Capstone 4
                    // cannot decode (AVX-512) yields junk such as f3-prefixed jcc, refused for
                    // the prefix, which must then be in the instruction.
                    Matcher prefix = PREFIX_REASON.matcher(i.reason());
                    boolean byPrefix = prefix.find() && contains(insn.bytes(), Integer.parseInt(prefix.group(1), 16));
                    boolean tooLong = i.reason().contains("would exceed 15 bytes");
                    // Junk also has far displacements: a refusal for distance must be right.
                    boolean tooFar = i.reason().contains("range from")
                            && Math.abs(targetOf(insn) - to) > Integer.MAX_VALUE - 15;
                    if (!byPrefix && !tooLong && !tooFar && !insn.is(InstructionGroup.CALL)
                            && !insn.mnemonic().matches("loop.*|j[er]?cxz")) {
                        fail(context + ": unexpectedly immovable: " + i.reason());
                    }
                    String kind = byPrefix || tooLong ? "prefixed " + insn.mnemonic()
                            : tooFar ? "far " + insn.mnemonic() : insn.mnemonic();
                    immovable.merge(kind, 1, Integer::sum);
                }
            }
        }
        System.out.printf("busybox move sample (%s): %d moved, immovable by mnemonic %s%n", context, moved,
                immovable);
        assertTrue(moved > 1000, context + ": most sampled instructions are movable");
    }

    /** The absolute address a RIP-relative operand names or a relative branch goes to. */
    private static long targetOf(Instruction insn) {
        for (Operand op : insn.detail().orElseThrow().operands()) {
            if (op instanceof Operand.Memory m && m.base() == X86Reg.RIP) {
                return insn.end() + m.disp();
            }
        }
        return ((Operand.Immediate) insn.detail().orElseThrow().operands().getFirst()).value();
    }

    private static boolean contains(byte[] bytes, int value) {
        for (byte b : bytes) {
            if ((b & 0xff) == value) {
                return true;
            }
        }
        return false;
    }

    @Test
    void immovableReasonsQuoteTheInstruction() {
        Instruction call = disassembler.decodeOne(0x40_1234, new byte[] {(byte) 0xE8, 0, 0, 0, 0}, 0,
                Decoding.DETAIL).orElseThrow();
        assertEquals("call 0x401239 at 0x401234: a moved call pushes a different return address",
                immovable(call, 0x50_0000));
    }

    @Test
    void hexOfMovedIsReadable() {
        assertEquals("Moved[0f 05]", new MovedInstruction.Moved(HexFormat.of().parseHex("0f05")).toString());
    }
}
