// Programs that need fork or exec, which single-threaded images do not offer
// yet, must fail promptly with a message naming the system call, never hang
// or print a wrong result silently.
package org.azalea.compat;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnsupportedCallTest {
    private static final Pattern NAMED = Pattern.compile(
            "azalea: unsupported syscall (fork|vfork|clone|clone3|execve) \\(\\d+\\) at 0x[0-9a-f]+: returning -ENOSYS");

    private static void assertNamesProcessCall(Invocation c) {
        Outcome o = Differential.runImage(c);
        assertTrue(NAMED.matcher(o.stderr()).find(), () -> c.name() + ": no message naming the call; stderr:\n" + o.stderr());
        assertNotEquals("exited 0", o.status(), () -> c.name() + " claimed success");
    }

    @Test
    void busyboxPipelineNeedsFork() {
        assertNamesProcessCall(Invocation.of("busybox sh pipeline", BusyboxCompatTest.BUSYBOX, "busybox",
                List.of("sh", "-c", "echo a | cat")));
    }

    @Test
    void busyboxExternalCommandNeedsFork() {
        assertNamesProcessCall(Invocation.of("busybox sh external command", BusyboxCompatTest.BUSYBOX, "busybox",
                List.of("sh", "-c", "/bin/true; echo after")));
    }

    @Test
    void bashCommandSubstitutionNeedsFork() {
        assertNamesProcessCall(Invocation.of("bash command substitution", Path.of("/bin/bash-static"), "bash",
                List.of("-c", "x=$(echo hi); echo \"$x\"")));
    }
}
