// vec.h - Vec<T, A>: a growable array over one backend, every growth with
// explicit flags (Rust-for-Linux's kernel::alloc::Vec).
//
// Move-only.  Every method that may allocate takes gfp_t and returns a
// [[nodiscard]] Status or Result carrying an AllocError; on failure the
// vector is unchanged.  Growth is geometric (reserve(), push()), exact only
// when asked for (reserve_exact(), with_capacity()); a length or size that
// does not fit fails with AllocErrorKind::Overflow before any allocation.
// push_within_capacity() never allocates.  into_raw_parts() and
// from_raw_parts() move the buffer out and back in - into a Vec of the same
// backend only (checked at run time, and statically by allocflags through
// the backends' annotated into_raw/adopt).
#ifndef KALLOC_VEC_H
#define KALLOC_VEC_H

#include "kalloc/annotations.h"
#include "kalloc/alloc.h"
#include "kalloc/overflow.h"
#include "kalloc/result.h"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>
#include <optional>
#include <span>
#include <type_traits>
#include <utility>

namespace ALLOCFLAGS_DISCIPLINED kalloc {

template <class T, class A> class Vec {
public:
  Vec() = default;
  Vec(Vec &&O) noexcept : Ptr(O.Ptr), Len(O.Len), Cap(O.Cap) { O.Ptr = nullptr, O.Len = O.Cap = 0; }
  Vec &operator=(Vec &&O) noexcept {
    if (this != &O) {
      release();
      Ptr = O.Ptr, Len = O.Len, Cap = O.Cap;
      O.Ptr = nullptr, O.Len = O.Cap = 0;
    }
    return *this;
  }
  Vec(const Vec &) = delete;
  Vec &operator=(const Vec &) = delete;
  ~Vec() { release(); }

  /// Room for exactly \p N elements (reserve_exact): a caller that knows
  /// the final size should not pay for geometric slack.
  static Result<Vec> with_capacity(std::size_t N, gfp_t F, Caller Where = Caller::current()) {
    Vec V;
    if (Status S = V.reserve_exact(N, F, Where); !S)
      return S.error();
    return Result<Vec>(std::move(V));
  }

  /// Room for at least \p Additional more elements.  Growth is geometric
  /// (max(2 * capacity, needed), as Rust's Vec and the kernel's KVec grow):
  /// growing to the exact size made n calls of extend_from() copy O(n^2)
  /// elements, each growth moving everything again.
  Status reserve(std::size_t Additional, gfp_t F, Caller Where = Caller::current()) {
    if (Additional <= Cap - Len)
      return Status::ok();
    std::size_t Need = size_add(Len, Additional);
    if (Need > max_size())
      return overflow(F);
    return grow(amortised(Need), F, Where);
  }

  /// Room for exactly \p Additional more elements (no slack): for a size
  /// known in advance.  Repeated calls are quadratic; use reserve() in loops.
  Status reserve_exact(std::size_t Additional, gfp_t F, Caller Where = Caller::current()) {
    if (Additional <= Cap - Len)
      return Status::ok();
    std::size_t Need = size_add(Len, Additional);
    if (Need > max_size())
      return overflow(F);
    return grow(Need, F, Where);
  }

  Status push(T V, gfp_t F, Caller Where = Caller::current()) {
    if (Len == Cap) {
      // grow() directly, not reserve(): push is the hot path, and the
      // checker's note chain (push -> grow -> realloc) stays short.
      if (Cap == max_size())
        return overflow(F);
      if (Status S = grow(amortised(Len + 1), F, Where); !S)
        return S;
    }
    ::new (Ptr + Len) T(std::move(V));
    ++Len;
    return Status::ok();
  }

  /// Never allocates: fails (CapacityFull) when the vector is full.
  Status push_within_capacity(T V) {
    if (Len == Cap)
      return AllocError{AllocErrorKind::CapacityFull, sizeof(T), Flags(0)};
    ::new (Ptr + Len) T(std::move(V));
    ++Len;
    return Status::ok();
  }

  /// \p Value may be an element of this vector: growing moves the elements,
  /// so it is looked up again in the new buffer before it is copied.
  Status resize(std::size_t N, const T &Value, gfp_t F, Caller Where = Caller::current()) {
    if (N <= Len) {
      truncate(N);
      return Status::ok();
    }
    std::size_t At = indexOf(&Value);
    if (Status S = reserve(N - Len, F, Where); !S)
      return S;
    const T &V = At == NotHere ? Value : Ptr[At];
    while (Len < N)
      ::new (Ptr + Len++) T(V);
    return Status::ok();
  }

  /// \p S may be a slice of this vector (v.extend_from(v)): growing moves
  /// the elements, so the slice is found again in the new buffer.
  Status extend_from(std::span<const T> S, gfp_t F, Caller Where = Caller::current()) {
    std::size_t At = indexOf(S.data());
    if (Status R = reserve(S.size(), F, Where); !R)
      return R;
    const T *Src = At == NotHere ? S.data() : Ptr + At;
    for (std::size_t I = 0, N = S.size(); I < N; ++I)
      ::new (Ptr + Len++) T(Src[I]);
    return Status::ok();
  }

  Result<Vec> try_clone(gfp_t F, Caller Where = Caller::current()) const {
    Result<Vec> R = with_capacity(Len, F, Where);
    if (!R)
      return R;
    if (Status S = R->extend_from(std::span<const T>(Ptr, Len), F, Where); !S)
      return S.error();
    return R;
  }

  std::optional<T> pop() {
    if (!Len)
      return std::nullopt;
    std::optional<T> V(std::move(Ptr[Len - 1]));
    Ptr[--Len].~T();
    return V;
  }
  void truncate(std::size_t N) {
    while (Len > N)
      Ptr[--Len].~T();
  }
  void clear() { truncate(0); }

  /// Gives up the buffer: the caller owns it (memory of backend A).
  T *into_raw_parts(std::size_t &OutLen, std::size_t &OutCap) && {
    T *P = static_cast<T *>(A::into_raw(Ptr));
    OutLen = Len, OutCap = Cap;
    Ptr = nullptr, Len = Cap = 0;
    return P;
  }
  /// Takes a buffer from into_raw_parts() of a Vec of the same backend.
  /// Memory of another backend is reported and not taken (the result is
  /// empty).
  static Vec from_raw_parts(T *P, std::size_t L, std::size_t C) {
    Vec V;
    V.Ptr = static_cast<T *>(A::adopt(P));
    if (V.Ptr)
      V.Len = L, V.Cap = C;
    return V;
  }

  std::size_t size() const { return Len; }
  std::size_t capacity() const { return Cap; }
  bool empty() const { return Len == 0; }
  T *data() { return Ptr; }
  const T *data() const { return Ptr; }
  T &operator[](std::size_t I) { return Ptr[I]; }
  const T &operator[](std::size_t I) const { return Ptr[I]; }
  T *begin() { return Ptr; }
  T *end() { return Ptr + Len; }
  const T *begin() const { return Ptr; }
  const T *end() const { return Ptr + Len; }
  static constexpr std::size_t max_size() { return std::size_t(-1) / 2 / sizeof(T); }

private:
  /// The capacity to grow to when \p Need elements must fit: at least
  /// double (so n pushes or extends cost O(n) copies and O(log n)
  /// reallocations), at least 4 (one element for large types), at most
  /// max_size().  \p Need <= max_size().
  std::size_t amortised(std::size_t Need) const {
    std::size_t Min = sizeof(T) > 1024 ? 1 : 4;
    std::size_t Twice = Cap > max_size() / 2 ? max_size() : Cap * 2;
    std::size_t Want = Twice > Need ? Twice : Need;
    return Want > Min ? Want : Min;
  }

  static Status overflow(gfp_t F) { return AllocError{AllocErrorKind::Overflow, SIZE_MAX, F}; }

  static constexpr std::size_t NotHere = SIZE_MAX;
  /// The index of the element \p P points at, or NotHere when \p P is not
  /// in this vector.  Compared as integers: \p P usually points into
  /// another object, and relational comparison of unrelated pointers is
  /// unspecified.
  std::size_t indexOf(const T *P) const {
    auto At = reinterpret_cast<std::uintptr_t>(P), Base = reinterpret_cast<std::uintptr_t>(Ptr);
    if (!Ptr || At < Base || At - Base >= Len * sizeof(T))
      return NotHere;
    return (At - Base) / sizeof(T);
  }

  Status grow(std::size_t NewCap, gfp_t F, Caller Where) {
    Layout New = Layout::array<T>(NewCap), Old = Layout::array<T>(Cap);
    T *N;
    if constexpr (std::is_trivially_copyable_v<T>) {
      N = static_cast<T *>(A::realloc(Ptr, New, Old, F, Where));
      if (!N)
        return AllocError{AllocErrorKind::OutOfMemory, New.size, F};
    } else {
      N = static_cast<T *>(A::alloc(New, F, Where));
      if (!N)
        return AllocError{AllocErrorKind::OutOfMemory, New.size, F};
      for (std::size_t I = 0; I < Len; ++I) {
        ::new (N + I) T(std::move(Ptr[I]));
        Ptr[I].~T();
      }
      if (Ptr)
        A::free(Ptr);
    }
    Ptr = N;
    Cap = NewCap;
    return Status::ok();
  }
  void release() {
    clear();
    if (Ptr)
      A::free(Ptr);
    Ptr = nullptr;
    Cap = 0;
  }

  T *Ptr = nullptr;
  std::size_t Len = 0, Cap = 0;
};

template <class T> using KVec = Vec<T, Kmalloc>;
template <class T> using VVec = Vec<T, Vmalloc>;
template <class T> using KVVec = Vec<T, KVmalloc>;

} // namespace kalloc

#endif
