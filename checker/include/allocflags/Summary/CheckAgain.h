//===- CheckAgain.h - which TUs the whole program can change ----*- C++ -*-===//
//
// After the whole-program pass, a TU is analysed again (phase 2) when facts
// from elsewhere can change its findings: contexts or memory flowing into
// its functions, what other TUs store into fields it frees, external lock
// helpers, allocating returns and callbacks it calls, reports that leaned on
// the default assumption about a function the program defines.  (Sleeping
// inside an external function is reported in that function's TU.)
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCFLAGS_SUMMARY_CHECKAGAIN_H
#define ALLOCFLAGS_SUMMARY_CHECKAGAIN_H

#include "allocflags/Summary/Summary.h"

namespace allocflags {

/// What a TU's phase-1 store says about itself, kept after the store is
/// merged into the whole program's.
struct TUFootprint {
  /// Defined: every function with a body in it; Main: those of its main
  /// file, the only ones it reports in.
  llvm::StringSet<> Defined, Main, Referenced, FreedFields, Assumed, CallersAsked;
  /// Functions it calls in an atomic context itself that it has no summary
  /// of: of other files, or a header's that do nothing but call others.
  llvm::StringSet<> Entered;
  llvm::StringMap<std::vector<std::string>> LocalFields;
  llvm::StringMap<unsigned> IndirectSeen;

  static TUFootprint of(const SummaryStore &TU, llvm::StringRef MainFile);
};

/// Why a TU is checked again: the first of these that holds.
enum class CheckAgainReason {
  None,
  Contexts,       ///< a function of it that sleeps itself is entered in a context from elsewhere
  Memory,         ///< a function of it is passed memory from elsewhere
  FreedFields,    ///< other TUs store into fields it frees
  Assumed,        ///< a report leaned on the default for a function defined elsewhere
  Pointers,       ///< other TUs store functions its calls through pointers may load
  Flagless,       ///< a callee elsewhere allocates without being told how
  CalleeEffects,  ///< a callee elsewhere takes or releases a context
  CalleeReturns,  ///< a callee elsewhere returns allocated memory
  CalleeCallbacks, ///< a callee elsewhere calls a function it is passed
  Callers          ///< a finding turns on its functions' callers in the whole program
};
inline constexpr unsigned NumCheckAgainReasons = 11;
/// For --stats: "contexts", "memory", ...
const char *checkAgainReasonName(CheckAgainReason R);

/// Whether (and why) \p Global knows something the TU did not that can
/// change its findings.
CheckAgainReason needsCheckAgain(const TUFootprint &TU, const SummaryStore &Global, unsigned MaxIndirectTargets);

} // namespace allocflags

#endif
