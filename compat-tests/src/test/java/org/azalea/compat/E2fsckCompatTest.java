// Debian's e2fsck.static (from e2fsck-static) checking ext2 file-system
// images in the run directory, natively and as an image: a clean image, and
// copies damaged in known ways (wrong link count, cleared inode, unlinked
// inode, block claimed twice, wrong free-block count, bad magic), all with
// -n so e2fsck reads the image and changes nothing (-z writes an undo file
// beside it). Each run gets only the image it checks. The images are made once
// per run by Debian's mke2fs and debugfs (e2fsprogs) with fixed UUID, hash
// seed and time, from a small tree with fixed modification times; 1024-block
// groups, so 4 MiB hold backup superblocks (-b 1025).
package org.azalea.compat;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class E2fsckCompatTest {
    private static final Path E2FSCK = Path.of("/sbin/e2fsck.static");
    private static final Path MKE2FS = Path.of("/sbin/mke2fs");
    private static final Path DEBUGFS = Path.of("/sbin/debugfs");
    private static final String FAKE_TIME = "1700000000";

    /** Image name and the debugfs request that damages it (none for the clean one). */
    private static final Map<String, String> DAMAGE = new LinkedHashMap<>();

    static {
        DAMAGE.put("links.img", "set_inode_field /a.txt links_count 5");
        DAMAGE.put("clri.img", "clri /sub/deep");
        DAMAGE.put("unlinked.img", "unlink /sub/nums");
        DAMAGE.put("dup.img", "set_inode_field /a.txt block[0] 5");
        DAMAGE.put("free.img", "set_super_value free_blocks_count 17");
        DAMAGE.put("dirent.img", "set_inode_field /sub block[0] 0");
    }

    /** Each line: e2fsck's arguments, separated by '|'. */
    private static final List<String> CASES = List.of(
            "-n|clean.img", "-fn|clean.img", "-fnv|clean.img", "-fn|-b|1025|-B|1024|clean.img", "-fn|-E|fragcheck|clean.img",
            "-fn|links.img", "-fn|clri.img", "-fn|unlinked.img", "-fn|dup.img", "-fn|free.img", "-fn|dirent.img",
            "-fn|badmagic.img", "-fn|notfs.txt", "-fn|missing.img", "-fn|-D|clean.img", "-fn|-z|undo|clean.img");

    private static Map<String, byte[]> fixtures() throws IOException, InterruptedException {
        for (Path tool : List.of(E2FSCK, MKE2FS, DEBUGFS)) {
            Differential.assertPresent(tool);
        }
        Path work = Files.createTempDirectory(Differential.HOME.resolve("compat-tests/target"), "e2fs-");
        try {
            Path src = work.resolve("src");
            Files.createDirectories(src.resolve("sub/deep"));
            Files.writeString(src.resolve("a.txt"), "hello\n");
            StringBuilder nums = new StringBuilder();
            for (int i = 1; i <= 20000; i++) {
                nums.append(i).append('\n');
            }
            Files.writeString(src.resolve("sub/nums"), nums);
            Files.writeString(src.resolve("sub/deep/x"), "x\n");
            Files.createSymbolicLink(src.resolve("link"), Path.of("a.txt"));
            try (Stream<Path> all = Files.walk(src)) {
                for (Path p : all.filter(p -> !Files.isSymbolicLink(p)).toList()) {
                    Files.setLastModifiedTime(p, FileTime.from(1_600_000_000L, TimeUnit.SECONDS));
                }
            }
            Map<String, byte[]> files = new HashMap<>();
            Path clean = work.resolve("clean.img");
            tool(work, MKE2FS.toString(), "-q", "-F", "-t", "ext2", "-b", "1024", "-g", "1024", "-N", "128",
                    "-U", "0b5e7f2c-1111-4222-8333-444455556666",
                    "-E", "hash_seed=0b5e7f2c-1111-4222-8333-444455556667,root_owner=0:0", "-d", src.toString(),
                    clean.toString(), "4096");
            files.put("clean.img", Files.readAllBytes(clean));
            for (Map.Entry<String, String> d : DAMAGE.entrySet()) {
                Path img = work.resolve(d.getKey());
                Files.copy(clean, img);
                tool(work, DEBUGFS.toString(), "-w", "-R", d.getValue(), img.toString());
                byte[] damaged = Files.readAllBytes(img);
                assertFalse(Arrays.equals(damaged, files.get("clean.img")), "debugfs left " + d.getKey() + " undamaged");
                files.put(d.getKey(), damaged);
            }
            byte[] bad = files.get("clean.img").clone();
            bad[1024 + 56] = 0; // s_magic, 0xEF53 little-endian at offset 56 of the superblock
            bad[1024 + 57] = 0;
            files.put("badmagic.img", bad);
            files.put("notfs.txt", "just some text, not a file system\n".repeat(100).getBytes(StandardCharsets.US_ASCII));
            return files;
        } finally {
            try (Stream<Path> all = Files.walk(work)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void tool(Path dir, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("E2FSPROGS_FAKE_TIME", FAKE_TIME);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), () -> String.join(" ", cmd) + " failed:\n" + out);
    }

    @TestFactory
    List<DynamicTest> checks() throws IOException, InterruptedException {
        Map<String, byte[]> files = fixtures();
        List<DynamicTest> tests = new ArrayList<>();
        for (String line : CASES) {
            List<String> args = List.of(line.split("\\|"));
            String target = args.getLast();
            Map<String, byte[]> fixture = files.containsKey(target) ? Map.of(target, files.get(target)) : Map.of();
            Invocation c = Invocation.of("e2fsck " + String.join(" ", args), E2FSCK, "e2fsck", args).withFixtures(fixture);
            tests.addAll(Differential.inEveryMode(c));
        }
        return tests;
    }
}
