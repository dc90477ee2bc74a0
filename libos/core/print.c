/*
 * print.c: formatted messages to the host's stderr. The libOS reports what it
 * cannot do (an unsupported syscall, a bad option, a crash in itself) here.
 * Formatting is bounded by the caller's buffer and never allocates.
 */
#include "az.h"

struct out {
    char *buf;
    size_t size, len;
};

static void put(struct out *o, char c)
{
    if (o->len + 1 < o->size)
        o->buf[o->len] = c;
    o->len++;
}

static void put_str(struct out *o, const char *s, long max)
{
    if (!s)
        s = "(null)";
    for (long i = 0; s[i] && (max < 0 || i < max); i++)
        put(o, s[i]);
}

static void put_num(struct out *o, uint64_t v, unsigned base, int negative)
{
    char digits[24];
    int n = 0;
    if (negative)
        put(o, '-');
    do {
        digits[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    while (n)
        put(o, digits[--n]);
}

int az_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct out o = {buf, size, 0};
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            put(&o, *fmt);
            continue;
        }
        fmt++;
        int is_long = 0;
        long precision = -1;
        if (fmt[0] == '.' && fmt[1] == '*') {
            precision = va_arg(ap, int);
            fmt += 2;
        }
        while (*fmt == 'l') {
            is_long = 1;
            fmt++;
        }
        switch (*fmt) {
        case 's': put_str(&o, va_arg(ap, const char *), precision); break;
        case 'c': put(&o, (char)va_arg(ap, int)); break;
        case 'd': {
            long v = is_long ? va_arg(ap, long) : va_arg(ap, int);
            put_num(&o, v < 0 ? -(uint64_t)v : (uint64_t)v, 10, v < 0);
            break;
        }
        case 'u': put_num(&o, is_long ? va_arg(ap, unsigned long) : va_arg(ap, unsigned), 10, 0); break;
        case 'x': put_num(&o, is_long ? va_arg(ap, unsigned long) : va_arg(ap, unsigned), 16, 0); break;
        case 'p': put_str(&o, "0x", -1); put_num(&o, (uint64_t)va_arg(ap, void *), 16, 0); break;
        case '%': put(&o, '%'); break;
        default: put(&o, '%'); put(&o, *fmt); break;
        }
        if (!*fmt)
            break;
    }
    if (size)
        buf[o.len < size ? o.len : size - 1] = 0;
    return (int)o.len;
}

int az_snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = az_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

static void vprint(const char *fmt, va_list ap)
{
    char line[1024];
    int n = az_vsnprintf(line, sizeof line, fmt, ap);
    if (n >= (int)sizeof line)
        n = sizeof line - 1;
    host3(NR_write, 2, line, n);
}

void az_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprint(fmt, ap);
    va_end(ap);
}

void az_fatal(int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprint(fmt, ap);
    va_end(ap);
    host1(NR_exit_group, status);
    __builtin_unreachable();
}
