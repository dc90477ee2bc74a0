/*
 * CallRuntime: where the CALL runtime lies on disk and how a program is
 * compiled and linked against it: newlib's sysroot with our OS layer
 * (newlib-port/target/sysroot) and pthread-embedded (its include/ and
 * target/lib). Both are built by the project's build (make, from Maven);
 * their absence is a setup problem, stated as such.
 */
package org.azalea.call;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

public record CallRuntime(Path sysroot, Path pthreadInclude, Path pthreadLibrary) {
    /** The CALL runtime of the project checked out at home. */
    public static CallRuntime at(Path home) throws CallBuildException {
        CallRuntime r = new CallRuntime(home.resolve("newlib-port/target/sysroot"),
                home.resolve("pthread-embedded/include"),
                home.resolve("pthread-embedded/target/lib/libpthread-embedded.a"));
        for (Path p : List.of(r.crt0(), r.library("libazalea.a"), r.library("libc.a"), r.library("libm.a"),
                r.pthreadLibrary, r.pthreadInclude.resolve("pthread.h"))) {
            if (!Files.isRegularFile(p)) {
                throw new CallBuildException(CallBuildException.Kind.RUNTIME_MISSING, p
                        + " is missing: the CALL runtime (newlib-port, pthread-embedded) is not built; run ./azalea setup");
            }
        }
        return r;
    }

    public Path crt0() {
        return sysroot.resolve("lib/crt0.o");
    }

    public Path library(String name) {
        return sysroot.resolve("lib").resolve(name);
    }

    /** Include directories before gcc's own: our additions, pthread-embedded. */
    public List<Path> includes() {
        return List.of(sysroot.resolve("azalea"), pthreadInclude);
    }

    /** newlib's include directory, searched after gcc's own as a libc's is (gcc's stdatomic.h, not newlib's). */
    public Path libcInclude() {
        return sysroot.resolve("include");
    }
}
