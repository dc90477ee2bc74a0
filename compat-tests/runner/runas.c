/*
 * runas: runs a program with a chosen argv[0] and writes how it ended to the
 * file named by RUNAS_STATUS: "exited N" or "killed by signal N". Java's
 * Process folds a death by signal into exit status 128+N, which cannot be told
 * from exit(128+N); the compatibility tests compare the real wait status.
 * Usage: runas ARGV0 PROGRAM [ARGS...]
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    const char *status_file = getenv("RUNAS_STATUS");
    if (argc < 3 || !status_file) {
        fprintf(stderr, "usage: RUNAS_STATUS=FILE runas ARGV0 PROGRAM [ARGS...]\n");
        return 64;
    }
    unsetenv("RUNAS_STATUS");
    pid_t pid = fork();
    if (pid < 0) {
        perror("runas: fork");
        return 71;
    }
    if (pid == 0) {
        const char *program = argv[2];
        argv[2] = argv[1];
        execv(program, &argv[2]);
        perror(program);
        _exit(127);
    }
    int status;
    if (waitpid(pid, &status, 0) < 0) {
        perror("runas: waitpid");
        return 71;
    }
    FILE *f = fopen(status_file, "w");
    if (!f) {
        perror(status_file);
        return 73;
    }
    if (WIFSIGNALED(status))
        fprintf(f, "killed by signal %d\n", WTERMSIG(status));
    else
        fprintf(f, "exited %d\n", WEXITSTATUS(status));
    return fclose(f) ? 74 : 0;
}
