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

/// Where \p Op allocates with flags its caller cannot choose: a flags-less
/// API (model flagless_allocators), or a call to a function that takes no
/// gfp flags and does so itself (its summary's Flagless).  Scopes that say
/// how (memalloc_nofs_save()) are the caller's to check.  A callee's
/// allocation counts when it is at most \p MaxCalleeDepth calls below the
/// callee (MaxFlaglessDepth).
struct Operation;
std::optional<SleepEvidence> flaglessAt(TUContext &TU, const Operation &Op,
                                        unsigned MaxCalleeDepth = MaxFlaglessDepth);

/// A caller passing parameter \p Param of \p FD flags that do not allow
/// blocking (with \p OrRestricted, or that restrict reclaim): looked for in
/// the whole program (the summary store) or, for a lone TU, in the TU.
std::optional<NonBlockingCall> nonBlockingCaller(TUContext &TU, const clang::FunctionDecl *FD, unsigned Param,
                                                 bool OrRestricted = false);

/// The callees of \p FD that have a body in the TU and no model entry.
llvm::SmallVector<const clang::FunctionDecl *, 8> calleesInTU(TUContext &TU, const clang::FunctionDecl *FD);

} // namespace allocflags

#endif
