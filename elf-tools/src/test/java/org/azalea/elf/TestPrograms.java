// Builds the small test programs once per test JVM: a C program linked with gcc -static,
// gcc -static-pie and musl-gcc -static, and a Go program built with CGO_ENABLED=0. Each prints
// EXPECTED_OUTPUT and exits with EXPECTED_EXIT, so tests can check that edited copies still run.
package org.azalea.elf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

final class TestPrograms {

    static final String EXPECTED_OUTPUT = "hello from azalea 42\n";
    static final int EXPECTED_EXIT = 7;

    static final Path BUSYBOX = Path.of("/bin/busybox");
    static final Path BASH_STATIC = Path.of("/bin/bash-static");

    private static final String C_SOURCE = """
            #include <stdio.h>
            #include <stdlib.h>
            static __thread int counter = 40;
            int main(int argc, char **argv) {
                counter += argc + 1;
                printf("hello from azalea %d\\n", counter);
                fflush(stdout);
                return 7;
            }
            """;

    private static final String GO_SOURCE = """
            package main

            import (
            \t"fmt"
            \t"os"
            )

            func main() {
            \tfmt.Printf("hello from azalea %d\\n", 40+len(os.Args)+1)
            \tos.Exit(7)
            }
            """;

    private static Map<String, Path> built;
    private static Path directory;

    private TestPrograms() {
    }

    static synchronized Path gccStatic() {
        return all().get("gcc-static");
    }

    static synchronized Path gccStaticPie() {
        return all().get("gcc-static-pie");
    }

    static synchronized Path muslStatic() {
        return all().get("musl-static");
    }

    static synchronized Path goStatic() {
        return all().get("go-static");
    }

    /** The compiled programs by name. */
    static synchronized Map<String, Path> all() {
        if (built != null) {
            return built;
        }
        try {
            directory = Files.createTempDirectory("azalea-elf-test");
            Runtime.getRuntime().addShutdownHook(new Thread(TestPrograms::deleteDirectory));
            Path c = Files.writeString(directory.resolve("hello.c"), C_SOURCE);
            Map<String, Path> result = new HashMap<>();
            result.put("gcc-static", compile("gcc-static", "gcc", "-O1", "-static", "-o", "gcc-static", c.toString()));
            result.put("gcc-static-pie", compile("gcc-static-pie", "gcc", "-O1", "-static-pie", "-fPIE", "-o",
                    "gcc-static-pie", c.toString()));
            result.put("musl-static", compile("musl-static", "musl-gcc", "-O1", "-static", "-o", "musl-static",
                    c.toString()));
            Path goDir = Files.createDirectories(directory.resolve("gohello"));
            Files.writeString(goDir.resolve("main.go"), GO_SOURCE);
            Files.writeString(goDir.resolve("go.mod"), "module gohello\n\ngo 1.19\n");
            Map<String, String> env = new HashMap<>();
            env.put("CGO_ENABLED", "0");
            env.put("GOFLAGS", "-mod=mod");
            env.put("GOPATH", directory.resolve("gopath").toString());
            if (System.getenv("HOME") == null) {
                env.put("HOME", directory.toString());
            }
            Tools.run(env, goDir, "go", "build", "-o", directory.resolve("go-static").toString(), ".")
                    .requireSuccess();
            result.put("go-static", directory.resolve("go-static"));
            built = Map.copyOf(result);
            return built;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path compile(String output, String... command) {
        Tools.run(Map.of(), directory, command).requireSuccess();
        return directory.resolve(output);
    }

    static Path tempFile(String name) {
        all();
        return directory.resolve(name);
    }

    private static void deleteDirectory() {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // Best effort: the directory is under the system temp directory.
        }
    }

    /** Binaries used by the oracle tests: system static binaries plus the compiled ones. */
    static List<Path> oracleBinaries() {
        Map<String, Path> programs = all();
        return List.of(BUSYBOX, BASH_STATIC, programs.get("gcc-static"), programs.get("gcc-static-pie"),
                programs.get("musl-static"), programs.get("go-static"));
    }
}
