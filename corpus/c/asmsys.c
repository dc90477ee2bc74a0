/* asmsys: inline-asm syscall sites in places that are hard for a binary
 * syscall rewriter:
 *   1. a syscall that is the first instruction of a loop (a branch target);
 *   2. back-to-back syscalls: the first (write of exactly 39 bytes) returns
 *      39 in %rax, which the second uses as its number (39 = getpid);
 *   3. the bytes 0f 05 inside an immediate (mov $0x050f,%eax), not a syscall;
 *   4. a syscall whose number is set in an earlier basic block, reached
 *      along two paths.
 * Expects: all "ok", exits 0. */
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

static volatile int flag = 1;

static long loop_head(long iters)
{
    long ret;
    __asm__ volatile(
        "mov %[nr], %%eax\n\t"
        "1:\n\t"
        "syscall\n\t"
        "mov %[nr], %%edx\n\t"
        "xchg %%rax, %%rdx\n\t"
        "dec %[n]\n\t"
        "jnz 1b\n\t"
        "mov %%rdx, %[ret]"
        : [ret] "=r"(ret), [n] "+r"(iters)
        : [nr] "i"(SYS_getpid)
        : "rax", "rdx", "rcx", "r11", "memory", "cc");
    return ret;
}

static long back_to_back(void)
{
    static const char msg[] = "asm: back-to-back write+getpid syscall\n";
    long ret;
    _Static_assert(sizeof msg - 1 == SYS_getpid, "message length must equal SYS_getpid");
    __asm__ volatile(
        "syscall\n\t"
        "syscall"
        : "=a"(ret)
        : "a"(SYS_write), "D"(1), "S"(msg), "d"(sizeof msg - 1)
        : "rcx", "r11", "memory");
    return ret;
}

static long fake_syscall_bytes(void)
{
    long ret;
    __asm__ volatile("mov $0x050f, %%eax" : "=a"(ret));
    return ret;
}

static long number_in_earlier_block(int f)
{
    long ret;
    __asm__ volatile(
        "mov %[nr], %%eax\n\t"
        "test %[f], %[f]\n\t"
        "jz 2f\n\t"
        "xor %%edi, %%edi\n\t"
        "2:\n\t"
        "syscall"
        : "=&a"(ret)
        : [nr] "i"(SYS_getppid), [f] "r"(f)
        : "rdi", "rcx", "r11", "memory", "cc");
    return ret;
}

int main(void)
{
    int fails = 0;
    long pid = getpid();

    long r = loop_head(5);
    printf("syscall at loop head: %s\n", r == pid ? "ok" : "FAIL");
    fails += r != pid;

    fflush(stdout);
    r = back_to_back();
    printf("back-to-back syscalls: %s\n", r == pid ? "ok" : "FAIL");
    fails += r != pid;

    r = fake_syscall_bytes();
    printf("0f 05 inside immediate: %s\n", r == 0x050f ? "ok" : "FAIL");
    fails += r != 0x050f;

    r = number_in_earlier_block(!flag);
    printf("number set in earlier block (via jump): %s\n", r == getppid() ? "ok" : "FAIL");
    fails += r != getppid();
    r = number_in_earlier_block(flag);
    printf("number set in earlier block (via fall-through): %s\n", r == getppid() ? "ok" : "FAIL");
    fails += r != getppid();
    return fails != 0;
}
