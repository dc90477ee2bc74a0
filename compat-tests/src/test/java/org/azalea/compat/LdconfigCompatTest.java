// Debian's /sbin/ldconfig (libc-bin; glibc links it static-PIE) natively and
// as an image: printing the system's cache, and making the soname links of
// real shared libraries copied into the run directory (-n, -l), which are
// compared as files. Every case either only reads (-p, -N -X) or writes only
// inside the run directory (-n, -l), so the machine's own links and cache
// are never touched.
package org.azalea.compat;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

class LdconfigCompatTest {
    private static final Path LDCONFIG = Path.of("/sbin/ldconfig");
    private static final Path SYSTEM_LIBS = Path.of("/lib/x86_64-linux-gnu");
    /** Sonames of libraries every machine that builds the corpus has (zlib1g, libzstd1, libgmp10 are dependencies). */
    private static final List<String> SONAMES = List.of("libz.so.1", "libzstd.so.1", "libgmp.so.10");

    /** Each line: ldconfig's arguments, separated by '|'; ZLIB stands for zlib's real file name. */
    private static final List<String> CASES = List.of(
            "-p", "-p|-c|new", "--version", "-n|-v|libs", "-n|-X|-v|libs", "-l|-v|libs/ZLIB", "-p|-C|missing.cache",
            "-p|-C|bogus.cache", "-n|-v|libs|nowhere", "-n|-v|fake", "-N|-X|-v|-C|x.cache|-f|my.conf", "-n|-v|-v|libs|fake");

    @TestFactory
    List<DynamicTest> invocations() throws IOException {
        Differential.assertPresent(LDCONFIG);
        Map<String, byte[]> fixtures = new HashMap<>();
        String zlib = null;
        for (String soname : SONAMES) {
            Path real = SYSTEM_LIBS.resolve(soname).toRealPath();
            fixtures.put("libs/" + real.getFileName(), Files.readAllBytes(real));
            if (soname.equals("libz.so.1")) {
                zlib = real.getFileName().toString();
            }
        }
        fixtures.put("fake/libfake.so.1", "not an ELF file\n".getBytes(StandardCharsets.US_ASCII));
        fixtures.put("bogus.cache", "glibc-ld.so.cache1.1 but nothing valid follows\n".repeat(20).getBytes(StandardCharsets.US_ASCII));
        fixtures.put("my.conf", "libs\n".getBytes(StandardCharsets.US_ASCII));
        List<DynamicTest> tests = new ArrayList<>();
        for (String line : CASES) {
            List<String> args = List.of(line.replace("ZLIB", zlib).split("\\|"));
            Invocation c = Invocation.of("ldconfig " + String.join(" ", args), LDCONFIG, "ldconfig", args).withFixtures(fixtures);
            tests.addAll(Differential.inEveryMode(c));
        }
        return tests;
    }
}
