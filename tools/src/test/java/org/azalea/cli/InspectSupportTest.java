package org.azalea.cli;

import org.azalea.elf.ElfFile;
import org.azalea.report.JsonReader;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `azalea inspect` says, per distinct syscall, what the libOS does with it, as the libOS's own table says. */
class InspectSupportTest {
    private static final List<String> LABELS = List.of("none", "internal", "offload");

    @Test
    void jsonAndTextShowTheLibosSupportOfEachDistinctSyscall() throws Exception {
        byte[] table = supportTable();
        String file = TestBinaries.CORPUS_BIN.resolve("fileio.glibc").toString();
        CliRun json = CliRun.of("inspect", file, "--json");
        assertEquals(ExitStatus.OK, json.status(), json.err());
        List<Object> syscalls = JsonReader.array(JsonReader.object(JsonReader.parse(json.out())).get("syscalls"));
        assertTrue(syscalls.size() > 5, json.out());
        for (Object o : syscalls) {
            Map<String, Object> s = JsonReader.object(o);
            int nr = ((Long) s.get("number")).intValue();
            assertEquals(LABELS.get(nr < 512 ? table[nr] : 0), s.get("support"), s.toString());
        }

        CliRun text = CliRun.of("inspect", file);
        assertEquals(ExitStatus.OK, text.status(), text.err());
        String distinct = text.out().substring(text.out().indexOf("\nDistinct syscalls"));
        List<String> lines = distinct.lines().skip(2).filter(l -> !l.isBlank()).toList();
        assertEquals(syscalls.size(), lines.size(), distinct);
        for (String line : lines) {
            int nr = Integer.parseInt(line.trim().split("\\s+")[0]);
            assertTrue(line.endsWith("libOS: " + LABELS.get(table[nr])), line);
        }
    }

    /** az_syscall_support read straight from the libOS ELF. */
    private static byte[] supportTable() throws Exception {
        try (InputStream in = InspectSupportTest.class.getResourceAsStream("/org/azalea/libos/libos.elf")) {
            ElfFile libos = ElfFile.parse("libos.elf", in.readAllBytes());
            long at = libos.symbols().stream().filter(s -> s.name().equals("az_syscall_support")).findFirst()
                    .orElseThrow().value();
            return libos.bytesAt(at, 512);
        }
    }
}
