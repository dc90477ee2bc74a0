/*
 * sys/utsname.h (Azalea): uname(2) with Linux's struct utsname (65-byte
 * fields), which newlib's generic target does not have.
 */
#ifndef _AZALEA_SYS_UTSNAME_H
#define _AZALEA_SYS_UTSNAME_H

struct utsname {
    char sysname[65];
    char nodename[65];
    char release[65];
    char version[65];
    char machine[65];
    char domainname[65];
};

int uname(struct utsname *name);
#endif
