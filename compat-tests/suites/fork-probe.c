/*
 * fork-probe: exits 0 when fork works (the child's exit status reaches the
 * parent), 1 otherwise. PosixTestsuiteTest runs its image to learn whether
 * tests that fork can be run as images: where fork fails with -1, such a
 * test's parent goes on with pid -1 and may call kill(-1, sig), which
 * signals every process the user may signal.
 */
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
    pid_t pid = fork();
    if (pid < 0)
        return 1;
    if (pid == 0)
        _exit(7);
    int status;
    if (waitpid(pid, &status, 0) != pid)
        return 1;
    return WIFEXITED(status) && WEXITSTATUS(status) == 7 ? 0 : 1;
}
