/*
 * sys/cpuset.h (Azalea): cpu_set_t as Linux lays it out (1024 bits), which
 * newlib's sched.h expects from the target for the affinity calls.
 */
#ifndef _SYS_CPUSET_H_
#define _SYS_CPUSET_H_
#include <stddef.h>

#define CPU_SETSIZE 1024
typedef struct {
    unsigned long __bits[CPU_SETSIZE / (8 * sizeof(unsigned long))];
} cpu_set_t;

#define __CPU_WORD(cpu) ((cpu) / (8 * sizeof(unsigned long)))
#define __CPU_BIT(cpu) (1UL << ((cpu) % (8 * sizeof(unsigned long))))
#define CPU_ZERO(set) __builtin_memset((set), 0, sizeof(cpu_set_t))
#define CPU_SET(cpu, set) ((void)((cpu) < CPU_SETSIZE ? ((set)->__bits[__CPU_WORD(cpu)] |= __CPU_BIT(cpu)) : 0))
#define CPU_CLR(cpu, set) ((void)((cpu) < CPU_SETSIZE ? ((set)->__bits[__CPU_WORD(cpu)] &= ~__CPU_BIT(cpu)) : 0))
#define CPU_ISSET(cpu, set) ((cpu) < CPU_SETSIZE && ((set)->__bits[__CPU_WORD(cpu)] & __CPU_BIT(cpu)) != 0)
int __az_cpu_count(size_t size, const cpu_set_t *set);
#define CPU_COUNT(set) __az_cpu_count(sizeof(cpu_set_t), (set))
#define CPU_EQUAL(a, b) (__builtin_memcmp((a), (b), sizeof(cpu_set_t)) == 0)
#endif
