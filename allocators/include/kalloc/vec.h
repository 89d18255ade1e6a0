// vec.h - Vec<T, A>: a growable array over one backend, every growth with
// explicit flags (Rust-for-Linux's kernel::alloc::Vec).
//
// Move-only.  Every method that may allocate takes gfp_t and returns a
// [[nodiscard]] Status or Result; on failure the vector is unchanged.
// push_within_capacity() never allocates.  into_raw_parts() and
// from_raw_parts() move the buffer out and back in - into a Vec of the same
// backend only (checked at run time, and statically by allocflags through
// the backends' annotated into_raw/adopt).
#ifndef KALLOC_VEC_H
#define KALLOC_VEC_H

#include "kalloc/alloc.h"
#include "kalloc/result.h"

#include <cstddef>
#include <cstring>
#include <new>
#include <optional>
#include <span>
#include <type_traits>
#include <utility>

namespace kalloc {

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

  static Result<Vec> with_capacity(std::size_t N, gfp_t F, Caller Where = Caller::current()) {
    Vec V;
    if (!V.reserve(N, F, Where))
      return Result<Vec>::no_memory();
    return Result<Vec>(std::move(V));
  }

  /// Room for \p Additional more elements.
  Status reserve(std::size_t Additional, gfp_t F, Caller Where = Caller::current()) {
    if (Additional <= Cap - Len)
      return Status::ok();
    if (Additional > max_size() - Len)
      return Status::no_memory();
    return grow(Len + Additional, F, Where);
  }

  Status push(T V, gfp_t F, Caller Where = Caller::current()) {
    if (Len == Cap) {
      // Doubling, from 4 (one element for large types).
      std::size_t Want = !Cap ? (sizeof(T) > 1024 ? 1 : 4) : Cap > max_size() / 2 ? max_size() : Cap * 2;
      if (Cap == max_size() || !grow(Want, F, Where))
        return Status::no_memory();
    }
    ::new (Ptr + Len) T(std::move(V));
    ++Len;
    return Status::ok();
  }

  /// Never allocates: fails when the vector is full.
  Status push_within_capacity(T V) {
    if (Len == Cap)
      return Status::no_memory();
    ::new (Ptr + Len) T(std::move(V));
    ++Len;
    return Status::ok();
  }

  Status resize(std::size_t N, const T &Value, gfp_t F, Caller Where = Caller::current()) {
    if (N > Len && !reserve(N - Len, F, Where))
      return Status::no_memory();
    while (Len > N)
      Ptr[--Len].~T();
    while (Len < N)
      ::new (Ptr + Len++) T(Value);
    return Status::ok();
  }

  Status extend_from(std::span<const T> S, gfp_t F, Caller Where = Caller::current()) {
    if (!reserve(S.size(), F, Where))
      return Status::no_memory();
    for (const T &X : S)
      ::new (Ptr + Len++) T(X);
    return Status::ok();
  }

  Result<Vec> try_clone(gfp_t F, Caller Where = Caller::current()) const {
    Result<Vec> R = with_capacity(Len, F, Where);
    if (R && !R->extend_from(std::span<const T>(Ptr, Len), F, Where))
      return Result<Vec>::no_memory();
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
  Status grow(std::size_t NewCap, gfp_t F, Caller Where) {
    Layout New = Layout::array<T>(NewCap), Old = Layout::array<T>(Cap);
    T *N;
    if constexpr (std::is_trivially_copyable_v<T>) {
      N = static_cast<T *>(A::realloc(Ptr, New, Old, F, Where));
      if (!N)
        return Status::no_memory();
    } else {
      N = static_cast<T *>(A::alloc(New, F, Where));
      if (!N)
        return Status::no_memory();
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
