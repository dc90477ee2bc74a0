/*
 * GMP (Debian's libgmp.a): big-integer arithmetic with its assembly kernels:
 * 1000 digits of pi by Machin's formula in fixed point, factorials and
 * Fibonacci numbers, modular exponentiation and inverses, primality and
 * next prime, gcd/lcm, integer roots, base conversion, exact rationals
 * (harmonic numbers) and a multi-precision float square root.
 * Expects: exit 0, the same output every run.
 */
#include <gmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Prints a long number as its length, first and last 20 digits. */
static void show(const char *label, const mpz_t x)
{
    char *s = mpz_get_str(NULL, 10, x);
    size_t n = strlen(s);
    if (n <= 50)
        printf("%s = %s\n", label, s);
    else
        printf("%s = %.20s...%s (%zu digits)\n", label, s, s + n - 20, n);
    free(s);
}

/* arctan(1/x) scaled by `one`, by its alternating series. */
static void arccot(mpz_t out, unsigned long x, const mpz_t one)
{
    mpz_t term, t;
    mpz_inits(term, t, NULL);
    mpz_tdiv_q_ui(term, one, x);
    mpz_set(out, term);
    unsigned long x2 = x * x;
    for (unsigned long n = 3, sign = 1; mpz_sgn(term) != 0; n += 2, sign ^= 1) {
        mpz_tdiv_q_ui(term, term, x2);
        mpz_tdiv_q_ui(t, term, n);
        if (sign)
            mpz_sub(out, out, t);
        else
            mpz_add(out, out, t);
    }
    mpz_clears(term, t, NULL);
}

static void pi(void)
{
    mpz_t one, a, b, p;
    mpz_inits(one, a, b, p, NULL);
    mpz_ui_pow_ui(one, 10, 1010);
    arccot(a, 5, one);
    arccot(b, 239, one);
    mpz_mul_ui(a, a, 16);
    mpz_mul_ui(b, b, 4);
    mpz_sub(p, a, b);
    mpz_ui_pow_ui(one, 10, 10);
    mpz_tdiv_q(p, p, one);
    show("pi * 10^1000", p);
    mpz_clears(one, a, b, p, NULL);
}

int main(void)
{
    printf("gmp %s, %d-bit limbs\n", gmp_version, mp_bits_per_limb);
    pi();
    mpz_t a, b, c, m;
    mpz_inits(a, b, c, m, NULL);
    mpz_fac_ui(a, 1000);
    show("1000!", a);
    printf("1000! has %zu bits, trailing zero bits %lu, divisible by 997: %d\n", mpz_sizeinbase(a, 2),
           mpz_scan1(a, 0), mpz_divisible_ui_p(a, 997));
    mpz_fib_ui(b, 10000);
    show("fib(10000)", b);
    mpz_gcd(c, a, b);
    show("gcd(1000!, fib(10000))", c);
    mpz_ui_pow_ui(m, 2, 127);
    mpz_sub_ui(m, m, 1);
    printf("2^127-1 probably prime: %d\n", mpz_probab_prime_p(m, 30));
    mpz_set_ui(c, 3);
    mpz_powm(c, c, b, m);
    show("3^fib(10000) mod (2^127-1)", c);
    mpz_invert(c, a, m);
    show("1000!^-1 mod (2^127-1)", c);
    mpz_ui_pow_ui(c, 10, 60);
    mpz_nextprime(c, c);
    show("next prime after 10^60", c);
    mpz_lcm(c, a, b);
    show("lcm", c);
    mpz_root(c, a, 7);
    show("floor(1000!^(1/7))", c);
    mpz_sqrtrem(c, m, b);
    show("isqrt(fib(10000))", c);
    show("remainder", m);
    mpz_set_str(c, "deadbeefcafebabe0123456789abcdef", 16);
    char *s36 = mpz_get_str(NULL, 36, c);
    printf("hex deadbeef... in base 36: %s, popcount %lu\n", s36, mpz_popcount(c));
    free(s36);
    mpz_clears(a, b, c, m, NULL);

    mpq_t h, t;
    mpq_inits(h, t, NULL);
    for (unsigned long k = 1; k <= 200; k++) {
        mpq_set_ui(t, 1, k);
        mpq_add(h, h, t);
    }
    show("H(200) numerator", mpq_numref(h));
    show("H(200) denominator", mpq_denref(h));
    printf("H(200) ~ %.15f\n", mpq_get_d(h));
    mpq_clears(h, t, NULL);

    mpf_set_default_prec(2000);
    mpf_t f;
    mpf_init_set_ui(f, 2);
    mpf_sqrt(f, f);
    gmp_printf("sqrt(2) = %.80Ff\n", f);
    mpf_clear(f);
    return 0;
}
