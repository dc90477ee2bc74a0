/*
 * UnsupportedFeatures: names, by feature, the libc functions a program
 * needs that the CALL runtime (newlib, our OS layer, pthread-embedded) does
 * not provide, so that `azalea build` refuses it at link time with the
 * reason, not at run time. What is deliberately left out is listed here by
 * feature; any other missing function is reported as such.
 */
package org.azalea.call;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

public final class UnsupportedFeatures {
    private static final Map<String, List<String>> FEATURES = new LinkedHashMap<>();

    static {
        FEATURES.put("processes: a CALL image is one process", List.of("fork", "vfork", "execve", "execv", "execvp",
                "execvpe", "execl", "execlp", "execle", "fexecve", "wait", "waitpid", "wait3", "wait4", "waitid",
                "_fork_r", "_execve_r", "_wait_r", "system", "popen", "pclose", "posix_spawn", "posix_spawnp",
                "daemon"));
        FEATURES.put("thread cancellation", List.of("pthread_cancel", "pthread_testcancel", "pthread_setcancelstate",
                "pthread_setcanceltype", "__pthread_cleanup_push_unsupported", "__pthread_cleanup_pop_unsupported"));
        FEATURES.put("signals beyond handlers, masks and interval timers", List.of("pthread_kill", "sigwait",
                "sigwaitinfo", "sigtimedwait", "sigqueue", "sigaltstack", "timer_create", "timer_settime",
                "timer_gettime", "timer_delete", "timer_getoverrun", "sigsetjmp", "siglongjmp", "killpg"));
        FEATURES.put("sockets", List.of("socket", "socketpair", "bind", "listen", "accept", "accept4", "connect",
                "send", "sendto", "sendmsg", "recv", "recvfrom", "recvmsg", "setsockopt", "getsockopt", "shutdown",
                "getsockname", "getpeername", "getaddrinfo", "freeaddrinfo", "gethostbyname", "inet_pton",
                "inet_ntop"));
        FEATURES.put("I/O multiplexing beyond poll, and event descriptors", List.of("ppoll", "select", "pselect",
                "epoll_create", "epoll_create1", "epoll_ctl", "epoll_wait", "epoll_pwait", "eventfd", "timerfd_create",
                "timerfd_settime", "timerfd_gettime", "signalfd", "inotify_init", "inotify_init1"));
        FEATURES.put("directory streams beyond opendir, readdir, rewinddir and closedir", List.of("readdir_r",
                "scandir", "alphasort", "telldir", "seekdir", "fdclosedir"));
        FEATURES.put("dynamic loading: a CALL image is static", List.of("dlopen", "dlsym", "dlclose", "dlerror",
                "dladdr", "dl_iterate_phdr"));
        FEATURES.put("named semaphores", List.of("sem_open", "sem_close", "sem_unlink"));
        FEATURES.put("terminals and sessions", List.of("tcgetattr", "tcsetattr", "openpty", "forkpty", "setsid",
                "getsid", "setpgid", "getpgid", "ttyname"));
    }

    private UnsupportedFeatures() {
    }

    /** One line: the missing functions grouped by feature, features in a fixed order, the rest last. */
    public static String describe(Set<String> missing) {
        StringBuilder out = new StringBuilder();
        Set<String> rest = new TreeSet<>(missing);
        for (Map.Entry<String, List<String>> f : FEATURES.entrySet()) {
            List<String> hit = f.getValue().stream().filter(missing::contains).toList();
            if (!hit.isEmpty()) {
                rest.removeAll(hit);
                out.append(out.isEmpty() ? "" : "; ").append(String.join(", ", hit)).append(" (").append(f.getKey())
                        .append(')');
            }
        }
        if (!rest.isEmpty()) {
            out.append(out.isEmpty() ? "" : "; ").append(rest.stream().collect(Collectors.joining(", ")))
                    .append(" (not in newlib, the OS layer or pthread-embedded)");
        }
        return out.toString();
    }
}
