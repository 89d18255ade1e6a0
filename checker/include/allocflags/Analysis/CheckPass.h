//===- CheckPass.h - one analysis pipeline, several checks ------*- C++ -*-===//
//
// The checks share one pass over a TU: every function is analysed once on its
// own and once per entry context (EntryContexts.h), and each enabled check
// looks at every analysis.  A check is a CheckPass.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCFLAGS_ANALYSIS_CHECKPASS_H
#define ALLOCFLAGS_ANALYSIS_CHECKPASS_H

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

std::unique_ptr<CheckPass> makeSleepInAtomicPass(TUContext &TU, SummaryStore *Out);
std::unique_ptr<CheckPass> makeBackendMismatchPass(TUContext &TU, SummaryStore *Out);
std::unique_ptr<CheckPass> makeGfpNotForwardedPass(TUContext &TU);
/// \p SleepChecked: allocflags-sleep-in-atomic runs too, and reports the
/// flags-less allocations made in atomic context (one site, one report).
std::unique_ptr<CheckPass> makeImplicitAllocationPass(TUContext &TU, bool SleepChecked);

} // namespace allocflags

#endif
