/* compute: pure computation whose results libc and CPU must agree on, no
 * system calls beyond output. qsort of 100,000 pseudo-random ints (sorted,
 * same multiset by sum and xor), bsearch, strtod/strtol round trips and
 * their ERANGE/endptr rules, printf of floats (%.17g, %a, %e, rounding of
 * halves, inf/nan), float environment (FE_DOWNWARD rounding of 1/3,
 * FE_DIVBYZERO flag), setjmp/longjmp through nested calls (volatile locals
 * kept), wide characters in the C locale (mbstowcs/wcstombs of ASCII,
 * a byte >= 0x80 rejected or mapped, wcslen/wcscmp, swprintf), 64/128-bit integer
 * arithmetic, memmove on overlaps, strtok_r, snprintf truncation counts.
 * Expects: one "ok" line per check and the formatted numbers, exits 0. */
#define _GNU_SOURCE
#include <fenv.h>
#include <float.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>
#include "check.h"

static int cmp(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static jmp_buf env;
static volatile int levels;

static int dive(int n)
{
    levels++;
    if (n == 0)
        longjmp(env, 42);
    if (n < 0)
        return 0;
    return dive(n - 1) + 1;
}

int main(void)
{
    enum { N = 100000 };
    static int v[N];
    uint32_t x = 12345;
    long long sum0 = 0;
    unsigned xor0 = 0;
    for (int i = 0; i < N; i++) {
        x = x * 1103515245u + 12345u;
        v[i] = (int)(x >> 1) - (1 << 30);
        sum0 += v[i];
        xor0 ^= (unsigned)v[i];
    }
    qsort(v, N, sizeof *v, cmp);
    int sorted = 1;
    long long sum1 = 0;
    unsigned xor1 = 0;
    for (int i = 0; i < N; i++) {
        sorted &= i == 0 || v[i - 1] <= v[i];
        sum1 += v[i];
        xor1 ^= (unsigned)v[i];
    }
    CHECK("qsort sorted", sorted);
    CHECK("same multiset", sum0 == sum1 && xor0 == xor1);
    printf("     min %d median %d max %d\n", v[0], v[N / 2], v[N - 1]);
    CHECK("bsearch finds the median", bsearch(&v[N / 2], v, N, sizeof *v, cmp) != NULL);
    int absent = v[0] - 1;
    CHECK("bsearch misses below the minimum", bsearch(&absent, v, N, sizeof *v, cmp) == NULL);

    char *end;
    double d = strtod("  3.14159265358979323846xyz", &end);
    CHECK("strtod value and endptr", d == 3.141592653589793 && !strcmp(end, "xyz"));
    errno = 0;
    d = strtod("1e400", &end);
    CHECK("strtod overflow: HUGE_VAL, ERANGE", d == HUGE_VAL && errno == ERANGE);
    errno = 0;
    d = strtod("1e-400", &end);
    CHECK("strtod underflow: ERANGE", d == 0.0 && errno == ERANGE);
    CHECK("strtod hex float", strtod("0x1.8p1", NULL) == 3.0);
    CHECK("strtod inf/nan", isinf(strtod("-inf", NULL)) && isnan(strtod("nan", NULL)));
    errno = 0;
    long l = strtol("99999999999999999999", &end, 10);
    CHECK("strtol overflow: LONG_MAX, ERANGE", l == LONG_MAX && errno == ERANGE);
    CHECK("strtol base 0 hex and octal", strtol("0x1f", NULL, 0) == 31 && strtol("017", NULL, 0) == 15);
    errno = 0;
    CHECK("strtol bad base: EINVAL", strtol("1", NULL, 99) == 0 && errno == EINVAL);
    CHECK("strtoull of -1 wraps", strtoull("-1", NULL, 10) == ULLONG_MAX);

    char buf[128];
    snprintf(buf, sizeof buf, "%.17g %.17g %g", 0.1, 1.0 / 3.0, 1e100);
    printf("     %s\n", buf);
    CHECK("%.17g round trip", strtod("0.10000000000000001", NULL) == 0.1 &&
          !strcmp(buf, "0.10000000000000001 0.33333333333333331 1e+100"));
    snprintf(buf, sizeof buf, "%.0f %.0f %.0f %.0f %.1f %.2f", 0.5, 1.5, 2.5, -0.5, 0.25, 1.005);
    printf("     %s\n", buf);
    CHECK("halves round to even", !strcmp(buf, "0 2 2 -0 0.2 1.00"));
    snprintf(buf, sizeof buf, "%a %e %E", 1.0, 123456.789, DBL_MIN);
    printf("     %s\n", buf);
    CHECK("%a %e %E", !strcmp(buf, "0x1p+0 1.234568e+05 2.225074E-308"));
    snprintf(buf, sizeof buf, "%f %F %f %5.1f|%-6.2f|", INFINITY, -INFINITY, NAN, 2.25, 1.0);
    printf("     %s\n", buf);
    CHECK("inf/nan and widths", !strcmp(buf, "inf -INF nan   2.2|1.00  |"));
    volatile int seven_digits = 1234567;
    CHECK("snprintf returns the full length", snprintf(buf, 4, "%d", seven_digits) == 7 && !strcmp(buf, "123"));

    volatile double third = 1.0, three = 3.0;
    fesetround(FE_DOWNWARD);
    double down = third / three;
    fesetround(FE_UPWARD);
    double up = third / three;
    fesetround(FE_TONEAREST);
    CHECK("directed rounding differs by one ulp", up > down && nextafter(down, 1.0) == up);
    feclearexcept(FE_ALL_EXCEPT);
    volatile double zero = 0.0;
    volatile double r = 1.0 / zero;
    CHECK("FE_DIVBYZERO raised", isinf(r) && fetestexcept(FE_DIVBYZERO));
    CHECK("sqrt, fma, pow exact cases", sqrt(2.0) * sqrt(2.0) != 2.0 && fma(2.0, 3.0, 1.0) == 7.0 &&
          pow(2.0, 10.0) == 1024.0);

    volatile int kept = 1;
    int code = setjmp(env);
    if (code == 0) {
        kept = 2;
        dive(50);
    }
    CHECK("longjmp through 51 frames returns 42", code == 42 && levels == 51);
    CHECK("volatile local kept its value", kept == 2);

    CHECK("C locale", setlocale(LC_ALL, "C") != NULL && MB_CUR_MAX == 1);
    wchar_t w[32];
    CHECK("mbstowcs ASCII", mbstowcs(w, "wide chars", 32) == 10 && w[4] == L' ' && wcslen(w) == 10);
    CHECK("wcscmp", wcscmp(w, L"wide chars") == 0 && wcscmp(w, L"wide") > 0);
    char back[32];
    CHECK("wcstombs back", wcstombs(back, w, sizeof back) == 10 && !strcmp(back, "wide chars"));
    swprintf(w, 32, L"%d-%ls", 7, L"x");
    CHECK("swprintf", wcscmp(w, L"7-x") == 0);
    mbstate_t st;
    memset(&st, 0, sizeof st);
    wchar_t one;
    size_t got = mbrtowc(&one, "\xc3\xa9", 2, &st);
    /* glibc's C locale rejects bytes >= 0x80 (EILSEQ), musl's maps each to one wide char. */
    CHECK("mbrtowc of 0xc3 in the C locale: EILSEQ or one byte", got == (size_t)-1 || got == 1);
    CHECK("towupper ASCII", towupper(L'q') == L'Q');

    __int128 big = (__int128)INT64_MAX * INT64_MAX;
    CHECK("128-bit product", (uint64_t)(big >> 64) == 0x3fffffffffffffffULL && (uint64_t)big == 1);
    CHECK("64-bit wrap", (uint64_t)UINT64_MAX + 1 == 0 && (int64_t)((uint64_t)INT64_MAX + 1) == INT64_MIN);
    CHECK("division toward zero", -7 / 2 == -3 && -7 % 2 == -1);
    char mv[16] = "0123456789";
    memmove(mv + 2, mv, 8);
    CHECK("memmove overlap forward", !memcmp(mv, "0101234567", 10));
    memmove(mv, mv + 3, 7);
    CHECK("memmove overlap backward", !memcmp(mv, "1234567567", 10));
    char toks[] = "a,b,,c";
    char *save, *t;
    int count = 0;
    for (t = strtok_r(toks, ",", &save); t; t = strtok_r(NULL, ",", &save))
        count++;
    CHECK("strtok_r skips empty fields", count == 3);
    return failed;
}
