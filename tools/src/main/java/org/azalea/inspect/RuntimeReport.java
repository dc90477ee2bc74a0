/*
 * RuntimeReport: which runtime built a binary, its version when the binary
 * records one, and every piece of evidence found, so a user can check the
 * verdict. Detection needs no symbols: stripped binaries keep their notes,
 * section names and string constants, which is what is looked at first.
 *
 * Evidence used (facts about each runtime's output, not guesses):
 *  - Go: the .go.buildinfo section (its header holds the Go version), the
 *    .gopclntab section, a "Go" build-id note, runtime.* symbols.
 *  - glibc: the NT_GNU_ABI_TAG note (.note.ABI-tag; musl never emits one),
 *    glibc's own strings ("GLIBC_TUNABLES", "Fatal glibc error"), its
 *    start-up symbols (__libc_start_main with __libc_setup_tls).
 *  - musl: musl's strings ("No error information" is its strerror(0)), its
 *    internal symbols (__init_libc, __libc_start_init).
 */
package org.azalea.inspect;

import org.azalea.elf.ElfFile;
import org.azalea.elf.Note;
import org.azalea.elf.Section;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

public record RuntimeReport(Runtime runtime, Optional<String> version, List<String> evidence) {
    private static final byte[] GO_BUILDINFO_MAGIC = "\u00ff Go buildinf:".getBytes(StandardCharsets.ISO_8859_1);
    private static final int GO_BUILDINFO_HEADER = 32;
    private static final int GO_FLAG_INLINE_STRINGS = 2;
    private static final int GO_NOTE_BUILD_ID = 4;
    private static final Pattern GLIBC_BANNER =
            Pattern.compile("GNU C Library \\([^)]*\\) (?:stable |development )?release version ([0-9][0-9.]*[0-9])");

    public RuntimeReport {
        evidence = List.copyOf(evidence);
    }

    public static RuntimeReport detect(ElfFile elf) {
        Set<String> symbols = elf.symbols().stream().map(s -> s.name()).collect(Collectors.toSet());
        byte[] rodata = readOnlyData(elf);

        List<String> go = new ArrayList<>();
        Optional<String> goVersion = Optional.empty();
        Optional<Section> buildinfo = elf.section(".go.buildinfo");
        if (buildinfo.isPresent()) {
            goVersion = goVersion(elf.contentBytes(buildinfo.get()));
            go.add("section .go.buildinfo" + goVersion.map(v -> " records " + v).orElse(""));
        }
        if (elf.section(".gopclntab").isPresent()) {
            go.add("section .gopclntab");
        }
        if (elf.notes().stream().anyMatch(n -> n.name().equals("Go") && n.type() == GO_NOTE_BUILD_ID)) {
            go.add("note Go/NT_GO_BUILDID");
        }
        if (symbols.contains("runtime.main") || symbols.contains("runtime.rt0_go")) {
            go.add("symbols runtime.main/runtime.rt0_go");
        }
        if (!go.isEmpty()) {
            return new RuntimeReport(Runtime.GO, goVersion, go);
        }

        List<String> glibc = new ArrayList<>();
        if (elf.notes().stream().anyMatch(n -> n.name().equals("GNU") && n.type() == Note.NT_GNU_ABI_TAG)) {
            glibc.add("note GNU/NT_GNU_ABI_TAG (.note.ABI-tag)");
        }
        Optional<String> glibcVersion = Optional.empty();
        Matcher banner = GLIBC_BANNER.matcher(new String(rodata, StandardCharsets.ISO_8859_1));
        if (banner.find()) {
            glibcVersion = Optional.of(banner.group(1));
            glibc.add("string \"" + banner.group() + "\"");
        }
        addIfContains(glibc, rodata, "GLIBC_TUNABLES");
        addIfContains(glibc, rodata, "Fatal glibc error");
        if (symbols.contains("__libc_start_main") && symbols.contains("__libc_setup_tls")) {
            glibc.add("symbols __libc_start_main, __libc_setup_tls");
        }
        if (!glibc.isEmpty()) {
            return new RuntimeReport(Runtime.GLIBC, glibcVersion, glibc);
        }

        List<String> musl = new ArrayList<>();
        addIfContains(musl, rodata, "No error information");
        if (symbols.contains("__init_libc") || symbols.contains("__libc_start_init")) {
            musl.add("symbols __init_libc/__libc_start_init");
        }
        if (!musl.isEmpty()) {
            return new RuntimeReport(Runtime.MUSL, Optional.empty(), musl);
        }
        return new RuntimeReport(Runtime.OTHER, Optional.empty(),
                List.of("none of the glibc, musl or Go markers was found"));
    }

    /** The contents of every allocated, non-writable, non-executable section: where string constants live. */
    private static byte[] readOnlyData(ElfFile elf) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Section s : elf.sections()) {
            if (s.isAlloc() && !s.isWritable() && !s.isExecutable() && s.hasFileContents()) {
                out.writeBytes(elf.contentBytes(s));
                out.write(0);
            }
        }
        return out.toByteArray();
    }

    private static void addIfContains(List<String> evidence, byte[] haystack, String needle) {
        if (indexOf(haystack, needle.getBytes(StandardCharsets.ISO_8859_1), 0) >= 0) {
            evidence.add("string \"" + needle + "\"");
        }
    }

    /*
     * Go 1.18+ writes its version inline after a 32-byte header when flag bit
     * 2 is set: a uvarint length, then the bytes. Older layouts hold pointers
     * instead; for those no version is reported rather than one guessed.
     */
    private static Optional<String> goVersion(byte[] info) {
        if (info.length < GO_BUILDINFO_HEADER || indexOf(info, GO_BUILDINFO_MAGIC, 0) != 0) {
            return Optional.empty();
        }
        if ((info[GO_BUILDINFO_MAGIC.length + 1] & GO_FLAG_INLINE_STRINGS) == 0) {
            return Optional.empty();
        }
        int pos = GO_BUILDINFO_HEADER;
        long length = 0;
        for (int shift = 0; pos < info.length && shift < 35; shift += 7) {
            int b = info[pos++] & 0xff;
            length |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                if (length == 0 || length > 64 || pos + length > info.length) {
                    return Optional.empty();
                }
                String v = new String(info, pos, (int) length, StandardCharsets.ISO_8859_1);
                return v.startsWith("go") ? Optional.of(v) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
