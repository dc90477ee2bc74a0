# newlib.mk: how newlib itself is configured and compiled; changing this file
# rebuilds newlib (a few minutes), changing the Makefile does not.
# How newlib is configured. __DYNAMIC_REENT__: each thread has its own
# struct _reent (errno and friends), found through __getreent() (tls.c).
# Retargetable locking: stdio, malloc and the environment take our locks
# (lock.c), so threads may share them. C99 and long long formats: printf
# must print what glibc prints for %lld, %zu, %hhd, %jd.
NEWLIB_CFLAGS := -O2 -g -fno-stack-protector -fno-pie -fcf-protection=none -D__DYNAMIC_REENT__ \
                 -ffunction-sections -fdata-sections
NEWLIB_CONFIG := --target=x86_64-elf --prefix=$(ABS)/newlib-install --disable-multilib --disable-libgloss \
                 --disable-newlib-supplied-syscalls --enable-newlib-retargetable-locking \
                 --enable-newlib-io-long-long --enable-newlib-io-c99-formats --disable-newlib-mb \
                 CC_FOR_TARGET=$(CC) AR_FOR_TARGET=ar AS_FOR_TARGET=as LD_FOR_TARGET=ld NM_FOR_TARGET=nm \
                 RANLIB_FOR_TARGET=ranlib OBJDUMP_FOR_TARGET=objdump READELF_FOR_TARGET=readelf \
                 STRIP_FOR_TARGET=strip

