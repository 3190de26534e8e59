/* tests/test_model_text.c — UTF-8 decoding and which characters may be shown
 * (model/text.h): every encoding error is caught, every unsafe range is
 * unsafe up to its edges and no further. */
#include <string.h>

#include "harness.h"
#include "../model/text.h"

static int next(const char *s, size_t n, unsigned *cp)
{
    return text_utf8_next((const unsigned char *)s, n, cp);
}

static void test_utf8_valid(void)
{
    unsigned cp = 0;
    CU_ASSERT_EQUAL(next("A", 1, &cp), 1);
    CU_ASSERT_EQUAL(cp, 'A');
    CU_ASSERT_EQUAL(next("\xc3\xa9", 2, &cp), 2);
    CU_ASSERT_EQUAL(cp, 0xe9);
    CU_ASSERT_EQUAL(next("\xe2\x82\xac", 3, &cp), 3); /* euro sign */
    CU_ASSERT_EQUAL(cp, 0x20ac);
    CU_ASSERT_EQUAL(next("\xf0\x9f\x98\x80", 4, &cp), 4); /* U+1F600 */
    CU_ASSERT_EQUAL(cp, 0x1f600);
    CU_ASSERT_EQUAL(next("\xf4\x8f\xbf\xbf", 4, &cp), 4); /* U+10FFFF, the last */
    CU_ASSERT_EQUAL(cp, 0x10ffff);
}

static void test_utf8_invalid(void)
{
    unsigned cp = 12345;
    CU_ASSERT_EQUAL(next("\xc0\xaf", 2, &cp), 0);         /* overlong '/' */
    CU_ASSERT_EQUAL(next("\xe0\x80\xaf", 3, &cp), 0);     /* overlong, 3 bytes */
    CU_ASSERT_EQUAL(next("\xf0\x80\x80\xaf", 4, &cp), 0); /* overlong, 4 bytes */
    CU_ASSERT_EQUAL(next("\xed\xa0\x80", 3, &cp), 0);     /* surrogate U+D800 */
    CU_ASSERT_EQUAL(next("\xf4\x90\x80\x80", 4, &cp), 0); /* U+110000 */
    CU_ASSERT_EQUAL(next("\x80", 1, &cp), 0);             /* lone continuation */
    CU_ASSERT_EQUAL(next("\xff", 1, &cp), 0);
    CU_ASSERT_EQUAL(next("\xf8\x88\x80\x80\x80", 5, &cp), 0); /* 5-byte form */
    CU_ASSERT_EQUAL(next("\xc3\xa9", 1, &cp), 0);         /* cut by the length */
    CU_ASSERT_EQUAL(next("\xe2\x82", 3, &cp), 0);         /* cut by the NUL */
    CU_ASSERT_EQUAL(next("\xc3" "A", 2, &cp), 0);         /* not a continuation */
    CU_ASSERT_EQUAL(next("A", 0, &cp), 0);                /* nothing to read */
    CU_ASSERT_EQUAL(cp, 12345);                           /* untouched on error */
}

static void test_safe_ranges(void)
{
    /* C0 and DEL, C1, and each bidi formatting range, checked at its edges */
    static const unsigned unsafe[] = {0x00, 0x09, 0x0a, 0x1b, 0x1f, 0x7f, 0x80, 0x9b, 0x9f,
                                      0x061c, 0x200e, 0x200f, 0x202a, 0x202e, 0x2066, 0x2069};
    static const unsigned safe[] = {0x20, 0x7e, 0xa0, 0xe9, 0x061b, 0x061d, 0x200d, 0x2010,
                                    0x2029, 0x202f, 0x2065, 0x206a, 0x20ac, 0x1f600};
    for (size_t i = 0; i < sizeof unsafe / sizeof *unsafe; i++)
        CU_ASSERT_EQUAL(text_char_safe(unsafe[i]), 0);
    for (size_t i = 0; i < sizeof safe / sizeof *safe; i++)
        CU_ASSERT_EQUAL(text_char_safe(safe[i]), 1);
}

static void test_text_char(void)
{
    unsigned cp;
    int unsafe;
    CU_ASSERT_EQUAL(text_char("\xc3\xa9", &cp, &unsafe), 2);
    CU_ASSERT_EQUAL(cp, 0xe9);
    CU_ASSERT_EQUAL(unsafe, 0);
    CU_ASSERT_EQUAL(text_char("\xe2\x80\xae", &cp, &unsafe), 3); /* right-to-left override */
    CU_ASSERT_EQUAL(cp, 0x202e);
    CU_ASSERT_EQUAL(unsafe, 1);
    CU_ASSERT_EQUAL(text_char("\xc2\x9b[2J", &cp, &unsafe), 2); /* C1 CSI */
    CU_ASSERT_EQUAL(cp, 0x9b);
    CU_ASSERT_EQUAL(unsafe, 1);
    CU_ASSERT_EQUAL(text_char("\xff", &cp, &unsafe), 1);
    CU_ASSERT_EQUAL(cp, 0xfffd);
    CU_ASSERT_EQUAL(unsafe, 1);
    /* a sequence cut by the string's end is one bad byte, never read past */
    CU_ASSERT_EQUAL(text_char("\xf0\x9f", &cp, &unsafe), 1);
    CU_ASSERT_EQUAL(unsafe, 1);
    CU_ASSERT_EQUAL(text_char("\x1b", &cp, &unsafe), 1);
    CU_ASSERT_EQUAL(cp, 0x1b);
    CU_ASSERT_EQUAL(unsafe, 1);
}

static void add(CU_pSuite s)
{
    HARNESS_ADD(s, test_utf8_valid);
    HARNESS_ADD(s, test_utf8_invalid);
    HARNESS_ADD(s, test_safe_ranges);
    HARNESS_ADD(s, test_text_char);
}

int main(void)
{
    return harness_run("model_text", add);
}
