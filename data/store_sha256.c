/* data/store_sha256.c — SHA-256 of a topology's text (FIPS 180-4), the key
 * of the store's `topologies` table, computed by libcrypto's EVP interface
 * (OpenSSL: maintained and reviewed; README, Dependencies). */
#include <stdio.h>

#include <openssl/evp.h>

#include "store.h"

int store_sha256_hex(const void *data, size_t len, char out[65])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    out[0] = '\0';
    if (!EVP_Digest(data, len, md, &n, EVP_sha256(), NULL) || n != 32)
        return STORE_EHASH;
    for (unsigned int i = 0; i < n; i++)
        snprintf(out + 2 * i, 3, "%02x", md[i]);
    return STORE_OK;
}
