//===- EntryContexts.cpp --------------------------------------------------===//
#include "allocflags/Analysis/EntryContexts.h"
#include "allocflags/Analysis/ContextAnalysis.h"
#include "allocflags/Analysis/IndirectCalls.h"
#include "allocflags/Analysis/MacroEval.h"
#include "allocflags/Analysis/MacroIndex.h"
#include "allocflags/Analysis/Sleep.h"
#include "allocflags/Analysis/TUContext.h"
#include "allocflags/Model/Model.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include <set>

using namespace clang;
using namespace allocflags;

namespace {

struct Registration {
  const FunctionDecl *Callback;
  llvm::SmallVector<ContextKindId, 2> Kinds;
  SourceLocation Site;
  std::string Via;
  std::string Why;
};

bool sameKinds(const EntryContext &A, const EntryContext &B) { return A.kinds() == B.kinds(); }

/// "$0->lock" with the callee's own parameter names ("" when the template
/// names a parameter the function does not have).
std::string instantiateForCallee(llvm::StringRef Template, const FunctionDecl *FD) {
  std::vector<std::string> Names;
  for (const ParmVarDecl *P : FD->parameters())
    Names.push_back(P->getName().str());
  return normalizeLockText(instantiateWith(Template, Names));
}

/// Adds \p C to \p FD's entry contexts.  Another constant argument makes
/// another context (poll(d, false) and poll(d, true) take different
/// branches); when the function has enough, the first of the same kinds
/// instead keeps only the constants both agree on.  Returns the context to
/// analyse (again), or -1 when nothing changed.
int addOrNarrowEntryContext(TUContext &TU, const FunctionDecl *FD, EntryContext C) {
  int Index = TU.addEntryContext(FD, C);
  if (Index >= 0)
    return Index;
  llvm::ArrayRef<EntryContext> Have = TU.entryContextsOf(FD);
  for (unsigned I = 0; I < Have.size(); ++I) {
    if (!sameKinds(Have[I], C))
      continue;
    if (Have[I].Args == C.Args)
      return -1;
    EntryContext Narrowed = Have[I];
    if (!Narrowed.Args.intersect(C.Args))
      return -1;
    for (EntrySeed &S : Narrowed.Seeds)
      if (S.Doubt.empty())
        S.Doubt = MergedEntryDoubt;
    TU.replaceEntryContext(FD, I, std::move(Narrowed));
    return static_cast<int>(I);
  }
  return -1;
}

/// Callbacks handed to model entry points or installed in model ops-table
/// fields, in the main file.
class RegistrationFinder : public RecursiveASTVisitor<RegistrationFinder> {
public:
  RegistrationFinder(TUContext &TU, std::vector<Registration> &Out) : TU(TU), M(TU.model()), Out(Out) {}
  bool shouldVisitTemplateInstantiations() const { return true; }

  bool VisitCallExpr(CallExpr *CE) {
    const FunctionDecl *Callee = CE->getDirectCallee();
    if (!Callee)
      return true;
    const FunctionFacts *F = TU.factsFor(Callee);
    if (!F || !F->Registrar || F->Registrar->CallbackArg >= static_cast<int>(CE->getNumArgs()))
      return true;
    if (const FunctionDecl *CB = referencedFunction(CE->getArg(F->Registrar->CallbackArg))) {
      // timer_setup() is a macro around init_timer_key(): say what was written
      llvm::StringRef Written = outermostModelMacroName(TU, CE->getExprLoc());
      std::string Name = Written.empty() ? Callee->getNameAsString() : Written.str();
      llvm::SmallVector<ContextKindId, 2> Kinds = F->Registrar->Enter;
      if (flagSet(CE, *F->Registrar))
        Kinds.append(F->Registrar->IfFlag.begin(), F->Registrar->IfFlag.end());
      Out.push_back({CB, Kinds, TU.userLoc(CE->getExprLoc()), "registered with '" + Name + "'", F->Registrar->Why});
    }
    return true;
  }

  bool VisitInitListExpr(InitListExpr *Visited) {
    // The visitor shows the syntactic form; fields are matched in the semantic one.
    const InitListExpr *ILE = Visited->isSemanticForm() ? Visited : Visited->getSemanticForm();
    if (!ILE)
      return true;
    const RecordDecl *RD = ILE->getType()->getAsRecordDecl();
    if (!RD || !RD->getIdentifier())
      return true;
    unsigned I = 0;
    for (const FieldDecl *FD : RD->fields()) {
      if (I >= ILE->getNumInits())
        break;
      const Expr *Init = ILE->getInit(I++);
      if (const EntryField *EF = M.entryField(RD->getName(), FD->getName()))
        if (const FunctionDecl *CB = referencedFunction(Init))
          Out.push_back({CB, EF->Enter, TU.userLoc(Init->getBeginLoc()),
                         "installed as '" + EF->Record + "." + EF->Field + "'", EF->Why});
    }
    return true;
  }

  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->getOpcode() != BO_Assign)
      return true;
    const auto *ME = dyn_cast<MemberExpr>(BO->getLHS()->IgnoreParenImpCasts());
    const auto *FD = ME ? dyn_cast<FieldDecl>(ME->getMemberDecl()) : nullptr;
    if (!FD || !FD->getParent()->getIdentifier())
      return true;
    if (const EntryField *EF = M.entryField(FD->getParent()->getName(), FD->getName()))
      if (const FunctionDecl *CB = referencedFunction(BO->getRHS()))
        Out.push_back({CB, EF->Enter, TU.userLoc(BO->getOperatorLoc()),
                       "installed as '" + EF->Record + "." + EF->Field + "'", EF->Why});
    return true;
  }

private:
  /// Does the registration pass the flag (IRQF_NO_THREAD) that changes how
  /// the callback runs?
  bool flagSet(const CallExpr *CE, const EntryPointRegistrar &R) {
    if (R.FlagsArg < 0 || R.FlagsArg >= static_cast<int>(CE->getNumArgs()) || !TU.preprocessor())
      return false;
    std::optional<uint64_t> Bit = MacroValueEvaluator(*TU.preprocessor(), &TU.ast()).evaluateMacro(R.Flag);
    Expr::EvalResult V;
    const Expr *Arg = CE->getArg(R.FlagsArg);
    if (!Bit || Arg->isValueDependent() || !Arg->EvaluateAsInt(V, TU.ast()))
      return false;
    return (V.Val.getInt().getZExtValue() & *Bit) != 0;
  }

  TUContext &TU;
  const Model &M;
  std::vector<Registration> &Out;
};

std::vector<Registration> findRegistrations(TUContext &TU) {
  std::vector<Registration> Out;
  RegistrationFinder F(TU, Out);
  const SourceManager &SM = TU.sourceManager();
  for (Decl *D : TU.ast().getTranslationUnitDecl()->decls())
    if (SM.isInMainFile(SM.getExpansionLoc(D->getBeginLoc())))
      F.TraverseDecl(D);
  return Out;
}

/// One note per registration, whatever number of contexts it implies.
std::string registrationNote(const Model &M, const Registration &R) {
  std::string Why = !R.Why.empty() ? R.Why : M.kind(R.Kinds.front()).Note; // "runs in hard-IRQ context"
  return "'" + R.Callback->getNameAsString() + "' is " + R.Via + " here and " + Why;
}

/// A function to analyse, with one of its entry contexts (-1: none).
using WorkItem = std::pair<const FunctionDecl *, int>;

/// Flows atomic contexts from calls into the called functions.
class CallContextObserver : public OperationObserver {
public:
  CallContextObserver(TUContext &TU, const ContextAnalysis &A, SummaryStore *Out, std::vector<WorkItem> &Work,
                      std::set<WorkItem> &Done)
      : TU(TU), A(A), Out(Out), Work(Work), Done(Done) {}

  void onOperation(const Operation &Op, const ContextState &S) override {
    // Implicit calls (destructors, cleanup functions) have no expression
    // but are entered all the same.
    if (Op.Facts || (!Op.CallE && Op.Index != Operation::NotInTable))
      return;
    if (!Op.Callee) {
      if (Op.isIndirectBase() && Out && S.isAtomic(TU.model(), JoinRuleKind::Must))
        recordIndirectEntry(Op, S);
      return;
    }
    if (!S.isAtomic(TU.model(), JoinRuleKind::Must)) {
      const FunctionDecl *Def = Op.Callee->getDefinition();
      if (!Op.Indirect)
        flowProvenance(Op, S, Def, Def && Def->hasBody());
      return;
    }
    const FunctionDecl *Def = Op.Callee->getDefinition();
    bool InTU = Def && Def->hasBody();
    if (Op.Indirect && !InTU)
      return; // the entry recorded for the pointer reaches it (recordIndirectEntry)
    if (!Op.Indirect) {
      flowIntoCallbacks(Op, S);
      flowProvenance(Op, S, Def, InTU);
    }
    // Relay: a function here that does not sleep as far as this TU knows,
    // but may call one defined elsewhere that does.  The context goes to the
    // store so the whole-program pass can carry it on through the
    // function's calls; its own TU has nothing to look at again for it.
    bool Relay = false;
    if (InTU) {
      const FunctionSummary *Sum = TU.summaryOf(Op.Callee);
      if (!Sum)
        return;
      if (!Sum->Sleeps) {
        if (!Out || Sum->Calls.empty())
          return; // nothing to report in there
        Relay = true;
      }
    } else if (!Out || TU.analysableTopDown(Op.Callee)) {
      // Elsewhere: the whole-program pass decides whether it sleeps (a store
      // already given to us has propagated this context itself).
      return;
    }
    const FunctionOperations &Ops = A.operations();
    llvm::SmallVector<std::string, 4> ArgTexts;
    for (unsigned I = 0; I < Op.Callee->getNumParams(); ++I)
      ArgTexts.push_back(Ops.argText(Op, I));
    std::string Caller = A.function()->getNameAsString();

    EntryContext C;
    // Contexts entered together (spin_lock_irqsave: spin + irq) share the
    // notes of the first: one explanation per place.
    llvm::DenseMap<uint32_t, llvm::SmallVector<FindingNote, 4>> NotesByOrigin;
    // A path condition held here (the last reference dropped) makes the
    // contexts the callee is entered with doubtful, here and in other TUs.
    std::string PathDoubt = S.pathDoubt(TU.model()).str();
    // Through a pointer: the store of the target explains the call.
    std::string IndirectDoubt = Op.Indirect ? Op.Indirect->doubt() : "";
    std::string OnceDoubt;
    for (const HeldContext &H : S.atomicContexts(TU.model(), JoinRuleKind::Must)) {
      std::string Doubt = !PathDoubt.empty() ? PathDoubt : A.origin(H.Origin).Doubt;
      if (Doubt.empty())
        Doubt = IndirectDoubt;
      if (Doubt.empty()) {
        if (OnceDoubt.empty())
          OnceDoubt = branchDoubt(A, Op);
        Doubt = OnceDoubt;
      }
      if (Doubt.empty())
        Doubt = A.openTestDoubt(S, H);
      unsigned Depth = A.depthOf(H) + 1;
      if (tooDeep(Depth, Op.Callee))
        continue;
      // A global lock keeps its name in the callee; one in another TU only
      // if it has external linkage (a static of this TU is not what it sees).
      std::string Template =
          H.Key != NoKey ? rebaseLockOverArguments(TU.keyText(H.Key), ArgTexts,
                                                   lockRootIsGlobal(TU.keyText(H.Key), TU.ast(), !InTU || Relay))
                         : "";
      auto [It, New] = NotesByOrigin.try_emplace(H.Origin);
      if (New) {
        if (Op.Target && Op.Target->Loc.isValid())
          It->second.push_back({Op.Target->Loc, storedNote(Op.Target->Name, Op.Indirect->Key, Op.Indirect->Pointer, Op.Indirect->ByType)});
        It->second.push_back({Op.Loc, callNote(Op, Caller)});
        auto Why = A.notesFor(H);
        It->second.append(Why.begin(), Why.end());
      }
      llvm::SmallVector<FindingNote, 4> Notes = It->second;
      if (InTU && !Relay) {
        EntrySeed Seed;
        Seed.Kind = H.Kind;
        Seed.Key = instantiateForCallee(Template, Def);
        Seed.Notes = std::move(Notes);
        Seed.Depth = Depth;
        Seed.Doubt = Doubt;
        C.Seeds.push_back(std::move(Seed));
      } else if (Out) {
        AtomicEntry E;
        E.USR = TU.usr(Op.Callee);
        E.Kind = TU.model().kind(H.Kind).Name;
        E.KeyTemplate = Template;
        E.Depth = Depth;
        E.Args = knownArguments(Op);
        E.Relay = Relay;
        E.Doubt = Doubt;
        E.GfpBlocks = knownGfp(Op, S);
        noteCrossedCalls(E, H, Op.Loc);
        for (const FindingNote &N : Notes)
          E.Notes.push_back({TU.position(N.Loc), N.Message});
        for (unsigned I = 0; I < Op.Callee->getNumParams(); ++I)
          if (const FunctionDecl *CB = referencedFunction(Ops.argExpr(Op, I)))
            if (std::string U = TU.usr(CB); !U.empty())
              E.Callbacks.push_back({I, U});
        if (!E.USR.empty())
          Out->addEntry(std::move(E));
      }
    }
    if (!InTU || Relay || C.Seeds.empty())
      return;
    // Page faults disabled around the call (the callee's user accesses fail
    // instead of sleeping), a path condition that makes its sleeps doubtful
    // (the last reference dropped): not atomic themselves, so they travel
    // with the atomic contexts only.
    for (const HeldContext &H : S.held())
      if ((TU.model().kind(H.Kind).NoFaults || !TU.model().kind(H.Kind).Doubt.empty()) && H.Min > 0) {
        EntrySeed Seed;
        Seed.Kind = H.Kind;
        Seed.Notes.push_back({Op.Loc, "called from '" + Caller + "' here"});
        Seed.Depth = A.depthOf(H) + 1;
        C.Seeds.push_back(std::move(Seed));
      }
    C.Args = knownArguments(Op);
    C.GfpBlocks = knownGfp(Op, S);
    int Index = addOrNarrowEntryContext(TU, Def, std::move(C));
    if (Index >= 0) {
      Done.erase({Def, Index});
      Work.push_back({Def, Index});
    }
  }

private:
  /// The calls into other files made while \p H was held before \p Call,
  /// for the whole-program pass to ask whether one ended it.
  void noteCrossedCalls(AtomicEntry &E, const HeldContext &H, clang::SourceLocation Call) const {
    E.Crossed = A.unknownCallsWhileHeld(H, Call);
    E.CallerLock = H.Key != NoKey ? normalizeLockText(TU.keyText(H.Key)) : "";
  }

  static std::string callNote(const Operation &Op, const std::string &Caller) {
    if (Op.Indirect && isChainKey(Op.Indirect->Key))
      return "called back by chain '" + Op.Indirect->Pointer + "' that '" + Caller + "' runs here";
    if (Op.Indirect)
      return "called through '" + Op.Indirect->Pointer + "' from '" + Caller + "' here";
    return "called from '" + Caller + "' here";
  }

  /// A call through a pointer made in an atomic context: the whole-program
  /// pass gives the context to every function stored where the pointer is
  /// loaded from, in whatever TU (SummaryStore::resolve).
  void recordIndirectEntry(const Operation &Op, const ContextState &S) {
    const IndirectCall &IC = *Op.Indirect;
    if (IC.Key.empty() && IC.Type.empty())
      return;
    const auto *CE = dyn_cast<CallExpr>(Op.CallE);
    if (!CE)
      return;
    llvm::SmallVector<std::string, 4> ArgTexts;
    for (const Expr *Arg : CE->arguments())
      ArgTexts.push_back(TU.printedText(Arg));
    std::string Caller = A.function()->getNameAsString();
    std::string PathDoubt = S.pathDoubt(TU.model()).str();
    for (const HeldContext &H : S.atomicContexts(TU.model(), JoinRuleKind::Must)) {
      unsigned Depth = A.depthOf(H) + 1;
      if (unsigned Max = TU.options().MaxCallDepth; Max && Depth > Max)
        continue;
      AtomicEntry E;
      E.USR = indirectEntryUSR(IC.Key, IC.Type);
      E.Kind = TU.model().kind(H.Kind).Name;
      E.KeyTemplate = H.Key != NoKey ? rebaseLockOverArguments(TU.keyText(H.Key), ArgTexts,
                                                               lockRootIsGlobal(TU.keyText(H.Key), TU.ast(), true))
                                     : "";
      E.Depth = Depth;
      E.Doubt = !PathDoubt.empty() ? PathDoubt : A.origin(H.Origin).Doubt;
      if (E.Doubt.empty())
        E.Doubt = IC.optionalDoubt(); // the whole-program pass adds the doubt of several targets
      if (E.Doubt.empty())
        E.Doubt = A.openTestDoubt(S, H);
      E.Pointer = IC.Pointer;
      noteCrossedCalls(E, H, Op.Loc);
      E.Args = knownArguments(Op);
      E.GfpBlocks = knownGfp(Op, S);
      E.Notes.push_back({TU.position(Op.Loc), callNote(Op, Caller)});
      for (const FindingNote &N : A.notesFor(H))
        E.Notes.push_back({TU.position(N.Loc), N.Message});
      Out->addEntry(std::move(E));
    }
  }

  /// Memory passed to a callee that frees that parameter (or what it points
  /// to) goes with the call: the free is judged there, where it is.
  void flowProvenance(const Operation &Op, const ContextState &S, const FunctionDecl *Def, bool InTU) {
    const FunctionOperations &Ops = A.operations();
    const Model &M = TU.model();
    std::string Caller = A.function()->getNameAsString();
    if (!InTU) {
      if (!Out || TU.analysableTopDown(Op.Callee))
        return;
      // Elsewhere: record what we pass; the whole-program pass keeps what a
      // free there needs.
      for (unsigned I = 0; I < Op.Callee->getNumParams(); ++I)
        for (bool Deref : {false, true}) {
          Provenance P = A.argumentProvenance(Ops.argExpr(Op, I), Deref, S);
          if (!P.known() || P.FromField)
            continue;
          ProvenanceEntry E;
          E.USR = TU.usr(Op.Callee);
          E.Param = I;
          E.Deref = Deref;
          for (unsigned F = 0; F < M.families().size(); ++F)
            if (P.Families & (1u << F))
              E.Families.push_back(M.families()[F].Name);
          E.Instance = P.Instance ? TU.keyText(P.Instance).str() : "";
          E.What = A.allocatorOf(P);
          E.Notes.push_back({TU.position(Op.Loc), "passed to '" + Op.Name.str() + "' by '" + Caller + "' here"});
          for (const FindingNote &N : A.provenanceNotes(P))
            E.Notes.push_back({TU.position(N.Loc), N.Message});
          if (!E.USR.empty())
            Out->addProvenanceEntry(std::move(E));
        }
      return;
    }
    const FunctionSummary *Sum = TU.summaryOf(Def);
    if (!Sum)
      return;
    for (const FreedParam &FP : Sum->FreesParams) {
      Provenance P = A.argumentProvenance(Ops.argExpr(Op, FP.Param), FP.Deref, S);
      if (!P.known() || FP.Param >= Def->getNumParams())
        continue;
      EntryContext C;
      EntryProvenance EP;
      EP.Param = FP.Param;
      EP.Deref = FP.Deref;
      EP.Families = P.Families;
      EP.Instance = P.Instance ? TU.keyText(P.Instance).str() : "";
      EP.What = A.allocatorOf(P);
      EP.Notes.push_back({Op.Loc, "passed as '" + Def->getParamDecl(FP.Param)->getNameAsString() + "' by '" +
                                      Caller + "' here"});
      auto Why = A.provenanceNotes(P);
      EP.Notes.append(Why.begin(), Why.end());
      C.ParamProv.push_back(std::move(EP));
      int Index = TU.addEntryContext(Def, std::move(C));
      if (Index >= 0)
        Work.push_back({Def, Index});
    }
  }

  /// A function passed to a callee that calls that parameter runs in the
  /// context of the call (an iterator's callback under the caller's lock).
  void flowIntoCallbacks(const Operation &Op, const ContextState &S) {
    const FunctionSummary *Sum = TU.summaryOf(Op.Callee);
    if (!Sum || Sum->CallsParams.empty())
      return;
    const FunctionOperations &Ops = A.operations();
    for (unsigned I : Sum->CallsParams) {
      const FunctionDecl *CB = referencedFunction(Ops.argExpr(Op, I));
      const FunctionDecl *Def = CB ? CB->getDefinition() : nullptr;
      if (!Def || !Def->hasBody())
        continue;
      const FunctionSummary *CBSum = TU.summaryOf(Def);
      if (!CBSum || !CBSum->Sleeps)
        continue;
      EntryContext C;
      llvm::DenseMap<uint32_t, llvm::SmallVector<FindingNote, 4>> NotesByOrigin;
      for (const HeldContext &H : S.atomicContexts(TU.model(), JoinRuleKind::Must)) {
        // Two calls: into the callee, and from it into the callback.
        unsigned Depth = A.depthOf(H) + 2;
        if (tooDeep(Depth, Def))
          continue;
        auto [It, New] = NotesByOrigin.try_emplace(H.Origin);
        if (New) {
          It->second.push_back({Op.Loc, "called back by '" + Op.Name.str() + "' from '" +
                                            A.function()->getNameAsString() + "' here"});
          auto Why = A.notesFor(H);
          It->second.append(Why.begin(), Why.end());
        }
        EntrySeed Seed;
        Seed.Kind = H.Kind;
        Seed.Notes = It->second;
        Seed.Depth = Depth;
        C.Seeds.push_back(std::move(Seed));
      }
      if (C.Seeds.empty())
        continue;
      int Index = TU.addEntryContext(Def, std::move(C));
      if (Index >= 0)
        Work.push_back({Def, Index});
    }
  }

  /// The callee's integer arguments known at \p Op (not gfp flags, which
  /// summaries carry): constants, bits known set, and this function's own
  /// parameters it was entered with.
  /// Whether the gfp arguments of a call allow blocking, where known.
  std::vector<std::pair<unsigned, bool>> knownGfp(const Operation &Op, const ContextState &S) const {
    std::vector<std::pair<unsigned, bool>> R;
    llvm::SmallVector<QualType, 4> Params = parameterTypes(Op);
    for (unsigned I = 0; I < Params.size(); ++I)
      if (TU.isGfpType(Params[I]))
        if (std::optional<bool> B = A.blocks(A.flagsOf(Op, static_cast<int>(I), S), S))
          R.push_back({I, *B});
    return R;
  }

  KnownArgs knownArguments(const Operation &Op) const {
    KnownArgs R;
    llvm::SmallVector<QualType, 4> Params = parameterTypes(Op);
    for (unsigned I = 0; I < Params.size(); ++I) {
      QualType T = Params[I];
      if ((!T->isIntegralOrEnumerationType() && !T->isPointerType()) || TU.isGfpType(T))
        continue;
      const Expr *Arg = A.operations().argExpr(Op, I);
      ArgFacts F = A.argFacts(Arg);
      if (F.Value)
        R.Values.push_back({I, *F.Value});
      else if (F.KnownOnes)
        R.Ones.push_back({I, F.KnownOnes});
      if (T->isPointerType())
        for (FieldValue &V : A.pointeeFields(Arg, I))
          R.Fields.push_back(std::move(V));
    }
    R.sort();
    return R;
  }

  /// Past the call-depth limit nothing found would be reported; past the
  /// budget's depth the cost of following grows with the square of it.
  bool tooDeep(unsigned Depth, const FunctionDecl *Into) const {
    unsigned Max = TU.options().MaxCallDepth;
    return (Max && Depth > Max) || TU.budget().tooDeep(Into, Depth);
  }

  TUContext &TU;
  const ContextAnalysis &A;
  SummaryStore *Out;
  std::vector<WorkItem> &Work;
  std::set<WorkItem> &Done;
};

/// Entry contexts the store holds for \p FD (found in other TUs).
void seedFromStore(TUContext &TU, const FunctionDecl *FD, std::vector<WorkItem> &Work) {
  const SummaryStore *Store = TU.store();
  if (!Store)
    return;
  for (const ProvenanceEntry &PE : Store->provenanceEntriesOf(TU.usr(FD))) {
    if (PE.Param >= FD->getNumParams())
      continue;
    EntryContext C;
    EntryProvenance EP;
    EP.Param = PE.Param;
    EP.Deref = PE.Deref;
    for (const std::string &Name : PE.Families)
      if (std::optional<unsigned> F = TU.model().findFamily(Name))
        EP.Families |= 1u << *F;
    EP.Instance = PE.Instance;
    EP.What = PE.What;
    for (const auto &[Pos, Text] : PE.Notes) {
      SourceLocation L = TU.locationOf(Pos);
      EP.Notes.push_back({L, L.isValid() ? Text : Text + " (" + Pos.str() + ")"});
    }
    if (!EP.Families)
      continue;
    C.ParamProv.push_back(std::move(EP));
    int Index = TU.addEntryContext(FD, std::move(C));
    if (Index >= 0)
      Work.push_back({FD, Index});
  }
  llvm::ArrayRef<AtomicEntry> Entries = Store->entriesOf(TU.usr(FD));
  if (Entries.empty())
    return;
  for (const AtomicEntry &E : Entries) {
    std::optional<ContextKindId> K = TU.model().findKind(E.Kind);
    if (!K)
      continue;
    EntryContext C;
    EntrySeed Seed;
    Seed.Kind = *K;
    Seed.Key = instantiateForCallee(E.KeyTemplate, FD);
    Seed.Depth = E.Depth;
    Seed.Doubt = E.Doubt;
    for (const auto &[Pos, Text] : E.Notes) {
      SourceLocation L = TU.locationOf(Pos);
      if (L.isValid())
        Seed.Notes.push_back({L, Text});
      else
        Seed.Notes.push_back({SourceLocation(), Text + " (" + Pos.str() + ")"});
    }
    C.Seeds.push_back(std::move(Seed));
    C.Args = E.Args;
    C.GfpBlocks = E.GfpBlocks;
    C.Args.dropFrom(FD->getNumParams());
    int Index = addOrNarrowEntryContext(TU, FD, std::move(C));
    if (Index >= 0)
      Work.push_back({FD, Index});
  }
}

/// The kind of the lock a declaration annotation names ("&p->lock"), by
/// following the parameter's type through the fields.
std::optional<ContextKindId> lockKindOf(TUContext &TU, const FunctionDecl *FD, llvm::ArrayRef<std::string> Toks) {
  size_t I = 0;
  while (I < Toks.size() && (Toks[I] == "&" || Toks[I] == "*" || Toks[I] == "("))
    ++I;
  if (I >= Toks.size())
    return std::nullopt;
  QualType T;
  for (const ParmVarDecl *P : FD->parameters())
    if (P->getName() == Toks[I])
      T = P->getType();
  if (T.isNull())
    return std::nullopt;
  for (++I; I + 1 < Toks.size(); I += 2) {
    if (Toks[I] == ")")
      break;
    if (Toks[I] == "->") {
      const auto *PT = T->getAs<PointerType>();
      if (!PT)
        return std::nullopt;
      T = PT->getPointeeType();
    } else if (Toks[I] != ".") {
      return std::nullopt;
    }
    const RecordDecl *RD = T->getAsRecordDecl();
    if (!RD)
      return std::nullopt;
    QualType Next;
    for (const FieldDecl *F : RD->fields())
      if (F->getName() == Toks[I + 1])
        Next = F->getType();
    if (Next.isNull())
      return std::nullopt;
    T = Next;
  }
  if (const auto *PT = T->getAs<PointerType>())
    T = PT->getPointeeType();
  return TU.model().kindForLockType(T.getUnqualifiedType().getAsString());
}

/// __must_hold(l) written on the function's declaration: entered with l held.
void seedFromAnnotations(TUContext &TU, const FunctionDecl *FD, std::vector<WorkItem> &Work) {
  const SourceManager &SM = TU.sourceManager();
  const Stmt *Body = FD->getBody();
  if (!Body || TU.macros().annotations().empty())
    return;
  SourceLocation Begin = SM.getFileLoc(FD->getBeginLoc()), End = SM.getFileLoc(Body->getBeginLoc());
  for (SourceLocation L : TU.macros().annotations()) {
    SourceLocation F = SM.getFileLoc(L);
    if (SM.isBeforeInTranslationUnit(F, Begin) || !SM.isBeforeInTranslationUnit(F, End))
      continue;
    const MacroExpansion *E = TU.macros().lookup(L);
    const FunctionFacts *Facts = E ? TU.model().lookup(E->Name) : nullptr;
    if (!Facts || !Facts->Assertion || Facts->Assertion->LockArg >= static_cast<int>(E->ArgTokens.size()))
      continue;
    llvm::ArrayRef<std::string> Toks = E->ArgTokens[Facts->Assertion->LockArg];
    std::optional<ContextKindId> Kind = lockKindOf(TU, FD, Toks);
    if (!Kind)
      continue;
    std::string Text = joinTokens(Toks);
    std::string Shown = llvm::StringRef(Text).starts_with("&") ? Text.substr(1) : Text;
    EntryContext C;
    EntrySeed Seed;
    Seed.Kind = *Kind;
    Seed.Key = normalizeLockText(Text);
    Seed.Notes.push_back({TU.userLoc(L), "'" + FD->getNameAsString() + "' is called with '" + Shown +
                                             "' held (" + E->Name.str() + ")"});
    C.Seeds.push_back(std::move(Seed));
    int Index = TU.addEntryContext(FD, std::move(C));
    if (Index >= 0)
      Work.push_back({FD, Index});
  }
}

} // namespace

void allocflags::computeEntryContexts(TUContext &TU, llvm::ArrayRef<const FunctionDecl *> Roots, SummaryStore *Out,
                                      llvm::function_ref<void(const FunctionDecl *, ContextAnalysis &)> OnAnalysed) {
  const Model &M = TU.model();
  std::vector<WorkItem> Work;
  std::set<WorkItem> Done;

  for (const Registration &R : findRegistrations(TU)) {
    const FunctionDecl *Def = R.Callback->getDefinition();
    bool InTU = Def && Def->hasBody();
    EntryContext C;
    for (ContextKindId K : R.Kinds) {
      std::string Note = registrationNote(M, R);
      if (InTU) {
        EntrySeed Seed;
        Seed.Kind = K;
        Seed.Notes.push_back({R.Site, Note});
        C.Seeds.push_back(std::move(Seed));
      } else if (Out) {
        AtomicEntry E;
        E.USR = TU.usr(R.Callback);
        E.Kind = M.kind(K).Name;
        E.Notes.push_back({TU.position(R.Site), Note});
        if (!E.USR.empty())
          Out->addEntry(std::move(E));
      }
    }
    if (InTU && !C.Seeds.empty()) {
      int Index = TU.addEntryContext(Def, std::move(C));
      if (Index >= 0)
        Work.push_back({Def, Index});
    }
  }
  for (const FunctionDecl *F : Roots) {
    seedFromStore(TU, F, Work);
    seedFromAnnotations(TU, F, Work);
  }
  // Roots without a context are analysed first (last in, first out), the
  // contexts they pass on after; a function whose context changes runs again.
  for (auto It = Roots.rbegin(); It != Roots.rend(); ++It)
    Work.push_back({*It, -1});

  unsigned Steps = 0;
  while (!Work.empty() && ++Steps < 100000 && !TU.budget().expired()) {
    WorkItem Item = Work.back();
    Work.pop_back();
    if (!Done.insert(Item).second)
      continue;
    const FunctionDecl *F = Item.first;
    llvm::ArrayRef<EntryContext> Contexts = TU.entryContextsOf(F);
    const EntryContext *Entry =
        Item.second >= 0 && static_cast<size_t>(Item.second) < Contexts.size() ? &Contexts[Item.second] : nullptr;
    ContextAnalysis A(TU, F, Entry);
    if (!A.run())
      continue;
    CallContextObserver Flow(TU, A, Out, Work, Done);
    A.observe(Flow);
    OnAnalysed(F, A);
  }
}
