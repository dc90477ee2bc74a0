package org.azalea.image;

import org.azalea.elf.ElfFile;
import org.azalea.elf.ElfFormatException;
import org.azalea.elf.Section;
import org.azalea.elf.Symbol;
import org.azalea.rewriter.SyscallNumber;
import org.azalea.rewriter.SyscallTable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The libOS the build produced passes the linker's checks; broken variants of it are refused with the reason. */
class LibosTest {
    private static byte[] bytes;
    private static ElfFile elf;
    private static Libos libos;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = Libos.class.getResourceAsStream(Libos.RESOURCE)) {
            assertTrue(in != null, Libos.RESOURCE + " is not on the test classpath");
            bytes = in.readAllBytes();
        }
        elf = ElfFile.parse("libos.elf", bytes);
        libos = Libos.load();
    }

    @Test
    void supportIsReadFromTheTable() {
        Symbol table = symbol("az_syscall_support");
        byte[] raw = elf.bytesAt(table.value(), 512);
        int served = 0;
        for (int nr = 0; nr < 512; nr++) {
            SyscallSupport expected = switch (raw[nr]) {
                case 0 -> SyscallSupport.NONE;
                case 1 -> SyscallSupport.INTERNAL;
                case 2 -> SyscallSupport.OFFLOAD;
                default -> throw new AssertionError("byte " + raw[nr] + " for " + nr);
            };
            assertEquals(expected, libos.support(nr), "syscall " + nr);
            served += expected == SyscallSupport.NONE ? 0 : 1;
        }
        assertTrue(served > 0, "the libOS serves no syscall at all");
        assertEquals(SyscallSupport.NONE, libos.support(512));
        assertEquals(SyscallSupport.NONE, libos.support(-1));
    }

    @Test
    void entriesGoToDedicatedSymbolsOrTheDispatcher() {
        LibosEntries entries = new LibosEntries(libos);
        long segment = 0x40000000L;
        long base = entries.libosBase(segment);
        assertEquals(0, base % (2 << 20), "the libOS base is 2 MiB aligned");
        assertTrue(base + libos.span() + (2 << 20) <= segment, "a 2 MiB guard below the trampolines");
        assertTrue(segment - base <= 16 << 20, "within the 16 MiB the patcher leaves free");
        long dispatcher = base + symbol("az_syscall_entry").value();
        assertEquals(dispatcher, entries.entry(new SyscallNumber.Unknown("from memory"), segment));
        assertEquals(base + symbol("az_entry_rt_sigreturn").value(),
                entries.entry(new SyscallNumber.Known(SyscallTable.number("rt_sigreturn").orElseThrow()), segment));
        for (var e : SyscallTable.all().entrySet()) {
            long expected = elf.symbols().stream().filter(s -> s.name().equals("az_entry_" + e.getValue())).findFirst()
                    .map(s -> base + s.value()).orElse(dispatcher);
            assertEquals(expected, entries.entry(new SyscallNumber.Known(e.getKey()), segment), e.getValue());
        }
        assertTrue(entries.refuses(58).orElseThrow().contains("red zone"), "vfork stays a trap");
        for (int nr : new int[] {0, 1, 15, 56, 57, 60, 231, 435}) {
            assertTrue(entries.refuses(nr).isEmpty(), "only vfork is refused, not " + nr);
        }
        assertTrue(entries.stubs(segment).length == 0);
    }

    @Test
    void aRelocationOfAnotherTypeIsRefusedWithItsType() {
        Section rela = elf.sections().stream().filter(s -> s.type() == Section.SHT_RELA).findFirst().orElseThrow();
        byte[] broken = bytes.clone();
        broken[(int) rela.offset() + 8] = 1; // r_info's type of the first entry: R_X86_64_64
        ElfFormatException e = assertThrows(ElfFormatException.class, () -> Libos.of(ElfFile.parse("broken", broken)));
        assertTrue(e.getMessage().contains("type 1") && e.getMessage().contains(rela.name()), e.getMessage());
        assertEquals(rela.offset(), e.offset());
    }

    @Test
    void aMissingRequiredSymbolIsNamed() throws Exception {
        for (String name : new String[] {"az_boot", "az_syscall_entry", "az_entry_rt_sigreturn", "az_image",
                "az_syscall_support"}) {
            byte[] broken = bytes.clone();
            renameSymbol(broken, name);
            ElfFormatException e = assertThrows(ElfFormatException.class,
                    () -> Libos.of(ElfFile.parse("broken", broken)), name);
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
    }

    @Test
    void spanAndTextCoverTheSegments() {
        long end = elf.loadSegments().stream().mapToLong(p -> p.vaddr() + p.memsz()).max().orElseThrow();
        assertTrue(libos.span() >= end && libos.span() < end + 4096 && libos.span() % 4096 == 0);
        assertTrue(libos.textStart() <= symbol("az_boot").value() && symbol("az_boot").value() < libos.textEnd());
    }

    /** Changes the first letter after "az_" of a .strtab name, so the symbol no longer has its name. */
    private static void renameSymbol(byte[] file, String name) {
        Section strtab = elf.sections().get(elf.sections().stream().filter(s -> s.type() == Section.SHT_SYMTAB)
                .findFirst().orElseThrow().link());
        byte[] target = (name + "\0").getBytes(StandardCharsets.US_ASCII);
        int found = 0;
        for (int i = (int) strtab.offset(); i + target.length <= strtab.offset() + strtab.size(); i++) {
            boolean starts = i == strtab.offset() || file[i - 1] == 0;
            if (starts && java.util.Arrays.equals(file, i, i + target.length, target, 0, target.length)) {
                file[i + 3] = 'Q';
                found++;
            }
        }
        assertTrue(found > 0, name + " not in .strtab");
    }

    private static Symbol symbol(String name) {
        return elf.symbols().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }
}
