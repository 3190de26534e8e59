/* data/store_sha256.c — SHA-256 of a topology's text (FIPS 180-4), the key
 * of the store's `topologies` table, computed by Nettle (the cryptographic
 * library under GnuTLS: maintained, reviewed, and on every Debian machine;
 * README, Dependencies). Nettle's hashes work in the caller's context and
 * never allocate, so they cannot fail. */
#include <stdio.h>

#include <nettle/sha2.h>

#include "store.h"

void store_sha256_hex(const void *data, size_t len, char out[65])
{
    struct sha256_ctx ctx;
    uint8_t md[SHA256_DIGEST_SIZE];
    sha256_init(&ctx);
    sha256_update(&ctx, len, data);
    sha256_digest(&ctx, sizeof md, md);
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
        snprintf(out + 2 * i, 3, "%02x", md[i]);
}
