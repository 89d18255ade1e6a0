// result.h - what a call that may allocate returns: no exceptions, and the
// caller must look ([[nodiscard]]).
//
// A failure carries an AllocError: why (out of memory, a size that does not
// fit in size_t, a full vector that was not allowed to grow), how many bytes
// were asked for and with which flags.  Rust-for-Linux's AllocError is an
// empty marker; kalloc's says more because its callers are tests and user
// programs that log it, and because "the count overflowed" and "the system
// is out of memory" call for different fixes.  Rust's TryReserveError makes
// the same split (CapacityOverflow / AllocError { layout }).
#ifndef KALLOC_RESULT_H
#define KALLOC_RESULT_H

#include "kalloc/annotations.h"
#include "kalloc/flags.h"

#include <cstddef>
#include <optional>
#include <utility>

namespace ALLOCFLAGS_DISCIPLINED kalloc {

enum class AllocErrorKind : unsigned char {
  /// The backend had no memory (or was not allowed to get it with these
  /// flags, or fault injection failed it).
  OutOfMemory,
  /// The size does not fit: count * element size, or length + additional,
  /// past what the container or size_t can hold.  Nothing was allocated.
  Overflow,
  /// push_within_capacity() on a full vector: it never allocates.
  CapacityFull,
};

const char *alloc_error_kind_name(AllocErrorKind K);

struct AllocError {
  AllocErrorKind Kind = AllocErrorKind::OutOfMemory;
  /// Bytes requested; SIZE_MAX when the size overflowed.
  std::size_t Size = 0;
  Flags F = Flags(0);
  bool operator==(const AllocError &) const = default;
};

/// Success or an AllocError, for calls that change a container in place.
/// On failure the container is unchanged.
class [[nodiscard]] Status {
public:
  Status(AllocError E) : Err(E) {}
  static Status ok() { return Status(); }
  bool is_ok() const { return !Err; }
  explicit operator bool() const { return !Err; }
  /// Only on failure.
  const AllocError &error() const { return *Err; }

private:
  Status() = default;
  std::optional<AllocError> Err;
};

/// A value, or an AllocError.
template <class T> class [[nodiscard]] Result {
public:
  Result(T V) : V(std::move(V)) {}
  Result(AllocError E) : Err(E) {}
  bool is_ok() const { return V.has_value(); }
  explicit operator bool() const { return V.has_value(); }
  T &value() & { return *V; }
  T &&value() && { return std::move(*V); }
  T *operator->() { return &*V; }
  /// Only on failure.
  const AllocError &error() const { return Err; }

private:
  std::optional<T> V;
  AllocError Err;
};

inline const char *alloc_error_kind_name(AllocErrorKind K) {
  switch (K) {
  case AllocErrorKind::OutOfMemory:
    return "out of memory";
  case AllocErrorKind::Overflow:
    return "size overflow";
  case AllocErrorKind::CapacityFull:
    return "capacity full";
  }
  return "?";
}

} // namespace kalloc

#endif
