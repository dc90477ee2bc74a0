package org.azalea.rewriter;

import org.azalea.elf.ElfFile;
import org.azalea.x86.Disassembler;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The patcher records, per patched site, where its trampoline starts. Checked
 * against the patched bytes themselves: following the jumps written over the
 * site (decoded here from the raw encodings, not by the patcher's encoder)
 * must arrive at the recorded trampoline.
 */
class PatchedSitesTest {
    private static final Path BIN = Path.of("..", "corpus", "target", "bin").toAbsolutePath().normalize();

    @ParameterizedTest
    @ValueSource(strings = {"hello.glibc", "hello.pie", "hello.musl", "fileio.glibc"})
    void eachPatchedSiteJumpsToItsRecordedTrampoline(String name) throws Exception {
        Path binary = BIN.resolve(name);
        assertTrue(Files.isRegularFile(binary), binary + " missing: build the corpus (make -C corpus all)");
        PatchedProgram p;
        try (Disassembler d = new Disassembler()) {
            p = SyscallRewriter.rewrite(ElfFile.read(binary), new PassthroughEntries(), d);
        }
        List<SitePlan> patchedPlans = p.plan().sites().stream()
                .filter(s -> !(s.tactic() instanceof Tactic.Trap)).toList();
        assertEquals(patchedPlans.size(), p.sites().size(), "one record per direct or hop site");
        assertTrue(p.sites().size() > 0, "expected some patched sites in " + name);
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < patchedPlans.size(); i++) {
            SitePlan plan = patchedPlans.get(i);
            PatchedSite site = p.sites().get(i);
            assertEquals(plan.site().address(), site.site());
            assertTrue(site.trampoline() > previous, "trampolines increase in plan order");
            previous = site.trampoline();
            assertTrue(site.trampoline() >= p.trampolineAddress()
                    && site.trampoline() < p.trampolineAddress() + p.trampolineSize(), "inside the segment");
            assertEquals(0, site.trampoline() % TrampolineAbi.ALIGN);
            long landing = switch (plan.tactic()) {
                case Tactic.Direct dir -> jmpRel32Target(p.elf(), dir.start());
                case Tactic.Hop hop -> {
                    byte[] b = p.elf().bytesAt(site.site(), 2);
                    assertEquals((byte) 0xeb, b[0], "hop site starts with jmp rel8");
                    assertEquals(hop.padding(), site.site() + 2 + b[1]);
                    yield jmpRel32Target(p.elf(), hop.padding());
                }
                case Tactic.Trap t -> throw new AssertionError("trap sites have no trampoline");
            };
            assertEquals(site.trampoline(), landing, String.format("site 0x%x", site.site()));
        }
    }

    private static long jmpRel32Target(ElfFile elf, long at) {
        ByteBuffer b = ByteBuffer.wrap(elf.bytesAt(at, 5)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals((byte) 0xe9, b.get(0), String.format("jmp rel32 at 0x%x", at));
        return at + 5 + b.getInt(1);
    }
}
