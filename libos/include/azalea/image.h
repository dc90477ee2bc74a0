/*
 * image.h: the ABI between the image linker (Java, org.azalea.image) and the
 * libOS: what an image holds and where the libOS finds it. One source of truth:
 * ImageNote.java writes exactly this layout and a test parses this header.
 *
 * An image (app.uk) is an ELF executable (ET_EXEC). Its loadable segments are:
 *   - the application's segments, at their link addresses plus app_base
 *     (app_base is 0 for a static executable, the linker's chosen base for a
 *     static-PIE; a static-PIE relocates itself, as it does under Linux);
 *   - the trampoline segment (.azalea.tramp) the rewriter produced;
 *   - the libOS segments, within rel32 reach of every trampoline, with the
 *     libOS's R_X86_64_RELATIVE relocations already applied (the libOS is
 *     linked as a position-independent executable with no other relocation);
 *   - one read-only segment holding the image note: an ELF note (also listed
 *     by a PT_NOTE) named AZ_IMAGE_NOTE_NAME, type AZ_IMAGE_NOTE_TYPE, whose
 *     descriptor is struct az_image, followed by the site table, the trap
 *     table, the libOS symbol table and its strings.
 * The image's entry point is the libOS boot (az_boot). The linker stores the
 * runtime address of the descriptor in the libOS variable az_image.
 *
 * Invariants the linker guarantees and the libOS checks at boot:
 *   - magic == AZ_IMAGE_MAGIC and version == AZ_IMAGE_VERSION;
 *   - sites[] is sorted by trampoline address, strictly increasing;
 *   - traps[] is sorted, strictly increasing: the addresses of the trap
 *     sites, whose `syscall` became int 3, CD 03 (the libOS serves the SIGTRAP);
 *   - unproven_pairs counts the 0f 05 pairs in the app's code that may be a
 *     `syscall` the rewriter could not prove or patch (undecidable, or in
 *     bytes no decoded control flow reaches); when it is 0, every `syscall`
 *     the app can execute is patched or an int 3, and the libOS runs without
 *     Syscall User Dispatch (whose kernel slow path costs every host call);
 *   - symbols[] is sorted by address, strictly increasing; every name offset
 *     is inside the string table, whose strings are NUL-terminated;
 *   - every address is a runtime address (app_base already added).
 */
#ifndef AZALEA_IMAGE_H
#define AZALEA_IMAGE_H

#define AZ_IMAGE_NOTE_NAME "Azalea"
#define AZ_IMAGE_NOTE_TYPE 0x415a0001
#define AZ_IMAGE_MAGIC 0x4b55414c415a41ULL /* "AZALAUK" little-endian */
#define AZ_IMAGE_VERSION 2

/* az_image.flags */
#define AZ_IMAGE_PIE 1 /* the application is a static-PIE placed at app_base */

#ifndef __ASSEMBLER__
#include <stdint.h>

/* One rewritten site: its trampoline's first byte and the `syscall` it replaced. */
struct az_site {
    uint64_t trampoline;
    uint64_t site;
};

/* One libOS function, for naming a libOS crash. */
struct az_symbol {
    uint64_t address;
    uint32_t size;
    uint32_t name; /* offset into the string table */
};

struct az_image {
    uint64_t magic;          /*   0 */
    uint32_t version;        /*   8 */
    uint32_t flags;          /*  12 */
    uint64_t app_base;       /*  16 load bias added to the app's link addresses */
    uint64_t app_entry;      /*  24 the application's entry point */
    uint64_t app_phdr;       /*  32 the app's program header table in memory (AT_PHDR) */
    uint32_t app_phnum;      /*  40 AT_PHNUM */
    uint32_t app_phent;      /*  44 AT_PHENT */
    uint64_t app_end;        /*  48 end of the highest app segment (page aligned) */
    uint64_t tramp_start;    /*  56 trampoline segment, [start, end) */
    uint64_t tramp_end;      /*  64 */
    uint64_t sites;          /*  72 struct az_site[site_count] */
    uint32_t site_count;     /*  80 */
    uint32_t default_cores;  /*  84 cores when `azalea run` does not say */
    uint64_t default_mem;    /*  88 partition bytes when `azalea run` does not say */
    uint32_t direct_sites;   /*  96 rewrite summary: sites per tactic */
    uint32_t hop_sites;      /* 100 */
    uint32_t trap_sites;     /* 104 */
    uint32_t unknown_sites;  /* 108 sites whose number was not proven */
    uint64_t symbols;        /* 112 struct az_symbol[symbol_count] */
    uint32_t symbol_count;   /* 120 */
    uint32_t strings_size;   /* 124 */
    uint64_t strings;        /* 128 NUL-terminated names */
    uint32_t trap_count;     /* 136 */
    uint32_t unproven_pairs; /* 140 */
    uint64_t traps;          /* 144 uint64_t[trap_count], runtime addresses */
};

#define AZ_IMAGE_SIZE 152
_Static_assert(sizeof(struct az_image) == AZ_IMAGE_SIZE, "az_image layout");
_Static_assert(sizeof(struct az_site) == 16, "az_site layout");
_Static_assert(sizeof(struct az_symbol) == 16, "az_symbol layout");

extern const struct az_image *az_image;
#endif

#endif
