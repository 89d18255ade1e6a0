//===- CheckPass.h - one analysis pipeline, several checks ------*- C++ -*-===//
//
// The checks share one pass over a TU: every function is analysed once on its
// own and once per entry context (EntryContexts.h), and each enabled check
// looks at every analysis.  A check is a CheckPass.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCFLAGS_ANALYSIS_CHECKPASS_H
#define ALLOCFLAGS_ANALYSIS_CHECKPASS_H

#include "allocflags/Report/Finding.h"
#include "llvm/ADT/ArrayRef.h"
#include <memory>

namespace clang {
class FunctionDecl;
}

namespace allocflags {
class ContextAnalysis;
class Reporter;
class SummaryStore;
class TUContext;

class CheckPass {
public:
  virtual ~CheckPass();
  /// Before the pipeline runs (collect what the check needs TU-wide).
  virtual void prepare() {}
  /// An analysis of \p FD (main-file or not), with the context it ran in; a
  /// function is seen once per context, a site may be seen more than once.
  virtual void onAnalysed(const clang::FunctionDecl *FD, ContextAnalysis &A) = 0;
  /// After the pipeline: report.
  virtual void finish(Reporter &R) = 0;
};

/// What a pass is made with: the TU, where phase 1 records the TU's facts
/// (null otherwise), and the checks that run together.
struct PassInputs {
  TUContext &TU;
  SummaryStore *Summaries;
  llvm::ArrayRef<CheckKind> Checks;
};

/// One factory per check, make<Kind>Pass, declared from Checks.def: adding
/// a check is adding its line there and its factory.
#define ALLOCFLAGS_CHECK(Name, Class, Kind) std::unique_ptr<CheckPass> make##Kind##Pass(const PassInputs &In);
#include "allocflags/Checks.def"

} // namespace allocflags

#endif
