//===- Summaries.cpp ------------------------------------------------------===//
#include "allocflags/Analysis/Summaries.h"
#include "allocflags/Analysis/ContextAnalysis.h"
#include "allocflags/Analysis/IndirectCalls.h"
#include "allocflags/Analysis/Sleep.h"
#include "allocflags/Analysis/TUContext.h"
#include "allocflags/Model/Model.h"
#include "clang/AST/Stmt.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/DenseMap.h"

using namespace clang;
using namespace allocflags;

namespace {

class CalleeCollector : public RecursiveASTVisitor<CalleeCollector> {
public:
  CalleeCollector(TUContext &TU, llvm::SmallVectorImpl<const FunctionDecl *> &Out) : TU(TU), Out(Out) {}
  bool VisitCallExpr(CallExpr *CE) {
    add(CE->getDirectCallee());
    // The functions a pointer called here may hold are summarised first.
    if (const IndirectCall *IC = TU.indirectCalls().resolve(CE))
      for (const IndirectTarget &T : IC->Targets)
        add(T.Decl);
    return true;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *CE) {
    add(CE->getConstructor());
    return true;
  }
  bool VisitVarDecl(VarDecl *VD) {
    if (const auto *A = VD->getAttr<CleanupAttr>())
      add(A->getFunctionDecl());
    if (const CXXRecordDecl *RD = VD->getType()->getAsCXXRecordDecl())
      if (RD->hasDefinition())
        add(RD->getDestructor());
    return true;
  }
  bool shouldVisitLambdaBody() const { return false; }

private:
  void add(const FunctionDecl *FD) {
    if (!FD)
      return;
    const FunctionDecl *Def = FD->getDefinition();
    if (!Def || !Def->hasBody() || Def->isDependentContext())
      return;
    if (TU.factsFor(Def))
      return; // the model decides, not the body
    if (llvm::find(Out, Def) == Out.end())
      Out.push_back(Def);
  }
  TUContext &TU;
  llvm::SmallVectorImpl<const FunctionDecl *> &Out;
};

/// Records what the summary needs while the analysis walks the function.
class SummaryObserver : public OperationObserver {
public:
  SummaryObserver(TUContext &TU, const ContextAnalysis &A, FunctionSummary &Sum) : TU(TU), A(A), Sum(Sum) {}

  void onOperation(const Operation &Op, const ContextState &S) override {
    SleepVerdict V = classifySleep(A, Op, S);
    // A sleep behind the function's own test that it is not atomic
    // (`if (!in_atomic()) msleep(1); else cpu_relax();`) is none for its
    // callers in atomic context; a lock it takes after the test is judged
    // here, where it is held.
    bool OnlyWhereItMay = S.testedNotAtomic() && !S.isAtomic(TU.model(), JoinRuleKind::May);
    // Whether a context its callers give it can be reported here (the tool
    // checks this TU again for such a context only then), whatever this
    // analysis without context makes of it (a PREEMPT_RT-only sleep, one
    // behind a test).  A sleep that depends on the flags its callers pass
    // is reported at their calls, whatever the context: their flags seeded
    // as blocking make it one under a blocking guard (applyGuard), as
    // non-blocking none.
    if (V.Kind != SleepVerdict::KindT::No && V.Kind != SleepVerdict::KindT::IfParamBlocks)
      Sum.SleepsHere |= !reportedInCallee(TU, Op, V);
    if (V.Kind != SleepVerdict::KindT::No && !V.RTOnly && !OnlyWhereItMay) {
      SleepEvidence E;
      E.Site = TU.position(Op.Loc);
      E.What = V.What;
      E.Flags = V.Flags;
      E.OutsideInterruptOnly = V.OutsideInterruptOnly;
      E.FaultsEnabledOnly = V.FaultsEnabledOnly;
      E.Doubt = V.Doubt;
      if (V.Via)
        E.ViaUSR = V.Via->USR;
      E.Released = A.releasedSinceEntry(S);
      auto AddDrops = [&](llvm::ArrayRef<std::pair<std::string, std::string>> Drops, int Hi) {
        for (const auto &[Kind, Key] : Drops) {
          ContextDelta D;
          D.Kind = Kind;
          D.KeyTemplate = templatizeKey(Key, A.function(), TU.ast(), D.Opaque);
          D.Lo = -1;
          D.Hi = static_cast<int8_t>(Hi);
          E.Released.push_back(std::move(D));
        }
      };
      AddDrops(V.Drops, -1);
      AddDrops(V.PartlyDrops, 0);
      if (V.Kind == SleepVerdict::KindT::Yes || V.Kind == SleepVerdict::KindT::Maybe) {
        // The tests of our parameters on the way to this sleep; the summary
        // keeps those every sleep shares.
        llvm::SmallVector<ParamTest, 1> Tests(S.paramTests().begin(), S.paramTests().end());
        for (const ParamTest &T : V.Requires)
          if (!llvm::is_contained(Tests, T))
            Tests.push_back(T);
        addSleepWay(Sum, E, Tests);
        if (!Sum.Sleeps)
          Sum.SleepsOnlyIf = std::move(Tests);
        else
          intersectTests(Sum.SleepsOnlyIf, Tests);
        // Keep the first unconditional sleep; prefer one that drops less of
        // the caller's context, then one without doubt.
        if (!Sum.Sleeps || E.releaseRank() < Sum.Sleeps->releaseRank() ||
            (!Sum.Sleeps->Doubt.empty() && E.Doubt.empty() && E.releaseRank() == Sum.Sleeps->releaseRank()))
          Sum.Sleeps = std::move(E);
      } else if (llvm::none_of(Sum.SleepsIfGfp, [&](const GfpParamSleep &P) { return P.Param == V.Param; })) {
        Sum.SleepsIfGfp.push_back({V.Param, std::move(E)});
      }
    }
    if (!Sum.Flagless && !Op.Indirect && !S.mayBeInFlagsScope(TU.model()))
      // Kept only as far up as reports may reach (MaxFlaglessDepth).
      if (std::optional<SleepEvidence> E = flaglessAt(TU, Op, MaxFlaglessDepth - 1))
        Sum.Flagless = std::move(E);
    if (Op.Facts && Op.Facts->Free)
      recordFreedParam(Op, *Op.Facts->Free, Op.Name.str(), S);
    // Where memory from elsewhere can be judged (BackendMismatch): a free
    // here, or a call of a function that frees what it is passed and is
    // not reported inside.
    if (!Op.Indirect && Op.Facts)
      Sum.FreesHere |= Op.Facts->Free.has_value();
    else if (!Op.Indirect && Op.Callee && !TU.reportedInside(Op.Callee))
      if (const FunctionSummary *G = TU.summaryOf(Op.Callee))
        Sum.FreesHere |= !G->FreesParams.empty();
    if (Op.isIndirectBase() && Op.CallE) {
      recordCall(Op, S); // resolved by its key in the whole program
      return;
    }
    // Implicit calls (destructors, cleanup functions) have no expression
    // but are calls all the same.
    if (!Op.Facts && Op.Callee && (Op.CallE || Op.Index == Operation::NotInTable)) {
      recordCall(Op, S);
      if (Op.Indirect)
        return;
      addInlineCallees(Op);
      // passing our parameter to a function that frees it frees it here too
      if (const FunctionSummary *G = TU.summaryOf(Op.Callee))
        for (const FreedParam &P : G->FreesParams)
          if (const auto Mine = paramOf(A.operations().argExpr(Op, P.Param), P.Deref)) {
            FreedParam Q = P;
            Q.Param = Mine->first;
            Q.Deref = Mine->second;
            addFreed(std::move(Q));
          }
    }
  }

  void onReturn(const ReturnStmt *R, const ContextState &S) override {
    Provenance P = A.provenanceOf(R->getRetValue(), S);
    if (!P.known() || P.FromField)
      return;
    const Model &M = TU.model();
    for (unsigned I = 0; I < M.families().size(); ++I)
      if ((P.Families & (1u << I)) && !llvm::is_contained(Sum.Returns.Families, M.families()[I].Name))
        Sum.Returns.Families.push_back(M.families()[I].Name);
    llvm::sort(Sum.Returns.Families);
    if (!Sum.Returns.Site.valid() && P.Site != UINT32_MAX) {
      const ProvenanceSite &Site = A.site(P.Site);
      Sum.Returns.What = Site.What;
      Sum.Returns.Site = TU.position(Site.Chain.empty() ? Site.Loc : Site.Chain.front().Loc);
    }
  }

private:
  /// FunctionSummary::InlineCallees: a function of another file called
  /// from a header's function, or what a callee of this TU reaches so.
  void addInlineCallees(const Operation &Op) {
    const FunctionDecl *Def = Op.Callee->getDefinition();
    if (!Def || !Def->hasBody()) {
      if (!TU.inMainFile(A.function()))
        addInlineCallee(TU.usr(Op.Callee));
      return;
    }
    if (const FunctionSummary *G = TU.summaryOf(Op.Callee); G && G != &Sum) {
      for (const std::string &U : G->InlineCallees)
        addInlineCallee(U);
      Sum.InlineCalleesLost |= G->InlineCalleesLost;
    }
  }
  void addInlineCallee(const std::string &U) {
    if (U.empty() || llvm::is_contained(Sum.InlineCallees, U))
      return;
    if (Sum.InlineCallees.size() >= MaxInlineCallees)
      Sum.InlineCalleesLost = true;
    else
      Sum.InlineCallees.push_back(U);
  }

  /// The parameter an argument is (p), or points into (*p / &p->x is not).
  std::optional<std::pair<unsigned, bool>> paramOf(const Expr *E, bool Deref) {
    if (!E)
      return std::nullopt;
    E = E->IgnoreParenCasts();
    if (Deref) {
      if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_AddrOf)
        return std::nullopt; // &local: not one of ours
      if (auto I = A.paramIndex(E))
        return std::make_pair(*I, true);
      return std::nullopt;
    }
    if (auto I = A.paramIndex(E))
      return std::make_pair(*I, false);
    if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_Deref)
      if (auto I = A.paramIndex(U->getSubExpr()))
        return std::make_pair(*I, true);
    return std::nullopt;
  }

  void addFreed(FreedParam Q) {
    if (Sum.FreesParams.size() >= 8 ||
        llvm::any_of(Sum.FreesParams, [&](const FreedParam &X) { return X.Param == Q.Param && X.Deref == Q.Deref; }))
      return;
    Sum.FreesParams.push_back(std::move(Q));
  }

  /// A free of what a parameter holds, when nothing here says where it came
  /// from: the callers know.
  void recordFreedParam(const Operation &Op, const FreeFunction &F, const std::string &Name, const ContextState &S) {
    const Expr *Ptr = A.operations().argExpr(Op, F.PtrArg);
    if (!Ptr || A.provenanceOf(Ptr, S).known())
      return;
    auto Mine = paramOf(Ptr, false);
    if (!Mine)
      return;
    FreedParam Q;
    Q.Param = Mine->first;
    Q.Deref = Mine->second;
    Q.Free = Name;
    Q.Accepted.assign(F.Families.begin(), F.Families.end());
    if (F.SinceVersion && (!TU.kernelVersion() || TU.kernelVersion() >= F.SinceVersion))
      Q.Accepted.insert(Q.Accepted.end(), F.SinceFamilies.begin(), F.SinceFamilies.end());
    Q.Site = TU.position(Op.Loc);
    addFreed(std::move(Q));
  }

  /// A call to a function, or through a pointer (Op.Indirect): without a
  /// callee, by the pointer's key; with one, one target of the pointer.
  void recordCall(const Operation &Op, const ContextState &S) {
    CallSiteSummary C;
    llvm::SmallVector<QualType, 4> ParamTypes = parameterTypes(Op);
    if (Op.Callee) {
      C.CalleeUSR = TU.usr(Op.Callee);
      if (C.CalleeUSR.empty())
        return;
    } else {
      C.IndirectKey = Op.Indirect->Key;
      C.IndirectType = Op.Indirect->Type;
    }
    C.CalleeName = Op.Name.str();
    C.Site = TU.position(Op.Loc);
    C.Doubt = S.pathDoubt(TU.model()).str();
    if (Op.Indirect) {
      C.Pointer = Op.Indirect->Pointer;
      if (C.Doubt.empty())
        C.Doubt = Op.Callee ? Op.Indirect->doubt() : Op.Indirect->optionalDoubt();
      if (Op.Callee)
        C.StoredAt = Op.Target->Site;
    }
    // The whole-program pass carries contexts down this call: one-time
    // initialisation or a test that picks a way not to sleep makes them
    // doubtful there too (EntryContexts does the same for calls followed in
    // the TU).
    if (C.Doubt.empty())
      C.Doubt = branchDoubt(A, Op);
    const FunctionOperations &Ops = A.operations();
    unsigned N = ParamTypes.size();
    for (unsigned I = 0; I < N; ++I) {
      C.ArgTexts.push_back(Ops.argText(Op, I));
      const Expr *E = Ops.argExpr(Op, I);
      if (!E)
        continue;
      if (TU.isGfpType(ParamTypes[I])) {
        FlagsValue F = A.evaluateFlags(E, S);
        GfpArgFact G;
        if (F.Kind == FlagsValue::KindT::Constant) {
          G.Kind = GfpArgFact::KindT::Constant;
          G.Blocks = TU.gfp().maySleep(F.Value);
          G.Request = TU.gfp().isRequest(F.Value);
          G.Restricts = TU.gfp().restrictsReclaim(F.Value);
        } else if (F.Kind == FlagsValue::KindT::Param) {
          G.Kind = GfpArgFact::KindT::Param;
          G.Param = F.Param;
          G.ForcedOn = F.ForcedOn;
          G.ForcedOff = F.ForcedOff;
        }
        C.GfpArgs.push_back({I, G});
      } else if (ArgFacts F = A.argFacts(E); F.Value) { // a constant, or a null pointer
        C.ConstArgs.push_back({I, *F.Value});
      } else if (auto PF = A.paramField(E)) { // cfg->fc_mx: our callers may know it
        C.FieldArgs.push_back({I, PF->first, std::move(PF->second)});
      } else {
        for (FieldValue &V : A.localFields(E, I)) // &cfg, a local struct
          C.ArgFields.push_back(std::move(V));
        if (F.KnownOnes)
          C.ArgOnes.push_back({I, F.KnownOnes});
        if (auto Passed = A.passedPointer(E)) // cfg, ours: what our callers know of it goes on
          C.PointerArgs.push_back({I, Passed->first, std::move(Passed->second)});
        if (auto Mine = paramOf(E, false))
          C.ParamArgs.push_back({I, Mine->first, Mine->second});
        else if (auto M = A.maskedParam(E)) // flags & MSG_DONTWAIT
          C.MaskArgs.push_back({I, M->first, M->second});
      }
    }
    C.GuardParam = A.blockingGuard(S);
    C.InFlagsScope = S.mayBeInFlagsScope(TU.model());
    C.Requires.assign(S.paramTests().begin(), S.paramTests().end());
    C.Released = A.releasedSinceEntry(S);
    for (const HeldContext &H : S.held())
      if (TU.model().kind(H.Kind).Interrupt && H.Min > 0)
        C.InInterruptOnly = true;
    Sum.Calls.push_back(std::move(C));
  }

  TUContext &TU;
  const ContextAnalysis &A;
  FunctionSummary &Sum;
};

} // namespace

std::optional<NonBlockingCall> allocflags::nonBlockingCaller(TUContext &TU, const FunctionDecl *FD, unsigned Param,
                                                             bool OrRestricted) {
  if (const SummaryStore *Store = TU.store())
    return Store->nonBlockingCall(TU.usr(FD), Param, OrRestricted);
  return findNonBlockingCall(
      [&](llvm::function_ref<void(const FunctionSummary &)> Visit) {
        TU.forEachMainFileFunction([&](const FunctionDecl *F) {
          if (const FunctionSummary *S = TU.inferredSummary(F))
            Visit(*S);
        });
      },
      TU.usr(FD), Param, OrRestricted);
}

std::optional<SleepEvidence> allocflags::flaglessAt(TUContext &TU, const Operation &Op, unsigned MaxCalleeDepth) {
  SleepEvidence E;
  E.Site = TU.position(Op.Loc);
  E.What = Op.Name.str();
  if (Op.Facts) {
    if (!Op.Facts->Flagless)
      return std::nullopt;
    E.Flags = Op.Facts->Flagless->Implies;
    return E;
  }
  if (!Op.Callee || !Op.CallE)
    return std::nullopt;
  if (TU.gfpParam(Op.Callee))
    return std::nullopt; // told how by its flags
  const FunctionSummary *G = TU.summaryOf(Op.Callee);
  if (!G || !G->Flagless ||
      flaglessDepth(*G, [&](llvm::StringRef U) { return TU.summaryByUSR(U); }) > MaxCalleeDepth)
    return std::nullopt;
  E.Flags = G->Flagless->Flags;
  E.ViaUSR = G->USR;
  return E;
}

llvm::SmallVector<const FunctionDecl *, 8> allocflags::calleesInTU(TUContext &TU, const FunctionDecl *FD) {
  llvm::SmallVector<const FunctionDecl *, 8> Out;
  CalleeCollector C(TU, Out);
  C.TraverseStmt(const_cast<Stmt *>(FD->getBody()));
  return Out;
}

/// Parameters of \p FD it calls as functions: `handler(gvt, off, data)`.
static std::vector<unsigned> calledParams(const FunctionDecl *FD) {
  struct Finder : RecursiveASTVisitor<Finder> {
    const FunctionDecl *FD;
    std::vector<unsigned> Out;
    bool VisitCallExpr(CallExpr *CE) {
      if (CE->getDirectCallee())
        return true;
      const Expr *Callee = CE->getCallee()->IgnoreParenImpCasts();
      if (const auto *U = dyn_cast<UnaryOperator>(Callee); U && U->getOpcode() == UO_Deref)
        Callee = U->getSubExpr()->IgnoreParenImpCasts();
      if (const auto *DRE = dyn_cast<DeclRefExpr>(Callee))
        if (const auto *P = dyn_cast<ParmVarDecl>(DRE->getDecl()); P && P->getDeclContext() == FD)
          if (!llvm::is_contained(Out, P->getFunctionScopeIndex()))
            Out.push_back(P->getFunctionScopeIndex());
      return true;
    }
  } F;
  F.FD = FD;
  F.TraverseStmt(const_cast<Stmt *>(FD->getBody()));
  return F.Out;
}

FunctionSummary SummaryBuilder::summarise(const FunctionDecl *FD) {
  FunctionSummary Sum;
  Sum.CallsParams = calledParams(FD);
  Sum.USR = TU.usr(FD);
  Sum.Name = FD->getDeclName().isIdentifier() ? FD->getName().str() : FD->getNameAsString();
  Sum.Definition = TU.position(FD->getLocation());
  for (const ParmVarDecl *P : FD->parameters()) {
    Sum.Params.push_back(P->getName().str());
    Sum.TakesGfp |= TU.isGfpType(P->getType());
  }
  ContextAnalysis A(TU, FD);
  if (!A.run())
    return Sum;
  SummaryObserver Obs(TU, A, Sum);
  A.observe(Obs);
  if (const ContextState *Exit = A.exitState())
    Sum.Effects = A.netEffects(*Exit);
  return Sum;
}

void SummaryBuilder::build(llvm::ArrayRef<const FunctionDecl *> Roots) {
  auto &Inferred = TU.inferredByDecl();
  // Tarjan's algorithm, iterative; components come out callees first.
  llvm::DenseMap<const FunctionDecl *, unsigned> Num, Low;
  llvm::DenseMap<const FunctionDecl *, bool> OnStack;
  std::vector<const FunctionDecl *> Stack;
  struct Frame {
    const FunctionDecl *F;
    llvm::SmallVector<const FunctionDecl *, 8> Succ;
    unsigned Next = 0;
  };
  std::vector<Frame> Work;
  unsigned Counter = 0;
  for (const FunctionDecl *Root : Roots) {
    Root = Root->getDefinition() ? Root->getDefinition() : Root;
    if (Inferred.count(Root) || Num.count(Root) || !Root->hasBody())
      continue;
    Work.push_back({Root, calleesInTU(TU, Root)});
    Num[Root] = Low[Root] = Counter++;
    Stack.push_back(Root);
    OnStack[Root] = true;
    while (!Work.empty()) {
      Frame &Fr = Work.back();
      if (Fr.Next < Fr.Succ.size()) {
        const FunctionDecl *W = Fr.Succ[Fr.Next++];
        if (Inferred.count(W))
          continue; // summarised earlier
        if (!Num.count(W)) {
          Num[W] = Low[W] = Counter++;
          Stack.push_back(W);
          OnStack[W] = true;
          Work.push_back({W, calleesInTU(TU, W)});
        } else if (OnStack[W]) {
          Low[Fr.F] = std::min(Low[Fr.F], Num[W]);
        }
        continue;
      }
      const FunctionDecl *V = Fr.F;
      if (Low[V] == Num[V]) {
        std::vector<const FunctionDecl *> SCC;
        const FunctionDecl *W;
        do {
          W = Stack.back();
          Stack.pop_back();
          OnStack[W] = false;
          SCC.push_back(W);
        } while (W != V);
        // Members start with empty summaries (recursion adds nothing at
        // first) and are recomputed until no summary changes.
        for (const FunctionDecl *F : SCC) {
          FunctionSummary Empty;
          Empty.USR = TU.usr(F);
          Empty.Name = F->getNameAsString();
          FunctionSummary &Slot = TU.Local.getOrCreate(Empty.USR.empty() ? F->getNameAsString() : Empty.USR);
          Slot = std::move(Empty);
          Inferred[F] = &Slot;
        }
        bool Recursive = SCC.size() > 1 || llvm::is_contained(calleesInTU(TU, SCC.front()), SCC.front());
        for (unsigned Round = 0; Round < 8; ++Round) {
          bool Changed = false;
          for (const FunctionDecl *F : SCC) {
            FunctionSummary New = summarise(F);
            auto *Slot = const_cast<FunctionSummary *>(Inferred[F]);
            if (!New.sameFacts(*Slot))
              Changed = true;
            *Slot = std::move(New);
          }
          if (!Changed || !Recursive)
            break; // a function that does not recurse needs one pass
        }
      }
      Work.pop_back();
      if (!Work.empty())
        Low[Work.back().F] = std::min(Low[Work.back().F], Low[V]);
    }
  }
}
