//===- report.cpp - run-time violations ------------------------------------===//
#include "kalloc/report.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>

namespace kalloc {

const char *violation_name(Violation V) {
  switch (V) {
  case Violation::SleepInAtomic:
    return "sleep-in-atomic";
  case Violation::BackendMismatch:
    return "backend-mismatch";
  case Violation::WrongCache:
    return "wrong-cache";
  case Violation::CacheNotEmpty:
    return "cache-not-empty";
  case Violation::BadPointer:
    return "bad-pointer";
  }
  return "?";
}

static std::atomic<ViolationHandler> Handler{nullptr};

ViolationHandler set_violation_handler(ViolationHandler H) { return Handler.exchange(H); }

void report_violation(Violation V, std::string_view Message) {
  if (ViolationHandler H = Handler.load()) {
    H(V, Message);
    return;
  }
  // The default is the kernel's: say what broke, then stop.
  std::fprintf(stderr, "kalloc: BUG: %.*s [%s]\n", int(Message.size()), Message.data(), violation_name(V));
  std::fflush(stderr);
  std::abort();
}

} // namespace kalloc
