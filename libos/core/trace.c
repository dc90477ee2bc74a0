/*
 * trace.c: `azalea run --trace`. After each system call the application made
 * returns, az_trace prints one line on stderr in strace's format followed by
 * the path the call came through:
 *
 *   openat(AT_FDCWD, "/etc/passwd", O_RDONLY|O_CLOEXEC) = 3  <patched>
 *   write(1, "hello\n", 6) = 6  <trap 0x401a2c>
 *
 * Invariants:
 *  - One line is one az_printf call (one write(2)), so lines of concurrent
 *    vCPUs never interleave. The line is built in a fixed stack buffer that
 *    always ends with the result, the path suffix and '\n'; an argument list
 *    too long for it is cut and marked with "...".
 *  - Application memory is never dereferenced directly: strings, buffers and
 *    structures are first copied with the host's process_vm_readv on our own
 *    pid, which fails cleanly on a bad pointer; the address is printed then.
 *  - Arguments are read after the call returned. Out-arguments are therefore
 *    shown with what the call wrote (as strace does on exit); in-out arguments
 *    the kernel rewrites (select's fd sets, ppoll's timeout) are printed as
 *    addresses rather than showing their post-call contents as inputs.
 *  - No recursion, no allocation, no floating point; every loop is bounded.
 *
 * Conventions follow strace's defaults (-s 32): buffers are quoted, escaped
 * and cut at 32 bytes with "..." after the closing quote; path arguments are
 * printed whole (up to 4096 bytes); flags symbolically; modes in octal; an
 * error result as `= -1 ENAME (glibc's strerror text)`.
 */
#include "az.h"
#include <asm/unistd.h>

int az_trace_on;

/* ---------------------------------------------------------------- the line */

#define LINE_SIZE 1024  /* az_printf's own limit: one write of at most 1023 bytes */
#define TAIL_ROOM 128   /* kept for " = result", the path suffix and '\n' */
#define STR_MAX 32      /* strace's default -s */
#define PATH_MAX_ 4096

struct line {
    char *buf;
    size_t len, cap; /* cap: bytes this part of the line may use */
    int cut;         /* something did not fit */
};

static void put_c(struct line *l, char c)
{
    if (l->len < l->cap)
        l->buf[l->len++] = c;
    else
        l->cut = 1;
}

static void put_s(struct line *l, const char *s)
{
    while (*s)
        put_c(l, *s++);
}

static void put_base(struct line *l, uint64_t v, unsigned base)
{
    char d[24];
    int n = 0;
    do {
        d[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    while (n)
        put_c(l, d[--n]);
}

static void put_u(struct line *l, uint64_t v) { put_base(l, v, 10); }

static void put_d(struct line *l, long v)
{
    if (v < 0) {
        put_c(l, '-');
        put_u(l, -(uint64_t)v);
    } else {
        put_u(l, (uint64_t)v);
    }
}

/* strace's %#lx: 0 is "0", anything else "0x..." */
static void put_x(struct line *l, uint64_t v)
{
    if (v)
        put_s(l, "0x");
    put_base(l, v, 16);
}

/* a pointer: NULL or 0x... */
static void put_ptr(struct line *l, uint64_t v)
{
    if (v)
        put_x(l, v);
    else
        put_s(l, "NULL");
}

/* strace's %#03o for modes: 0644, 0755, 000, 022 */
static void put_mode(struct line *l, uint64_t v)
{
    if (v < 010)
        put_c(l, '0');
    if (v < 01)
        put_c(l, '0');
    put_c(l, '0');
    if (v)
        put_base(l, v, 8);
}

/* strace's %#o for results: 0, 02, 022 */
static void put_oct(struct line *l, uint64_t v)
{
    if (v)
        put_c(l, '0');
    put_base(l, v, 8);
}

/* ------------------------------------------------ reading application memory */

struct k_iovec {
    uint64_t base, len;
};

#define NR_process_vm_readv 310

static long self_pid;

/* Copies n bytes at application address src; returns the bytes copied or -1.
   The host reports a bad address as an error instead of a fault in the libOS. */
static long peek(void *dst, uint64_t src, size_t n)
{
    if (!self_pid)
        self_pid = host0(NR_getpid);
    struct k_iovec local = {(uint64_t)dst, n}, remote = {src, n};
    long r = host6(NR_process_vm_readv, self_pid, &local, 1, &remote, 1, 0);
    return r < 0 ? -1 : r;
}

/* A fixed-size object: all or nothing. */
static int peek_all(void *dst, uint64_t src, size_t n)
{
    return src && peek(dst, src, n) == (long)n;
}

/* A NUL-terminated string of at most max bytes, page by page so a string that
   ends just before an unmapped page is still read. Returns its length without
   the NUL, max if none was found within max bytes, or -1 if unreadable. */
static long peek_str(char *dst, uint64_t src, size_t max)
{
    size_t got = 0;
    while (got < max) {
        size_t chunk = AZ_PAGE - ((src + got) & (AZ_PAGE - 1));
        if (chunk > max - got)
            chunk = max - got;
        if (peek(dst + got, src + got, chunk) != (long)chunk)
            return -1;
        for (size_t i = 0; i < chunk; i++)
            if (!dst[got + i])
                return (long)(got + i);
        got += chunk;
    }
    return (long)max;
}

/* ------------------------------------------------------------------ strings */

/* strace's quoting: C escapes for the common controls, octal for the rest
   (as short as the next character allows), or \xNN for every byte (getrandom). */
static void put_esc(struct line *l, unsigned char c, int next_is_digit, int hex)
{
    const char *esc = 0;
    if (hex) {
        put_s(l, "\\x");
        put_c(l, "0123456789abcdef"[c >> 4]);
        put_c(l, "0123456789abcdef"[c & 15]);
        return;
    }
    switch (c) {
    case '"': esc = "\\\""; break;
    case '\\': esc = "\\\\"; break;
    case '\f': esc = "\\f"; break;
    case '\n': esc = "\\n"; break;
    case '\r': esc = "\\r"; break;
    case '\t': esc = "\\t"; break;
    case '\v': esc = "\\v"; break;
    }
    if (esc) {
        put_s(l, esc);
    } else if (c >= ' ' && c < 0x7f) {
        put_c(l, (char)c);
    } else {
        put_c(l, '\\');
        if (next_is_digit || c >= 0100)
            put_c(l, (char)('0' + (c >> 6)));
        if (next_is_digit || c >= 010)
            put_c(l, (char)('0' + ((c >> 3) & 7)));
        put_c(l, (char)('0' + (c & 7)));
    }
}

static void put_quoted(struct line *l, const char *s, size_t n, int more, int hex)
{
    put_c(l, '"');
    for (size_t i = 0; i < n; i++) {
        int next_digit = i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '7';
        put_esc(l, (unsigned char)s[i], next_digit, hex);
    }
    put_c(l, '"');
    if (more)
        put_s(l, "...");
}

/* n bytes of application buffer, cut at STR_MAX like strace -s 32 */
static void put_buf(struct line *l, uint64_t addr, long n, int hex)
{
    char tmp[STR_MAX];
    size_t want = n > STR_MAX ? STR_MAX : (size_t)(n < 0 ? 0 : n);
    if (!addr) {
        put_s(l, "NULL");
        return;
    }
    if (want && !peek_all(tmp, addr, want)) {
        put_x(l, addr);
        return;
    }
    put_quoted(l, tmp, want, n > STR_MAX, hex);
}

/* A path argument, whole (strace does not cut paths at -s), up to max bytes.
   Only what can still fit in the line is read: every byte prints as at least
   one character, so reading one more than the room left gives the same line
   (cut, and marked so) while keeping this frame small on the libOS stack. */
static void put_path(struct line *l, uint64_t addr, size_t max)
{
    char tmp[LINE_SIZE];
    size_t room = l->len < l->cap ? l->cap - l->len + 1 : 1;
    if (!addr) {
        put_s(l, "NULL");
        return;
    }
    if (max > room)
        max = room;
    if (max > sizeof tmp)
        max = sizeof tmp;
    long n = peek_str(tmp, addr, max);
    if (n < 0) {
        put_x(l, addr);
        return;
    }
    put_quoted(l, tmp, (size_t)n, (size_t)n == max, 0);
}

/* ---------------------------------------------------------- symbolic values */

struct name {
    uint64_t val;
    const char *name;
};
#define N(x) {x, #x}
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* One value among names. An unknown one is printed as strace does: in hex,
   followed by a C comment holding the names' prefix and "???". */
static void put_xlat(struct line *l, uint64_t v, const struct name *t, size_t n, const char *unknown)
{
    for (size_t i = 0; i < n; i++) {
        if (t[i].val == v) {
            put_s(l, t[i].name);
            return;
        }
    }
    put_x(l, v);
    put_s(l, " /* ");
    put_s(l, unknown);
    put_s(l, "??? */");
}

/* A set of bits, in table order, leftover bits in hex; zero as zero_name or 0. */
static void put_flags(struct line *l, uint64_t v, const struct name *t, size_t n, const char *zero_name)
{
    int any = 0;
    if (!v) {
        put_s(l, zero_name ? zero_name : "0");
        return;
    }
    for (size_t i = 0; i < n && v; i++) {
        if (t[i].val && (v & t[i].val) == t[i].val) {
            if (any++)
                put_c(l, '|');
            put_s(l, t[i].name);
            v &= ~t[i].val;
        }
    }
    if (v) {
        if (any)
            put_c(l, '|');
        put_x(l, v);
    }
}

#define O_ACCMODE 3
#define O_CREAT 0100
#define O_DIRECTORY 0200000
#define O_TMPFILE_ 020200000

static const struct name open_flags[] = {
    {O_CREAT, "O_CREAT"}, {0200, "O_EXCL"}, {0400, "O_NOCTTY"}, {01000, "O_TRUNC"},
    {02000, "O_APPEND"}, {04000, "O_NONBLOCK"}, {04010000, "O_SYNC"}, {010000, "O_DSYNC"},
    {020000, "O_ASYNC"}, {040000, "O_DIRECT"}, {0100000, "O_LARGEFILE"},
    {O_TMPFILE_, "O_TMPFILE"}, {O_DIRECTORY, "O_DIRECTORY"}, {0400000, "O_NOFOLLOW"},
    {01000000, "O_NOATIME"}, {02000000, "O_CLOEXEC"}, {010000000, "O_PATH"},
};

static void put_open_flags(struct line *l, uint64_t v)
{
    static const char *const acc[] = {"O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE"};
    v &= 0xffffffff;
    put_s(l, acc[v & O_ACCMODE]);
    if (v & ~(uint64_t)O_ACCMODE) {
        put_c(l, '|');
        put_flags(l, v & ~(uint64_t)O_ACCMODE, open_flags, COUNT(open_flags), 0);
    }
}

static const struct name prot_flags[] = {
    N(PROT_READ), N(PROT_WRITE), N(PROT_EXEC), {8, "PROT_SEM"},
    {0x01000000, "PROT_GROWSDOWN"}, {0x02000000, "PROT_GROWSUP"},
};

static const struct name map_flags[] = {
    N(MAP_FIXED), N(MAP_ANONYMOUS), {0x40, "MAP_32BIT"}, N(MAP_GROWSDOWN),
    {0x800, "MAP_DENYWRITE"}, {0x1000, "MAP_EXECUTABLE"}, {0x2000, "MAP_LOCKED"},
    N(MAP_NORESERVE), N(MAP_POPULATE), {0x10000, "MAP_NONBLOCK"}, N(MAP_STACK),
    {0x40000, "MAP_HUGETLB"}, {0x80000, "MAP_SYNC"}, N(MAP_FIXED_NOREPLACE),
    {0x4000000, "MAP_UNINITIALIZED"},
};

static void put_map_flags(struct line *l, uint64_t v)
{
    static const char *const type[] = {"0", "MAP_SHARED", "MAP_PRIVATE", "MAP_SHARED_VALIDATE"};
    v &= 0xffffffff;
    if ((v & MAP_TYPE) < 4) {
        put_s(l, type[v & MAP_TYPE]);
    } else {
        put_x(l, v & MAP_TYPE);
    }
    if (v & ~(uint64_t)MAP_TYPE) {
        put_c(l, '|');
        put_flags(l, v & ~(uint64_t)MAP_TYPE, map_flags, COUNT(map_flags), 0);
    }
}

static const struct name whence_names[] = {
    {0, "SEEK_SET"}, {1, "SEEK_CUR"}, {2, "SEEK_END"}, {3, "SEEK_DATA"}, {4, "SEEK_HOLE"},
};
static const struct name access_flags[] = {{4, "R_OK"}, {2, "W_OK"}, {1, "X_OK"}};
static const struct name at_flags[] = {
    {0x100, "AT_SYMLINK_NOFOLLOW"}, {0x200, "AT_REMOVEDIR"}, {0x400, "AT_SYMLINK_FOLLOW"},
    {0x800, "AT_NO_AUTOMOUNT"}, {0x1000, "AT_EMPTY_PATH"}, {0x2000, "AT_STATX_FORCE_SYNC"},
    {0x4000, "AT_STATX_DONT_SYNC"}, {0x8000, "AT_RECURSIVE"},
};
static const struct name eaccess_flags[] = {
    {0x100, "AT_SYMLINK_NOFOLLOW"}, {0x200, "AT_EACCESS"}, {0x1000, "AT_EMPTY_PATH"},
};
static const struct name fd_flags[] = {{1, "FD_CLOEXEC"}};
static const struct name sighow_names[] = {N(SIG_BLOCK), N(SIG_UNBLOCK), N(SIG_SETMASK)};
static const struct name sa_flags[] = {
    N(SA_RESTORER), N(SA_ONSTACK), N(SA_RESTART), {0x20000000, "SA_INTERRUPT"},
    N(SA_NODEFER), N(SA_RESETHAND), N(SA_SIGINFO), {1, "SA_NOCLDSTOP"}, {2, "SA_NOCLDWAIT"},
};
static const struct name ss_flags[] = {
    {1, "SS_ONSTACK"}, {2, "SS_DISABLE"}, {0x80000000, "SS_AUTODISARM"},
};
static const struct name clock_names[] = {
    {0, "CLOCK_REALTIME"}, {1, "CLOCK_MONOTONIC"}, {2, "CLOCK_PROCESS_CPUTIME_ID"},
    {3, "CLOCK_THREAD_CPUTIME_ID"}, {4, "CLOCK_MONOTONIC_RAW"}, {5, "CLOCK_REALTIME_COARSE"},
    {6, "CLOCK_MONOTONIC_COARSE"}, {7, "CLOCK_BOOTTIME"}, {8, "CLOCK_REALTIME_ALARM"},
    {9, "CLOCK_BOOTTIME_ALARM"}, {11, "CLOCK_TAI"},
};
static const struct name timer_flags[] = {{1, "TIMER_ABSTIME"}};
static const struct name rlimit_names[] = {
    {0, "RLIMIT_CPU"}, {1, "RLIMIT_FSIZE"}, {2, "RLIMIT_DATA"}, {3, "RLIMIT_STACK"},
    {4, "RLIMIT_CORE"}, {5, "RLIMIT_RSS"}, {6, "RLIMIT_NPROC"}, {7, "RLIMIT_NOFILE"},
    {8, "RLIMIT_MEMLOCK"}, {9, "RLIMIT_AS"}, {10, "RLIMIT_LOCKS"}, {11, "RLIMIT_SIGPENDING"},
    {12, "RLIMIT_MSGQUEUE"}, {13, "RLIMIT_NICE"}, {14, "RLIMIT_RTPRIO"}, {15, "RLIMIT_RTTIME"},
};
static const struct name madv_names[] = {
    {0, "MADV_NORMAL"}, {1, "MADV_RANDOM"}, {2, "MADV_SEQUENTIAL"}, {3, "MADV_WILLNEED"},
    {4, "MADV_DONTNEED"}, {8, "MADV_FREE"}, {9, "MADV_REMOVE"}, {10, "MADV_DONTFORK"},
    {11, "MADV_DOFORK"}, {12, "MADV_MERGEABLE"}, {13, "MADV_UNMERGEABLE"},
    {14, "MADV_HUGEPAGE"}, {15, "MADV_NOHUGEPAGE"}, {16, "MADV_DONTDUMP"},
    {17, "MADV_DODUMP"}, {18, "MADV_WIPEONFORK"}, {19, "MADV_KEEPONFORK"},
    {20, "MADV_COLD"}, {21, "MADV_PAGEOUT"}, {22, "MADV_POPULATE_READ"},
    {23, "MADV_POPULATE_WRITE"}, {24, "MADV_DONTNEED_LOCKED"},
};
static const struct name mremap_flags[] = {
    N(MREMAP_MAYMOVE), N(MREMAP_FIXED), N(MREMAP_DONTUNMAP),
};
static const struct name rename_flags[] = {
    {1, "RENAME_NOREPLACE"}, {2, "RENAME_EXCHANGE"}, {4, "RENAME_WHITEOUT"},
};
static const struct name grnd_flags[] = {
    {1, "GRND_NONBLOCK"}, {2, "GRND_RANDOM"}, {4, "GRND_INSECURE"},
};
static const struct name arch_names[] = {
    N(ARCH_SET_GS), N(ARCH_SET_FS), N(ARCH_GET_FS), N(ARCH_GET_GS),
    {0x1011, "ARCH_GET_CPUID"}, {0x1012, "ARCH_SET_CPUID"},
    {0x1021, "ARCH_GET_XCOMP_SUPP"}, {0x1022, "ARCH_GET_XCOMP_PERM"},
    {0x1023, "ARCH_REQ_XCOMP_PERM"}, {0x1024, "ARCH_GET_XCOMP_GUEST_PERM"},
    {0x1025, "ARCH_REQ_XCOMP_GUEST_PERM"}, {0x2001, "ARCH_MAP_VDSO_X32"},
    {0x2002, "ARCH_MAP_VDSO_32"}, {0x2003, "ARCH_MAP_VDSO_64"},
    {0x4001, "ARCH_GET_UNTAG_MASK"}, {0x4002, "ARCH_ENABLE_TAGGED_ADDR"},
    {0x4003, "ARCH_GET_MAX_TAG_BITS"}, {0x4004, "ARCH_FORCE_TAGGED_SVA"},
    {0x5001, "ARCH_SHSTK_ENABLE"}, {0x5002, "ARCH_SHSTK_DISABLE"},
    {0x5003, "ARCH_SHSTK_LOCK"}, {0x5004, "ARCH_SHSTK_UNLOCK"}, {0x5005, "ARCH_SHSTK_STATUS"},
};
static const struct name ioctl_names[] = {
    {0x5401, "TCGETS"}, {0x5402, "TCSETS"}, {0x5403, "TCSETSW"}, {0x5404, "TCSETSF"},
    {0x540e, "TIOCSCTTY"}, {0x540f, "TIOCGPGRP"}, {0x5410, "TIOCSPGRP"},
    {0x5413, "TIOCGWINSZ"}, {0x5414, "TIOCSWINSZ"}, {0x541b, "FIONREAD"},
    {0x5421, "FIONBIO"}, {0x5450, "FIONCLEX"}, {0x5451, "FIOCLEX"}, {0x5452, "FIOASYNC"},
};

enum { F_DUPFD, F_GETFD, F_SETFD, F_GETFL, F_SETFL, F_GETLK, F_SETLK, F_SETLKW,
       F_SETOWN, F_GETOWN, F_SETSIG, F_GETSIG };
#define F_GETLEASE 1025
#define F_DUPFD_CLOEXEC 1030
#define F_GETPIPE_SZ 1032
#define F_GET_SEALS 1034
static const struct name fcntl_names[] = {
    N(F_DUPFD), N(F_GETFD), N(F_SETFD), N(F_GETFL), N(F_SETFL), N(F_GETLK), N(F_SETLK),
    N(F_SETLKW), N(F_SETOWN), N(F_GETOWN), N(F_SETSIG), N(F_GETSIG),
    {15, "F_SETOWN_EX"}, {16, "F_GETOWN_EX"}, {36, "F_OFD_GETLK"}, {37, "F_OFD_SETLK"},
    {38, "F_OFD_SETLKW"}, {1024, "F_SETLEASE"}, N(F_GETLEASE), {1026, "F_NOTIFY"},
    N(F_DUPFD_CLOEXEC), {1031, "F_SETPIPE_SZ"}, N(F_GETPIPE_SZ), {1033, "F_ADD_SEALS"},
    N(F_GET_SEALS),
};

/* fcntl commands that take no third argument */
static int fcntl_no_arg(long cmd)
{
    return cmd == F_GETFD || cmd == F_GETFL || cmd == F_GETOWN || cmd == F_GETSIG ||
           cmd == F_GETLEASE || cmd == F_GETPIPE_SZ || cmd == F_GET_SEALS;
}

static const char *const signal_names[32] = {
    0, "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV",
    "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN",
    "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS",
};

/* A signal without "SIG" (as in a set): HUP, RTMIN, RT_3 (strace counts the
   real-time signals from the kernel's 32, not glibc's 34). */
static void put_signame(struct line *l, long s)
{
    if (s >= 1 && s < 32) {
        put_s(l, signal_names[s]);
    } else if (s == 32) {
        put_s(l, "RTMIN");
    } else if (s > 32 && s <= NSIG) {
        put_s(l, "RT_");
        put_d(l, s - 32);
    } else {
        put_d(l, s);
    }
}

static void put_signal(struct line *l, long s)
{
    if (s >= 1 && s <= NSIG)
        put_s(l, "SIG");
    put_signame(l, s);
}

/* A bit list: [0 1 5]. As a signal set, bit n-1 is signal n and a mostly-full
   set is shown as the complement, ~[RTMIN RT_1], as strace does. */
static void put_bits(struct line *l, const uint64_t *words, size_t nwords, int signals)
{
    int invert = 0;
    if (signals) {
        int pop = 0;
        for (uint64_t w = words[0]; w; w &= w - 1)
            pop++;
        invert = pop > NSIG / 2;
        if (invert)
            put_c(l, '~');
    }
    put_c(l, '[');
    int any = 0;
    for (size_t i = 0; i < nwords * 64; i++) {
        uint64_t w = invert ? ~words[i / 64] : words[i / 64];
        if (!(w >> (i % 64) & 1))
            continue;
        if (any++)
            put_c(l, ' ');
        if (signals)
            put_signame(l, (long)i + 1);
        else
            put_u(l, i);
    }
    put_c(l, ']');
}

/* -------------------------------------------------------------- structures */

static void put_sigset(struct line *l, uint64_t addr)
{
    uint64_t set;
    if (!addr)
        put_s(l, "NULL");
    else if (!peek_all(&set, addr, sizeof set))
        put_x(l, addr);
    else
        put_bits(l, &set, 1, 1);
}

static void put_sigaction(struct line *l, uint64_t addr)
{
    struct k_sigaction sa;
    if (!addr) {
        put_s(l, "NULL");
        return;
    }
    if (!peek_all(&sa, addr, sizeof sa)) {
        put_x(l, addr);
        return;
    }
    put_s(l, "{sa_handler=");
    if (sa.handler == SIG_DFL)
        put_s(l, "SIG_DFL");
    else if (sa.handler == SIG_IGN)
        put_s(l, "SIG_IGN");
    else
        put_x(l, sa.handler);
    put_s(l, ", sa_mask=");
    put_bits(l, &sa.mask, 1, 1);
    put_s(l, ", sa_flags=");
    put_flags(l, sa.flags, sa_flags, COUNT(sa_flags), 0);
    if (sa.flags & SA_RESTORER) {
        put_s(l, ", sa_restorer=");
        put_ptr(l, sa.restorer);
    }
    put_c(l, '}');
}

/* timespec or timeval: {tv_sec=1, tv_nsec=500} */
static void put_time(struct line *l, uint64_t addr, const char *frac)
{
    struct k_timespec t;
    if (!addr) {
        put_s(l, "NULL");
        return;
    }
    if (!peek_all(&t, addr, sizeof t)) {
        put_x(l, addr);
        return;
    }
    put_s(l, "{tv_sec=");
    put_d(l, t.tv_sec);
    put_s(l, frac);
    put_d(l, t.tv_nsec);
    put_c(l, '}');
}

/* strace's abbreviated stat: {st_mode=S_IFREG|0644, st_size=1234, ...} */
static void put_stat(struct line *l, uint64_t addr)
{
    struct {
        uint64_t dev, ino, nlink;
        uint32_t mode, uid, gid, pad;
        uint64_t rdev;
        int64_t size;
    } st;
    static const struct name types[] = {
        {0140000, "S_IFSOCK"}, {0120000, "S_IFLNK"}, {0100000, "S_IFREG"}, {060000, "S_IFBLK"},
        {040000, "S_IFDIR"}, {020000, "S_IFCHR"}, {010000, "S_IFIFO"},
    };
    static const struct name special[] = {{04000, "S_ISUID"}, {02000, "S_ISGID"}, {01000, "S_ISVTX"}};
    if (!addr) {
        put_s(l, "NULL");
        return;
    }
    if (!peek_all(&st, addr, sizeof st)) {
        put_x(l, addr);
        return;
    }
    put_s(l, "{st_mode=");
    put_xlat(l, st.mode & 0170000, types, COUNT(types), "S_IF");
    for (size_t i = 0; i < COUNT(special); i++) {
        if (st.mode & special[i].val) {
            put_c(l, '|');
            put_s(l, special[i].name);
        }
    }
    put_c(l, '|');
    put_mode(l, st.mode & 0777);
    uint32_t type = st.mode & 0170000;
    if (type == 020000 || type == 060000) {
        /* the kernel's new_encode_dev split, as strace's makedev() shows it */
        put_s(l, ", st_rdev=makedev(");
        put_x(l, ((st.rdev >> 8) & 0xfff) | ((st.rdev >> 32) & ~0xfffULL));
        put_s(l, ", ");
        put_x(l, (st.rdev & 0xff) | ((st.rdev >> 12) & ~0xffULL));
        put_c(l, ')');
    } else {
        put_s(l, ", st_size=");
        put_d(l, st.size);
    }
    put_s(l, ", ...}");
}

static void put_utsname(struct line *l, uint64_t addr)
{
    struct k_utsname u;
    if (!addr) {
        put_s(l, "NULL");
        return;
    }
    if (!peek_all(&u, addr, sizeof u)) {
        put_x(l, addr);
        return;
    }
    u.sysname[64] = u.nodename[64] = 0; /* never trust the terminator */
    put_s(l, "{sysname=");
    put_quoted(l, u.sysname, strlen(u.sysname), 0, 0);
    put_s(l, ", nodename=");
    put_quoted(l, u.nodename, strlen(u.nodename), 0, 0);
    put_s(l, ", ...}");
}

/* strace writes limits that are whole KiB as N*1024 */
static void put_rlim(struct line *l, uint64_t v)
{
    if (v == ~0ULL) {
        put_s(l, "RLIM64_INFINITY");
    } else if (v && v % 1024 == 0) {
        put_u(l, v / 1024);
        put_s(l, "*1024");
    } else {
        put_u(l, v);
    }
}

static void put_rlimit(struct line *l, uint64_t addr)
{
    struct k_rlimit r;
    if (!addr) {
        put_s(l, "NULL");
        return;
    }
    if (!peek_all(&r, addr, sizeof r)) {
        put_x(l, addr);
        return;
    }
    put_s(l, "{rlim_cur=");
    put_rlim(l, r.cur);
    put_s(l, ", rlim_max=");
    put_rlim(l, r.max);
    put_c(l, '}');
}

static void put_stack(struct line *l, uint64_t addr)
{
    struct k_stack s;
    if (!addr) {
        put_s(l, "NULL");
        return;
    }
    if (!peek_all(&s, addr, sizeof s)) {
        put_x(l, addr);
        return;
    }
    put_s(l, "{ss_sp=");
    put_ptr(l, s.sp);
    put_s(l, ", ss_flags=");
    put_flags(l, (uint32_t)s.flags, ss_flags, COUNT(ss_flags), 0);
    put_s(l, ", ss_size=");
    put_u(l, s.size);
    put_c(l, '}');
}

static void put_pipefds(struct line *l, uint64_t addr)
{
    int32_t fd[2];
    if (!peek_all(fd, addr, sizeof fd)) {
        put_ptr(l, addr);
        return;
    }
    put_c(l, '[');
    put_d(l, fd[0]);
    put_s(l, ", ");
    put_d(l, fd[1]);
    put_c(l, ']');
}

/* sched_getaffinity's mask: the bytes the call wrote, as a CPU list */
static void put_cpuset(struct line *l, uint64_t addr, long bytes)
{
    uint64_t words[16]; /* 1024 CPUs */
    size_t n = (size_t)bytes > sizeof words ? sizeof words : (size_t)bytes;
    n &= ~(size_t)7;
    if (!n || !peek_all(words, addr, n)) {
        put_ptr(l, addr);
        return;
    }
    put_bits(l, words, n / 8, 0);
}

#define IOV_MAX_SHOWN 8

/* [{iov_base="...", iov_len=N}, ...]; for readv the data shown is what the
   call returned (total bytes spread over the vectors in order). */
static void put_iov(struct line *l, uint64_t addr, long count, long total, int out)
{
    struct k_iovec v[IOV_MAX_SHOWN];
    long n = count > IOV_MAX_SHOWN ? IOV_MAX_SHOWN : count;
    if (count <= 0 || !peek_all(v, addr, (size_t)n * sizeof v[0])) {
        put_ptr(l, addr);
        return;
    }
    put_c(l, '[');
    for (long i = 0; i < n; i++) {
        long len = (long)v[i].len;
        if (out) {
            len = len < total ? len : total;
            total -= len;
        }
        if (i)
            put_s(l, ", ");
        put_s(l, "{iov_base=");
        put_buf(l, v[i].base, len, 0);
        put_s(l, ", iov_len=");
        put_u(l, v[i].len);
        put_c(l, '}');
    }
    if (count > n)
        put_s(l, ", ...");
    put_c(l, ']');
}

/* ------------------------------------------------------------- signatures */

/* How one argument is printed. Kinds with a parameter carry an argument index
   in bits 8..10 (the length, count or flags argument they depend on). */
enum {
    A_INT = 1, A_UINT, A_LONG, A_ULONG, A_HEX, A_PTR, A_ID,
    A_PATH, A_INBUF, A_OUTBUF, A_OUTHEX, A_OUTPATH,
    A_DIRFD, A_OFLAGS, A_FDFLAGS, A_MODE, A_OMODE,
    A_PROT, A_MAPFLAGS, A_WHENCE, A_ACCESS, A_ATFLAGS, A_EACCESS, A_STATXFLAGS,
    A_SIGNUM, A_SIGHOW, A_SIGSET, A_SIGSET_OUT, A_SIGACT, A_SIGACT_OUT,
    A_IOCTL, A_IOV_IN, A_IOV_OUT, A_PIPEFDS, A_TIMESPEC, A_TIMESPEC_OUT, A_TIMEVAL_OUT,
    A_STAT, A_UTSNAME, A_FCNTLCMD, A_FCNTLARG, A_RLIMIT_RES, A_RLIMIT, A_RLIMIT_OUT,
    A_STACK, A_STACK_OUT, A_ARCH, A_CLOCK, A_TIMERFLAGS, A_MADV, A_MREMAPFLAGS,
    A_MREMAP_ADDR, A_RENAMEFLAGS, A_GRNDFLAGS, A_CPUSET_OUT, A_ARCHARG,
};
#define P(kind, idx) ((kind) | ((idx) << 8))
#define KIND(a) ((a) & 0xff)
#define IDX(a) (((a) >> 8) & 7)

/* How the result is printed. */
enum { R_DEC, R_HEX, R_OCT, R_NONE, R_FCNTL, R_TIME };

struct sig {
    uint16_t nr;
    uint8_t nargs, ret;
    uint16_t arg[6];
};

#define S0(name, r) {__NR_##name, 0, r, {0}}
#define S(name, r, ...) {__NR_##name, sizeof((uint16_t[]){__VA_ARGS__}) / 2, r, {__VA_ARGS__}}

static const struct sig sigs[] = {
    S(read, R_DEC, A_INT, A_OUTBUF, A_ULONG),
    S(write, R_DEC, A_INT, P(A_INBUF, 2), A_ULONG),
    S(open, R_DEC, A_PATH, A_OFLAGS, P(A_OMODE, 1)),
    S(close, R_DEC, A_INT),
    S(stat, R_DEC, A_PATH, A_STAT),
    S(fstat, R_DEC, A_INT, A_STAT),
    S(lstat, R_DEC, A_PATH, A_STAT),
    S(poll, R_DEC, A_PTR, A_UINT, A_INT),
    S(lseek, R_DEC, A_INT, A_LONG, A_WHENCE),
    S(mmap, R_HEX, A_PTR, A_ULONG, A_PROT, A_MAPFLAGS, A_INT, A_HEX),
    S(mprotect, R_DEC, A_PTR, A_ULONG, A_PROT),
    S(munmap, R_DEC, A_PTR, A_ULONG),
    S(brk, R_HEX, A_PTR),
    S(rt_sigaction, R_DEC, A_SIGNUM, A_SIGACT, A_SIGACT_OUT, A_ULONG),
    S(rt_sigprocmask, R_DEC, A_SIGHOW, A_SIGSET, A_SIGSET_OUT, A_ULONG),
    S0(rt_sigreturn, R_DEC),
    S(ioctl, R_DEC, A_INT, A_IOCTL, A_PTR),
    S(pread64, R_DEC, A_INT, A_OUTBUF, A_ULONG, A_LONG),
    S(pwrite64, R_DEC, A_INT, P(A_INBUF, 2), A_ULONG, A_LONG),
    S(readv, R_DEC, A_INT, P(A_IOV_OUT, 2), A_INT),
    S(writev, R_DEC, A_INT, P(A_IOV_IN, 2), A_INT),
    S(access, R_DEC, A_PATH, A_ACCESS),
    S(pipe, R_DEC, A_PIPEFDS),
    S(select, R_DEC, A_INT, A_PTR, A_PTR, A_PTR, A_PTR),
    S0(sched_yield, R_DEC),
    S(mremap, R_HEX, A_PTR, A_ULONG, A_ULONG, A_MREMAPFLAGS, P(A_MREMAP_ADDR, 3)),
    S(madvise, R_DEC, A_PTR, A_ULONG, A_MADV),
    S(dup, R_DEC, A_INT),
    S(dup2, R_DEC, A_INT, A_INT),
    S(nanosleep, R_DEC, A_TIMESPEC, A_PTR),
    S0(getpid, R_DEC),
    S0(fork, R_DEC),
    S0(vfork, R_DEC),
    S0(pause, R_DEC),
    S0(sync, R_DEC),
    S0(setsid, R_DEC),
    S(getpgid, R_DEC, A_INT),
    S(getsid, R_DEC, A_INT),
    S(setpgid, R_DEC, A_INT, A_INT),
    S(sendfile, R_DEC, A_INT, A_INT, A_PTR, A_ULONG),
    S(exit, R_NONE, A_INT),
    S(uname, R_DEC, A_UTSNAME),
    S(fcntl, R_FCNTL, A_INT, A_FCNTLCMD, P(A_FCNTLARG, 1)),
    S(fsync, R_DEC, A_INT),
    S(fdatasync, R_DEC, A_INT),
    S(truncate, R_DEC, A_PATH, A_LONG),
    S(ftruncate, R_DEC, A_INT, A_LONG),
    S(getcwd, R_DEC, A_OUTPATH, A_ULONG),
    S(chdir, R_DEC, A_PATH),
    S(fchdir, R_DEC, A_INT),
    S(rename, R_DEC, A_PATH, A_PATH),
    S(mkdir, R_DEC, A_PATH, A_MODE),
    S(rmdir, R_DEC, A_PATH),
    S(link, R_DEC, A_PATH, A_PATH),
    S(unlink, R_DEC, A_PATH),
    S(symlink, R_DEC, A_PATH, A_PATH),
    S(readlink, R_DEC, A_PATH, A_OUTBUF, A_ULONG),
    S(chmod, R_DEC, A_PATH, A_MODE),
    S(fchmod, R_DEC, A_INT, A_MODE),
    S(chown, R_DEC, A_PATH, A_ID, A_ID),
    S(fchown, R_DEC, A_INT, A_ID, A_ID),
    S(lchown, R_DEC, A_PATH, A_ID, A_ID),
    S(umask, R_OCT, A_MODE),
    S(gettimeofday, R_DEC, A_TIMEVAL_OUT, A_PTR),
    S(getrlimit, R_DEC, A_RLIMIT_RES, A_RLIMIT_OUT),
    S(sysinfo, R_DEC, A_PTR),
    S0(getuid, R_DEC),
    S0(getgid, R_DEC),
    S0(geteuid, R_DEC),
    S0(getegid, R_DEC),
    S0(getppid, R_DEC),
    S0(getpgrp, R_DEC),
    S(sigaltstack, R_DEC, A_STACK, A_STACK_OUT),
    S(arch_prctl, R_DEC, A_ARCH, P(A_ARCHARG, 0)),
    S0(gettid, R_DEC),
    S(time, R_TIME, A_PTR),
    S(set_tid_address, R_DEC, A_PTR),
    S(clock_gettime, R_DEC, A_CLOCK, A_TIMESPEC_OUT),
    S(clock_getres, R_DEC, A_CLOCK, A_TIMESPEC_OUT),
    S(clock_nanosleep, R_DEC, A_CLOCK, A_TIMERFLAGS, A_TIMESPEC, A_PTR),
    S(exit_group, R_NONE, A_INT),
    S(tgkill, R_DEC, A_INT, A_INT, A_SIGNUM),
    S(kill, R_DEC, A_INT, A_SIGNUM),
    S(openat, R_DEC, A_DIRFD, A_PATH, A_OFLAGS, P(A_OMODE, 2)),
    S(mkdirat, R_DEC, A_DIRFD, A_PATH, A_MODE),
    S(fchownat, R_DEC, A_DIRFD, A_PATH, A_ID, A_ID, A_ATFLAGS),
    S(newfstatat, R_DEC, A_DIRFD, A_PATH, A_STAT, A_ATFLAGS),
    S(unlinkat, R_DEC, A_DIRFD, A_PATH, A_ATFLAGS),
    S(renameat, R_DEC, A_DIRFD, A_PATH, A_DIRFD, A_PATH),
    S(linkat, R_DEC, A_DIRFD, A_PATH, A_DIRFD, A_PATH, A_ATFLAGS),
    S(symlinkat, R_DEC, A_PATH, A_DIRFD, A_PATH),
    S(readlinkat, R_DEC, A_DIRFD, A_PATH, A_OUTBUF, A_ULONG),
    S(fchmodat, R_DEC, A_DIRFD, A_PATH, A_MODE),
    S(faccessat, R_DEC, A_DIRFD, A_PATH, A_ACCESS),
    S(pselect6, R_DEC, A_INT, A_PTR, A_PTR, A_PTR, A_PTR, A_PTR),
    S(ppoll, R_DEC, A_PTR, A_UINT, A_PTR, A_PTR, A_ULONG),
    S(set_robust_list, R_DEC, A_PTR, A_ULONG),
    S(utimensat, R_DEC, A_DIRFD, A_PATH, A_PTR, A_ATFLAGS),
    S(dup3, R_DEC, A_INT, A_INT, A_FDFLAGS),
    S(pipe2, R_DEC, A_PIPEFDS, A_FDFLAGS),
    S(prlimit64, R_DEC, A_INT, A_RLIMIT_RES, A_RLIMIT, A_RLIMIT_OUT),
    S(renameat2, R_DEC, A_DIRFD, A_PATH, A_DIRFD, A_PATH, A_RENAMEFLAGS),
    S(getrandom, R_DEC, A_OUTHEX, A_ULONG, A_GRNDFLAGS),
    S(statx, R_DEC, A_DIRFD, A_PATH, A_STATXFLAGS, A_HEX, A_PTR),
    S(faccessat2, R_DEC, A_DIRFD, A_PATH, A_ACCESS, A_EACCESS),
    S(getdents64, R_DEC, A_INT, A_PTR, A_ULONG),
    S(sched_getaffinity, R_DEC, A_INT, A_ULONG, A_CPUSET_OUT),
    S(rseq, R_DEC, A_PTR, A_HEX, A_INT, A_HEX),
};

static const struct sig *find_sig(long nr)
{
    for (size_t i = 0; i < COUNT(sigs); i++)
        if (sigs[i].nr == nr)
            return &sigs[i];
    return 0;
}

/* Arguments strace leaves out: open's mode without O_CREAT/O_TMPFILE, fcntl's
   argument for the F_GET* commands, mremap's new address without MREMAP_FIXED. */
static int omitted(uint16_t a, const long args[6])
{
    long dep = args[IDX(a)];
    switch (KIND(a)) {
    case A_OMODE: return !(dep & O_CREAT) && (dep & O_TMPFILE_) != O_TMPFILE_;
    case A_FCNTLARG: return fcntl_no_arg(dep);
    case A_MREMAP_ADDR: return !(dep & MREMAP_FIXED);
    }
    return 0;
}

/* fcntl's third argument depends on the command */
static void put_fcntl_arg(struct line *l, long cmd, long v)
{
    if (cmd == F_SETFD)
        put_flags(l, (uint64_t)v, fd_flags, COUNT(fd_flags), 0);
    else if (cmd == F_SETFL)
        put_open_flags(l, (uint64_t)v);
    else if (cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC || cmd == F_SETOWN || cmd == F_SETSIG)
        put_d(l, (int)v);
    else
        put_ptr(l, (uint64_t)v);
}

/* ARCH_GET_FS/GS store the base through the pointer: [0x7f...] */
static void put_arch_arg(struct line *l, long code, uint64_t v, int failed)
{
    uint64_t base;
    if ((code == ARCH_GET_FS || code == ARCH_GET_GS) && !failed && peek_all(&base, v, sizeof base)) {
        put_c(l, '[');
        put_x(l, base);
        put_c(l, ']');
    } else {
        put_x(l, v);
    }
}

/* one argument; ret matters for the out-arguments the call filled in */
static void put_arg(struct line *l, uint16_t a, const long args[6], int i, long ret)
{
    uint64_t v = (uint64_t)args[i];
    long dep = args[IDX(a)];
    int failed = ret < 0 && ret >= -4095;
    switch (KIND(a)) {
    case A_INT: put_d(l, (int)v); break;
    case A_UINT: put_u(l, (uint32_t)v); break;
    case A_LONG: put_d(l, (long)v); break;
    case A_ULONG: put_u(l, v); break;
    case A_HEX: put_x(l, v); break;
    case A_ID: if ((uint32_t)v == 0xffffffff) put_s(l, "-1"); else put_u(l, (uint32_t)v); break;
    case A_PATH: put_path(l, v, PATH_MAX_); break;
    case A_INBUF: put_buf(l, v, dep, 0); break;
    case A_OUTBUF:
    case A_OUTHEX:
        if (failed)
            put_x(l, v);
        else
            put_buf(l, v, ret, KIND(a) == A_OUTHEX);
        break;
    case A_OUTPATH: if (failed || ret <= 0) put_ptr(l, v); else put_path(l, v, (size_t)ret); break;
    case A_DIRFD: if ((int)v == -100) put_s(l, "AT_FDCWD"); else put_d(l, (int)v); break;
    case A_OFLAGS: put_open_flags(l, v); break;
    case A_FDFLAGS: put_flags(l, v, open_flags, COUNT(open_flags), 0); break;
    case A_MODE:
    case A_OMODE: put_mode(l, (uint32_t)v); break;
    case A_PROT: put_flags(l, v, prot_flags, COUNT(prot_flags), "PROT_NONE"); break;
    case A_MAPFLAGS: put_map_flags(l, v); break;
    case A_WHENCE: put_xlat(l, (uint32_t)v, whence_names, COUNT(whence_names), "SEEK_"); break;
    case A_ACCESS: put_flags(l, (uint32_t)v, access_flags, COUNT(access_flags), "F_OK"); break;
    case A_ATFLAGS: put_flags(l, (uint32_t)v, at_flags, COUNT(at_flags), 0); break;
    case A_EACCESS: put_flags(l, (uint32_t)v, eaccess_flags, COUNT(eaccess_flags), 0); break;
    case A_STATXFLAGS:
        put_flags(l, (uint32_t)v, at_flags, COUNT(at_flags), "AT_STATX_SYNC_AS_STAT");
        break;
    case A_SIGNUM: put_signal(l, (int)v); break;
    case A_SIGHOW: put_xlat(l, (uint32_t)v, sighow_names, COUNT(sighow_names), "SIG_"); break;
    case A_SIGSET: put_sigset(l, v); break;
    case A_SIGSET_OUT: if (failed) put_ptr(l, v); else put_sigset(l, v); break;
    case A_SIGACT: put_sigaction(l, v); break;
    case A_SIGACT_OUT: if (failed) put_ptr(l, v); else put_sigaction(l, v); break;
    case A_IOCTL: put_xlat(l, (uint32_t)v, ioctl_names, COUNT(ioctl_names), ""); break;
    case A_IOV_IN: put_iov(l, v, dep, 0, 0); break;
    case A_IOV_OUT: if (failed) put_ptr(l, v); else put_iov(l, v, dep, ret, 1); break;
    case A_PIPEFDS: if (failed) put_ptr(l, v); else put_pipefds(l, v); break;
    case A_TIMESPEC: put_time(l, v, ", tv_nsec="); break;
    case A_TIMESPEC_OUT: if (failed) put_ptr(l, v); else put_time(l, v, ", tv_nsec="); break;
    case A_TIMEVAL_OUT: if (failed) put_ptr(l, v); else put_time(l, v, ", tv_usec="); break;
    case A_STAT: if (failed) put_ptr(l, v); else put_stat(l, v); break;
    case A_UTSNAME: if (failed) put_ptr(l, v); else put_utsname(l, v); break;
    case A_FCNTLCMD: put_xlat(l, (uint32_t)v, fcntl_names, COUNT(fcntl_names), "F_"); break;
    case A_FCNTLARG: put_fcntl_arg(l, dep, (long)v); break;
    case A_RLIMIT_RES: put_xlat(l, (uint32_t)v, rlimit_names, COUNT(rlimit_names), "RLIMIT_"); break;
    case A_RLIMIT: put_rlimit(l, v); break;
    case A_RLIMIT_OUT: if (failed) put_ptr(l, v); else put_rlimit(l, v); break;
    case A_STACK: put_stack(l, v); break;
    case A_STACK_OUT: if (failed) put_ptr(l, v); else put_stack(l, v); break;
    case A_ARCH: put_xlat(l, (uint32_t)v, arch_names, COUNT(arch_names), "ARCH_"); break;
    case A_CLOCK: put_xlat(l, (uint32_t)v, clock_names, COUNT(clock_names), "CLOCK_"); break;
    case A_TIMERFLAGS: put_flags(l, (uint32_t)v, timer_flags, COUNT(timer_flags), 0); break;
    case A_MADV: put_xlat(l, (uint32_t)v, madv_names, COUNT(madv_names), "MADV_"); break;
    case A_MREMAPFLAGS: put_flags(l, v, mremap_flags, COUNT(mremap_flags), 0); break;
    case A_RENAMEFLAGS: put_flags(l, (uint32_t)v, rename_flags, COUNT(rename_flags), 0); break;
    case A_GRNDFLAGS: put_flags(l, (uint32_t)v, grnd_flags, COUNT(grnd_flags), 0); break;
    case A_ARCHARG: put_arch_arg(l, dep, v, failed); break;
    case A_CPUSET_OUT: if (failed) put_ptr(l, v); else put_cpuset(l, v, ret); break;
    default: put_ptr(l, v); break; /* A_PTR, A_MREMAP_ADDR */
    }
}

/* ------------------------------------------------------------------ errors */

struct err {
    const char *name, *msg;
};

/* glibc's strerror texts; numbers with no name (41, 58) stay empty */
static const struct err errors[] = {
    [1] = {"EPERM", "Operation not permitted"},
    [2] = {"ENOENT", "No such file or directory"},
    [3] = {"ESRCH", "No such process"},
    [4] = {"EINTR", "Interrupted system call"},
    [5] = {"EIO", "Input/output error"},
    [6] = {"ENXIO", "No such device or address"},
    [7] = {"E2BIG", "Argument list too long"},
    [8] = {"ENOEXEC", "Exec format error"},
    [9] = {"EBADF", "Bad file descriptor"},
    [10] = {"ECHILD", "No child processes"},
    [11] = {"EAGAIN", "Resource temporarily unavailable"},
    [12] = {"ENOMEM", "Cannot allocate memory"},
    [13] = {"EACCES", "Permission denied"},
    [14] = {"EFAULT", "Bad address"},
    [15] = {"ENOTBLK", "Block device required"},
    [16] = {"EBUSY", "Device or resource busy"},
    [17] = {"EEXIST", "File exists"},
    [18] = {"EXDEV", "Invalid cross-device link"},
    [19] = {"ENODEV", "No such device"},
    [20] = {"ENOTDIR", "Not a directory"},
    [21] = {"EISDIR", "Is a directory"},
    [22] = {"EINVAL", "Invalid argument"},
    [23] = {"ENFILE", "Too many open files in system"},
    [24] = {"EMFILE", "Too many open files"},
    [25] = {"ENOTTY", "Inappropriate ioctl for device"},
    [26] = {"ETXTBSY", "Text file busy"},
    [27] = {"EFBIG", "File too large"},
    [28] = {"ENOSPC", "No space left on device"},
    [29] = {"ESPIPE", "Illegal seek"},
    [30] = {"EROFS", "Read-only file system"},
    [31] = {"EMLINK", "Too many links"},
    [32] = {"EPIPE", "Broken pipe"},
    [33] = {"EDOM", "Numerical argument out of domain"},
    [34] = {"ERANGE", "Numerical result out of range"},
    [35] = {"EDEADLK", "Resource deadlock avoided"},
    [36] = {"ENAMETOOLONG", "File name too long"},
    [37] = {"ENOLCK", "No locks available"},
    [38] = {"ENOSYS", "Function not implemented"},
    [39] = {"ENOTEMPTY", "Directory not empty"},
    [40] = {"ELOOP", "Too many levels of symbolic links"},
    [42] = {"ENOMSG", "No message of desired type"},
    [43] = {"EIDRM", "Identifier removed"},
    [44] = {"ECHRNG", "Channel number out of range"},
    [45] = {"EL2NSYNC", "Level 2 not synchronized"},
    [46] = {"EL3HLT", "Level 3 halted"},
    [47] = {"EL3RST", "Level 3 reset"},
    [48] = {"ELNRNG", "Link number out of range"},
    [49] = {"EUNATCH", "Protocol driver not attached"},
    [50] = {"ENOCSI", "No CSI structure available"},
    [51] = {"EL2HLT", "Level 2 halted"},
    [52] = {"EBADE", "Invalid exchange"},
    [53] = {"EBADR", "Invalid request descriptor"},
    [54] = {"EXFULL", "Exchange full"},
    [55] = {"ENOANO", "No anode"},
    [56] = {"EBADRQC", "Invalid request code"},
    [57] = {"EBADSLT", "Invalid slot"},
    [59] = {"EBFONT", "Bad font file format"},
    [60] = {"ENOSTR", "Device not a stream"},
    [61] = {"ENODATA", "No data available"},
    [62] = {"ETIME", "Timer expired"},
    [63] = {"ENOSR", "Out of streams resources"},
    [64] = {"ENONET", "Machine is not on the network"},
    [65] = {"ENOPKG", "Package not installed"},
    [66] = {"EREMOTE", "Object is remote"},
    [67] = {"ENOLINK", "Link has been severed"},
    [68] = {"EADV", "Advertise error"},
    [69] = {"ESRMNT", "Srmount error"},
    [70] = {"ECOMM", "Communication error on send"},
    [71] = {"EPROTO", "Protocol error"},
    [72] = {"EMULTIHOP", "Multihop attempted"},
    [73] = {"EDOTDOT", "RFS specific error"},
    [74] = {"EBADMSG", "Bad message"},
    [75] = {"EOVERFLOW", "Value too large for defined data type"},
    [76] = {"ENOTUNIQ", "Name not unique on network"},
    [77] = {"EBADFD", "File descriptor in bad state"},
    [78] = {"EREMCHG", "Remote address changed"},
    [79] = {"ELIBACC", "Can not access a needed shared library"},
    [80] = {"ELIBBAD", "Accessing a corrupted shared library"},
    [81] = {"ELIBSCN", ".lib section in a.out corrupted"},
    [82] = {"ELIBMAX", "Attempting to link in too many shared libraries"},
    [83] = {"ELIBEXEC", "Cannot exec a shared library directly"},
    [84] = {"EILSEQ", "Invalid or incomplete multibyte or wide character"},
    [85] = {"ERESTART", "Interrupted system call should be restarted"},
    [86] = {"ESTRPIPE", "Streams pipe error"},
    [87] = {"EUSERS", "Too many users"},
    [88] = {"ENOTSOCK", "Socket operation on non-socket"},
    [89] = {"EDESTADDRREQ", "Destination address required"},
    [90] = {"EMSGSIZE", "Message too long"},
    [91] = {"EPROTOTYPE", "Protocol wrong type for socket"},
    [92] = {"ENOPROTOOPT", "Protocol not available"},
    [93] = {"EPROTONOSUPPORT", "Protocol not supported"},
    [94] = {"ESOCKTNOSUPPORT", "Socket type not supported"},
    [95] = {"EOPNOTSUPP", "Operation not supported"},
    [96] = {"EPFNOSUPPORT", "Protocol family not supported"},
    [97] = {"EAFNOSUPPORT", "Address family not supported by protocol"},
    [98] = {"EADDRINUSE", "Address already in use"},
    [99] = {"EADDRNOTAVAIL", "Cannot assign requested address"},
    [100] = {"ENETDOWN", "Network is down"},
    [101] = {"ENETUNREACH", "Network is unreachable"},
    [102] = {"ENETRESET", "Network dropped connection on reset"},
    [103] = {"ECONNABORTED", "Software caused connection abort"},
    [104] = {"ECONNRESET", "Connection reset by peer"},
    [105] = {"ENOBUFS", "No buffer space available"},
    [106] = {"EISCONN", "Transport endpoint is already connected"},
    [107] = {"ENOTCONN", "Transport endpoint is not connected"},
    [108] = {"ESHUTDOWN", "Cannot send after transport endpoint shutdown"},
    [109] = {"ETOOMANYREFS", "Too many references: cannot splice"},
    [110] = {"ETIMEDOUT", "Connection timed out"},
    [111] = {"ECONNREFUSED", "Connection refused"},
    [112] = {"EHOSTDOWN", "Host is down"},
    [113] = {"EHOSTUNREACH", "No route to host"},
    [114] = {"EALREADY", "Operation already in progress"},
    [115] = {"EINPROGRESS", "Operation now in progress"},
    [116] = {"ESTALE", "Stale file handle"},
    [117] = {"EUCLEAN", "Structure needs cleaning"},
    [118] = {"ENOTNAM", "Not a XENIX named type file"},
    [119] = {"ENAVAIL", "No XENIX semaphores available"},
    [120] = {"EISNAM", "Is a named type file"},
    [121] = {"EREMOTEIO", "Remote I/O error"},
    [122] = {"EDQUOT", "Disk quota exceeded"},
    [123] = {"ENOMEDIUM", "No medium found"},
    [124] = {"EMEDIUMTYPE", "Wrong medium type"},
    [125] = {"ECANCELED", "Operation canceled"},
    [126] = {"ENOKEY", "Required key not available"},
    [127] = {"EKEYEXPIRED", "Key has expired"},
    [128] = {"EKEYREVOKED", "Key has been revoked"},
    [129] = {"EKEYREJECTED", "Key was rejected by service"},
    [130] = {"EOWNERDEAD", "Owner died"},
    [131] = {"ENOTRECOVERABLE", "State not recoverable"},
    [132] = {"ERFKILL", "Operation not possible due to RF-kill"},
    [133] = {"EHWPOISON", "Memory page has hardware error"},
};

/* -1 ENOENT (No such file or directory); unnamed numbers as strace and glibc do */
static void put_error(struct line *l, long e)
{
    put_s(l, "-1 ");
    if (e < (long)COUNT(errors) && errors[e].name) {
        put_s(l, errors[e].name);
        put_s(l, " (");
        put_s(l, errors[e].msg);
    } else {
        put_s(l, "ERRNO_");
        put_d(l, e);
        put_s(l, " (Unknown error ");
        put_d(l, e);
    }
    put_c(l, ')');
}

/* fcntl F_GETFD/F_GETFL results carry their flags, as strace shows them */
static void put_fcntl_ret(struct line *l, long cmd, long ret)
{
    if (cmd == F_GETFD) {
        put_x(l, (uint64_t)ret);
        if (ret) {
            put_s(l, " (flags ");
            put_flags(l, (uint64_t)ret, fd_flags, COUNT(fd_flags), 0);
            put_c(l, ')');
        }
    } else if (cmd == F_GETFL) {
        put_x(l, (uint64_t)ret);
        put_s(l, " (flags ");
        put_open_flags(l, (uint64_t)ret);
        put_c(l, ')');
    } else {
        put_d(l, ret);
    }
}

/* two digits with a leading zero */
static void put_2(struct line *l, char sep, long v)
{
    put_c(l, sep);
    put_c(l, (char)('0' + v / 10));
    put_c(l, (char)('0' + v % 10));
}

/* time()'s result as strace shows it: 1700000000 (2023-11-14T22:13:20+0000).
   The libOS has no time zone, so UTC; the civil date from days since the epoch
   is Howard Hinnant's integer algorithm (no floating point). */
static void put_date(struct line *l, long t)
{
    put_d(l, t);
    if (t < 0)
        return;
    long days = t / 86400, secs = t % 86400;
    long z = days + 719468, era = z / 146097, doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    long day = doy - (153 * mp + 2) / 5 + 1, month = mp < 10 ? mp + 3 : mp - 9;
    long year = yoe + era * 400 + (month <= 2);
    put_s(l, " (");
    put_d(l, year);
    put_2(l, '-', month);
    put_2(l, '-', day);
    put_2(l, 'T', secs / 3600);
    put_2(l, ':', secs / 60 % 60);
    put_2(l, ':', secs % 60);
    put_s(l, "+0000)");
}

static void put_result(struct line *l, const struct sig *s, const long args[6], long ret)
{
    int kind = s ? s->ret : R_DEC;
    put_s(l, " = ");
    if (kind == R_NONE)
        put_c(l, '?');
    else if (ret < 0 && ret >= -4095)
        put_error(l, -ret);
    else if (kind == R_HEX)
        put_x(l, (uint64_t)ret);
    else if (kind == R_OCT)
        put_oct(l, (uint64_t)ret);
    else if (kind == R_TIME)
        put_date(l, ret);
    else if (kind == R_FCNTL)
        put_fcntl_ret(l, args[1], ret);
    else
        put_d(l, ret);
}

/* ------------------------------------------------------------------- entry */

/* name(args): the signature's kinds, or six hex words for a call we lack one for */
static void put_call(struct line *l, long nr, const struct sig *s, const long args[6], long ret)
{
    const char *name = az_syscall_name(nr);
    if (name) {
        put_s(l, name);
    } else {
        put_s(l, "syscall_0x");
        put_base(l, (uint64_t)nr, 16);
    }
    put_c(l, '(');
    for (int i = 0; i < (s ? s->nargs : 6); i++) {
        uint16_t a = s ? s->arg[i] : A_HEX;
        if (omitted(a, args))
            break;
        if (i)
            put_s(l, ", ");
        put_arg(l, a, args, i, ret);
    }
    put_c(l, ')');
}

void az_trace(long nr, const long args[6], long ret, int via_trap, uint64_t site)
{
    char buf[LINE_SIZE];
    const struct sig *s = find_sig(nr);
    struct line l = {buf, 0, sizeof buf - TAIL_ROOM, 0};

    put_call(&l, nr, s, args, ret);
    if (l.cut) {
        /* the arguments overflowed: end them visibly, keep the result */
        l.len -= 4;
        put_s(&l, "...)");
    }
    l.cap = sizeof buf - 2; /* room for '\n' and the terminator */
    put_result(&l, s, args, ret);
    if (via_trap) {
        put_s(&l, "  <trap 0x");
        put_base(&l, site, 16);
        put_c(&l, '>');
    } else {
        put_s(&l, "  <patched>");
    }
    l.buf[l.len++] = '\n';
    l.buf[l.len] = 0;
    az_printf("%s", buf);
}
