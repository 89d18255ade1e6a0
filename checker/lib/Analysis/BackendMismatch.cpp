//===- BackendMismatch.cpp ------------------------------------------------===//
#include "allocflags/Analysis/BackendMismatch.h"
#include "allocflags/Analysis/CheckPass.h"
#include "allocflags/Analysis/ContextAnalysis.h"
#include "allocflags/Analysis/EntryContexts.h"
#include "allocflags/Analysis/TUContext.h"
#include "allocflags/Model/Model.h"
#include "allocflags/Report/Finding.h"

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"

using namespace clang;
using namespace allocflags;

namespace {

std::string familyNames(const Model &M, uint32_t Mask) {
  std::string Out;
  for (unsigned I = 0; I < M.families().size(); ++I)
    if (Mask & (1u << I))
      Out += (Out.empty() ? "" : ", ") + M.families()[I].Name;
  return Out;
}

uint32_t maskOf(const Model &M, llvm::ArrayRef<std::string> Names) {
  uint32_t Mask = 0;
  for (const std::string &N : Names)
    if (std::optional<unsigned> F = M.findFamily(N))
      Mask |= 1u << *F;
  return Mask;
}

/// Families \p F accepts in a tree of version \p Version (0: unknown).
uint32_t accepted(const Model &M, const FreeFunction &F, uint32_t Version, bool &OnlySince) {
  uint32_t Mask = maskOf(M, F.Families);
  OnlySince = false;
  if (F.SinceVersion && (!Version || Version >= F.SinceVersion))
    Mask |= maskOf(M, F.SinceFamilies);
  return Mask;
}

/// A model free that takes every family in \p Mask with one pointer
/// argument (kfree -> kvfree for kvmalloc memory, -> vfree for vmalloc
/// memory): the narrowest such one.
std::string suggestFree(const Model &M, uint32_t Mask, llvm::StringRef Current, bool Realloc) {
  // Only a model free is renamed (an annotated member like adopt() is not a
  // kfree() that could become a kvfree()).
  const FunctionFacts *Cur = M.lookup(Current);
  if (Realloc || !Cur || !Cur->Free)
    return "";
  std::string Best;
  unsigned BestCount = ~0u;
  for (llvm::StringRef Name : {"kfree", "vfree", "kvfree"}) {
    const FunctionFacts *F = M.lookup(Name);
    if (!F || !F->Free || F->Free->Realloc || F->Free->PtrArg != 0 || Name == Current)
      continue;
    uint32_t Acc = maskOf(M, F->Free->Families);
    if ((Acc & Mask) != Mask)
      continue;
    unsigned Count = llvm::popcount(Acc);
    if (Count < BestCount)
      Best = Name.str(), BestCount = Count;
  }
  return Best;
}

class MismatchObserver : public OperationObserver {
public:
  MismatchObserver(TUContext &TU, const ContextAnalysis &A, std::vector<BackendMismatchReport> &Out,
                   SummaryStore *Summaries)
      : TU(TU), A(A), Out(Out), Summaries(Summaries) {
    // What the function frees each pointer with, over all its frees: memory
    // that may come from two allocators and is freed by a matching free on
    // each side of a branch (if (slab) kmem_cache_free(..) else kfree(..))
    // is correct code the path-insensitive provenance cannot tell apart.
    const FunctionOperations &Ops = A.operations();
    for (size_t I = 0; I < Ops.size(); ++I)
      if (const Operation &Op = Ops[I]; Op.Facts && Op.Facts->Free && !Op.Indirect)
        if (std::string Key = pointerKey(Op, Op.Facts->Free->PtrArg); !Key.empty())
          FreedWith[Key] |= accepted(TU.model(), *Op.Facts->Free, TU.kernelVersion(), Unused);
  }

  /// The freed pointer as text, casts dropped (free_pages((unsigned long)p)
  /// and kfree(p) free the same p).
  std::string pointerKey(const Operation &Op, int Arg) const {
    const FunctionOperations &Ops = A.operations();
    std::string Text;
    if (const Expr *E = Ops.argExpr(Op, Arg))
      Text = TU.spelledText(E->IgnoreParenCasts());
    if (Text.empty())
      Text = Ops.argText(Op, Arg);
    return Text.empty() ? "" : normalizeLockText(Text);
  }

  void onOperation(const Operation &Op, const ContextState &S) override {
    const Model &M = TU.model();
    if (Op.Indirect)
      return; // which free a pointer holds is not known well enough to judge memory by it
    if (Op.Facts && Op.Facts->Free) {
      const FreeFunction &F = *Op.Facts->Free;
      const Expr *Ptr = A.operations().argExpr(Op, F.PtrArg);
      Provenance P = A.provenanceOf(Ptr, S);
      if (!P.known() && Summaries && Ptr)
        if (const auto *ME = dyn_cast<MemberExpr>(Ptr->IgnoreParenCasts()))
          if (const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl()); FD && FD->getParent()->getIdentifier())
            Summaries->FieldsFreedUnknown.insert(FD->getParent()->getName().str() + "." + FD->getName().str());
      check(Op, F, Op.Name.str(), P, "", pointerKey(Op, F.PtrArg));
      return;
    }
    // A callee that frees what we pass it, where that is not reported inside
    // it (no body to look into, or a header's).
    if (Op.Facts || !Op.Callee || TU.reportedInside(Op.Callee))
      return;
    const FunctionSummary *Sum = TU.summaryOf(Op.Callee);
    if (!Sum)
      return;
    for (const FreedParam &P : Sum->FreesParams) {
      const Expr *Arg = A.operations().argExpr(Op, P.Param);
      Provenance Prov = A.argumentProvenance(Arg, P.Deref, S);
      FreeFunction FF;
      FF.Families.append(P.Accepted.begin(), P.Accepted.end());
      (void)M;
      check(Op, FF, P.Free, Prov, Sum->Name, "");
    }
  }

private:
  void check(const Operation &Op, const FreeFunction &F, const std::string &FreeName, const Provenance &P,
             const std::string &Via, const std::string &PtrKey) {
    if (!P.known())
      return;
    const Model &M = TU.model();
    bool OnlySince = false;
    uint32_t Ok = accepted(M, F, TU.kernelVersion(), OnlySince);
    uint32_t Bad = P.Families & ~Ok;
    BackendMismatchReport Rep;
    Rep.Loc = Op.Loc;
    Rep.Free = FreeName;
    Rep.Realloc = F.Realloc;
    Rep.Via = Via;
    // Objects go back to the cache they came from.
    if (!Bad && F.CacheArg >= 0 && P.Instance) {
      std::string To = A.operations().argText(Op, F.CacheArg);
      if (!To.empty() && normalizeLockText(To) != TU.keyText(P.Instance)) {
        Rep.FromCache = TU.keyText(P.Instance).str();
        Rep.ToCache = normalizeLockText(To);
        Rep.Notes = A.provenanceNotes(P);
        Out.push_back(std::move(Rep));
      }
      return;
    }
    if (!Bad)
      return;
    // Two possible allocators, each freed its own way somewhere here.
    if (Bad != P.Families && !PtrKey.empty()) {
      auto It = FreedWith.find(PtrKey);
      if (It != FreedWith.end() && (Bad & ~It->second) == 0)
        return;
    }
    // Known only through a field: every family must be wrong.
    if (P.FromField && Bad != P.Families)
      return;
    Rep.Families = familyNames(M, P.Families);
    Rep.Allocator = A.allocatorOf(P);
    if (F.SinceVersion && (Bad & maskOf(M, F.SinceFamilies)) == Bad)
      Rep.SinceVersion = std::to_string(F.SinceVersion >> 16) + "." + std::to_string((F.SinceVersion >> 8) & 0xff);
    // Renaming the callee is a fix only for a free of one argument, the
    // pointer (kfree(p) -> kvfree(p)).
    const auto *Call = llvm::dyn_cast_or_null<CallExpr>(Op.CallE);
    if (Via.empty() && Call && Call->getNumArgs() == 1 && F.PtrArg == 0 && !Op.Macro && Op.Loc.isFileID()) {
      Rep.Suggest = suggestFree(M, P.Families, FreeName, F.Realloc);
      if (!Rep.Suggest.empty())
        Rep.SuggestRange = SourceRange(Op.Loc, Op.Loc);
    }
    Rep.Notes = A.provenanceNotes(P);
    Out.push_back(std::move(Rep));
  }

  TUContext &TU;
  const ContextAnalysis &A;
  std::vector<BackendMismatchReport> &Out;
  SummaryStore *Summaries;
  llvm::StringMap<uint32_t> FreedWith;
  bool Unused = false;
};

/// Records stores into record fields.
class FieldStoreObserver : public OperationObserver {
public:
  FieldStoreObserver(TUContext &TU, const ContextAnalysis &A) : TU(TU), A(A) {}
  void onOperation(const Operation &, const ContextState &) override {}
  void onFieldStore(const FieldDecl *FD, const Provenance &P, const ContextState &) override {
    if (P.Null && !P.known())
      return; // clearing a field says nothing
    const RecordDecl *RD = FD->getParent();
    if (!RD->getIdentifier())
      return;
    FieldFact F;
    F.Field = RD->getName().str() + "." + FD->getName().str();
    const Model &M = TU.model();
    if (P.known() && !P.FromField) {
      for (unsigned I = 0; I < M.families().size(); ++I)
        if (P.Families & (1u << I))
          F.Families.push_back(M.families()[I].Name);
      if (P.Site != UINT32_MAX) {
        const ProvenanceSite &Site = A.site(P.Site);
        F.What = Site.What;
        F.Site = TU.position(Site.Chain.empty() ? Site.Loc : Site.Chain.front().Loc);
      }
    } else if (!P.known()) {
      F.HasUnknown = true;
    } else {
      return; // copied from another field of the same kind: nothing new
    }
    TU.localSummaries().addFieldStore(F);
  }

private:
  TUContext &TU;
  const ContextAnalysis &A;
};

} // namespace

void allocflags::collectFieldStores(TUContext &TU) {
  if (TU.fieldStoresCollected())
    return;
  TU.setFieldStoresCollected();
  TU.forEachMainFileFunction([&](const FunctionDecl *FD) {
    ContextAnalysis A(TU, FD);
    if (!A.run())
      return;
    FieldStoreObserver Obs(TU, A);
    A.observe(Obs);
  });
}

namespace {

class BackendMismatchPass : public CheckPass {
public:
  BackendMismatchPass(TUContext &TU, SummaryStore *Out) : TU(TU), Out(Out) {}
  void prepare() override { collectFieldStores(TU); }
  void onAnalysed(const FunctionDecl *FD, ContextAnalysis &A) override {
    // An allocator's or free's own body (the model or an annotation says what
    // it does) converts between backends by design: kfree_skbmem() hands an
    // skb back to its kmem_cache.
    const FunctionFacts *Own = TU.factsFor(FD);
    if (!TU.inMainFile(FD) || (Own && (Own->Alloc || Own->Free)))
      return;
    auto [It, New] = Reports.try_emplace(FD);
    if (New)
      Order.push_back(FD);
    std::vector<BackendMismatchReport> Found;
    MismatchObserver Obs(TU, A, Found, Out);
    A.observe(Obs);
    for (BackendMismatchReport &Rep : Found)
      if (llvm::none_of(It->second, [&](const BackendMismatchReport &Old) {
            return Old.Loc == Rep.Loc && Old.Free == Rep.Free;
          }))
        It->second.push_back(std::move(Rep));
  }
  void finish(Reporter &R) override {
    for (const FunctionDecl *FD : Order)
      for (const BackendMismatchReport &Rep : Reports[FD])
        R.backendMismatch(Rep);
  }

private:
  TUContext &TU;
  SummaryStore *Out;
  llvm::DenseMap<const FunctionDecl *, std::vector<BackendMismatchReport>> Reports;
  std::vector<const FunctionDecl *> Order;
};

} // namespace

std::unique_ptr<CheckPass> allocflags::makeBackendMismatchPass(const PassInputs &In) {
  return std::make_unique<BackendMismatchPass>(In.TU, In.Summaries);
}
