/* cat: copy stdin to stdout with read/write until EOF, then report the byte
 * count on stderr. Reads stdin. Expects: output equals input, exits 0. */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
    char buf[4096];
    long total = 0;
    ssize_t n;

    while ((n = read(STDIN_FILENO, buf, sizeof buf)) > 0) {
        for (ssize_t off = 0; off < n;) {
            ssize_t w = write(STDOUT_FILENO, buf + off, n - off);
            if (w <= 0)
                return 1;
            off += w;
        }
        total += n;
    }
    fprintf(stderr, "cat: %ld bytes\n", total);
    return n < 0;
}
