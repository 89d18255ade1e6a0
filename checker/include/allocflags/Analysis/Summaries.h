//===- Summaries.h - summaries inferred inside one TU ----------*- C++ -*-===//
//
// Builds FunctionSummary records (Summary.h) for functions with a body in the
// TU, bottom-up over the strongly connected components of the TU's call graph
// (Tarjan's algorithm over direct calls), iterating inside a component until
// the summaries stop changing.  Each function is analysed with no entry
// context, so a summary says what the function does wherever it is called:
//  - Sleeps / SleepsIfGfp from the sleep verdicts of its operations (Sleep.h);
//  - Effects: the contexts still held or released at its exit;
//  - Calls: every call to a function the model does not know, with what is
//    known of its gfp arguments, for the standalone tool's whole-program pass.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCFLAGS_ANALYSIS_SUMMARIES_H
#define ALLOCFLAGS_ANALYSIS_SUMMARIES_H

#include "allocflags/Summary/Summary.h"
#include "llvm/ADT/ArrayRef.h"

namespace clang {
class FunctionDecl;
}

namespace allocflags {
class TUContext;

class SummaryBuilder {
public:
  explicit SummaryBuilder(TUContext &TU) : TU(TU) {}
  /// Summarises \p Roots and every function they reach through direct calls
  /// to bodies in this TU.
  void build(llvm::ArrayRef<const clang::FunctionDecl *> Roots);

private:
  FunctionSummary summarise(const clang::FunctionDecl *FD);
  TUContext &TU;
};

/// The callees of \p FD that have a body in the TU and no model entry.
llvm::SmallVector<const clang::FunctionDecl *, 8> calleesInTU(TUContext &TU, const clang::FunctionDecl *FD);

} // namespace allocflags

#endif
