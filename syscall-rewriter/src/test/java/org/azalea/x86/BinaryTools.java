// Test-only access to binutils and gcc, standing in for elf-tools (which is
// being written concurrently): runs a tool, reads a binary's executable
// sections from `readelf -S -W` and the addresses objdump decodes, and
// assembles Intel-syntax instructions with GNU as. A missing tool fails the
// test with the Debian package to install.
package org.azalea.x86;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public final class BinaryTools {
    private BinaryTools() {}

    public record Section(String name, long address, byte[] bytes) {}

    private static final Pattern SECTION = Pattern.compile(
            "^\\s*\\[\\s*\\d+]\\s+(\\S+)\\s+(\\S+)\\s+([0-9a-f]+)\\s+([0-9a-f]+)\\s+([0-9a-f]+)\\s+[0-9a-f]+\\s+(\\S*)\\s+\\d+\\s+\\d+\\s+\\d+\\s*$");
    private static final Pattern OBJDUMP_LINE = Pattern.compile("^\\s*([0-9a-f]+):\\t(\\S+)");

    /** Runs a command and returns its stdout; failing to start names the package that provides it. */
    public static String run(String debianPackage, String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int rc = p.waitFor();
            if (rc != 0) {
                throw new AssertionError(String.join(" ", command) + " exited with " + rc);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError(command[0] + " is not available: run apt-get install " + debianPackage, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The SHF_EXECINSTR PROGBITS sections of an ELF file, with their contents. */
    public static List<Section> executableSections(Path elf) throws IOException {
        byte[] file = Files.readAllBytes(elf);
        List<Section> out = new ArrayList<>();
        for (String line : run("binutils", "readelf", "-S", "-W", elf.toString()).split("\n")) {
            Matcher m = SECTION.matcher(line);
            if (m.matches() && m.group(2).equals("PROGBITS") && m.group(6).contains("X")) {
                int offset = Integer.parseInt(m.group(4), 16);
                int size = Integer.parseInt(m.group(5), 16);
                byte[] bytes = new byte[size];
                System.arraycopy(file, offset, bytes, 0, size);
                out.add(new Section(m.group(1), Long.parseLong(m.group(3), 16), bytes));
            }
        }
        if (out.isEmpty()) {
            throw new AssertionError("readelf found no executable section in " + elf);
        }
        return out;
    }

    /** Address -> mnemonic of every instruction `objdump -d` shows (Intel syntax). */
    public static TreeMap<Long, String> objdumpInstructions(Path elf) {
        TreeMap<Long, String> out = new TreeMap<>();
        for (String line : run("binutils", "objdump", "-d", "-M", "intel", "--no-show-raw-insn", elf.toString())
                .split("\n")) {
            Matcher m = OBJDUMP_LINE.matcher(line);
            if (m.find()) {
                out.put(Long.parseLong(m.group(1), 16), m.group(2));
            }
        }
        return out;
    }

    /** Bytes each assembled instruction may occupy: .org places instruction i at SLOT * i. */
    public static final int SLOT = 16;

    /**
     * Assembles each Intel-syntax line with `as --64` at .text offset SLOT * i and
     * returns its SLOT-byte window (the instruction then zero fill), so a length
     * difference shows up as a byte difference. Instruction i is at offset
     * SLOT * i, so `. + n` in line i means "n bytes after this instruction's start".
     */
    public static List<byte[]> assembleEach(Path dir, List<String> lines) throws IOException {
        StringBuilder source = new StringBuilder(".intel_syntax noprefix\n.text\n");
        for (int i = 0; i < lines.size(); i++) {
            source.append(".org ").append(SLOT * i).append('\n').append(lines.get(i)).append('\n');
        }
        Path s = dir.resolve("insns.s");
        Path o = dir.resolve("insns.o");
        Path bin = dir.resolve("insns.bin");
        Files.writeString(s, source);
        run("binutils", "as", "--64", "-o", o.toString(), s.toString());
        run("binutils", "objcopy", "-O", "binary", "-j", ".text", o.toString(), bin.toString());
        byte[] text = Arrays.copyOf(Files.readAllBytes(bin), SLOT * lines.size());
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            out.add(Arrays.copyOfRange(text, SLOT * i, SLOT * (i + 1)));
        }
        return out;
    }
}
