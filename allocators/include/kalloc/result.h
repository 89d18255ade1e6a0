// result.h - what a call that may allocate returns: no exceptions, and the
// caller must look ([[nodiscard]]).
#ifndef KALLOC_RESULT_H
#define KALLOC_RESULT_H

#include <optional>
#include <utility>

namespace kalloc {

/// Success or out-of-memory, for calls that change a container in place.
/// On failure the container is unchanged.
class [[nodiscard]] Status {
public:
  static Status ok() { return Status(true); }
  static Status no_memory() { return Status(false); }
  bool is_ok() const { return Ok; }
  explicit operator bool() const { return Ok; }

private:
  explicit Status(bool Ok) : Ok(Ok) {}
  bool Ok;
};

/// A value, or out-of-memory.
template <class T> class [[nodiscard]] Result {
public:
  Result(T V) : V(std::move(V)) {}
  static Result no_memory() { return Result(); }
  bool is_ok() const { return V.has_value(); }
  explicit operator bool() const { return V.has_value(); }
  T &value() & { return *V; }
  T &&value() && { return std::move(*V); }
  T *operator->() { return &*V; }

private:
  Result() = default;
  std::optional<T> V;
};

} // namespace kalloc

#endif
