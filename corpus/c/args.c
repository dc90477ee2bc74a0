/* args: argument vector and environment passing.
 * Prints argc, every argv[i] except argv[0] (its path varies), then every
 * environment variable whose name starts with "AZALEA_" in environ order.
 * Expects: with no arguments and no AZALEA_ variables prints "argc=1", exits 0. */
#include <stdio.h>
#include <string.h>

extern char **environ;

int main(int argc, char **argv)
{
    printf("argc=%d\n", argc);
    for (int i = 1; i < argc; i++)
        printf("argv[%d]=%s\n", i, argv[i]);
    for (char **e = environ; *e; e++)
        if (strncmp(*e, "AZALEA_", 7) == 0)
            printf("env %s\n", *e);
    return 0;
}
