// overflow.h - size arithmetic that saturates, as the kernel's
// include/linux/overflow.h does.
//
// A size computed from a count (n * sizeof(T), header + n * size) must not
// wrap: a wrapped size is small, the allocation succeeds, and the caller
// writes n elements past its end.  These helpers return SIZE_MAX instead,
// and every backend refuses a SIZE_MAX request (it is larger than any
// backend's limit), so an overflowing request fails like an impossible one:
// no allocation, an error to the caller.  SIZE_MAX stays SIZE_MAX through
// any further size_mul/size_add, so a chain of them needs one check at the
// end, not one per step.
#ifndef KALLOC_OVERFLOW_H
#define KALLOC_OVERFLOW_H

#include "kalloc/annotations.h"

#include <cstddef>
#include <cstdint>

namespace ALLOCFLAGS_DISCIPLINED kalloc {

/// \p A * \p B, or SIZE_MAX when it does not fit.
constexpr std::size_t size_mul(std::size_t A, std::size_t B) {
  std::size_t R;
  return __builtin_mul_overflow(A, B, &R) ? SIZE_MAX : R;
}

/// \p A + \p B, or SIZE_MAX when it does not fit.
constexpr std::size_t size_add(std::size_t A, std::size_t B) {
  std::size_t R;
  return __builtin_add_overflow(A, B, &R) ? SIZE_MAX : R;
}

/// Bytes of \p N elements of \p Size bytes, or SIZE_MAX (kernel array_size()).
constexpr std::size_t array_size(std::size_t N, std::size_t Size) { return size_mul(N, Size); }

/// \p Size rounded up to a multiple of \p Align (not necessarily a power of
/// two; non-zero), or SIZE_MAX when that does not fit.
constexpr std::size_t size_round_up(std::size_t Size, std::size_t Align) {
  std::size_t Up;
  return __builtin_add_overflow(Size, Align - 1, &Up) ? SIZE_MAX : Up / Align * Align;
}

} // namespace kalloc

#endif
