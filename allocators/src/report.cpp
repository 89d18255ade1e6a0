//===- report.cpp - run-time violations ------------------------------------===//
#include "kalloc/report.h"
#include "heap.h"

#include <atomic>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace ALLOCFLAGS_DISCIPLINED kalloc {

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

void detail::reportf(Violation V, const char *Fmt, ...) {
  char Buf[ReportBytes];
  std::va_list Args;
  va_start(Args, Fmt);
  int N = std::vsnprintf(Buf, sizeof Buf, Fmt, Args);
  va_end(Args);
  if (N < 0) // an encoding error: say so rather than report nothing
    N = std::snprintf(Buf, sizeof Buf, "(unprintable report: %s)", Fmt);
  std::size_t Len = std::size_t(N);
  if (Len >= sizeof Buf) {
    Len = sizeof Buf - 1;
    std::memcpy(Buf + Len - 3, "...", 3);
  }
  report_violation(V, std::string_view(Buf, Len));
}

} // namespace kalloc
