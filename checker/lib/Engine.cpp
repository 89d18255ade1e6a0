//===- Engine.cpp ---------------------------------------------------------===//
#include "allocflags/Engine.h"
#include "allocflags/Analysis/SleepInAtomic.h"
#include "Support/LLVMCompat.h"

using namespace allocflags;

void allocflags::runChecks(TUContext &TU, llvm::ArrayRef<CheckKind> Checks, Reporter &R) {
  for (CheckKind K : Checks) {
    switch (K) {
    case CheckKind::SleepInAtomic:
      runSleepInAtomic(TU, R);
      break;
    }
  }
}

llvm::ArrayRef<llvm::StringRef> allocflags::optionKeys() {
  static const llvm::StringRef Keys[] = {"JoinRule", "ModelFiles"};
  return Keys;
}

llvm::Error allocflags::applyOption(AnalysisOptions &Opts, llvm::StringRef Key, llvm::StringRef Value) {
  if (Key == "JoinRule") {
    if (Value == "must")
      Opts.JoinRule = JoinRuleKind::Must;
    else if (Value == "may")
      Opts.JoinRule = JoinRuleKind::May;
    else
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "option JoinRule: '%s' is not 'must' or 'may'", Value.str().c_str());
    return llvm::Error::success();
  }
  if (Key == "ModelFiles")
    return llvm::Error::success(); // read by the front ends, which load the model
  return llvm::createStringError(llvm::inconvertibleErrorCode(), "unknown option '%s' (known: JoinRule, ModelFiles)",
                                 Key.str().c_str());
}
