/* model/text.h — UTF-8 characters, and which of them may be shown.
 *
 * One rule for every place text from a topology or a database is shown (the
 * loader, the terminal, JSON, reports, charts): C0 controls, DEL, C1 controls
 * and the bidirectional formatting characters are unsafe, since they move
 * the cursor, recolour a terminal or reorder what a reader sees
 * (docs/security.md). */
#ifndef NINES_MODEL_TEXT_H
#define NINES_MODEL_TEXT_H

#include <stddef.h>

/* Length of the UTF-8 sequence at s (at most n bytes) and its code point in
 * *cp; 0 if it is not valid UTF-8 (overlong, surrogate, past U+10FFFF,
 * truncated, or cut by a NUL). */
int text_utf8_next(const unsigned char *s, size_t n, unsigned *cp);

/* 1 if code point c may be shown as it is, 0 for C0, DEL, C1 and bidi
 * formatting characters (U+061C, U+200E-F, U+202A-E, U+2066-9). */
int text_char_safe(unsigned c);

/* The character at s (not at its NUL): returns its length in bytes, sets *cp
 * to it and *unsafe to 1 if it may not be shown (a byte that is not UTF-8:
 * length 1, U+FFFD, unsafe), else to 0. */
int text_char(const char *s, unsigned *cp, int *unsafe);

#endif
