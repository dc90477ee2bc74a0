/* ids: uname/getpid/getppid/getuid consistency. Prints only deterministic
 * facts: sysname, and whether the libc wrappers agree with raw syscalls and
 * with each other across calls. Expects: sysname=Linux, all "ok", exits 0. */
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

static int fails;

static void check(const char *what, int ok)
{
    printf("%s: %s\n", what, ok ? "ok" : "FAIL");
    fails += !ok;
}

int main(void)
{
    struct utsname u;

    check("uname", uname(&u) == 0);
    printf("sysname=%s\n", u.sysname);
    check("machine is x86_64", strcmp(u.machine, "x86_64") == 0);
    check("release non-empty", u.release[0] != '\0');

    pid_t pid = getpid();
    check("getpid positive", pid > 0);
    check("getpid stable", getpid() == pid);
    check("getpid matches raw syscall", syscall(SYS_getpid) == pid);
    check("gettid equals pid (single thread)", syscall(SYS_gettid) == pid);
    check("getppid differs from pid", getppid() != pid);
    check("getppid matches raw syscall", syscall(SYS_getppid) == getppid());
    check("getuid matches raw syscall", syscall(SYS_getuid) == (long)getuid());
    return fails != 0;
}
