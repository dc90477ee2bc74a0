/* hello: the smallest program. Writes one line to stdout with write(2).
 * Expects: prints "hello, world", exits 0. */
#include <unistd.h>

int main(void)
{
    static const char msg[] = "hello, world\n";
    return write(STDOUT_FILENO, msg, sizeof msg - 1) == sizeof msg - 1 ? 0 : 1;
}
