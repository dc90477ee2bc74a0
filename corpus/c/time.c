/* time: clock_gettime(CLOCK_MONOTONIC) ordering, nanosleep of 2 ms,
 * CLOCK_REALTIME plausibility. Prints only facts, not times.
 * Expects: all checks "ok", exits 0. */
#include <stdio.h>
#include <time.h>

static long long ns(struct timespec t)
{
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(void)
{
    struct timespec a, b, c, r;
    int fails = 0;

    fails += clock_gettime(CLOCK_MONOTONIC, &a) != 0;
    fails += clock_gettime(CLOCK_MONOTONIC, &b) != 0;
    printf("monotonic non-decreasing: %s\n", ns(b) >= ns(a) ? "ok" : "FAIL");
    fails += ns(b) < ns(a);

    struct timespec req = { 0, 2000000 };
    fails += nanosleep(&req, NULL) != 0;
    fails += clock_gettime(CLOCK_MONOTONIC, &c) != 0;
    printf("nanosleep 2ms elapsed >= 2ms: %s\n", ns(c) - ns(b) >= 2000000 ? "ok" : "FAIL");
    fails += ns(c) - ns(b) < 2000000;

    fails += clock_gettime(CLOCK_REALTIME, &r) != 0;
    printf("realtime after 2020: %s\n", r.tv_sec > 1577836800 ? "ok" : "FAIL");
    fails += r.tv_sec <= 1577836800;
    printf("time(NULL) matches realtime: %s\n", time(NULL) - r.tv_sec <= 1 ? "ok" : "FAIL");
    fails += time(NULL) - r.tv_sec > 1;
    return fails != 0;
}
