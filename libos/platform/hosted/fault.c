/*
 * fault.c: a crash inside the libOS. It must never look like the
 * application's own bug: print where it happened (address and libOS function,
 * from the symbol table the image linker put in the image note), what the
 * vCPU was serving, and end with the libOS's internal-error status (70).
 */
#include "az.h"
#include <azalea/image.h>

static const char *const signame[NSIG + 1] = {
    [SIGILL] = "SIGILL", [SIGTRAP] = "SIGTRAP", [SIGBUS] = "SIGBUS",
    [SIGFPE] = "SIGFPE", [SIGSEGV] = "SIGSEGV",
};

const char *az_symbolize(uint64_t addr, uint64_t *offset)
{
    const struct az_image *im = az_image;
    const struct az_symbol *sym = (const struct az_symbol *)im->symbols;
    const char *strings = (const char *)im->strings;
    long found = az_floor_index(sym, (long)im->symbol_count, sizeof *sym, addr);
    if (found < 0 || addr - sym[found].address >= sym[found].size || sym[found].name >= im->strings_size)
        return 0;
    *offset = addr - sym[found].address;
    return strings + sym[found].name;
}

void az_libos_crash(int sig, const struct k_siginfo *info, const struct k_ucontext *uc)
{
    uint64_t pc = uc->gregs[REG_RIP], off = 0;
    const char *fn = az_symbolize(pc, &off);
    long nr = az_current_nr();
    const char *call = az_syscall_name(nr);
    az_printf("azalea: libOS crash (not the application's fault): %s at %p (%s+0x%lx), "
              "fault address %p, while serving %s (%ld) for the site %p\n",
              signame[sig] ? signame[sig] : "signal", (void *)pc, fn ? fn : "?", off,
              (void *)info->u.fault.addr, call ? call : "?", nr, (void *)az_current_site());
    host1(NR_exit_group, 70);
    __builtin_unreachable();
}
