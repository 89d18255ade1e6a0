//===- Sleep.cpp ----------------------------------------------------------===//
#include "allocflags/Analysis/Sleep.h"
#include "allocflags/Analysis/ContextAnalysis.h"
#include "allocflags/Analysis/IndirectCalls.h"
#include "allocflags/Analysis/TUContext.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/Stmt.h"

using namespace clang;
using namespace allocflags;

/// Turns an unconditional "yes" into "if the parameter blocks" when the
/// operation sits under a gfpflags_allow_blocking(param) guard.
static void applyGuard(const ContextAnalysis &A, const ContextState &S, SleepVerdict &V) {
  if (V.Kind != SleepVerdict::KindT::Yes)
    return;
  if (std::optional<unsigned> G = A.blockingGuard(S)) {
    V.Kind = SleepVerdict::KindT::IfParamBlocks;
    V.Param = *G;
  }
}

/// Sleeps exactly when flags value \p F allows blocking.
static void byFlags(const ContextAnalysis &A, const ContextState &S, const FlagsValue &F, SleepVerdict &V) {
  std::optional<bool> B = A.blocks(F, S);
  if (B)
    V.Kind = *B ? SleepVerdict::KindT::Yes : SleepVerdict::KindT::No;
  else if (F.Kind == FlagsValue::KindT::Param)
    V.Kind = SleepVerdict::KindT::IfParamBlocks, V.Param = F.Param;
  else if (F.MayBlock) {
    V.Kind = SleepVerdict::KindT::Maybe;
    V.Doubt = "its flags are chosen by a condition allocflags cannot decide";
  }
}

/// The contexts a callee has left when it sleeps by \p Ev (a caller's lock
/// it drops around the sleep), in the caller's terms.
static void addReleased(const ContextAnalysis &A, const Operation &Op, const SleepEvidence &Ev, SleepVerdict &V) {
  for (const ContextDelta &D : Ev.Released)
    (D.Hi < 0 ? V.Drops : V.PartlyDrops)
        .push_back({D.Kind, D.KeyTemplate.empty() ? "" : normalizeLockText(A.instantiate(D.KeyTemplate, Op))});
}

/// A free that sleeps only for vmalloc memory (kvfree): memory the function
/// knows to be something else (kmalloc(), kvmalloc() with flags that do not
/// block, NULL) does not make it sleep.  Memory it does not know keeps the
/// sleep: kvfree() is what code calls for memory that may be either.
static void vmallocOnly(const ContextAnalysis &A, const clang::Expr *Arg, const ContextState &S,
                        SleepVerdict &V) {
  if (!Arg)
    return;
  Provenance P = A.provenanceOf(Arg, S);
  if (!P.known()) {
    if (P.Null)
      V.Kind = SleepVerdict::KindT::No;
    return;
  }
  const Model &M = A.tu().model();
  for (unsigned I = 0; I < M.families().size(); ++I)
    if ((P.Families & (1u << I)) && M.families()[I].Vmalloc != VmallocKind::No)
      return;
  V.Kind = SleepVerdict::KindT::No;
}

static SleepVerdict classifySleepImpl(const ContextAnalysis &A, const Operation &Op, const ContextState &S);

static std::string targetText(const TUContext &TU, const Expr *Target) {
  std::string T = TU.spelledText(Target);
  return T.empty() ? TU.printedText(Target) : T;
}

/// Lazy initialisation: an allocation stored into \p Target only while it is
/// null - `if (!d->buf) d->buf = kzalloc(...)`, or `if (d->buf) return;`
/// earlier in an enclosing block.  It allocates on the first call only,
/// which atomic callers rarely are (the object is set up in process context
/// first); the text names the target.
static std::string lazyInitTarget(ASTContext &Ctx, const Expr *Call, const TUContext &TU) {
  auto ParentOf = [&](const Stmt *S) { return parentOf(Ctx, S); };
  const Stmt *Cur = Call;
  const Stmt *P = ParentOf(Cur);
  while (P && (isa<ImplicitCastExpr>(P) || isa<ParenExpr>(P) || isa<CStyleCastExpr>(P)))
    Cur = P, P = ParentOf(P);
  const auto *Assign = dyn_cast_or_null<BinaryOperator>(P);
  if (!Assign || Assign->getOpcode() != BO_Assign || Assign->getRHS()->IgnoreParenCasts() != Call->IgnoreParenCasts())
    return "";
  const Expr *Target = Assign->getLHS()->IgnoreParenImpCasts();
  if (!isa<MemberExpr>(Target) && !isa<DeclRefExpr>(Target))
    return "";
  return reachedOnlyIfTested(Ctx, Assign, Target, /*Null=*/true) ? targetText(TU, Target) : "";
}

/// The flag a condition tests (a global or a field, also through
/// READ_ONCE()), and whether the condition asks for it unset.
static const Expr *testedFlag(const Expr *Cond, bool &Unset) {
  bool Negated = false;
  const Expr *X = stripCondition(Cond, Negated);
  X = X ? throughReads(X) : nullptr;
  Unset = Negated;
  if (const auto *DRE = dyn_cast_or_null<DeclRefExpr>(X))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()); VD && VD->hasGlobalStorage())
      return X;
  return dyn_cast_or_null<MemberExpr>(X);
}

/// Whether \p Body tests or assigns flag \p F (WRITE_ONCE(f, 1) assigns
/// through the read form throughReads sees through).
static bool mentionsFlag(ASTContext &Ctx, const Stmt *Body, const Expr *F) {
  if (!Body)
    return false;
  bool Unset = false;
  if (const auto *If = dyn_cast<IfStmt>(Body))
    if (const Expr *G = testedFlag(If->getCond(), Unset); G && sameExpr(Ctx, G, F))
      return true;
  if (const auto *BO = dyn_cast<BinaryOperator>(Body); BO && BO->getOpcode() == BO_Assign)
    if (const Expr *L = throughReads(BO->getLHS()); L && sameExpr(Ctx, L, F))
      return true;
  for (const Stmt *C : Body->children())
    if (mentionsFlag(Ctx, C, F))
      return true;
  return false;
}

/// One-time initialisation: \p Call sits in the branch of `if (!flag)` (or
/// after `if (flag) return;`) that tests the flag again or sets it - the
/// double-checked `if (!READ_ONCE(populated)) { mutex_lock(); if
/// (!populated) ...` of tcp_alloc_md5sig_pool(), or `if (!dev->inited) {
/// ...; dev->inited = true; }`.  It sleeps until the first caller has set
/// things up, which atomic callers rarely are; the text names the flag.
static std::string onceInitFlag(ASTContext &Ctx, const Expr *Call, const TUContext &TU) {
  auto ParentOf = [&](const Stmt *S) { return parentOf(Ctx, S); };
  auto Flag = testedFlag;
  auto Mentions = [&](const Stmt *Body, const Expr *F) { return mentionsFlag(Ctx, Body, F); };
  const Stmt *Cur = Call;
  for (const Stmt *P = ParentOf(Cur); P; Cur = P, P = ParentOf(P)) {
    bool Unset = false;
    if (const auto *If = dyn_cast<IfStmt>(P); If && If->getThen() == Cur)
      if (const Expr *F = Flag(If->getCond(), Unset); F && Unset && Mentions(If->getThen(), F))
        return targetText(TU, F);
    if (const auto *CS = dyn_cast<CompoundStmt>(P))
      for (const Stmt *Prev : CS->body()) {
        if (Prev == Cur)
          break;
        if (const auto *If = dyn_cast<IfStmt>(Prev); If && !If->getElse() && leavesPath(If->getThen()))
          if (const Expr *F = Flag(If->getCond(), Unset); F && !Unset) {
            // After `if (flag) return;`: the rest of the block must set it.
            bool After = false, Sets = false;
            for (const Stmt *Next : CS->body()) {
              if (Next == Prev) {
                After = true;
                continue;
              }
              Sets |= After && Mentions(Next, F);
            }
            if (Sets)
              return targetText(TU, F);
          }
      }
  }
  return "";
}

/// Whether \p Cond tests a parameter itself (`can_sleep`, `flags &
/// SCA_MIGRATE_ENABLE`) or gfp flags: those the analysis decides from what
/// callers pass (ParamTest, gfp arguments), so they are no mode it cannot see.
/// A field reached through a parameter (`miter->__flags`) is not.
static bool testsParameter(ASTContext &Ctx, const TUContext &TU, const Stmt *Cond) {
  if (!Cond)
    return false;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(Cond); DRE && isa<ParmVarDecl>(DRE->getDecl())) {
    const Stmt *P = parentOf(Ctx, DRE);
    while (P && isa<ImplicitCastExpr>(P))
      P = parentOf(Ctx, P);
    return !isa_and_nonnull<MemberExpr>(P) && !isa_and_nonnull<UnaryOperator>(P); // p->f, *p: a field
  }
  if (const auto *CE = dyn_cast<CallExpr>(Cond))
    if (const FunctionDecl *FD = CE->getDirectCallee())
      if (const FunctionFacts *F = TU.model().lookup(FD->getName()); F && (F->FlagsTest || F->Predicate))
        return true; // gfpflags_allow_blocking(gfp), in_atomic(): decided elsewhere
  for (const Stmt *C : Cond->children())
    if (testsParameter(Ctx, TU, C))
      return true;
  return false;
}

/// An operation in \p S that does without sleeping what a sleeping call
/// does: enters an atomic context (spin_lock() for mutex_lock(),
/// kmap_atomic() for kmap()), busy-waits or trylocks (model
/// `atomic_alternatives`), or allocates with flags that do not block.
static const Operation *nonSleepingAlternative(const ContextAnalysis &A, const Stmt *S) {
  if (!S)
    return nullptr;
  const TUContext &TU = A.tu();
  if (const Operation *Op = A.operations().at(S); Op && Op->Facts) {
    const FunctionFacts &F = *Op->Facts;
    if (F.AtomicAlternative)
      return Op;
    if (F.Context)
      for (ContextKindId K : F.Context->Enter)
        if (TU.model().kind(K).Atomic)
          return Op;
    if (F.Alloc && F.Alloc->FlagsArg >= 0)
      if (const Expr *Flags = A.operations().argExpr(*Op, F.Alloc->FlagsArg))
        if (std::optional<uint64_t> V = TU.gfp().evaluate(Flags); V && !TU.gfp().maySleep(*V))
          return Op;
  }
  for (const Stmt *C : S->children())
    if (const Operation *Op = nonSleepingAlternative(A, C))
      return Op;
  return nullptr;
}

/// A test that picks whether to sleep: \p Call sits in one arm of an if/else
/// or ?: whose other arm does the same without sleeping - `if
/// (substream->pcm->nonatomic) mutex_lock(); else spin_lock_irqsave();`
/// (snd_pcm_stream_lock_irqsave()), kmap() or kmap_atomic() on
/// SG_MITER_ATOMIC (sg_miter_next()).  The code knows it may run in atomic
/// context and asks something set up elsewhere (a field of the object), which
/// the analysis does not follow; a sleep in the sleeping arm is as right as
/// that setup.  Returns the alternative, or null.
static const Operation *modeAlternative(const ContextAnalysis &A, const Expr *Call, const Expr *&Cond) {
  ASTContext &Ctx = A.tu().ast();
  const Stmt *Cur = Call;
  for (const Stmt *P = parentOf(Ctx, Cur); P && !isa<LambdaExpr>(P); Cur = P, P = parentOf(Ctx, P)) {
    const Stmt *Other = nullptr;
    if (const auto *If = dyn_cast<IfStmt>(P); If && If->getElse() && (If->getThen() == Cur || If->getElse() == Cur)) {
      Other = If->getThen() == Cur ? If->getElse() : If->getThen();
      Cond = If->getCond();
    } else if (const auto *CO = dyn_cast<ConditionalOperator>(P); CO && CO->getCond() != Cur) {
      Other = CO->getTrueExpr() == Cur ? CO->getFalseExpr() : CO->getTrueExpr();
      Cond = CO->getCond();
    }
    if (!Other || testsParameter(Ctx, A.tu(), Cond))
      continue;
    if (const Operation *Alt = nonSleepingAlternative(A, Other))
      return Alt;
  }
  return nullptr;
}

bool allocflags::reportedInCallee(TUContext &TU, const Operation &Op, const SleepVerdict &V) {
  return V.Via && !V.ViaGfpParam && (Op.Callee ? TU.reportedInside(Op.Callee) : V.Via->Definition.valid());
}

std::string allocflags::branchDoubt(const ContextAnalysis &A, const Operation &Op) {
  if (!Op.CallE)
    return "";
  const TUContext &TU = A.tu();
  if (std::string F = onceInitFlag(TU.ast(), Op.CallE, TU); !F.empty())
    return "it sleeps only until '" + F + "' is set (one-time initialisation)";
  const Expr *Cond = nullptr;
  if (const Operation *Alt = modeAlternative(A, Op.CallE, Cond)) {
    std::string C = TU.spelledText(Cond), Way = "'" + Alt->Name.str() + "'";
    if (Alt->Facts->Alloc) // kmalloc() either way: the flags tell them apart
      Way += " with " + TU.spelledText(A.operations().argExpr(*Alt, Alt->Facts->Alloc->FlagsArg));
    return "'" + Op.Name.str() + "' is the sleeping way of a test that takes " + Way + " otherwise" +
           (C.empty() || C.size() > 60 ? std::string() : " ('" + C + "')") +
           "; what the test reads is set up elsewhere";
  }
  return "";
}

SleepVerdict allocflags::classifySleep(const ContextAnalysis &A, const Operation &Op, const ContextState &S) {
  SleepVerdict V = classifySleepImpl(A, Op, S);
  if (V.Kind != SleepVerdict::KindT::No && V.Doubt.empty() && Op.Facts && Op.Facts->Alloc && Op.CallE)
    if (std::string T = lazyInitTarget(A.tu().ast(), Op.CallE, A.tu()); !T.empty())
      V.Doubt = "it allocates only while '" + T + "' is not set up yet (lazy initialisation)";
  if (V.Kind != SleepVerdict::KindT::No && V.Doubt.empty())
    V.Doubt = branchDoubt(A, Op);
  // On a path a model "doubt" kind marks (only after the last reference was
  // dropped), the sleep is real on that path only.
  if (V.Kind != SleepVerdict::KindT::No && V.Doubt.empty())
    V.Doubt = S.pathDoubt(A.tu().model()).str();
  // Only while what a pointer parameter points to is nonzero (a timeout
  // passed by address): contexts carry values, not what pointers point to,
  // and callers in atomic context pass zero (MSG_DONTWAIT).
  if (V.Kind != SleepVerdict::KindT::No && V.Doubt.empty())
    for (const ParamTest &T : S.paramTests())
      if (T.Kind == ParamTest::KindT::DerefNonZero && T.Outcome && T.Param < A.function()->getNumParams()) {
        V.Doubt = "it sleeps only while '*" + A.function()->getParamDecl(T.Param)->getNameAsString() +
                  "' is nonzero, which its callers pass by address";
        break;
      }
  // Through a pointer that may hold other functions as well.
  if (V.Kind != SleepVerdict::KindT::No && V.Doubt.empty() && Op.Indirect)
    V.Doubt = Op.Indirect->doubt();
  return V;
}

static SleepVerdict classifySleepImpl(const ContextAnalysis &A, const Operation &Op, const ContextState &S) {
  TUContext &TU = A.tu();
  const Model &M = TU.model();
  const FunctionOperations &Ops = A.operations();
  SleepVerdict V;
  V.What = Op.Name.str();

  if (const FunctionFacts *F = Op.Facts) {
    if (F->Sleeps) {
      const SleepingFunction &SF = *F->Sleeps;
      if (SF.ConditionArg >= 0) {
        // might_sleep_if(cond)
        const Expr *Cond = Ops.argExpr(Op, SF.ConditionArg);
        std::optional<bool> C = A.evaluateCondition(Cond, S);
        if (C && *C)
          V.Kind = SleepVerdict::KindT::Yes;
        else if (!C && Cond) {
          // a gfp test of a parameter: sleeps when that parameter blocks
          bool Neg = false;
          const Expr *X = stripCondition(Cond, Neg);
          if (const auto *CE = dyn_cast_or_null<CallExpr>(X); CE && !Neg)
            if (const Operation *T = Ops.at(CE); T && T->Facts && T->Facts->FlagsTest) {
              FlagsValue FV = A.flagsOf(*T, T->Facts->FlagsTest->FlagsArg, S);
              byFlags(A, S, FV, V);
            }
        }
      } else if (SF.Condition == SleepConditionKind::OutsideInterrupt) {
        if (!S.mayBeInInterrupt(M)) {
          V.Kind = SleepVerdict::KindT::Yes;
          V.OutsideInterruptOnly = true;
        }
      } else if (SF.Condition == SleepConditionKind::FaultsEnabled) {
        if (!S.mayHaveFaultsDisabled(M)) {
          V.Kind = SleepVerdict::KindT::Yes;
          V.FaultsEnabledOnly = true;
        }
      } else {
        V.Kind = SleepVerdict::KindT::Yes;
      }
      if (V.Kind == SleepVerdict::KindT::Yes && SF.VmallocArg >= 0)
        vmallocOnly(A, Ops.argExpr(Op, SF.VmallocArg), S, V);
    }
    if (V.Kind == SleepVerdict::KindT::No && F->Alloc) {
      if (F->Alloc->AlwaysSleeps) {
        V.Kind = SleepVerdict::KindT::Yes;
      } else if (F->Alloc->FlagsArg >= 0) {
        byFlags(A, S, A.flagsOf(Op, F->Alloc->FlagsArg, S), V);
        if (V.Kind != SleepVerdict::KindT::No)
          V.Flags = A.flagsText(Op, F->Alloc->FlagsArg);
        else if (TU.options().PreemptRT) {
          // On PREEMPT_RT the allocator takes sleeping locks whatever the flags.
          V.Kind = SleepVerdict::KindT::Yes;
          V.RTOnly = true;
          V.Flags = A.flagsText(Op, F->Alloc->FlagsArg);
        }
      }
    }
    if (V.Kind == SleepVerdict::KindT::No && F->DropsLock) {
      byFlags(A, S, A.flagsOf(Op, F->DropsLock->FlagsArg, S), V);
      if (V.Kind == SleepVerdict::KindT::Yes) {
        V.Flags = A.flagsText(Op, F->DropsLock->FlagsArg);
        std::string Lock = A.instantiate(F->DropsLock->LockTemplate, Op);
        V.DropsAsTaken = true;
        for (const ContextKind &K : M.kinds())
          if (K.Keyed && !Lock.empty())
            V.Drops.push_back({K.Name, normalizeLockText(Lock)});
      }
    }
    applyGuard(A, S, V);
    return V;
  }

  if (!Op.Callee && !Op.Target)
    return V;
  const FunctionSummary *Sum = Op.Callee ? TU.summaryOf(Op.Callee) : TU.summaryByUSR(Op.Target->USR);
  if (!Sum)
    return V;
  V.Via = Sum;
  // Sleeping because of the flags we pass.
  for (const GfpParamSleep &P : Sum->SleepsIfGfp) {
    SleepVerdict W = V;
    byFlags(A, S, A.flagsOf(Op, static_cast<int>(P.Param), S), W);
    if (W.Kind == SleepVerdict::KindT::No)
      continue;
    W.ViaGfpParam = true;
    W.ViaEvidence = &P.Evidence;
    if (W.Doubt.empty())
      W.Doubt = P.Evidence.Doubt;
    W.Flags = A.flagsText(Op, static_cast<int>(P.Param));
    addReleased(A, Op, P.Evidence, W); // mas_nomem() unlocks the tree to allocate
    applyGuard(A, S, W);
    return W;
  }
  // A callee that sleeps only on some values of its parameters.
  std::optional<CallWay> Way = sleepWayAt(
      *Sum, [&](unsigned P) { return A.argFacts(Ops.argExpr(Op, static_cast<int>(P))); }, S.paramTests());
  if (!Way)
    return V;
  const SleepEvidence &Ev = *Way->Evidence;
  if (!(Ev.OutsideInterruptOnly && S.mayBeInInterrupt(M)) && !(Ev.FaultsEnabledOnly && S.mayHaveFaultsDisabled(M))) {
    V.Kind = SleepVerdict::KindT::Yes;
    V.Requires = std::move(Way->Tests);
    V.ViaEvidence = &Ev;
    V.Doubt = Way->Undecided ? undecidedParamDoubt(*Sum, *Way->Undecided) : Ev.Doubt;
    V.OutsideInterruptOnly = Ev.OutsideInterruptOnly;
    V.FaultsEnabledOnly = Ev.FaultsEnabledOnly;
    addReleased(A, Op, Ev, V);
    applyGuard(A, S, V);
  }
  return V;
}
