package org.azalea.rewriter;

import org.azalea.elf.ElfFile;
import org.azalea.elf.Symbol;
import org.azalea.x86.BinaryTools;
import org.azalea.x86.Decoding;
import org.azalea.x86.Disassembler;
import org.azalea.x86.Instruction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hard patterns of patterns.s, one function each: the tactic the planner
 * picks for every site, and the rewritten program (passthrough entries, so it
 * runs on plain Linux) printing and exiting exactly as the original.
 */
class PatternFixtureTest {
    private static Path dir;
    private static Path original;
    private static ElfFile elf;
    private static PatchedProgram patched;
    private static Disassembler disassembler;

    @BeforeAll
    static void build() throws Exception {
        dir = Files.createTempDirectory("azalea-patterns");
        Path source = dir.resolve("patterns.s");
        try (InputStream in = PatternFixtureTest.class.getResourceAsStream("patterns.s")) {
            Files.write(source, in.readAllBytes());
        }
        Path object = dir.resolve("patterns.o");
        original = dir.resolve("patterns");
        BinaryTools.run("binutils", "as", "--64", "-o", object.toString(), source.toString());
        BinaryTools.run("binutils", "ld", "-static", "-o", original.toString(), object.toString());
        elf = ElfFile.read(original);
        disassembler = new Disassembler();
        patched = SyscallRewriter.rewrite(elf, new PassthroughEntries(), disassembler);
    }

    @AfterAll
    static void close() throws IOException {
        disassembler.close();
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    @Test
    void numberSetInAnEarlierBlockIsResolvedAndPatchedDirectly() {
        SitePlan p = only("earlier_block");
        assertEquals(new SyscallNumber.Known(1), p.site().number());
        assertInstanceOf(Tactic.Direct.class, p.tactic(), p.reason());
    }

    @Test
    void loopHeadSiteStartsThePatchAndDisplacesOnlyWhatFollows() {
        SitePlan p = only("loop_head");
        Tactic.Direct d = assertInstanceOf(Tactic.Direct.class, p.tactic(), p.reason());
        assertEquals(p.site().address(), d.start(), "a branch target may only be the first byte of a patch");
        assertTrue(d.before().isEmpty());
        assertEquals(new SyscallNumber.Known(39), p.site().number());
    }

    @Test
    void syscallFollowedByRetDisplacesTheNumberLoad() {
        Tactic.Direct d = assertInstanceOf(Tactic.Direct.class, only("ret_after").tactic());
        assertEquals(List.of("mov"), mnemonics(d.before()));
    }

    @Test
    void backToBackSyscallsNeverDisplaceEachOther() {
        List<SitePlan> sites = in("back_to_back");
        assertEquals(2, sites.size());
        Tactic.Direct first = assertInstanceOf(Tactic.Direct.class, sites.get(0).tactic(), sites.get(0).reason());
        assertTrue(first.end() <= sites.get(1).site().address());
        SitePlan second = sites.get(1);
        assertFalse(second.tactic() instanceof Tactic.Direct d && !d.before().isEmpty(), second.reason());
        assertTrue(second.site().number() instanceof SyscallNumber.Unknown u && u.reason().contains("result of the syscall"),
                second.site().number().toString());
    }

    @Test
    void ripRelativeNeighbourIsMoved() {
        Tactic.Direct d = assertInstanceOf(Tactic.Direct.class, only("rip_neighbour").tactic());
        assertEquals(List.of("lea"), mnemonics(d.before()));
    }

    @Test
    void jumpAfterABranchTargetSiteIsMoved() {
        SitePlan p = only("jump_neighbour");
        Tactic.Direct d = assertInstanceOf(Tactic.Direct.class, p.tactic(), p.reason());
        assertEquals(p.site().address(), d.start());
        assertEquals(List.of("test", "js"), mnemonics(d.after()));
    }

    @Test
    void jumpTableCaseLabelsStayInstructionBoundaries() {
        List<SitePlan> sites = in("jump_table");
        assertEquals(4, sites.size());
        long case3 = symbol("case3");
        SitePlan last = sites.get(3);
        assertEquals(case3, last.site().address());
        assertFalse(last.tactic() instanceof Tactic.Direct d && d.start() < case3,
                "case3 is a jump-table target, so no patch may start before it: " + last.reason());
        assertInstanceOf(Tactic.Hop.class, last.tactic(), last.reason());
    }

    @Test
    void syscallBytesInAnImmediateOrAfterRetAreNotSites() {
        assertTrue(in("data_in_code").isEmpty());
    }

    @Test
    void redZoneSiteIsPatchedAndTheRunShowsTheRedZoneIntact() {
        assertInstanceOf(Tactic.Direct.class, only("red_zone").tactic());
        assertTrue(run(patchedFile()).stdout().contains("red zone ok\n"));
    }

    @Test
    void functionsFirstInstructionIsPatchedAndItsNumberFoundInItsOnlyCaller() {
        SitePlan p = only("first_instruction");
        Tactic.Direct d = assertInstanceOf(Tactic.Direct.class, p.tactic(), p.reason());
        assertEquals(symbol("first_instruction"), d.start());
        assertEquals(new SyscallNumber.Known(39), p.site().number(), "_start sets eax to 39 before the call");
    }

    @Test
    void flagsLiveAcrossTheSyscallKeepTheTrap() {
        SitePlan p = only("flags_live");
        assertInstanceOf(Tactic.Trap.class, p.tactic());
        assertTrue(p.reason().contains("flag"), p.reason());
    }

    @Test
    void rewrittenProgramBehavesExactlyAsTheOriginal() throws IOException {
        ProgramRun expected = run(original);
        assertEquals(7, expected.status(), expected.stderr());
        assertEquals(expected, run(patchedFile()));
        List<SitePlan> traps = patched.plan().sites().stream().filter(s -> s.tactic() instanceof Tactic.Trap).toList();
        assertEquals(List.of(only("flags_live")), traps, "only flags_live must stay a trap");
    }

    private static Path patchedFile() {
        try {
            Path file = dir.resolve("patterns.patched");
            if (!Files.exists(file)) {
                Files.write(file, patched.elf().toBytes());
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            return file;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ProgramRun run(Path program) {
        return ProgramRun.of(program, dir, "");
    }

    private static SitePlan only(String function) {
        List<SitePlan> sites = in(function);
        assertEquals(1, sites.size(), function + ": " + sites);
        return sites.getFirst();
    }

    private static List<SitePlan> in(String function) {
        Symbol s = elf.symbols().stream().filter(x -> x.name().equals(function)).findFirst().orElseThrow();
        return patched.plan().sites().stream()
                .filter(p -> p.site().address() >= s.value() && p.site().address() < s.value() + s.size()).toList();
    }

    private static long symbol(String name) {
        return elf.symbols().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow().value();
    }

    private static List<String> mnemonics(List<Instruction> instructions) {
        return instructions.stream()
                .map(i -> disassembler.decodeOne(i.address(), i.bytes(), 0, Decoding.TEXT).orElseThrow().mnemonic())
                .toList();
    }
}
