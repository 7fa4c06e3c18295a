// SHA-256 block compression with the x86 SHA extensions, for the records export's document
// hash. The algorithm, its padding and the portable fallback are Swift (CritiqueCore's
// Text/SHA256.swift); this is only the compression loop, where the instructions are 3–4×
// faster than any portable code and Swift cannot reach them.
#ifndef CRITIQUE_SHA_H
#define CRITIQUE_SHA_H

#include <stddef.h>
#include <stdint.h>

/// 1 when this processor has the SHA extensions (and SSSE3, SSE4.1), else 0.
int critique_sha256_accelerated(void);

/// Compresses `blocks` 64-byte blocks at `data` into `state` (H0…H7, FIPS 180-4 order), with
/// the 64 round constants `k` (Swift's table: the constants are written once).
/// Call only when `critique_sha256_accelerated()` is 1.
void critique_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks, const uint32_t k[64]);

#endif
