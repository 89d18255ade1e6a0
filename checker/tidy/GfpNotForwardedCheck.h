//===- GfpNotForwardedCheck.h - allocflags-gfp-not-forwarded ----*- C++ -*-===//
//
// A function that takes gfp flags but passes constant sleeping flags on.  See
// docs/checks/allocflags-gfp-not-forwarded.md; the analysis is
// allocflags/Analysis/GfpNotForwarded.h.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCFLAGS_TIDY_GFPNOTFORWARDEDCHECK_H
#define ALLOCFLAGS_TIDY_GFPNOTFORWARDEDCHECK_H

#include "AllocflagsCheck.h"

namespace allocflags::tidy {

class GfpNotForwardedCheck : public AllocflagsCheck {
public:
  GfpNotForwardedCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context)
      : AllocflagsCheck(Name, Context, CheckKind::GfpNotForwarded) {}
};

} // namespace allocflags::tidy

#endif
