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

void Reporter::sleepInAtomic(const SleepInAtomicReport &R) {
  Finding F;
  F.Check = CheckKind::SleepInAtomic;
  F.Loc = R.Loc;
  F.Message = "'" + R.Callee + "'";
  if (!R.FlagsText.empty())
    F.Message += " with " + R.FlagsText;
  F.Message += " may sleep in atomic context";
  if (R.OnSomePaths)
    F.Message += " (held on some paths only)";
  F.Notes = R.Contexts;
  // A note about a place outside this TU names it in its text and is shown
  // at the warning.
  for (FindingNote &N : F.Notes)
    if (N.Loc.isInvalid())
      N.Loc = R.Loc;
  emit(F);
}
