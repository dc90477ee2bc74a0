/* rawsyscall: libc syscall() with syscall numbers loaded from a volatile
 * table at run time, so the number is not a constant at the call site.
 * Calls write, getpid and an invalid number. Expects: ENOSYS for the
 * invalid one, all "ok", exits 0. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static volatile long table[] = { SYS_write, SYS_getpid, 100000 };

int main(void)
{
    static const char msg[] = "raw write via syscall()\n";
    int fails = 0;

    long n = syscall(table[0], STDOUT_FILENO, msg, strlen(msg));
    fails += n != (long)strlen(msg);

    long pid = syscall(table[1]);
    printf("raw getpid matches getpid(): %s\n", pid == getpid() ? "ok" : "FAIL");
    fails += pid != getpid();

    errno = 0;
    long r = syscall(table[2]);
    printf("invalid number: ret=%ld errno=%d %s\n", r, errno, errno == ENOSYS ? "ok" : "FAIL");
    fails += r != -1 || errno != ENOSYS;
    return fails != 0;
}
