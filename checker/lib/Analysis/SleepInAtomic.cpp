//===- SleepInAtomic.cpp --------------------------------------------------===//
#include "allocflags/Analysis/SleepInAtomic.h"
#include "allocflags/Analysis/ContextAnalysis.h"
#include "allocflags/Analysis/TUContext.h"
#include "allocflags/Report/Finding.h"

#include "clang/AST/Decl.h"

using namespace clang;
using namespace allocflags;

namespace {

class SleepObserver : public OperationObserver {
public:
  SleepObserver(TUContext &TU, const ContextAnalysis &A, Reporter &R) : TU(TU), A(A), R(R) {}

  void onOperation(const Operation &Op, const ContextState &S) override {
    if (!Op.Facts)
      return;
    const Model &M = TU.model();
    const FunctionFacts &F = *Op.Facts;
    std::string FlagsText;
    bool Sleeps = false;
    if (F.Sleeps)
      Sleeps = F.Sleeps->Condition == SleepConditionKind::Always || !S.mayBeInInterrupt(M);
    if (!Sleeps && F.Alloc) {
      if (F.Alloc->AlwaysSleeps) {
        Sleeps = true;
      } else if (F.Alloc->FlagsArg >= 0) {
        std::optional<uint64_t> V = A.flagsValue(Op, F.Alloc->FlagsArg, S);
        if (V && TU.gfp().maySleep(*V)) {
          Sleeps = true;
          FlagsText = A.flagsText(Op, F.Alloc->FlagsArg);
        }
      }
    }
    if (!Sleeps)
      return;
    JoinRuleKind Rule = JoinRuleKind::Must;
    if (!S.isAtomic(M, JoinRuleKind::Must)) {
      if (TU.options().JoinRule != JoinRuleKind::May || !S.isAtomic(M, JoinRuleKind::May))
        return;
      Rule = JoinRuleKind::May;
    }
    SleepInAtomicReport Rep;
    Rep.Loc = Op.Loc;
    Rep.Callee = Op.Name.str();
    Rep.FlagsText = FlagsText;
    Rep.OnSomePaths = Rule == JoinRuleKind::May;
    Rep.Contexts = A.contextNotes(S, Rule);
    R.sleepInAtomic(Rep);
  }

private:
  TUContext &TU;
  const ContextAnalysis &A;
  Reporter &R;
};

} // namespace

void allocflags::runSleepInAtomic(TUContext &TU, Reporter &R) {
  TU.forEachMainFileFunction([&](const FunctionDecl *FD) {
    ContextAnalysis A(TU, FD);
    if (!A.run())
      return;
    SleepObserver Obs(TU, A, R);
    A.observe(Obs);
  });
}
