// azalea build end to end: a C program rebuilt against the CALL runtime runs
// as an image with no syscall instruction of its own; spin locks and a
// thread's CPU affinity attribute work on one core and on two; poll and
// readv/writev behave as glibc's; objects (azalea build
// -c) and archives of them link into one; a CALL program linked against
// another libOS's entry addresses is refused by the image linker; a program that needs
// what the runtime lacks is refused at link time naming the functions and
// the feature (exit 65), a source that does not compile is bad input (exit
// 2), and neither leaves an output behind.
package org.azalea.compat;

import org.azalea.cli.Main;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallBuildTest {
    @TempDir
    Path dir;

    private record Result(int status, String log) {
    }

    @BeforeAll
    static void home() {
        System.setProperty("azalea.home", Differential.HOME.toString());
    }

    private Result build(String... args) {
        StringWriter log = new StringWriter();
        try (PrintWriter w = new PrintWriter(log)) {
            int status = Main.run(args, w, w);
            w.flush();
            return new Result(status, log.toString());
        }
    }

    @Test
    void aThreadedProgramRunsWithNoSyscallInstruction() throws IOException {
        Path src = Files.writeString(dir.resolve("pid.c"), """
                #include <pthread.h>
                #include <stdio.h>
                #include <unistd.h>
                static void *twice(void *p) { return (void *)(2 * (long)p); }
                int main(int argc, char **argv) {
                    long sum = 0;
                    for (int i = 0; i < 100000; i++) sum += getpid();
                    pthread_t t; void *r;
                    pthread_create(&t, NULL, twice, (void *)21L);
                    pthread_join(t, &r);
                    printf("%s %d %ld\\n", argv[0], sum == 100000L * getpid(), (long)r);
                    return argc;
                }
                """);
        Path out = dir.resolve("pid.uk");
        Result r = build("build", src.toString(), "-O2", "-o", out.toString());
        assertEquals(0, r.status(), r.log());
        assertTrue(r.log().contains("0 syscall instructions"), r.log());
        Invocation c = Invocation.of("pid.call", out, "pid", List.of("x"));
        Outcome o = Differential.run(c, out);
        assertEquals("pid 1 42\n", o.stdout(), o.toString());
        assertEquals("exited 2", o.status(), o.toString());
    }

    @Test
    void spinLocksAndAnAffinityAttributeWork() throws IOException {
        Path src = Files.writeString(dir.resolve("spin.c"), """
                #define _GNU_SOURCE
                #include <pthread.h>
                #include <sched.h>
                #include <stdio.h>
                static pthread_spinlock_t lock;
                static long counter;
                static int target = -1, ran_on = -2;
                static void *add(void *p) {
                    for (int i = 0; i < 100000; i++) {
                        pthread_spin_lock(&lock);
                        counter++;
                        pthread_spin_unlock(&lock);
                    }
                    return p;
                }
                static void *where(void *p) { sched_yield(); ran_on = sched_getcpu(); return p; }
                int main(void) {
                    pthread_t t[4];
                    pthread_spin_init(&lock, PTHREAD_PROCESS_PRIVATE);
                    for (int i = 0; i < 4; i++) pthread_create(&t[i], NULL, add, NULL);
                    for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
                    cpu_set_t mine, one;
                    pthread_getaffinity_np(pthread_self(), sizeof mine, &mine);
                    for (int c = CPU_SETSIZE - 1; c >= 0; c--) if (CPU_ISSET(c, &mine)) target = c;
                    CPU_ZERO(&one);
                    CPU_SET(target, &one);
                    pthread_attr_t a;
                    pthread_attr_init(&a);
                    pthread_attr_setaffinity_np(&a, sizeof one, &one);
                    pthread_attr_setstacksize(&a, 1 << 20);
                    pthread_t w;
                    pthread_create(&w, &a, where, NULL);
                    pthread_join(w, NULL);
                    printf("counter %ld, on the chosen cpu %d\\n", counter, ran_on == target);
                    return 0;
                }
                """);
        Path out = dir.resolve("spin.uk");
        Result r = build("build", src.toString(), "-O2", "-o", out.toString());
        assertEquals(0, r.status(), r.log());
        for (String cores : List.of("cores=1", "cores=2")) {
            // the source stands for the native program (never run), so that the run settings apply to out
            Invocation c = Invocation.of("spin.call", src, "spin", List.of()).withImageRun(cores);
            Outcome o = Differential.run(c, out);
            assertEquals("counter 400000, on the chosen cpu 1\n", o.stdout(), cores + ": " + o);
        }
    }

    @Test
    void pollAndScatterGatherAsGlibc() throws IOException, InterruptedException {
        Path src = Files.writeString(dir.resolve("uio.c"), """
                #include <poll.h>
                #include <stdio.h>
                #include <sys/uio.h>
                #include <unistd.h>
                int main(void) {
                    int p[2];
                    if (pipe(p) != 0) return 1;
                    struct pollfd f = {p[0], POLLIN, 0};
                    int r = poll(&f, 1, 10);
                    printf("empty: %d revents %d\\n", r, f.revents);
                    struct iovec out[2] = {{"scatter ", 8}, {"gather\\n", 7}};
                    printf("writev %zd\\n", writev(p[1], out, 2));
                    r = poll(&f, 1, 10);
                    printf("ready: %d revents %d\\n", r, f.revents);
                    char a[4], b[32] = {0};
                    struct iovec in[2] = {{a, 4}, {b, sizeof b - 1}};
                    ssize_t n = readv(p[0], in, 2);
                    printf("readv %zd: %.4s|%s", n, a, b);
                    return 0;
                }
                """);
        Path nativeProgram = dir.resolve("uio.glibc");
        Process gcc = new ProcessBuilder("gcc", "-static", "-O2", "-o", nativeProgram.toString(), src.toString())
                .inheritIO().start();
        assertEquals(0, gcc.waitFor());
        Path out = dir.resolve("uio.uk");
        Result r = build("build", src.toString(), "-O2", "-o", out.toString());
        assertEquals(0, r.status(), r.log());
        Invocation c = Invocation.of("uio.call", nativeProgram, "uio", List.of());
        Outcome n = Differential.run(c, nativeProgram), i = Differential.run(c, out);
        assertEquals("", n.differenceFrom(i), "CALL image against glibc build");
        assertTrue(n.stdout().contains("readv 15: scat|ter gather"), n.toString());
    }

    @Test
    void objectsAndArchivesBuiltWithTheRuntimeLink() throws IOException, InterruptedException {
        Path lib = Files.writeString(dir.resolve("lib.c"), """
                #include <stdio.h>
                #include <string.h>
                int shout(const char *s) { return printf("%s!\\n", s) == (int)strlen(s) + 2 ? 0 : 1; }
                """);
        Path main = Files.writeString(dir.resolve("main.c"), """
                int shout(const char *);
                int main(void) { return shout("archived"); }
                """);
        Path object = dir.resolve("lib.o");
        Result r = build("build", "-c", "-O2", lib.toString(), "-o", object.toString());
        assertEquals(0, r.status(), r.log());
        Path archive = dir.resolve("libshout.a");
        Process ar = new ProcessBuilder("ar", "rcs", archive.toString(), object.toString()).inheritIO().start();
        assertEquals(0, ar.waitFor());
        Path out = dir.resolve("main.uk");
        r = build("build", main.toString(), archive.toString(), "-o", out.toString());
        assertEquals(0, r.status(), r.log());
        Outcome o = Differential.run(Invocation.of("archive.call", out, "main", List.of()), out);
        assertEquals("archived!\n", o.stdout(), o.toString());
        assertEquals("exited 0", o.status(), o.toString());
    }

    @Test
    void aProgramBuiltAgainstAnotherLibosIsRefused() throws IOException, InterruptedException {
        Path src = Files.writeString(dir.resolve("start.c"), "void _start(void) { for (;;) { } }\n");
        Path elf = dir.resolve("stale.elf");
        Process gcc = new ProcessBuilder("gcc", "-static", "-no-pie", "-nostdlib", "-o", elf.toString(),
                src.toString(), "-Wl,--defsym=__azalea_libos_base=0x40000000",
                "-Wl,--defsym=az_entry_getpid=0x40000001").inheritIO().start();
        assertEquals(0, gcc.waitFor());
        Path out = dir.resolve("stale.uk");
        Result r = build("convert", elf.toString(), "-o", out.toString());
        assertEquals(2, r.status(), r.log());
        assertTrue(r.log().contains("was built against another libOS: its az_entry_getpid is 0x40000001"), r.log());
        assertFalse(Files.exists(out), "no image of a stale CALL program");
    }

    @Test
    void missingFeaturesFailTheLinkNamed() throws IOException {
        Path src = Files.writeString(dir.resolve("fork.c"), """
                #include <pthread.h>
                #include <unistd.h>
                int main(void) {
                    if (fork() == 0) _exit(0);
                    return pthread_cancel(pthread_self());
                }
                """);
        Path out = dir.resolve("fork.uk");
        Result r = build("build", src.toString(), "-o", out.toString());
        assertEquals(65, r.status(), r.log());
        assertTrue(r.log().contains("fork (processes"), r.log());
        assertTrue(r.log().contains("pthread_cancel (thread cancellation)"), r.log());
        assertEquals(1, r.log().strip().lines().count(), "one line: " + r.log());
        assertFalse(Files.exists(out), "no output after a refused link");
    }

    @Test
    void aSourceThatDoesNotCompileIsBadInput() throws IOException {
        Path src = Files.writeString(dir.resolve("bad.c"), "int main(void) { return undeclared; }\n");
        Path out = dir.resolve("bad.uk");
        Result r = build("build", src.toString(), "-o", out.toString());
        assertEquals(2, r.status(), r.log());
        assertTrue(r.log().lines().anyMatch(l -> l.startsWith("azalea: ") && l.contains("compilation failed")),
                r.log());
        assertFalse(Files.exists(out), "no output after a failed compilation");
        assertEquals(2, build("build", dir.resolve("absent.c").toString()).status());
    }
}
