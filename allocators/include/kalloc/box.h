// box.h - Box<T, A>: one object on the heap of backend A, created with
// explicit flags (kernel::alloc::Box).  Move-only; empty after a move.
#ifndef KALLOC_BOX_H
#define KALLOC_BOX_H

#include "kalloc/annotations.h"
#include "kalloc/alloc.h"
#include "kalloc/result.h"

#include <new>
#include <utility>

namespace ALLOCFLAGS_DISCIPLINED kalloc {

template <class T, class A> class Box {
public:
  Box() = default;
  Box(Box &&O) noexcept : P(O.P) { O.P = nullptr; }
  Box &operator=(Box &&O) noexcept {
    if (this != &O) {
      reset();
      P = O.P;
      O.P = nullptr;
    }
    return *this;
  }
  Box(const Box &) = delete;
  Box &operator=(const Box &) = delete;
  ~Box() { reset(); }

  static Result<Box> create(T V, gfp_t F, Caller Where = Caller::current()) {
    void *M = A::alloc(Layout{sizeof(T), alignof(T)}, F, Where);
    if (!M)
      return AllocError{AllocErrorKind::OutOfMemory, sizeof(T), F};
    Box B;
    B.P = ::new (M) T(std::move(V));
    return Result<Box>(std::move(B));
  }

  /// Gives up the object (memory of backend A).
  T *into_raw() && {
    T *R = static_cast<T *>(A::into_raw(P));
    P = nullptr;
    return R;
  }
  /// Takes an object from into_raw() of a Box of the same backend.
  static Box from_raw(T *R) {
    Box B;
    B.P = static_cast<T *>(A::adopt(R));
    return B;
  }

  void reset() {
    if (P) {
      P->~T();
      A::free(P);
      P = nullptr;
    }
  }
  explicit operator bool() const { return P != nullptr; }
  T &operator*() const { return *P; }
  T *operator->() const { return P; }
  T *get() const { return P; }

private:
  T *P = nullptr;
};

template <class T> using KBox = Box<T, Kmalloc>;
template <class T> using VBox = Box<T, Vmalloc>;
template <class T> using KVBox = Box<T, KVmalloc>;

} // namespace kalloc

#endif
