// grantfolio/detail/bulk_avx512.hpp — bulk_converter::minor_rows_avx512: convert_minor_rows' 64-bit
// path eight rows at a time, compiled for AVX-512 F/DQ/VL as a function of its own (whatever the
// build's -march) and chosen at run time where the CPU has them. Included by bulk_converter.hpp.
#pragma once

#include <cstddef>
#include <immintrin.h>

#include "grantfolio/detail/bulk_converter.hpp"

namespace grantfolio {

// GCC 12 warns that its own AVX-512 intrinsics read an uninitialised value (_mm512_undefined_*,
// GCC bug 105593); the warning is silenced for this function only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
template <rounding_mode mode>
__attribute__((target("avx512f,avx512dq,avx512vl"))) std::size_t bulk_converter::minor_rows_avx512(
    std::size_t n, const std::int64_t* amounts, const std::uint16_t* currencies, const std::int32_t* days,
    std::int64_t* out, std::uint8_t* how, std::uint16_t* slow, std::size_t& failed) {
    // minor_row's 64-bit path, eight rows at a time. Each lane gathers its currency's dense view,
    // then its factor; a lane whose factor is not on path 3 (not looked up yet, no rate, prepared
    // for another scale, a denominator too large) or whose estimate is out of the path's bounds is
    // done afterwards by minor_row itself, in row order, so it fills the cache, throws or joins
    // `slow` exactly as the scalar loop would. The arithmetic is narrow_product's, lane by lane.
    static_assert(sizeof(dense_view) == 16 && offsetof(dense_view, first_day) == 8 && offsetof(dense_view, size) == 12);
    static_assert(offsetof(factor, pnum) == 0 && offsetof(factor, pden) == 8 && offsetof(factor, ratio) == 16 &&
                  offsetof(factor, scale) == 28 && offsetof(factor, path) == 29 && offsetof(factor, state) == 30 &&
                  offsetof(factor, how) == 31);
    std::size_t slow_count = 0;
    method_lanes hist{};
    const auto* views = reinterpret_cast<const long long*>(views_.data());
    const __m512i zero = _mm512_setzero_si512(), one = _mm512_set1_epi64(1);
    const __m512d bound = _mm512_set1_pd(0x1p50), nought = _mm512_setzero_pd();
    // Methods of the vector lanes, one byte per method in each 64-bit lane (a block's 32 steps
    // cannot carry a byte over), summed into `hist` at the end.
    __m512i methods = zero;
    std::size_t k = 0;
    for (; k + 8 <= n; k += 8) {
        const __m512i c = _mm512_loadu_si512(amounts + k);
        const __m512i cur = _mm512_cvtepu16_epi64(_mm_loadu_si128(reinterpret_cast<const __m128i*>(currencies + k)));
        const __m256i day = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(days + k));
        const __m512i at = _mm512_slli_epi64(cur, 1);  // dense_view = two 8-byte words
        // All lanes, as a mask loaded from a register: GCC's own all-ones mask (kxnorb of a mask
        // register with itself) waits for that register's last value, the previous step's `ok`,
        // which chained every step to the one before.
        unsigned all_lanes = 0xFF;
        __asm__("" : "+r"(all_lanes));
        const __mmask8 all = _cvtu32_mask8(all_lanes);
        const __m512i data = _mm512_mask_i64gather_epi64(zero, all, at, views, 8);
        const __m512i span = _mm512_mask_i64gather_epi64(zero, all, _mm512_add_epi64(at, one), views, 8);  // first_day | size << 32
        const __m256i first = _mm512_cvtepi64_epi32(span);
        const __m256i size = _mm512_cvtepi64_epi32(_mm512_srli_epi64(span, 32));
        const __m256i off = _mm256_sub_epi32(day, first);
        __mmask8 ok = _mm256_cmplt_epu32_mask(off, size);
        const __m512i addr = _mm512_add_epi64(data, _mm512_slli_epi64(_mm512_cvtepu32_epi64(off), 5));  // 32-byte factors
        const __m256i tail = _mm512_mask_i64gather_epi32(_mm256_setzero_si256(), ok, _mm512_add_epi64(addr, _mm512_set1_epi64(28)), nullptr, 1);
        constexpr int minor_path = static_cast<int>(factor_path::narrow_minor) << 8;  // the path byte of the factor's tail word
        ok = _mm256_mask_cmpeq_epi32_mask(ok, _mm256_and_si256(tail, _mm256_set1_epi32(0xFF00)), _mm256_set1_epi32(minor_path));
        const __m512i pnum = _mm512_mask_i64gather_epi64(zero, ok, addr, nullptr, 1);
        const __m512i pden = _mm512_mask_i64gather_epi64(one, ok, _mm512_add_epi64(addr, _mm512_set1_epi64(8)), nullptr, 1);
        const __m512d ratio = _mm512_mask_i64gather_pd(nought, ok, _mm512_add_epi64(addr, _mm512_set1_epi64(16)), nullptr, 1);
        // |c| (2^63 for the wide marker: negative as a signed value, so its estimate is refused).
        const __m512i m = _mm512_abs_epi64(c);
        const __m512d est = _mm512_mul_pd(_mm512_cvtepi64_pd(m), ratio);
        ok = _mm512_mask_cmp_pd_mask(ok, est, nought, _CMP_GE_OQ);
        ok = _mm512_mask_cmp_pd_mask(ok, est, bound, _CMP_LT_OQ);
        __m512i q = _mm512_maskz_cvttpd_epi64(ok, est);
        __m512i rem = _mm512_sub_epi64(_mm512_mullo_epi64(m, pnum), _mm512_mullo_epi64(q, pden));
        const __mmask8 low = _mm512_cmplt_epi64_mask(rem, zero);
        q = _mm512_mask_sub_epi64(q, low, q, one);
        rem = _mm512_mask_add_epi64(rem, low, rem, pden);
        const __mmask8 high = _mm512_cmpge_epi64_mask(rem, pden);
        q = _mm512_mask_add_epi64(q, high, q, one);
        rem = _mm512_mask_sub_epi64(rem, high, rem, pden);
        const __m512i other = _mm512_sub_epi64(pden, rem);
        __mmask8 up = 0;
        if constexpr (mode == rounding_mode::up) up = _mm512_cmpneq_epi64_mask(rem, zero);
        else if constexpr (mode == rounding_mode::half_up) up = _mm512_cmpge_epi64_mask(rem, other);  // rem = 0 < other
        else if constexpr (mode == rounding_mode::half_even)
            up = _mm512_cmpgt_epi64_mask(rem, other) |
                 (_mm512_cmpeq_epi64_mask(rem, other) & _mm512_test_epi64_mask(q, one));
        q = _mm512_mask_add_epi64(q, up, q, one);
        q = _mm512_mask_sub_epi64(q, _mm512_cmplt_epi64_mask(c, zero), zero, q);
        _mm512_storeu_si512(out + k, q);
        const __m512i method = _mm512_cvtepu32_epi64(_mm256_srli_epi32(tail, 24));
        if (how) _mm512_mask_cvtepi64_storeu_epi8(how + k, ok, method);
        methods = _mm512_mask_add_epi64(methods, ok, methods, _mm512_sllv_epi64(one, _mm512_slli_epi64(method, 3)));
        for (unsigned rest = static_cast<unsigned>(~ok) & 0xFF; rest != 0; rest &= rest - 1)
            minor_row<mode>(k + static_cast<unsigned>(__builtin_ctz(rest)), amounts, currencies, days, out, how, hist, slow,
                            slow_count, failed);
    }
    for (; k < n; ++k) minor_row<mode>(k, amounts, currencies, days, out, how, hist, slow, slow_count, failed);
    alignas(64) std::uint64_t lanes[8];
    _mm512_store_si512(lanes, methods);
    for (const std::uint64_t lane : lanes)
        for (unsigned m = 0; m < 8; ++m) hist[0][m] += static_cast<std::uint32_t>((lane >> (8 * m)) & 0xFF);
    add_counts(hist);
    return slow_count;
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

}  // namespace grantfolio
