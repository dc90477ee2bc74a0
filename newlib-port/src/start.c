/*
 * start.c: from the initial stack to main. The main thread's TLS and
 * newlib's state first (errno lives there), then environ, the constructors
 * (init_array) and, at exit, the destructors; main's result is exit's.
 */
#include <elf.h>
#include <stdlib.h>

extern int main(int argc, char **argv, char **envp);
extern char **environ;
extern void __libc_init_array(void);
extern void __libc_fini_array(void);
void __az_tls_init(const Elf64_Phdr *phdr, size_t phnum, const unsigned char *random);
void __az_start(long *sp) __attribute__((noreturn));

/* newlib's __libc_init_array and __libc_fini_array call these (crti's, which we do not link). */
void _init(void)
{
}

void _fini(void)
{
}

void __az_start(long *sp)
{
    int argc = (int)sp[0];
    char **argv = (char **)(sp + 1);
    char **envp = argv + argc + 1;
    char **p = envp;
    while (*p != NULL) {
        p++;
    }
    const Elf64_Phdr *phdr = NULL;
    size_t phnum = 0;
    const unsigned char *random = NULL;
    for (Elf64_auxv_t *a = (Elf64_auxv_t *)(p + 1); a->a_type != AT_NULL; a++) {
        if (a->a_type == AT_PHDR) {
            phdr = (const Elf64_Phdr *)a->a_un.a_val;
        } else if (a->a_type == AT_PHNUM) {
            phnum = a->a_un.a_val;
        } else if (a->a_type == AT_RANDOM) {
            random = (const unsigned char *)a->a_un.a_val;
        }
    }
    __az_tls_init(phdr, phnum, random);
    environ = envp;
    atexit(__libc_fini_array);
    __libc_init_array();
    exit(main(argc, argv, envp));
}
