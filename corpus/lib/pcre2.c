/*
 * PCRE2 (Debian's libpcre2-8.a): patterns compiled with and without the JIT
 * (executable memory made at run time), numbered and named captures, global
 * matching over a text, case-insensitive and multiline options, UTF-8 with
 * Unicode properties, lookaround and backreferences, global substitution,
 * compile errors with their offsets, a match limit hit on catastrophic
 * backtracking, and the matches counted over a larger generated text.
 * Expects: exit 0, the same output every run.
 */
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char TEXT[] =
    "2024-01-15 alice@example.org paid 12.50 EUR\n"
    "2024-02-29 Bob@Example.COM paid 7 USD\n"
    "1999-12-31 carol@mail.test refunded 100.00 EUR\n"
    "not a record: 2024-13-45 dave@ nothing\n"
    "2023-07-04 eve@example.org paid 0.99 GBP\n";

static pcre2_code *compile(const char *pattern, uint32_t options)
{
    int err;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, options, &err, &off, NULL);
    if (!re) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(err, msg, sizeof msg);
        printf("compile error %d at offset %zu: %s\n", err, (size_t)off, msg);
    }
    return re;
}

/* Prints every match of pattern in subject with its groups; jit selects the
 * JIT compiler, which must agree with the interpreter. */
static int all_matches(const char *label, const char *pattern, uint32_t options, const char *subject, int jit,
                       int print)
{
    pcre2_code *re = compile(pattern, options);
    if (!re)
        exit(1);
    if (jit) {
        int rc = pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
        if (rc != 0) {
            printf("jit compile failed: %d\n", rc);
            exit(1);
        }
    }
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    PCRE2_SIZE len = strlen(subject), start = 0;
    int count = 0;
    uint32_t groups;
    pcre2_pattern_info(re, PCRE2_INFO_CAPTURECOUNT, &groups);
    for (;;) {
        int rc = pcre2_match(re, (PCRE2_SPTR)subject, len, start, 0, md, NULL);
        if (rc == PCRE2_ERROR_NOMATCH)
            break;
        if (rc < 0) {
            PCRE2_UCHAR msg[256];
            pcre2_get_error_message(rc, msg, sizeof msg);
            printf("%s: match error %d: %s\n", label, rc, msg);
            break;
        }
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        count++;
        if (print) {
            printf("%s #%d at %zu:", label, count, (size_t)ov[0]);
            for (int g = 0; g < rc; g++) {
                if (ov[2 * g] == PCRE2_UNSET)
                    printf(" [unset]");
                else
                    printf(" [%.*s]", (int)(ov[2 * g + 1] - ov[2 * g]), subject + ov[2 * g]);
            }
            printf("\n");
        }
        start = ov[1] > ov[0] ? ov[1] : ov[1] + 1;
        if (start > len)
            break;
    }
    if (print)
        printf("%s: %d matches, %u groups%s\n", label, count, groups, jit ? " (jit)" : "");
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    return count;
}

static void named(void)
{
    pcre2_code *re = compile("(?<y>\\d{4})-(?<m>\\d\\d)-(?<d>\\d\\d) (?<user>\\w+)@(?<host>[\\w.]+)", 0);
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    static const char *names[] = {"y", "m", "d", "user", "host"};
    PCRE2_SIZE start = 0, len = strlen(TEXT);
    while (pcre2_match(re, (PCRE2_SPTR)TEXT, len, start, 0, md, NULL) > 0) {
        printf("named:");
        for (int i = 0; i < 5; i++) {
            PCRE2_UCHAR buf[64];
            PCRE2_SIZE bl = sizeof buf;
            if (pcre2_substring_copy_byname(md, (PCRE2_SPTR)names[i], buf, &bl) == 0)
                printf(" %s=%s", names[i], buf);
        }
        printf("\n");
        start = pcre2_get_ovector_pointer(md)[1];
    }
    pcre2_match_data_free(md);
    pcre2_code_free(re);
}

static void substitute(const char *pattern, uint32_t options, const char *replacement, const char *subject)
{
    pcre2_code *re = compile(pattern, options);
    PCRE2_UCHAR out[1024];
    PCRE2_SIZE outlen = sizeof out;
    int rc = pcre2_substitute(re, (PCRE2_SPTR)subject, PCRE2_ZERO_TERMINATED, 0,
                              PCRE2_SUBSTITUTE_GLOBAL | PCRE2_SUBSTITUTE_EXTENDED, NULL, NULL,
                              (PCRE2_SPTR)replacement, PCRE2_ZERO_TERMINATED, out, &outlen);
    if (rc < 0) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(rc, msg, sizeof msg);
        printf("substitute error %d: %s\n", rc, msg);
    } else {
        printf("substitute %d: %s", rc, out);
    }
    pcre2_code_free(re);
}

static void backtracking(void)
{
    pcre2_code *re = compile("^(a+)+$", 0);
    pcre2_match_context *mc = pcre2_match_context_create(NULL);
    pcre2_set_match_limit(mc, 100000);
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    const char *s = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab";
    int rc = pcre2_match(re, (PCRE2_SPTR)s, strlen(s), 0, 0, md, mc);
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(rc, msg, sizeof msg);
    printf("catastrophic backtracking: %d (%s)\n", rc, msg);
    pcre2_match_data_free(md);
    pcre2_match_context_free(mc);
    pcre2_code_free(re);
}

/* A 2 MiB generated text searched with and without the JIT: both must
 * count the same matches. */
static void big_text(void)
{
    enum { SIZE = 2 << 20 };
    char *t = malloc(SIZE + 1);
    size_t n = 0;
    unsigned s = 99;
    while (n < SIZE - 64) {
        s = s * 1103515245u + 12345u;
        n += (size_t)sprintf(t + n, "%s%u.%u.%u.%u %s ", (s >> 28) & 1 ? "ip=" : "addr ", (s >> 4) & 255,
                             (s >> 12) & 511, (s >> 20) & 255, s % 300, (s >> 9) % 3 ? "ok" : "FAIL");
    }
    t[n] = 0;
    const char *ip = "\\b(?:(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)\\b";
    int a = all_matches("ip", ip, 0, t, 0, 0), b = all_matches("ip", ip, 0, t, 1, 0);
    int c = all_matches("fail", "ip=\\S+ FAIL", 0, t, 0, 0), d = all_matches("fail", "ip=\\S+ FAIL", 0, t, 1, 0);
    printf("big text %zu bytes: valid addresses %d/%d, ip= failures %d/%d (interpreter/jit)\n", n, a, b, c, d);
    free(t);
}

int main(void)
{
    char version[64];
    pcre2_config(PCRE2_CONFIG_VERSION, version);
    uint32_t jit;
    pcre2_config(PCRE2_CONFIG_JIT, &jit);
    printf("pcre2 %s, jit %s\n", version, jit ? "available" : "absent");
    int counts[2][8];
    for (int j = 0; j < 2; j++) {
        counts[j][0] = all_matches("date", "(\\d{4})-(\\d\\d)-(\\d\\d)", 0, TEXT, j, j == 0);
        counts[j][1] = all_matches("amount", "paid (\\d+)(?:\\.(\\d\\d))? (EUR|USD)", 0, TEXT, j, j == 0);
        counts[j][2] = all_matches("caseless", "@example\\.(org|com)\\b", PCRE2_CASELESS, TEXT, j, 1);
        counts[j][3] = all_matches("multiline", "^\\d{4}-(?!13)\\d\\d.*?(\\w+)$", PCRE2_MULTILINE, TEXT, j, j == 0);
        counts[j][4] = all_matches("backref", "\\b(\\w)\\w*\\1\\b", 0, "anna bob civic dad eve level xyz noon", j, 1);
        counts[j][5] = all_matches("lookbehind", "(?<=\\$)\\d+(?=\\.)", 0, "cost $12.50 or $7.25 not 8.00", j, j == 0);
        counts[j][6] = all_matches("utf", "\\p{Lu}\\p{Ll}+", PCRE2_UTF | PCRE2_UCP,
                                   "Ärger über Öl, Ñandú und Straße, Ωmega", j, j == 0);
        counts[j][7] = all_matches("empty", "x*", 0, "axxbx", j, j == 0);
    }
    printf("jit counts equal the interpreter's: %s\n", memcmp(counts[0], counts[1], sizeof counts[0]) ? "no" : "yes");
    named();
    substitute("(\\w+)@(\\w+)", 0, "<${2}:${1}>", "mail alice@host and bob@server\n");
    substitute("(\\d+)", 0, "[\\U$1\\E]", "a1b22c333\n");
    substitute("(?<w>\\b[a-z])", 0, "\\u${w}", "title case every word here\n");
    substitute("(x)?y", 0, "${1:+X:-}", "xy y xy\n");
    compile("(unclosed", 0);
    compile("a{2,1}", 0);
    compile("[z-a]", 0);
    compile("(?<n>a)(?<n>b)", 0);
    compile("\\p{NoSuchProperty}", PCRE2_UTF);
    backtracking();
    big_text();
    return 0;
}
