#include "CritiqueSHA.h"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#include <immintrin.h>

int critique_sha256_accelerated(void) {
    static int known = -1;   // a benign race: every thread computes the same answer
    if (known >= 0) return known;
    unsigned a, b, c, d;
    int ok = 0;
    if (__get_cpuid(1, &a, &b, &c, &d) && (c & (1u << 9)) && (c & (1u << 19))) {   // SSSE3, SSE4.1
        unsigned a7, b7, c7, d7;
        ok = __get_cpuid_count(7, 0, &a7, &b7, &c7, &d7) && (b7 & (1u << 29));   // SHA
    }
    known = ok;
    return ok;
}


__attribute__((target("sha,sse4.1,ssse3")))
void critique_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks, const uint32_t k[64]) {
    // Big-endian words from the message bytes.
    const __m128i swap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    // The instructions keep the state as ABEF and CDGH.
    __m128i dcba = _mm_loadu_si128((const __m128i *)&state[0]);
    __m128i hgfe = _mm_loadu_si128((const __m128i *)&state[4]);
    __m128i cdab = _mm_shuffle_epi32(dcba, 0xB1);
    __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);
    __m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
    __m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);

    for (; blocks > 0; blocks--, data += 64) {
        const __m128i abef0 = abef, cdgh0 = cdgh;
        __m128i w[4];   // the last sixteen message words, four to a vector, oldest first
        for (int g = 0; g < 16; g++) {
            __m128i m;
            if (g < 4) {
                m = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 16 * g)), swap);
            } else {
                // W[t..t+3] from W[t-16..t-1]: σ0 terms, the t-7 words, then the σ1 chain.
                m = _mm_sha256msg1_epu32(w[0], w[1]);
                m = _mm_add_epi32(m, _mm_alignr_epi8(w[3], w[2], 4));
                m = _mm_sha256msg2_epu32(m, w[3]);
            }
            if (g < 4) {
                w[g] = m;
            } else {
                w[0] = w[1]; w[1] = w[2]; w[2] = w[3]; w[3] = m;
            }
            __m128i wk = _mm_add_epi32(m, _mm_loadu_si128((const __m128i *)&k[4 * g]));
            cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk);            // two rounds: now ABEF
            wk = _mm_shuffle_epi32(wk, 0x0E);
            abef = _mm_sha256rnds2_epu32(abef, cdgh, wk);            // two more
        }
        abef = _mm_add_epi32(abef, abef0);
        cdgh = _mm_add_epi32(cdgh, cdgh0);
    }

    __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
    __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
    _mm_storeu_si128((__m128i *)&state[0], _mm_blend_epi16(feba, dchg, 0xF0));
    _mm_storeu_si128((__m128i *)&state[4], _mm_alignr_epi8(dchg, feba, 8));
}

#else

int critique_sha256_accelerated(void) { return 0; }
void critique_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks, const uint32_t k[64]) { (void)state; (void)data; (void)blocks; (void)k; }

#endif
