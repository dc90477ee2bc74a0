// Test-only access to binutils and gcc, standing in for elf-tools (which is
// being written concurrently): runs a tool and reads a binary's executable
// sections from `readelf -S -W` and the addresses objdump decodes. A missing
// tool fails the test with the Debian package to install.
package org.azalea.x86;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
}
