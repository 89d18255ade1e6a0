//===- BackendMismatchCheck.h - allocflags-backend-mismatch -----*- C++ -*-===//
//
// Memory freed or resized by the wrong allocator.  See
// docs/checks/allocflags-backend-mismatch.md; the analysis is
// allocflags/Analysis/BackendMismatch.h.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCFLAGS_TIDY_BACKENDMISMATCHCHECK_H
#define ALLOCFLAGS_TIDY_BACKENDMISMATCHCHECK_H

#include "AllocflagsCheck.h"

namespace allocflags::tidy {

class BackendMismatchCheck : public AllocflagsCheck {
public:
  BackendMismatchCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context)
      : AllocflagsCheck(Name, Context, CheckKind::BackendMismatch) {}
};

} // namespace allocflags::tidy

#endif
