// Debian's sash (the stand-alone shell, statically linked with glibc) running
// its built-in commands natively and as an image: each case is one command
// line (`sash -c '-CMD ...'`) or a script of them (`source`), on files prepared
// in the run directory; files the commands write are compared too. Running an
// external program would fork, so no case does.
package org.azalea.compat;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertTrue;

class SashCompatTest {
    private static final Path SASH = Path.of("/bin/sash");
    private static final String TEXT = "pear 3\napple 10\nfig 7\napple 10\nbanana 2\n";
    private static final Map<String, byte[]> FIXTURES = Map.of(
            "in.txt", ascii(TEXT),
            "dir/a.c", ascii("int a;\n"),
            "dir/b.txt", ascii("bee\napple tree\n"),
            "bin.dat", binary(),
            "data.gz", gzip(ascii("gzipped line\n".repeat(50))),
            "archive.tar", tar(),
            "script.sash", ascii("-echo start\n-mkdir made made/inner\n-cp in.txt made/inner/copy.txt\n"
                    + "-mv made/inner/copy.txt made/moved.txt\n-ls -F made\n-rmdir made/inner\n-ln -s moved.txt made/link\n"
                    + "-chmod 640 made/moved.txt\n-sum made/moved.txt\nsetenv GREETING hi\n-printenv GREETING\n"
                    + "alias say -echo\nsay aliased\numask 077\n-touch made/private\ncd made\n-ls\ncd ..\n"
                    + "-rm made/link\n-echo end\n"));

    /** Each line: sash's arguments after -c, one command line. */
    private static final List<String> CASES = List.of(
            "-echo hello   world", "-ls dir", "-ls -F", "-cp in.txt copy.txt", "-mv in.txt moved.txt",
            "-grep -n apple in.txt", "-grep -i APPLE in.txt dir/b.txt", "-sum in.txt bin.dat", "-cmp in.txt dir/b.txt",
            "-cmp bin.dat bin.dat", "-dd if=bin.dat of=out.dat bs=7 count=3 skip=2", "-gzip in.txt", "-gunzip data.gz",
            "-gzip bin.dat -o packed", "-tar tvf archive.tar", "-tar xvf archive.tar", "-chmod 600 in.txt",
            "-ln -s in.txt link", "-ln in.txt hard", "-rm in.txt bin.dat", "-rmdir dir", "-mkdir a a/b",
            "-find . -type d", "-find dir -type f", "-file in.txt bin.dat dir data.gz archive.tar",
            "-printenv LANG", "-lsattr in.txt", "-where sash", "source script.sash", "-ed in.txt", "exit 7");

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] binary() {
        byte[] b = new byte[300];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 37 + 11);
        }
        return b;
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A ustar archive of a directory tree with fixed owners and times, so listing it prints the same every run. */
    private static byte[] tar() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        tarEntry(out, "t/", null);
        tarEntry(out, "t/a.txt", ascii("alpha\n"));
        tarEntry(out, "t/sub/", null);
        tarEntry(out, "t/sub/b.txt", ascii("beta\n".repeat(200)));
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    private static void tarEntry(ByteArrayOutputStream out, String name, byte[] data) {
        byte[] h = new byte[512];
        put(h, 0, name);
        put(h, 100, data == null ? "0000755" : "0000644");
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, String.format("%011o", data == null ? 0 : data.length));
        put(h, 136, String.format("%011o", 1_700_000_000L));
        h[156] = (byte) (data == null ? '5' : '0');
        put(h, 257, "ustar");
        put(h, 263, "00");
        Arrays.fill(h, 148, 156, (byte) ' ');
        int sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, String.format("%06o", sum));
        h[154] = 0;
        out.writeBytes(h);
        if (data != null) {
            out.writeBytes(data);
            out.writeBytes(new byte[(512 - data.length % 512) % 512]);
        }
    }

    private static void put(byte[] h, int at, String s) {
        byte[] b = ascii(s);
        System.arraycopy(b, 0, h, at, b.length);
    }

    @TestFactory
    List<DynamicTest> builtins() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String line : CASES) {
            Invocation c = Invocation.of("sash " + line, SASH, "sash", List.of("-c", line))
                    .withStdin("1,2p\n$d\n/fig/s/fig/FIG/\nw\nq\n").withFixtures(FIXTURES);
            tests.addAll(Differential.inEveryMode(c));
        }
        assertTrue(CASES.stream().map(l -> l.split(" ")[0]).distinct().count() >= 20, "at least 20 distinct sash commands");
        return tests;
    }
}
