/* sysprop: the interpreter behind the property tests on syscall semantics
 * (compat-tests PropertyTest). It reads one operation a line from stdin and
 * prints, for each, its result and errno, in a form that is the same on
 * every run and on every machine: descriptors as numbers (Linux hands out the
 * lowest free one, so they must match), data as a count and a checksum,
 * addresses never (only whether a mapping worked and what its pages hold).
 *
 * State: 8 descriptor slots (what open/dup/pipe returned), 4 mapping slots
 * (address and length), 4 path names in the working directory. Each mapping
 * slot owns a window of WINDOW pages inside one PROT_NONE reservation (with a
 * guard window above the last), mmap puts it there with MAP_FIXED, and every
 * page operation must stay inside its slot's window (or, once mremap moved it
 * elsewhere, inside its length): so what a page holds, or whether touching
 * it faults, never depends on where the kernel places other mappings.
 * Operations (numbers are decimal; S a descriptor slot, R a mapping slot,
 * F and G path indexes; P page counts and offsets; SEED picks the bytes):
 *   open F FLAGS MODE | close S | read S N | write S N SEED | pread S N OFF
 *   pwrite S N OFF SEED | lseek S OFF WHENCE | ftruncate S LEN | fstat S
 *   dup S | dup2 S T | fcntl S CMD ARG | pipe (O_NONBLOCK, kept by F_SETFL)
 *   rename F G | unlink F
 *   mkdir F | rmdir F | getdents F (F = -1: the working directory)
 *   mmap R P PROT SHARED | munmap R OFFP P | mprotect R OFFP P PROT
 *   madvise R OFFP P ADVICE
 *   mremap R P MAYMOVE | poke R OFFP SEED | peek R OFFP | brk P
 * A line it cannot parse ends the run with status 2 and the line named.
 * Nothing here allocates after start-up (raw brk must not meet malloc's).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define SLOTS 8
#define REGIONS 4
#define PAGE 4096
#define MAX_IO 70000
#define BRK_PAGES 64
#define WINDOW 128

static const char *const paths[] = {"f0", "f1", "d0", "d0/f2"};
#define NPATHS (int)(sizeof paths / sizeof paths[0])

static int fds[SLOTS];
static struct { uint8_t *addr; size_t len; } regions[REGIONS];
static uint8_t *windows;
static uint8_t io[MAX_IO];
static char outbuf[1 << 16];
static sigjmp_buf fault_jump;
static uintptr_t brk_start, brk_now;

static void on_fault(int sig)
{
    siglongjmp(fault_jump, sig);
}

static uint32_t checksum(const uint8_t *p, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 16777619u;
    return h;
}

static void fill(uint8_t *p, size_t n, long seed)
{
    uint32_t x = (uint32_t)seed * 2654435761u + 1;
    for (size_t i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        p[i] = (uint8_t)(x >> 16);
    }
}

/* The result of a call: its value, or -1 and the errno. */
static void result(long r)
{
    if (r < 0)
        printf(" = -1 errno %d\n", errno);
    else
        printf(" = %ld\n", r);
}

static int slot_fd(long s)
{
    return s >= 0 && s < SLOTS ? fds[s] : -1;
}

/* Keeps a new descriptor in the first free slot (or none: it stays open). */
static void keep(int fd)
{
    for (int i = 0; i < SLOTS && fd >= 0; i++)
        if (fds[i] < 0) {
            fds[i] = fd;
            return;
        }
}

static void forget(int fd)
{
    for (int i = 0; i < SLOTS; i++)
        if (fds[i] == fd)
            fds[i] = -1;
}

static const char *path(long f)
{
    return f >= 0 && f < NPATHS ? paths[f] : "no/such/dir/x";
}

static long clamp_io(long n)
{
    return n < 0 ? 0 : n > MAX_IO ? MAX_IO : n;
}

static void data_result(long r)
{
    if (r < 0)
        result(r);
    else
        printf(" = %ld sum %08x\n", r, checksum(io, (size_t)r));
}

static void do_fstat(long s)
{
    struct stat st;
    if (fstat(slot_fd(s), &st) != 0) {
        result(-1);
        return;
    }
    const char *type = S_ISREG(st.st_mode) ? "reg" : S_ISDIR(st.st_mode) ? "dir" : S_ISFIFO(st.st_mode) ? "fifo" : "other";
    printf(" = 0 %s size %lld mode %o nlink %lu\n", type, (long long)(S_ISREG(st.st_mode) ? st.st_size : 0),
           st.st_mode & 07777, (unsigned long)st.st_nlink);
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

static void do_getdents(long f)
{
    int fd = open(f < 0 ? "." : path(f), O_RDONLY | O_DIRECTORY);
    if (fd < 0) {
        result(-1);
        return;
    }
    static char names[64][64];
    static char buf[8192];
    int n = 0;
    long got;
    while ((got = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0) {
        for (long off = 0; off < got;) {
            struct dirent64 *d = (struct dirent64 *)(buf + off);
            if (n < 64)
                snprintf(names[n++], sizeof names[0], "%.48s:%d", d->d_name, d->d_type);
            off += d->d_reclen;
        }
    }
    close(fd);
    qsort(names, (size_t)n, sizeof names[0], cmp_names);
    printf(" = %d", n);
    for (int i = 0; i < n; i++)
        printf(" %s", names[i]);
    putchar('\n');
}

static uint8_t *window(long r)
{
    return windows + (size_t)r * WINDOW * PAGE;
}

/* Slot r now holds what mmap or mremap returned (the address is not printed). */
static void settle(long r, void *p, long pages)
{
    if (p == MAP_FAILED) {
        result(-1);
        return;
    }
    regions[r].addr = p;
    regions[r].len = (size_t)pages * PAGE;
    printf(" = ok\n");
}

static void do_mmap(long r, long pages, long prot, long shared)
{
    if (r < 0 || r >= REGIONS || pages < 0 || pages > WINDOW) {
        printf(" = outside\n");
        return;
    }
    settle(r, mmap(window(r), (size_t)pages * PAGE, (int)prot & 7,
                   (shared ? MAP_SHARED : MAP_PRIVATE) | MAP_ANONYMOUS | MAP_FIXED, -1, 0), pages);
}

/* The pages [offp, offp + pages) of slot r, or 0 when they leave its window. */
static uint8_t *pages_of(long r, long offp, long pages)
{
    if (r < 0 || r >= REGIONS || offp < 0 || pages < 0)
        return 0;
    uint8_t *base = regions[r].addr ? regions[r].addr : window(r);
    size_t span = base == window(r) ? (size_t)WINDOW * PAGE : regions[r].len;
    if ((size_t)(offp + pages) * PAGE > span)
        return 0;
    return base + (size_t)offp * PAGE;
}

static void do_touch(long r, long offp, long seed, int writing)
{
    volatile uint8_t *volatile p = pages_of(r, offp, 1);
    if (!p) {
        printf(" = outside\n");
        return;
    }
    int sig = sigsetjmp(fault_jump, 1);
    if (sig) {
        printf(" = fault %s\n", sig == SIGSEGV ? "SIGSEGV" : "SIGBUS");
        return;
    }
    static uint8_t page[PAGE];
    if (writing) {
        fill(page, PAGE, seed);
        for (int i = 0; i < PAGE; i++)
            p[i] = page[i];
        printf(" = ok\n");
    } else {
        for (int i = 0; i < PAGE; i++)
            page[i] = p[i];
        printf(" = sum %08x\n", checksum(page, PAGE));
    }
}

enum range_op { UNMAP, PROTECT, ADVISE };

static void do_range(long r, long offp, long pages, long arg, enum range_op op)
{
    uint8_t *p = pages_of(r, offp, pages);
    if (!p) {
        printf(" = outside\n");
        return;
    }
    size_t len = (size_t)pages * PAGE;
    result(op == PROTECT ? mprotect(p, len, (int)arg & 7) : op == ADVISE ? madvise(p, len, (int)arg) : munmap(p, len));
}

static void do_mremap(long r, long pages, long maymove)
{
    if (r < 0 || r >= REGIONS || !regions[r].addr || pages <= 0 || pages > WINDOW) {
        printf(" = outside\n");
        return;
    }
    settle(r, mremap(regions[r].addr, regions[r].len, (size_t)pages * PAGE, maymove ? MREMAP_MAYMOVE : 0), pages);
}

/* brk to P pages above the start (raw: what the kernel returns, as an offset). */
static void do_brk(long pages)
{
    if (pages < -4 || pages > BRK_PAGES) {
        printf(" = outside\n");
        return;
    }
    uintptr_t want = brk_start + (uintptr_t)(pages * PAGE);
    brk_now = (uintptr_t)syscall(SYS_brk, want);
    printf(" = %+ld pages\n", ((long)brk_now - (long)brk_start) / PAGE);
}

static void run(char *line, long lineno)
{
    char op[16];
    long a[4] = {0, 0, 0, 0};
    int n = sscanf(line, "%15s %ld %ld %ld %ld", op, &a[0], &a[1], &a[2], &a[3]);
    if (n < 1) {
        fprintf(stderr, "sysprop: line %ld: cannot parse \"%s\"\n", lineno, line);
        exit(2);
    }
    printf("%ld: %s", lineno, line);
    errno = 0;
    if (!strcmp(op, "open")) {
        int fd = open(path(a[0]), (int)a[1], (mode_t)a[2]);
        keep(fd);
        result(fd);
    } else if (!strcmp(op, "close")) {
        int fd = slot_fd(a[0]);
        long r = close(fd);
        if (r == 0)
            forget(fd);
        result(r);
    } else if (!strcmp(op, "read")) {
        data_result(read(slot_fd(a[0]), io, (size_t)clamp_io(a[1])));
    } else if (!strcmp(op, "write")) {
        fill(io, (size_t)clamp_io(a[1]), a[2]);
        result(write(slot_fd(a[0]), io, (size_t)clamp_io(a[1])));
    } else if (!strcmp(op, "pread")) {
        data_result(pread(slot_fd(a[0]), io, (size_t)clamp_io(a[1]), a[2]));
    } else if (!strcmp(op, "pwrite")) {
        fill(io, (size_t)clamp_io(a[1]), a[3]);
        result(pwrite(slot_fd(a[0]), io, (size_t)clamp_io(a[1]), a[2]));
    } else if (!strcmp(op, "lseek")) {
        result(lseek(slot_fd(a[0]), a[1], (int)a[2]));
    } else if (!strcmp(op, "ftruncate")) {
        result(ftruncate(slot_fd(a[0]), a[1]));
    } else if (!strcmp(op, "fstat")) {
        do_fstat(a[0]);
    } else if (!strcmp(op, "dup")) {
        int fd = dup(slot_fd(a[0]));
        keep(fd);
        result(fd);
    } else if (!strcmp(op, "dup2")) {
        int target = slot_fd(a[1]) >= 0 ? slot_fd(a[1]) : (int)(a[1] + 10);
        int fd = dup2(slot_fd(a[0]), target);
        if (fd >= 0 && slot_fd(a[1]) != fd)
            keep(fd);
        result(fd);
    } else if (!strcmp(op, "fcntl")) {
        struct stat st;
        /* a pipe keeps O_NONBLOCK: a blocking read or write of it would hang the run */
        if (a[1] == F_SETFL && fstat(slot_fd(a[0]), &st) == 0 && S_ISFIFO(st.st_mode))
            a[2] |= O_NONBLOCK;
        long r = fcntl(slot_fd(a[0]), (int)a[1], a[2]);
        if (r >= 0 && (a[1] == F_DUPFD || a[1] == F_DUPFD_CLOEXEC))
            keep((int)r);
        result(r);
    } else if (!strcmp(op, "pipe")) {
        int p[2];
        long r = pipe2(p, O_NONBLOCK); /* a read of an empty pipe must not hang the run */
        if (r == 0) {
            keep(p[0]);
            keep(p[1]);
            printf(" = 0 %d %d\n", p[0], p[1]);
        } else {
            result(r);
        }
    } else if (!strcmp(op, "rename")) {
        result(rename(path(a[0]), path(a[1])));
    } else if (!strcmp(op, "unlink")) {
        result(unlink(path(a[0])));
    } else if (!strcmp(op, "mkdir")) {
        result(mkdir(path(a[0]), 0755));
    } else if (!strcmp(op, "rmdir")) {
        result(rmdir(path(a[0])));
    } else if (!strcmp(op, "getdents")) {
        do_getdents(a[0]);
    } else if (!strcmp(op, "mmap")) {
        do_mmap(a[0], a[1], a[2], a[3]);
    } else if (!strcmp(op, "munmap")) {
        do_range(a[0], a[1], a[2], 0, UNMAP);
    } else if (!strcmp(op, "mprotect")) {
        do_range(a[0], a[1], a[2], a[3], PROTECT);
    } else if (!strcmp(op, "madvise")) {
        do_range(a[0], a[1], a[2], a[3], ADVISE);
    } else if (!strcmp(op, "mremap")) {
        do_mremap(a[0], a[1], a[2]);
    } else if (!strcmp(op, "poke")) {
        do_touch(a[0], a[1], a[2], 1);
    } else if (!strcmp(op, "peek")) {
        do_touch(a[0], a[1], 0, 0);
    } else if (!strcmp(op, "brk")) {
        do_brk(a[0]);
    } else {
        fprintf(stderr, "sysprop: line %ld: unknown operation \"%s\"\n", lineno, op);
        exit(2);
    }
}

int main(void)
{
    setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
    for (int i = 0; i < SLOTS; i++)
        fds[i] = -1;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_fault;
    sa.sa_flags = SA_NODEFER;
    sigaction(SIGSEGV, &sa, 0);
    sigaction(SIGBUS, &sa, 0);
    signal(SIGPIPE, SIG_IGN);
    brk_start = brk_now = (uintptr_t)syscall(SYS_brk, 0);
    windows = mmap(0, (size_t)(REGIONS + 1) * WINDOW * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (windows == MAP_FAILED) {
        perror("sysprop: reserving the mapping windows");
        return 1;
    }
    static char line[256];
    long lineno = 0;
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\n")] = 0;
        run(line, ++lineno);
    }
    return 0;
}
