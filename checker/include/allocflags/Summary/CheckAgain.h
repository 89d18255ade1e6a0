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
  llvm::StringSet<> Defined, Referenced, FreedFields, Assumed;
  llvm::StringMap<std::vector<std::string>> LocalFields;
  llvm::StringMap<unsigned> IndirectSeen;

  static TUFootprint of(const SummaryStore &TU);
};

/// Whether \p Global knows something the TU did not that can change its
/// findings.
bool needsCheckAgain(const TUFootprint &TU, const SummaryStore &Global, unsigned MaxIndirectTargets);

} // namespace allocflags

#endif
