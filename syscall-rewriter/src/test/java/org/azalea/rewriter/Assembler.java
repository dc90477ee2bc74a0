// Test helper: assembles Intel-syntax x86-64 with GNU as (binutils) and returns
// the .text bytes, so fixtures read as assembly rather than hex.
package org.azalea.rewriter;

import org.azalea.x86.BinaryTools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

final class Assembler {
    private Assembler() {}

    static byte[] assemble(String source) {
        try {
            Path dir = Files.createTempDirectory("azalea-as");
            try {
                Path s = dir.resolve("f.s");
                Path o = dir.resolve("f.o");
                Path bin = dir.resolve("f.bin");
                Files.writeString(s, ".intel_syntax noprefix\n.text\n" + source + "\n");
                BinaryTools.run("binutils", "as", "--64", "-o", o.toString(), s.toString());
                BinaryTools.run("binutils", "objcopy", "-O", "binary", "-j", ".text", o.toString(), bin.toString());
                return Files.readAllBytes(bin);
            } finally {
                try (var files = Files.list(dir)) {
                    for (Path p : files.toList()) {
                        Files.delete(p);
                    }
                }
                Files.delete(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
