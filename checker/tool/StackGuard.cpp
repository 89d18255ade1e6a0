//===- StackGuard.cpp -----------------------------------------------------===//
#include "StackGuard.h"

#include <csignal>
#include <cstdlib>
#include <memory>

using namespace allocflags::tool;

void allocflags::tool::handleCrashesOnAltStack() {
  for (int Sig : {SIGSEGV, SIGBUS}) {
    struct sigaction SA;
    if (sigaction(Sig, nullptr, &SA) == 0) {
      SA.sa_flags |= SA_ONSTACK;
      sigaction(Sig, &SA, nullptr);
    }
  }
}

namespace {
/// The thread's alternate stack, released when the thread ends.
struct AltStack {
  std::unique_ptr<char[]> Mem;
  AltStack() {
    // Room for the recovery handler, and for LLVM's own crash handler
    // printing a stack trace.
    constexpr size_t Size = 256 * 1024;
    Mem.reset(new char[Size]);
    stack_t SS{};
    SS.ss_sp = Mem.get();
    SS.ss_size = Size;
    if (sigaltstack(&SS, nullptr) != 0)
      Mem.reset();
  }
  ~AltStack() {
    if (!Mem)
      return;
    stack_t SS{};
    SS.ss_flags = SS_DISABLE;
    sigaltstack(&SS, nullptr);
  }
};
} // namespace

void allocflags::tool::ensureAltSignalStack() { thread_local AltStack S; }
