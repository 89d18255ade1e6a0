//===- ImplicitAllocationCheck.h - allocflags-implicit-allocation -*- C++ -*-===//
//
// Flag-disciplined code that allocates without being told how.  See
// docs/checks/allocflags-implicit-allocation.md; the analysis is
// allocflags/Analysis/ImplicitAllocation.h.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCFLAGS_TIDY_IMPLICITALLOCATIONCHECK_H
#define ALLOCFLAGS_TIDY_IMPLICITALLOCATIONCHECK_H

#include "AllocflagsCheck.h"

namespace allocflags::tidy {

class ImplicitAllocationCheck : public AllocflagsCheck {
public:
  ImplicitAllocationCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context)
      : AllocflagsCheck(Name, Context, CheckKind::ImplicitAllocation) {}
};

} // namespace allocflags::tidy

#endif
