/* exit3: exit status propagation through exit(3) (atexit handler runs and
 * stdio is flushed first). Expects: prints two lines, exits with status 3. */
#include <stdio.h>
#include <stdlib.h>

static void bye(void)
{
    printf("atexit handler ran\n");
}

int main(void)
{
    atexit(bye);
    printf("exiting with status 3\n");
    exit(3);
}
