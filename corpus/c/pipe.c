/* pipe: pipe(2) and dup2(2) within one process. Saves stdout, redirects fd 1
 * into the pipe, writes to it, restores stdout, then reads the pipe back.
 * Expects: prints what went through the pipe, exits 0. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define CHECK(c) do { if (!(c)) { printf("FAIL %s:%d %s\n", __FILE__, __LINE__, #c); return 1; } } while (0)

int main(void)
{
    int p[2];
    char buf[64];
    const char msg[] = "through the pipe";

    CHECK(pipe(p) == 0);
    int saved = dup(STDOUT_FILENO);
    CHECK(saved >= 0);
    CHECK(dup2(p[1], STDOUT_FILENO) == STDOUT_FILENO);
    CHECK(write(STDOUT_FILENO, msg, strlen(msg)) == (ssize_t)strlen(msg));
    CHECK(dup2(saved, STDOUT_FILENO) == STDOUT_FILENO);
    CHECK(close(saved) == 0 && close(p[1]) == 0);

    ssize_t n = read(p[0], buf, sizeof buf);
    CHECK(n == (ssize_t)strlen(msg));
    CHECK(read(p[0], buf + n, sizeof buf - n) == 0);
    CHECK(close(p[0]) == 0);
    printf("pipe delivered %zd bytes: %.*s\n", n, (int)n, buf);
    return 0;
}
