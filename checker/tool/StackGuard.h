//===- StackGuard.h - a TU that exhausts the stack stays in its TU -*- C++ -*-===//
//
// Clang and the engine recurse over expressions: a generated expression deep
// enough overflows any stack (clang -fsyntax-only itself dies on a sum of
// 100 000 terms).  A crash recovery context catches SIGSEGV, but a signal
// from an overflowed stack can only be handled on another stack: each worker
// thread gets an alternate signal stack, and the recovery handlers are made
// to run on it.  TUs also run on a larger stack than a thread's default, so
// that depths real code reaches do not come near it.  POSIX only.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCFLAGS_TOOL_STACKGUARD_H
#define ALLOCFLAGS_TOOL_STACKGUARD_H

namespace allocflags::tool {

/// After llvm::CrashRecoveryContext::Enable(): its SIGSEGV and SIGBUS
/// handlers run on the alternate signal stack.
void handleCrashesOnAltStack();
/// Gives the calling thread an alternate signal stack (once per thread).
void ensureAltSignalStack();

} // namespace allocflags::tool

#endif
