/* dirops: mkdir, create files inside, list them with readdir (getdents64),
 * then unlink and rmdir. Entries are sorted before printing since getdents
 * order is filesystem-defined. Expects: writable cwd; exits 0. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHECK(c) do { if (!(c)) { printf("FAIL %s:%d %s\n", __FILE__, __LINE__, #c); return 1; } } while (0)

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void)
{
    const char *dir = "dirops.tmp";
    const char *files[] = { "c.txt", "a.txt", "b.txt" };
    char path[64];

    CHECK(mkdir(dir, 0755) == 0);
    printf("mkdir ok\n");
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        CHECK(fd >= 0 && close(fd) == 0);
    }

    DIR *d = opendir(dir);
    CHECK(d != NULL);
    char *names[8];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        CHECK(n < 8);
        names[n++] = strdup(e->d_name);
    }
    CHECK(closedir(d) == 0);
    qsort(names, n, sizeof names[0], cmp);
    printf("%d entries:", n);
    for (int i = 0; i < n; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf("\n");

    CHECK(rmdir(dir) != 0);
    printf("rmdir non-empty fails\n");
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        CHECK(unlink(path) == 0);
    }
    CHECK(rmdir(dir) == 0);
    printf("rmdir ok\n");
    return 0;
}
