//===- SleepInAtomicCheck.h - allocflags-sleep-in-atomic --------*- C++ -*-===//
//
// Sleeping allocations and sleeping calls in atomic context.  See
// docs/checks/allocflags-sleep-in-atomic.md; the analysis is
// allocflags/Analysis/SleepInAtomic.h.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCFLAGS_TIDY_SLEEPINATOMICCHECK_H
#define ALLOCFLAGS_TIDY_SLEEPINATOMICCHECK_H

#include "AllocflagsCheck.h"

namespace allocflags::tidy {

class SleepInAtomicCheck : public AllocflagsCheck {
public:
  SleepInAtomicCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context)
      : AllocflagsCheck(Name, Context, CheckKind::SleepInAtomic) {}
};

} // namespace allocflags::tidy

#endif
