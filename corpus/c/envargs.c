/* envargs: the process environment and limits, without exec. argv layout
 * (argc, argv[argc] NULL, environ right after it), getenv/setenv (overwrite
 * or not)/unsetenv/putenv (the string itself is the entry)/clearenv, EINVAL
 * for names with '=' or empty, a 1 MiB variable and 2000 variables, getauxval
 * (AT_PAGESZ = sysconf page size, AT_UID/EUID/GID/EGID = the ids, AT_SECURE
 * 0, AT_HWCAP non-zero, AT_RANDOM 16 readable bytes, AT_EXECFN a path, an
 * unknown type 0 with ENOENT), prctl PR_SET_NAME/PR_GET_NAME (truncated to
 * 15 bytes), PR_GET_DUMPABLE, getrlimit/setrlimit/prlimit round trips and
 * EINVAL, sysconf values that must agree (page size, OPEN_MAX = soft
 * RLIMIT_NOFILE, NPROCESSORS_ONLN <= CONF, ARG_MAX). Prints only relations,
 * and the count, length and a digest of its arguments.
 * Expects: one "ok" line per check, exits 0. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>
#include "check.h"

extern char **environ;

int main(int argc, char **argv)
{
    CHECK("argv[argc] is NULL", argv[argc] == NULL);
    CHECK("environ follows argv", environ == argv + argc + 1);
    CHECK("PATH inherited", getenv("PATH") != NULL);
    CHECK("missing variable", getenv("AZ_CORPUS_NONE") == NULL);
    CHECK("setenv", setenv("AZ_CORPUS_A", "one", 0) == 0 && !strcmp(getenv("AZ_CORPUS_A"), "one"));
    CHECK("setenv without overwrite keeps", setenv("AZ_CORPUS_A", "two", 0) == 0 &&
          !strcmp(getenv("AZ_CORPUS_A"), "one"));
    CHECK("setenv with overwrite", setenv("AZ_CORPUS_A", "three", 1) == 0 && !strcmp(getenv("AZ_CORPUS_A"), "three"));
    CHECK("value may contain '='", setenv("AZ_CORPUS_B", "x=y=z", 1) == 0 && !strcmp(getenv("AZ_CORPUS_B"), "x=y=z"));
    CHECK("empty value", setenv("AZ_CORPUS_E", "", 1) == 0 && getenv("AZ_CORPUS_E") && !*getenv("AZ_CORPUS_E"));
    CHECK_ERR("name with '='", setenv("AZ=BAD", "v", 1), EINVAL);
    CHECK_ERR("empty name", setenv("", "v", 1), EINVAL);
    CHECK("unsetenv", unsetenv("AZ_CORPUS_A") == 0 && getenv("AZ_CORPUS_A") == NULL);
    CHECK("unsetenv of a missing name", unsetenv("AZ_CORPUS_NONE") == 0);
    CHECK_ERR("unsetenv with '='", unsetenv("A=B"), EINVAL);
    static char entry[] = "AZ_CORPUS_P=first";
    CHECK("putenv", putenv(entry) == 0 && !strcmp(getenv("AZ_CORPUS_P"), "first"));
    memcpy(entry + 12, "later", 5);
    CHECK("putenv's string is the entry itself", !strcmp(getenv("AZ_CORPUS_P"), "later"));

    char *big = malloc(1 << 20);
    memset(big, 'v', (1 << 20) - 1);
    big[(1 << 20) - 1] = 0;
    CHECK("1 MiB value", setenv("AZ_CORPUS_BIG", big, 1) == 0 && strlen(getenv("AZ_CORPUS_BIG")) == (1 << 20) - 1);
    free(big);
    int ok = 1;
    for (int i = 0; i < 2000 && ok; i++) {
        char name[32], value[32];
        snprintf(name, sizeof name, "AZ_CORPUS_N%d", i);
        snprintf(value, sizeof value, "%d", i * 7);
        ok = setenv(name, value, 1) == 0;
    }
    CHECK("2000 variables set", ok);
    for (int i = 0; i < 2000 && ok; i++) {
        char name[32];
        snprintf(name, sizeof name, "AZ_CORPUS_N%d", i);
        ok = getenv(name) && atoi(getenv(name)) == i * 7;
    }
    CHECK("2000 variables read back", ok);
    int mine = 0;
    for (char **e = environ; *e; e++)
        mine += !strncmp(*e, "AZ_CORPUS_", 10);
    CHECK("environ lists them (2000 + B, E, P, BIG)", mine == 2004);
    CHECK("clearenv", clearenv() == 0 && getenv("PATH") == NULL && getenv("AZ_CORPUS_B") == NULL);
    CHECK("setenv after clearenv", setenv("AZ_CORPUS_C", "again", 1) == 0 && environ && environ[0] &&
          !strcmp(environ[0], "AZ_CORPUS_C=again") && environ[1] == NULL);

    long pg = sysconf(_SC_PAGESIZE);
    CHECK("page size 4096", pg == 4096);
    CHECK("AT_PAGESZ = sysconf", getauxval(AT_PAGESZ) == (unsigned long)pg);
    CHECK("AT_UID/EUID", getauxval(AT_UID) == getuid() && getauxval(AT_EUID) == geteuid());
    CHECK("AT_GID/EGID", getauxval(AT_GID) == getgid() && getauxval(AT_EGID) == getegid());
    CHECK("AT_SECURE 0", getauxval(AT_SECURE) == 0);
    CHECK("AT_HWCAP non-zero", getauxval(AT_HWCAP) != 0);
    CHECK("AT_CLKTCK 100", getauxval(AT_CLKTCK) == 100);
    const unsigned char *rnd = (const unsigned char *)getauxval(AT_RANDOM);
    unsigned sum = 0;
    for (int i = 0; rnd && i < 16; i++)
        sum |= rnd[i];
    CHECK("AT_RANDOM: 16 readable bytes, not all zero", rnd && sum != 0);
    const char *fn = (const char *)getauxval(AT_EXECFN);
    CHECK("AT_EXECFN is a non-empty string", fn && *fn);
    CHECK("AT_PHDR/AT_PHNUM/AT_ENTRY present", getauxval(AT_PHDR) && getauxval(AT_PHNUM) >= 2 && getauxval(AT_ENTRY));
    CHECK("AT_PHENT 56", getauxval(AT_PHENT) == 56);
    errno = 0;
    CHECK("unknown type: 0 with ENOENT", getauxval(9999) == 0 && errno == ENOENT);

    char name[32] = {0};
    CHECK("PR_SET_NAME", prctl(PR_SET_NAME, "corpus-envargs-long-name", 0, 0, 0) == 0);
    CHECK("PR_GET_NAME truncated to 15", prctl(PR_GET_NAME, name, 0, 0, 0) == 0 && !strcmp(name, "corpus-envargs-"));
    CHECK("PR_GET_DUMPABLE", prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 1);
    CHECK_ERR("prctl unknown option", prctl(0x7fff1234, 0, 0, 0, 0), EINVAL);

    struct rlimit r, r2;
    CHECK("getrlimit NOFILE", getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur <= r.rlim_max);
    CHECK("sysconf OPEN_MAX = soft NOFILE", sysconf(_SC_OPEN_MAX) == (long)r.rlim_cur);
    r2 = r;
    r2.rlim_cur = 100;
    CHECK("lower soft NOFILE", setrlimit(RLIMIT_NOFILE, &r2) == 0 && getrlimit(RLIMIT_NOFILE, &r2) == 0 &&
          r2.rlim_cur == 100 && sysconf(_SC_OPEN_MAX) == 100);
    r2.rlim_cur = r2.rlim_max + 1;
    CHECK_ERR("soft above hard", r2.rlim_max == RLIM_INFINITY ? (errno = EINVAL, -1) : setrlimit(RLIMIT_NOFILE, &r2),
              EINVAL);
    CHECK("restore", setrlimit(RLIMIT_NOFILE, &r) == 0);
    struct rlimit old;
    r2 = (struct rlimit){1 << 20, RLIM_INFINITY};
    CHECK("prlimit sets and returns the old", getrlimit(RLIMIT_CORE, &r) == 0 &&
          prlimit(0, RLIMIT_CORE, &r2, &old) == 0 && old.rlim_cur == r.rlim_cur && old.rlim_max == r.rlim_max);
    CHECK("prlimit reads back", prlimit(0, RLIMIT_CORE, NULL, &r2) == 0 && r2.rlim_cur == 1 << 20);
    setrlimit(RLIMIT_CORE, &r);
    CHECK_ERR("getrlimit bad resource", getrlimit(99, &r), EINVAL);
    CHECK("RLIMIT_STACK soft finite", getrlimit(RLIMIT_STACK, &r) == 0 && r.rlim_cur != RLIM_INFINITY);
    CHECK("ARG_MAX at least 128 KiB (glibc: a quarter of the stack limit, musl: fixed)",
          sysconf(_SC_ARG_MAX) >= 131072);
    long on = sysconf(_SC_NPROCESSORS_ONLN), conf = sysconf(_SC_NPROCESSORS_CONF);
    CHECK("1 <= online <= configured", on >= 1 && on <= conf);
    CHECK("PHYS_PAGES positive", sysconf(_SC_PHYS_PAGES) > 0);
    /* CorpusCompatTest's longArguments passes thousands of long arguments. */
    unsigned long h = 5381, bytes = 0;
    for (int i = 1; i < argc; i++)
        for (const char *p = argv[i]; *p; p++, bytes++)
            h = h * 33 + (unsigned char)*p;
    printf("     arguments %d, %lu bytes, digest %lx\n", argc - 1, bytes, h);
    return failed;
}
