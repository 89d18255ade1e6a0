//===- Finding.cpp - the words of every diagnostic -----------------------===//
#include "allocflags/Report/Finding.h"

using namespace allocflags;

llvm::StringRef allocflags::checkName(CheckKind K) {
  switch (K) {
#define ALLOCFLAGS_CHECK(Name, Class, Kind)                                                        \
  case CheckKind::Kind:                                                                            \
    return Name;
#include "allocflags/Checks.def"
  }
  return "allocflags-unknown";
}

Reporter::~Reporter() = default;

/// A note about a place outside this TU names it in its text and is shown at
/// the warning.
static void notesAtWarning(Finding &F) {
  for (FindingNote &N : F.Notes)
    if (N.Loc.isInvalid())
      N.Loc = F.Loc;
}

void Reporter::sleepInAtomic(const SleepInAtomicReport &R) {
  Finding F;
  F.Check = CheckKind::SleepInAtomic;
  F.Loc = R.Loc;
  F.Message = "'" + R.Callee + "'";
  if (!R.FlagsText.empty())
    F.Message += " with " + R.FlagsText;
  F.Message += " may sleep in atomic context";
  if (R.PreemptRT)
    F.Message += " on PREEMPT_RT";
  if (R.OnSomePaths)
    F.Message += " (held on some paths only)";
  F.Notes = R.Contexts;
  notesAtWarning(F);
  lowConfidenceNote(F, R.LowReason);
  emit(F);
}

void Reporter::lowConfidenceNote(Finding &F, const std::string &Reason) {
  F.LowReason = Reason;
  if (!Reason.empty())
    F.Notes.push_back({F.Loc, "low confidence: " + Reason});
}

void Reporter::gfpNotForwarded(const GfpNotForwardedReport &R) {
  Finding F;
  F.Check = CheckKind::GfpNotForwarded;
  F.Loc = R.Loc;
  F.Message = "'" + R.Callee + "' is given " + R.FlagsText + " instead of the caller's gfp flags '" + R.Param + "'";
  if (R.NonBlockingCaller.empty()) {
    F.Notes.push_back({R.ParamLoc, "'" + R.Function + "' takes its gfp flags in '" + R.Param +
                                       "'; its callers may not allow blocking"});
  } else {
    F.Notes.push_back({R.ParamLoc, "'" + R.Function + "' takes its gfp flags in '" + R.Param + "'"});
    F.Notes.push_back({R.NonBlockingCallerLoc.isValid() ? R.NonBlockingCallerLoc : R.Loc, R.NonBlockingCaller});
  }
  lowConfidenceNote(F, R.LowReason);
  emit(F);
}

void Reporter::backendMismatch(const BackendMismatchReport &R) {
  Finding F;
  F.Check = CheckKind::BackendMismatch;
  F.Loc = R.Loc;
  std::string From = R.Allocator.empty() ? "memory from the " + R.Families + " allocator"
                                         : "memory from '" + R.Allocator + "' (" + R.Families + ")";
  if (!R.FromCache.empty()) {
    F.Message = "'" + R.Free + "' returns an object of cache '" + R.FromCache + "' to cache '" + R.ToCache + "'";
  } else if (!R.SinceVersion.empty()) {
    F.Message = "'" + R.Free + "' frees " + From + ", which it accepts only since Linux " + R.SinceVersion;
  } else if (R.Realloc) {
    F.Message = "'" + R.Free + "' resizes " + From + ", which it cannot resize";
  } else {
    F.Message = "'" + R.Free + "' frees " + From + ", which it cannot free";
  }
  if (!R.Via.empty())
    F.Message = "'" + R.Via + "' is passed " + From + " and frees it with '" + R.Free + "'";
  if (!R.Suggest.empty())
    F.Message += "; use '" + R.Suggest + "'";
  F.Notes = R.Notes;
  notesAtWarning(F);
  if (!R.Suggest.empty() && R.SuggestRange.isValid())
    F.Fixes.push_back({R.SuggestRange, R.Suggest});
  emit(F);
}

void Reporter::implicitAllocation(const ImplicitAllocationReport &R) {
  Finding F;
  F.Check = CheckKind::ImplicitAllocation;
  F.Loc = R.Loc;
  if (!R.Param.empty()) {
    // Kernel C: handed flags, allocates with others.
    std::string Given = "not the gfp flags '" + R.Param + "' that '" + R.Function + "' is given";
    F.Message = R.Via.empty() ? "'" + R.What + "' allocates with " + R.Flags + ", " + Given
                              : "'" + R.Via + "' allocates with " + R.Flags + " inside ('" + R.What + "'), " + Given;
    if (!R.Suggest.empty())
      F.Message += "; use '" + R.Suggest + "'";
    F.Notes.push_back({R.ParamLoc, "'" + R.Function + "' takes its gfp flags in '" + R.Param + "'"});
    F.Notes.append(R.Chain.begin(), R.Chain.end());
    if (!R.NonBlockingCaller.empty())
      F.Notes.push_back({R.NonBlockingCallerLoc, R.NonBlockingCaller});
    notesAtWarning(F);
    if (!R.Suggest.empty() && R.SuggestRange.isValid())
      F.Fixes.push_back({R.SuggestRange, R.Suggest});
    lowConfidenceNote(F, R.LowReason);
    emit(F);
    return;
  }
  if (R.Via.empty())
    F.Message = R.What + " allocates without gfp flags in flag-disciplined '" + R.Function + "'";
  else
    F.Message = "'" + R.Via + "' allocates without gfp flags (" + R.What + "), called from flag-disciplined '" +
                R.Function + "'";
  F.Notes = R.Chain;
  notesAtWarning(F);
  lowConfidenceNote(F, R.LowReason);
  emit(F);
}
