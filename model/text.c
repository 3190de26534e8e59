/* model/text.c — UTF-8 characters, and which of them may be shown
 * (model/text.h). */
#include "text.h"

int text_utf8_next(const unsigned char *s, size_t n, unsigned *cp)
{
    if (!n)
        return 0;
    int len = s[0] < 0x80 ? 1 : (s[0] & 0xe0) == 0xc0 ? 2 : (s[0] & 0xf0) == 0xe0 ? 3
            : (s[0] & 0xf8) == 0xf0 ? 4 : 0;
    if (!len || (size_t)len > n)
        return 0;
    unsigned c = len == 1 ? s[0] : s[0] & (0x7fu >> len);
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80) /* also stops at a NUL */
            return 0;
        c = c << 6 | (s[i] & 0x3f);
    }
    static const unsigned least[] = {0, 0, 0x80, 0x800, 0x10000};
    if (c < least[len] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
        return 0;
    *cp = c;
    return len;
}

int text_char_safe(unsigned c)
{
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
        return 0;
    return !(c == 0x061c || c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e) ||
             (c >= 0x2066 && c <= 0x2069));
}

int text_char(const char *s, unsigned *cp, int *unsafe)
{
    unsigned c = 0;
    /* a NUL-terminated string: at most 4 bytes are read, and the check of
       continuation bytes stops at the NUL */
    int k = text_utf8_next((const unsigned char *)s, 4, &c);
    if (!k) {
        *cp = 0xfffd;
        *unsafe = 1;
        return 1;
    }
    *cp = c;
    *unsafe = !text_char_safe(c);
    return k;
}
