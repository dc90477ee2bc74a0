/*
 * sys/dirent.h (Azalea): directory streams over Linux's getdents64, in place
 * of newlib's generic stub (which only says "not supported"). newlib's
 * dirent.h includes this and declares the functions; dirent.c provides
 * opendir, fdopendir, readdir, closedir, rewinddir and dirfd.
 */
#ifndef _AZALEA_SYS_DIRENT_H
#define _AZALEA_SYS_DIRENT_H
#include <sys/types.h>

struct dirent {
    unsigned long d_ino;
    long d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[256];
};

typedef struct __az_dir DIR;

#define DT_UNKNOWN 0
#define DT_FIFO 1
#define DT_CHR 2
#define DT_DIR 4
#define DT_BLK 6
#define DT_REG 8
#define DT_LNK 10
#define DT_SOCK 12
#define DT_WHT 14
#endif
