// Reading then writing an unchanged file must reproduce it byte for byte. Runs over a
// deterministic sample of the ELF64 x86-64 files in /usr/bin and /usr/lib/x86_64-linux-gnu,
// plus busybox, bash-static and the compiled test programs.
package org.azalea.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RoundTripTest {

    private static final int SAMPLE = 300;

    static boolean isElf64X86(Path p) {
        if (!Files.isRegularFile(p)) {
            return false;
        }
        byte[] head = new byte[20];
        try (InputStream in = Files.newInputStream(p)) {
            if (in.readNBytes(head, 0, 20) < 20) {
                return false;
            }
        } catch (IOException e) {
            return false;
        }
        return head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F' && head[4] == 2 && head[5] == 1
                && head[18] == 62 && head[19] == 0;
    }

    static List<Path> sample() throws IOException {
        List<Path> candidates = new ArrayList<>();
        for (String dir : List.of("/usr/bin", "/usr/lib/x86_64-linux-gnu")) {
            try (Stream<Path> files = Files.list(Path.of(dir))) {
                files.filter(p -> dir.equals("/usr/bin") || p.getFileName().toString().contains(".so"))
                        .sorted().forEach(candidates::add);
            }
        }
        List<Path> elves = candidates.stream().filter(RoundTripTest::isElf64X86).toList();
        List<Path> chosen = new ArrayList<>();
        double step = Math.max(1.0, elves.size() / (double) SAMPLE);
        for (double i = 0; i < elves.size(); i += step) {
            chosen.add(elves.get((int) i));
        }
        chosen.add(TestPrograms.BUSYBOX);
        chosen.add(TestPrograms.BASH_STATIC);
        chosen.addAll(TestPrograms.all().values());
        return chosen;
    }

    @Test
    void unchangedFilesAreWrittenIdentically() throws Exception {
        List<Path> files = sample();
        assertTrue(files.size() >= 100, "expected a few hundred ELF files, found " + files.size());
        List<String> failures = new ArrayList<>();
        for (Path p : files) {
            byte[] original = Files.readAllBytes(p);
            try {
                ElfFile elf = ElfFile.parse(p.toString(), original);
                if (!java.util.Arrays.equals(original, elf.toBytes())) {
                    failures.add(p + ": toBytes() differs from the input");
                }
            } catch (ElfFormatException e) {
                failures.add(e.getMessage());
            }
        }
        assertEquals(List.of(), failures, "files that did not round-trip");
    }
}
