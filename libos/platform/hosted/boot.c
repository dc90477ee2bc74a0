/*
 * boot.c: the hosted platform's boot. The image is a Linux process; it
 *   1. reads the stack Linux gave it (argv, envp, auxv) and the run
 *      configuration (AZALEA_RUN, set by `azalea run`, removed from the
 *      application's environment; defaults from the image note);
 *   2. reserves the memory partition, sets up one vCPU per partition core
 *      (vcpu.c; the boot thread becomes vCPU 0, pinned to the first core) and
 *      the main thread;
 *   3. installs the trap fallbacks: a trap site's int 3 raises SIGTRAP into the
 *      dispatcher (signal.c); and when the image has 0f 05 pairs the rewriter
 *      could not prove (image.h, unproven_pairs), Syscall User Dispatch on
 *      every vCPU, with the libOS text as the only range allowed to make real
 *      system calls, so such a `syscall` raises SIGSYS into the dispatcher.
 *      Without it, host calls keep the kernel's fast path (SUD sends every
 *      system call of the thread through the slow one: ~190 cycles here);
 *   4. builds the application's initial stack as Linux would for the original
 *      program (its program headers and entry in the auxiliary vector) and
 *      jumps to its entry.
 * AT_SYSINFO_EHDR is the host's vDSO when SUD is on (the application reads
 * clocks without a system call, as natively; a fallback `syscall` inside the
 * vDSO is caught). Without SUD the vDSO's own fallback calls would reach Linux
 * unseen (a thread CPU-time clock would be the vCPU's), so the application
 * gets no vDSO and asks the libOS, which reads the same vDSO (time.c).
 * Configuration errors print one line and exit with status 125 before the
 * application starts.
 */
#include "../../core/thread.h"
#include <azalea/image.h>

#define BAD_CONFIG 125
#define ENV_NAME "AZALEA_RUN="
#define MAX_CPUS 64

/* Set by the image linker: in .data, not .bss, so that it has bytes in the file to write. */
__attribute__((section(".data"))) const struct az_image *az_image;
extern char __az_text_start[], __az_text_end[];

void az_proc_init(void);
AZ_NORETURN void az_enter_app(uint64_t entry, uint64_t sp);
struct az_cpu *az_vcpu_alloc(int index, int host_cpu);
void az_vcpu_enter(struct az_cpu *c);
void az_vcpus_start(void);
void az_signal_init_thread(struct az_thread *t, uint64_t inherited_mask);
extern struct az_cpu *az_cpus[64];
extern int az_ncpus;

struct config {
    int cores;
    uint64_t cpus;   /* explicit --cpus mask, or 0 */
    uint64_t mem;
    int trace;
    int offload_uring;
};

static int parse_u64(const char **p, uint64_t *out)
{
    const char *s = *p;
    uint64_t v = 0;
    if (*s < '0' || *s > '9')
        return -1;
    while (*s >= '0' && *s <= '9') {
        if (v > (UINT64_MAX - 9) / 10)
            return -1;
        v = v * 10 + (uint64_t)(*s++ - '0');
    }
    *p = s;
    *out = v;
    return 0;
}

static int parse_size(const char *s, const char *end, uint64_t *out)
{
    uint64_t v;
    if (parse_u64(&s, &v) < 0)
        return -1;
    int shift = 0;
    if (s < end) {
        switch (*s++) {
        case 'k': case 'K': shift = 10; break;
        case 'm': case 'M': shift = 20; break;
        case 'g': case 'G': shift = 30; break;
        default: return -1;
        }
    }
    if (s != end || v == 0 || v > (UINT64_MAX >> (shift + 1)))
        return -1;
    *out = v << shift;
    return 0;
}

static int parse_cpus(const char *s, const char *end, uint64_t *mask)
{
    *mask = 0;
    while (s < end) {
        uint64_t a, b;
        if (parse_u64(&s, &a) < 0)
            return -1;
        b = a;
        if (s < end && *s == '-') {
            s++;
            if (parse_u64(&s, &b) < 0)
                return -1;
        }
        if (a > b || b >= MAX_CPUS)
            return -1;
        for (uint64_t i = a; i <= b; i++)
            *mask |= 1ULL << i;
        if (s < end && *s++ != ',')
            return -1;
    }
    return *mask ? 0 : -1;
}

/* AZALEA_RUN=cores=N,cpus=LIST,mem=SIZE,trace=1,offload=uring (cpus items separated by '+'
   inside the list are written as ',' by azalea run, so a value ends at ';'). */
static void parse_config(const char *s, struct config *cfg)
{
    while (*s) {
        const char *end = s;
        while (*end && *end != ';')
            end++;
        const char *eq = s;
        while (eq < end && *eq != '=')
            eq++;
        uint64_t v;
        const char *val = eq + 1;
        int bad = eq == end;
        if (bad)
            ;
        else if (eq - s == 5 && !strncmp(s, "cores", 5)) {
            const char *p = val;
            bad = parse_u64(&p, &v) < 0 || p != end || v == 0 || v > MAX_CPUS;
            cfg->cores = (int)v;
        } else if (eq - s == 4 && !strncmp(s, "cpus", 4)) {
            bad = parse_cpus(val, end, &cfg->cpus) < 0;
        } else if (eq - s == 3 && !strncmp(s, "mem", 3)) {
            bad = parse_size(val, end, &cfg->mem) < 0 || cfg->mem < (1 << 20);
        } else if (eq - s == 5 && !strncmp(s, "trace", 5)) {
            bad = end - val != 1 || (*val != '0' && *val != '1');
            cfg->trace = *val == '1';
        } else if (eq - s == 7 && !strncmp(s, "offload", 7)) {
            int uring = end - val == 5 && !strncmp(val, "uring", 5);
            bad = !uring && !(end - val == 7 && !strncmp(val, "workers", 7));
            cfg->offload_uring = uring;
        } else {
            bad = 1;
        }
        if (bad)
            az_fatal(BAD_CONFIG, "azalea: AZALEA_RUN: bad setting '%.*s' (expected cores=N, cpus=LIST, "
                                 "mem=SIZE, trace=0|1 or offload=workers|uring, separated by ';')\n", (int)(end - s), s);
        s = *end ? end + 1 : end;
    }
}

static void check_image(void)
{
    const struct az_image *im = az_image;
    if (!im || im->magic != AZ_IMAGE_MAGIC || im->version != AZ_IMAGE_VERSION)
        az_fatal(BAD_CONFIG, "azalea: this image's note is missing or of another version (found %lu)\n",
                 im ? (unsigned long)im->version : 0UL);
}

/* The partition's cores: --cpus as given (each must be one this process may use),
   else the first N the process may use. */
static uint64_t choose_cpus(const struct config *cfg)
{
    uint64_t allowed[16] = {0};
    long r = host3(NR_sched_getaffinity, 0, sizeof allowed, allowed);
    if (r < 0)
        az_fatal(BAD_CONFIG, "azalea: cannot read the CPU affinity (%ld)\n", r);
    az_boot_info.host_cpus = allowed[0];
    if (cfg->cpus) {
        if (cfg->cpus & ~allowed[0])
            az_fatal(BAD_CONFIG, "azalea: cpus: mask 0x%lx names CPUs outside this process's set 0x%lx\n",
                     cfg->cpus, allowed[0]);
        return cfg->cpus;
    }
    uint64_t mask = 0;
    int n = 0;
    for (int i = 0; i < MAX_CPUS && n < cfg->cores; i++)
        if (allowed[0] & (1ULL << i)) {
            mask |= 1ULL << i;
            n++;
        }
    if (n < cfg->cores)
        az_fatal(BAD_CONFIG, "azalea: cores: %d requested, only %d available\n", cfg->cores, n);
    return mask;
}

static uint64_t aux_get(const uint64_t *auxv, uint64_t type)
{
    for (; auxv[0] != AT_NULL; auxv += 2)
        if (auxv[0] == type)
            return auxv[1];
    return 0;
}

/* argc, argv, envp (without AZALEA_RUN) and the auxiliary vector, below `top`. */
static uint64_t build_stack(uint64_t top, long argc, char **argv, char **envp, const uint64_t *hostaux)
{
    const struct az_image *im = az_image;
    long envc = 0;
    for (char **e = envp; *e; e++)
        if (strncmp(*e, ENV_NAME, sizeof ENV_NAME - 1))
            envc++;
    uint64_t aux[][2] = {
        {az_boot_info.sud ? AT_SYSINFO_EHDR : AT_IGNORE, aux_get(hostaux, AT_SYSINFO_EHDR)},
        {AT_MINSIGSTKSZ, aux_get(hostaux, AT_MINSIGSTKSZ)},
        {AT_HWCAP, aux_get(hostaux, AT_HWCAP)},
        {AT_PAGESZ, AZ_PAGE},
        {AT_CLKTCK, aux_get(hostaux, AT_CLKTCK)},
        {AT_PHDR, im->app_phdr},
        {AT_PHENT, im->app_phent},
        {AT_PHNUM, im->app_phnum},
        {AT_BASE, 0},
        {AT_FLAGS, 0},
        {AT_ENTRY, im->app_entry},
        {AT_UID, aux_get(hostaux, AT_UID)},
        {AT_EUID, aux_get(hostaux, AT_EUID)},
        {AT_GID, aux_get(hostaux, AT_GID)},
        {AT_EGID, aux_get(hostaux, AT_EGID)},
        {AT_SECURE, aux_get(hostaux, AT_SECURE)},
        {AT_RANDOM, aux_get(hostaux, AT_RANDOM)},
        {AT_HWCAP2, aux_get(hostaux, AT_HWCAP2)},
        {AT_EXECFN, aux_get(hostaux, AT_EXECFN)},
        {AT_PLATFORM, aux_get(hostaux, AT_PLATFORM)},
        {AT_NULL, 0},
    };
    long words = 1 + argc + 1 + envc + 1 + (long)(sizeof aux / sizeof(uint64_t));
    uint64_t *sp = (uint64_t *)az_align_down(top - (uint64_t)words * 8, 16);
    uint64_t *w = sp;
    *w++ = (uint64_t)argc;
    for (long i = 0; i < argc; i++)
        *w++ = (uint64_t)argv[i];
    *w++ = 0;
    for (char **e = envp; *e; e++)
        if (strncmp(*e, ENV_NAME, sizeof ENV_NAME - 1))
            *w++ = (uint64_t)*e;
    *w++ = 0;
    memcpy(w, aux, sizeof aux);
    return (uint64_t)sp;
}

AZ_NORETURN void az_boot_main(uint64_t *sp)
{
    long argc = (long)sp[0];
    char **argv = (char **)&sp[1];
    char **envp = argv + argc + 1;
    char **e = envp;
    const char *run = 0;
    for (; *e; e++)
        if (!strncmp(*e, ENV_NAME, sizeof ENV_NAME - 1))
            run = *e + sizeof ENV_NAME - 1;
    const uint64_t *hostaux = (const uint64_t *)(e + 1);

    check_image();
    struct config cfg = {(int)az_image->default_cores, 0, az_image->default_mem, 0, 0};
    if (run)
        parse_config(run, &cfg);
    az_trace_on = cfg.trace;
    az_boot_info.offload_uring = cfg.offload_uring;
    az_boot_info.text_start = (uint64_t)__az_text_start;
    az_boot_info.text_end = (uint64_t)__az_text_end;
    az_boot_info.cpu_mask = choose_cpus(&cfg);
    az_boot_info.cores = __builtin_popcountll(az_boot_info.cpu_mask);
    az_boot_info.vdso = aux_get(hostaux, AT_SYSINFO_EHDR);
    az_boot_info.sud = az_image->unproven_pairs > 0;

    long part = host6(NR_mmap, 0, cfg.mem, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (part < 0 && part > -4096)
        az_fatal(BAD_CONFIG, "azalea: mem: cannot reserve %lu bytes for the partition (%ld)\n",
                 (unsigned long)cfg.mem, part);
    az_boot_info.partition_base = (uint64_t)part;
    az_boot_info.partition_size = cfg.mem;

    az_ncpus = 0;
    for (int i = 0; i < MAX_CPUS; i++)
        if (az_boot_info.cpu_mask & (1ULL << i))
            az_vcpu_alloc(az_ncpus++, i);
    struct az_cpu *c = az_cpus[0];
    az_vcpu_enter(c);
    az_proc_init();
    az_mm_init((uint64_t)part, cfg.mem);
    az_time_init(az_boot_info.vdso);
    az_sched_init(c);
    az_signal_init();
    /* The mask the program inherited is its main thread's, virtual; the host's is empty. */
    uint64_t none = 0, inherited = 0;
    host4(NR_rt_sigprocmask, SIG_SETMASK, &none, &inherited, 8);
    az_signal_init_thread(c->current, inherited);
    az_vcpus_start();

    uint64_t app_sp = build_stack(az_align_down((uint64_t)sp, 16) - 4096, argc, argv, envp, hostaux);
    az_enter_app(az_image->app_entry, app_sp);
}
