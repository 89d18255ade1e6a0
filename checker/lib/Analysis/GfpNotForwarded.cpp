//===- GfpNotForwarded.cpp ------------------------------------------------===//
#include "allocflags/Analysis/GfpNotForwarded.h"
#include "allocflags/Analysis/CheckPass.h"
#include "llvm/ADT/DenseSet.h"
#include "allocflags/Analysis/ContextAnalysis.h"
#include "allocflags/Analysis/Summaries.h"
#include "allocflags/Analysis/TUContext.h"
#include "allocflags/Model/Model.h"
#include "allocflags/Report/Finding.h"

#include "clang/AST/Decl.h"

using namespace clang;
using namespace allocflags;

namespace {

class ForwardObserver : public OperationObserver {
public:
  ForwardObserver(TUContext &TU, const ContextAnalysis &A, const ParmVarDecl *Gfp,
                  std::vector<GfpNotForwardedReport> &Out)
      : TU(TU), A(A), Gfp(Gfp), Out(Out) {}

  void onOperation(const Operation &Op, const ContextState &S) override {
    if (Op.Indirect)
      return; // the pointer may hold functions that take no flags there
    if (A.blockingGuard(S))
      return; // the function's own flags allow blocking here
    for (int Arg : gfpArgs(Op)) {
      FlagsValue V = A.flagsOf(Op, Arg, S);
      if (V.Kind != FlagsValue::KindT::Constant || !TU.gfp().maySleep(V.Value))
        continue;
      GfpNotForwardedReport Rep;
      Rep.Loc = Op.Loc;
      Rep.Callee = Op.Name.str();
      Rep.FlagsText = A.flagsText(Op, Arg);
      Rep.Function = A.function()->getNameAsString();
      Rep.Param = Gfp->getName().str();
      Rep.ParamIndex = Gfp->getFunctionScopeIndex();
      Rep.ParamLoc = TU.userLoc(Gfp->getLocation());
      Out.push_back(std::move(Rep));
      return;
    }
  }

private:
  /// The arguments of \p Op that are gfp flags: the model's flags argument,
  /// or the callee's gfp_t parameters that it allocates or sleeps with.  A
  /// function whose summary shows it only masks or stores its gfp_t
  /// (`mapping_gfp_constraint(mapping, ~__GFP_FS)`) takes a mask, not a
  /// request; one without a summary is taken at its word.
  llvm::SmallVector<int, 2> gfpArgs(const Operation &Op) {
    llvm::SmallVector<int, 2> Out;
    if (Op.Facts) {
      if (Op.Facts->Alloc && Op.Facts->Alloc->FlagsArg >= 0)
        Out.push_back(Op.Facts->Alloc->FlagsArg);
      else if (Op.Facts->DropsLock)
        Out.push_back(Op.Facts->DropsLock->FlagsArg);
      return Out;
    }
    if (!Op.Callee)
      return Out;
    const FunctionSummary *Sum = TU.summaryOf(Op.Callee);
    for (unsigned I = 0; I < Op.Callee->getNumParams(); ++I) {
      if (!TU.isGfpType(Op.Callee->getParamDecl(I)->getType()))
        continue;
      if (Sum && llvm::none_of(Sum->SleepsIfGfp, [&](const GfpParamSleep &P) { return P.Param == I; }))
        continue;
      Out.push_back(static_cast<int>(I));
    }
    return Out;
  }

  TUContext &TU;
  const ContextAnalysis &A;
  const ParmVarDecl *Gfp;
  std::vector<GfpNotForwardedReport> &Out;
};

} // namespace

namespace {

/// Judged in each function's own analysis (the contract does not depend on
/// the context a caller gives).
class GfpNotForwardedPass : public CheckPass {
public:
  GfpNotForwardedPass(TUContext &TU, SummaryStore *Out) : TU(TU), Out(Out) {}
  void onAnalysed(const FunctionDecl *FD, ContextAnalysis &A) override {
    if (!TU.inMainFile(FD) || A.hasEntryContext() || !Seen.insert(FD).second)
      return;
    const ParmVarDecl *Gfp = TU.gfpParam(FD);
    if (!Gfp)
      return;
    ForwardObserver Obs(TU, A, Gfp, Found);
    A.observe(Obs);
    Functions.resize(Found.size(), FD);
  }
  /// A function that takes gfp flags and allocates with GFP_KERNEL anyway is
  /// a bug only if some caller passes flags that do not allow blocking: its
  /// flags may be a zone hint (GFP_DMA), or every caller may block.  That
  /// caller is looked for in the whole program (the summary store) or, for a
  /// lone TU, in the TU; without one the finding is low confidence.
  void finish(Reporter &R) override {
    for (GfpNotForwardedReport &Rep : Found) {
      const FunctionDecl *FD = Functions[&Rep - Found.data()];
      const FunctionSummary *Own = TU.summaryOf(FD);
      std::optional<NonBlockingCall> Call = nonBlockingCaller(TU, FD, Rep.ParamIndex);
      if (Out) // the whole program may say otherwise
        Out->CallersAsked.insert(TU.usr(FD));
      // Sleeping elsewhere unconditionally: GFP_ATOMIC callers have a
      // bigger problem, reported where it is.
      if (Own && Own->Sleeps && Own->SleepsOnlyIf.empty() && Own->Sleeps->Doubt.empty() &&
          Own->Sleeps->Released.empty() && !(Own->Sleeps->Site == TU.position(Rep.Loc))) {
        Rep.LowReason = "'" + Rep.Function + "' sleeps anyway, whatever flags it is given";
      } else if (Call) {
        Rep.NonBlockingCaller = "'" + Call->Caller + "' calls it with flags that do not allow blocking";
        SourceLocation L = TU.locationOf(Call->Site);
        if (L.isInvalid())
          Rep.NonBlockingCaller += " (" + Call->Site.str() + ")";
        else
          Rep.NonBlockingCallerLoc = L;
      } else {
        Rep.LowReason = "no caller known to allocflags passes '" + Rep.Function +
                        "' flags that do not allow blocking";
      }
      if (Rep.LowReason.empty() || TU.options().ReportLowConfidence)
        R.gfpNotForwarded(Rep);
    }
  }

private:
  TUContext &TU;
  SummaryStore *Out; ///< phase 1 of the tool: the TU's facts go here
  llvm::DenseSet<const FunctionDecl *> Seen;
  std::vector<GfpNotForwardedReport> Found;
  std::vector<const FunctionDecl *> Functions; ///< whose report Found[i] is
};

} // namespace

std::unique_ptr<CheckPass> allocflags::makeGfpNotForwardedPass(const PassInputs &In) {
  return std::make_unique<GfpNotForwardedPass>(In.TU, In.Summaries);
}
