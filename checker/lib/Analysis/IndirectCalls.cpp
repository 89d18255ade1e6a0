//===- IndirectCalls.cpp --------------------------------------------------===//
#include "allocflags/Analysis/IndirectCalls.h"
#include "allocflags/Analysis/LocalDefinitions.h"
#include "allocflags/Analysis/Operations.h"
#include "allocflags/Analysis/TUContext.h"
#include "allocflags/Model/Model.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;
using namespace allocflags;

/// How many record layers a key keeps: enough to tell `a->o.f` from
/// `b->o.f`, few enough that a table reached another way still matches.
static constexpr unsigned MaxLayers = 3;

static std::string recordName(const RecordDecl *RD) {
  if (!RD)
    return "";
  if (RD->getIdentifier())
    return RD->getQualifiedNameAsString();
  if (const TypedefNameDecl *TD = RD->getTypedefNameForAnonDecl())
    return TD->getQualifiedNameAsString();
  return "";
}

const FunctionDecl *allocflags::referencedFunction(const Expr *E) {
  if (!E)
    return nullptr;
  E = E->IgnoreParenCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_AddrOf)
    E = U->getSubExpr()->IgnoreParenCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    return dyn_cast<FunctionDecl>(DRE->getDecl());
  return nullptr;
}

std::string allocflags::functionTypeText(QualType T) {
  return T.getCanonicalType().getUnqualifiedType().getAsString();
}

/// The record layers of a member access, outermost first: `d->tmpl.open`
/// is "foo_dev.tmpl|foo_tmpl.open".
static std::string fieldLayers(const MemberExpr *ME, unsigned Depth) {
  const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl());
  std::string Rec = F ? recordName(F->getParent()) : "";
  if (Rec.empty())
    return "";
  std::string Layer = Rec + "." + F->getName().str();
  if (Depth + 1 >= MaxLayers)
    return Layer;
  const Expr *Base = ME->getBase()->IgnoreParenImpCasts();
  // An element of an array of structs is reached through the array's layer.
  while (const auto *AS = dyn_cast<ArraySubscriptExpr>(Base))
    Base = AS->getBase()->IgnoreParenImpCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(Base); U && U->getOpcode() == UO_Deref)
    Base = U->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *Outer = dyn_cast<MemberExpr>(Base))
    if (std::string O = fieldLayers(Outer, Depth + 1); !O.empty())
      return O + "|" + Layer;
  return Layer;
}

std::string allocflags::pointerKey(TUContext &TU, const Expr *E) {
  if (!E)
    return "";
  E = E->IgnoreParenImpCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_Deref)
    E = U->getSubExpr()->IgnoreParenImpCasts(); // (*fp)(x)
  // table[i](x), d->handlers[i](x): the array's own key
  while (const auto *AS = dyn_cast<ArraySubscriptExpr>(E))
    E = AS->getBase()->IgnoreParenImpCasts();
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    return fieldLayers(ME, 0);
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()); VD && VD->hasGlobalStorage())
      if (std::string U = TU.usr(VD); !U.empty())
        return "@" + U;
  return "";
}

std::string allocflags::chainKey(TUContext &TU, const Expr *E) {
  if (!E)
    return "";
  E = E->IgnoreParenCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_AddrOf)
    E = U->getSubExpr()->IgnoreParenCasts();
  // By name: a chain is one variable, and model wrappers name it so.
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()); VD && VD->hasGlobalStorage())
      return "chain:" + VD->getName().str();
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    if (std::string K = fieldLayers(ME, 0); !K.empty())
      return "chain:" + K;
  return "";
}

namespace allocflags {

/// Records where the TU's main file stores function addresses.
class PointerStoreFinder : public RecursiveASTVisitor<PointerStoreFinder> {
public:
  PointerStoreFinder(TUContext &TU, IndirectCalls &Out) : TU(TU), Out(Out) {}
  bool shouldVisitTemplateInstantiations() const { return true; }

  bool VisitVarDecl(VarDecl *VD) {
    const Expr *Init = VD->getInit();
    if (!Init)
      return true;
    std::string Prefix = VD->hasGlobalStorage() ? "@" + TU.usr(VD) : "";
    if (const auto *ILE = dyn_cast<InitListExpr>(Init->IgnoreParenImpCasts()))
      walkInit(ILE, VD->getType()->isArrayType() ? Prefix : "");
    else if (const FunctionDecl *F = referencedFunction(Init); F && Prefix.size() > 1 &&
                                                        VD->getType()->isFunctionPointerType())
      add(Prefix, F, VD->getLocation());
    return true;
  }

  bool VisitCompoundLiteralExpr(CompoundLiteralExpr *CL) {
    if (const auto *ILE = dyn_cast_or_null<InitListExpr>(CL->getInitializer()))
      walkInit(ILE, "");
    return true;
  }

  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->getOpcode() != BO_Assign)
      return true;
    std::string Key = pointerKey(TU, BO->getLHS());
    if (Key.empty())
      return true;
    if (const FunctionDecl *F = referencedFunction(BO->getRHS())) {
      add(Key, F, BO->getOperatorLoc());
      return true;
    }
    // A function's parameter stored where pointers are loaded from: what
    // its callers pass there is stored there (register_cb(d, fn)).
    const Expr *R = BO->getRHS()->IgnoreParenCasts();
    if (const auto *DRE = dyn_cast<DeclRefExpr>(R))
      if (const auto *P = dyn_cast<ParmVarDecl>(DRE->getDecl()); P && P->getType()->isFunctionPointerType())
        if (const auto *Fn = dyn_cast<FunctionDecl>(P->getDeclContext()))
          ParamStores[Fn->getCanonicalDecl()].push_back({P->getFunctionScopeIndex(), Key});
    return true;
  }

  bool VisitCastExpr(CastExpr *CE) {
    // A function's address turned into something that is not a function
    // pointer (void *, an integer) escapes every layer.
    const FunctionDecl *F = referencedFunction(CE->getSubExpr());
    if (!F || CE->getType()->isFunctionPointerType() || CE->getType()->isFunctionType() ||
        CE->getCastKind() == CK_FunctionToPointerDecay || CE->getCastKind() == CK_BuiltinFnToFnPtr)
      return true;
    add(typeKey(functionTypeText(F->getType())), F, CE->getExprLoc());
    return true;
  }

  bool VisitCallExpr(CallExpr *CE) {
    const FunctionDecl *Callee = CE->getDirectCallee();
    if (!Callee)
      return true;
    if (const FunctionFacts *F = TU.factsFor(Callee); F && F->RegistersOnChain)
      Registered.push_back({CE, &*F->RegistersOnChain});
    for (unsigned I = 0; I < CE->getNumArgs(); ++I)
      if (const FunctionDecl *F = referencedFunction(CE->getArg(I)))
        Passed.push_back({Callee->getCanonicalDecl(), I, F, CE->getArg(I)->getExprLoc()});
    return true;
  }

  /// Functions passed to parameters their callee stores; callbacks
  /// registered on chains (once every store is known).
  void finish() {
    for (const auto &[CE, C] : Registered)
      registerOnChain(CE, *C);
    for (const PassedFn &P : Passed) {
      auto It = ParamStores.find(P.Callee);
      if (It == ParamStores.end())
        continue;
      for (const auto &[Index, Key] : It->second)
        if (Index == P.Index)
          add(Key, P.Fn, P.Loc);
    }
  }

private:
  /// A block registered on a chain: its callback field, from the block's
  /// initialiser or from what this TU stores into that field.
  void registerOnChain(const CallExpr *CE, const ChainCall &C) {
    std::string Key = C.ChainArg >= 0 ? (static_cast<unsigned>(C.ChainArg) < CE->getNumArgs()
                                              ? chainKey(TU, CE->getArg(C.ChainArg))
                                              : "")
                                      : "chain:" + C.Chain;
    if (Key.empty() || C.BlockArg < 0 || static_cast<unsigned>(C.BlockArg) >= CE->getNumArgs())
      return;
    const Expr *B = CE->getArg(C.BlockArg)->IgnoreParenCasts();
    if (const auto *U = dyn_cast<UnaryOperator>(B); U && U->getOpcode() == UO_AddrOf)
      B = U->getSubExpr()->IgnoreParenCasts();
    auto [Rec, Field] = llvm::StringRef(C.CallbackField).split('.');
    SourceLocation Loc = CE->getExprLoc();
    if (const auto *DRE = dyn_cast<DeclRefExpr>(B))
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
        if (const auto *ILE = dyn_cast_or_null<InitListExpr>(VD->getInit() ? VD->getInit()->IgnoreParenImpCasts()
                                                                           : nullptr)) {
          const InitListExpr *Sem = ILE->isSemanticForm() ? ILE : ILE->getSemanticForm();
          const RecordDecl *RD = Sem ? Sem->getType()->getAsRecordDecl() : nullptr;
          if (RD && recordName(RD) == Rec) {
            unsigned I = 0;
            for (const FieldDecl *FD : RD->fields()) {
              if (I >= Sem->getNumInits())
                break;
              const Expr *Init = Sem->getInit(I++);
              if (FD->getName() == Field)
                if (const FunctionDecl *F = referencedFunction(Init))
                  add(Key, F, Loc);
            }
          }
          return;
        }
    // `priv->nb.notifier_call = fn; register(&chain, &priv->nb)`
    std::string Object = isa<MemberExpr>(B) ? fieldLayers(cast<MemberExpr>(B), 0) : "";
    std::string Stored = Object.empty() ? C.CallbackField : Object + "|" + C.CallbackField;
    // What is stored through the block's own layers if anything is, else
    // what its field holds anywhere in the file.
    std::vector<const PointerTarget *> Ts = Out.Local.pointerTargets(Stored);
    if (llvm::any_of(Ts, [&](const PointerTarget *T) { return T->Key == Stored; }))
      llvm::erase_if(Ts, [&](const PointerTarget *T) { return T->Key != Stored; });
    std::vector<const FunctionDecl *> Fns;
    for (const PointerTarget *T : Ts)
      if (const FunctionDecl *F = Out.DeclByUSR.lookup(T->USR))
        Fns.push_back(F);
    for (const FunctionDecl *F : Fns) // the table grows below
      add(Key, F, Loc);
  }

  /// The initialiser of an object whose layers so far are \p Prefix.
  void walkInit(const InitListExpr *Visited, const std::string &Prefix) {
    const InitListExpr *ILE = Visited->isSemanticForm() ? Visited : Visited->getSemanticForm();
    if (!ILE)
      return;
    QualType T = ILE->getType();
    if (T->isArrayType()) {
      for (const Expr *E : ILE->inits()) {
        if (const auto *Sub = dyn_cast<InitListExpr>(E->IgnoreParenImpCasts()))
          walkInit(Sub, Prefix); // an array of structs: each element alike
        else if (const FunctionDecl *F = referencedFunction(E); F && !Prefix.empty())
          add(Prefix, F, E->getExprLoc()); // an array of function pointers
      }
      return;
    }
    const RecordDecl *RD = T->getAsRecordDecl();
    std::string Rec = recordName(RD);
    if (!RD || Rec.empty())
      return;
    // A global struct's own name is not a type layer: only a global pointer
    // or array of pointers is keyed by its variable.
    std::string Outer = StringRef(Prefix).starts_with("@") ? "" : Prefix;
    unsigned I = 0;
    for (const FieldDecl *FD : RD->fields()) {
      if (I >= ILE->getNumInits())
        break;
      const Expr *Init = ILE->getInit(I++);
      if (RD->isUnion() && ILE->getInitializedFieldInUnion() && ILE->getInitializedFieldInUnion() != FD)
        continue;
      std::string Layer = Rec + "." + FD->getName().str();
      std::string Key = Outer.empty() ? Layer : Outer + "|" + Layer;
      if (std::count(Key.begin(), Key.end(), '|') >= MaxLayers) // keep the innermost layers
        Key = Key.substr(Key.find('|') + 1);
      if (const auto *Sub = dyn_cast<InitListExpr>(Init->IgnoreParenImpCasts()))
        walkInit(Sub, Key);
      else if (const FunctionDecl *F = referencedFunction(Init))
        add(Key, F, Init->getExprLoc());
    }
  }

  void add(const std::string &Key, const FunctionDecl *F, SourceLocation Loc) {
    PointerTarget T;
    T.Key = Key;
    T.USR = TU.usr(F);
    if (T.USR.empty())
      return;
    T.Name = F->getNameAsString();
    Loc = TU.userLoc(Loc);
    T.Site = TU.position(Loc);
    Out.DeclByUSR.try_emplace(T.USR, F);
    Out.StoreLocs.try_emplace(Key + "\t" + T.USR, Loc);
    Out.Local.addPointerTarget(std::move(T));
  }

  struct PassedFn {
    const FunctionDecl *Callee;
    unsigned Index;
    const FunctionDecl *Fn;
    SourceLocation Loc;
  };
  TUContext &TU;
  IndirectCalls &Out;
  llvm::DenseMap<const FunctionDecl *, std::vector<std::pair<unsigned, std::string>>> ParamStores;
  std::vector<PassedFn> Passed;
  std::vector<std::pair<const CallExpr *, const ChainCall *>> Registered;
};

} // namespace allocflags

IndirectCalls::IndirectCalls(TUContext &TU) : TU(TU) {}
IndirectCalls::~IndirectCalls() = default;

void IndirectCalls::collect() {
  if (Collected)
    return;
  Collected = true;
  PointerStoreFinder F(TU, *this);
  const SourceManager &SM = TU.sourceManager();
  for (Decl *D : TU.ast().getTranslationUnitDecl()->decls())
    if (SM.isInMainFile(SM.getExpansionLoc(D->getBeginLoc())))
      F.TraverseDecl(D);
  F.finish();
}

std::string IndirectCall::doubt() const {
  std::string D = indirectDoubt(Key, Pointer, Targets.size(), ByType);
  return D.empty() ? optionalDoubt() : D;
}

std::string IndirectCall::optionalDoubt() const {
  if (!Optional || llvm::any_of(Targets, [](const IndirectTarget &T) { return T.Loc.isValid(); }))
    return "";
  return "'" + Pointer + "' is optional (tested for null before the call) and only set in other files; the object "
         "called here may not have it";
}

const SummaryStore &IndirectCalls::stores() {
  collect();
  return Local;
}

const IndirectCall *IndirectCalls::resolve(const CallExpr *CE) {
  if (!CE || CE->getDirectCallee() || CE->getBuiltinCallee())
    return nullptr;
  auto [It, New] = Cache.try_emplace(CE);
  if (!New)
    return It->second.get();
  const Expr *Callee = CE->getCallee()->IgnoreParenImpCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(Callee); U && U->getOpcode() == UO_Deref)
    Callee = U->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(Callee); DRE && isa<ParmVarDecl>(DRE->getDecl()))
    return nullptr; // a callback: FunctionSummary::CallsParams
  QualType PT = CE->getCallee()->getType();
  if (const auto *P = PT->getAs<PointerType>())
    PT = P->getPointeeType();
  if (!PT->isFunctionType())
    return nullptr; // a member-function pointer, a block, a functor
  collect();
  auto IC = std::make_unique<IndirectCall>();
  IC->Optional = reachedOnlyIfTested(TU.ast(), CE, Callee, /*Null=*/false);
  // `fn = READ_ONCE(dev->ops->get); ... fn(c)`: a call through what the
  // local was copied from.
  if (const Expr *From = copiedFrom(Callee))
    Callee = From;
  IC->Pointer = TU.spelledText(Callee);
  if (IC->Pointer.empty())
    IC->Pointer = TU.printedText(Callee);
  IC->Key = pointerKey(TU, Callee);
  IC->Type = functionTypeText(PT);
  lookup(*IC, /*TypeFallback=*/true);
  It->second = std::move(IC);
  return It->second.get();
}

const Expr *IndirectCalls::copiedFrom(const Expr *Callee) {
  const auto *DRE = dyn_cast<DeclRefExpr>(Callee->IgnoreParenImpCasts());
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (!VD || !VD->hasLocalStorage() || isa<ParmVarDecl>(VD))
    return nullptr;
  const auto *FD = dyn_cast_or_null<FunctionDecl>(VD->getParentFunctionOrMethod());
  if (!FD || !FD->hasBody())
    return nullptr;
  auto [It, New] = Locals.try_emplace(FD);
  if (New)
    It->second = countLocalDefinitions(FD->getBody());
  auto D = It->second.find(VD);
  if (D == It->second.end() || !D->second.only())
    return nullptr;
  const Expr *From = throughReads(D->second.only());
  // Only a copy of a pointer that has a key of its own.
  return From && !pointerKey(TU, From).empty() ? From : nullptr;
}

const IndirectCall *IndirectCalls::resolveChain(const CallExpr *CE, const ChainCall &Chain) {
  if (!CE)
    return nullptr;
  auto [It, New] = Cache.try_emplace(CE);
  if (!New)
    return It->second.get();
  collect();
  std::string Key = Chain.ChainArg < 0 ? "chain:" + Chain.Chain
                    : static_cast<unsigned>(Chain.ChainArg) < CE->getNumArgs()
                        ? chainKey(TU, CE->getArg(Chain.ChainArg))
                        : "";
  if (Key.empty())
    return nullptr;
  auto IC = std::make_unique<IndirectCall>();
  IC->Key = Key;
  if (Chain.ChainArg < 0) {
    IC->Pointer = Chain.Chain;
  } else {
    const Expr *Arg = CE->getArg(Chain.ChainArg)->IgnoreParenImpCasts();
    if (const auto *U = dyn_cast<UnaryOperator>(Arg); U && U->getOpcode() == UO_AddrOf)
      Arg = U->getSubExpr();
    IC->Pointer = TU.spelledText(Arg);
  }
  IC->PassesArgs = false;
  lookup(*IC, /*TypeFallback=*/false);
  It->second = std::move(IC);
  return It->second.get();
}

void IndirectCalls::lookup(IndirectCall &IC, bool TypeFallback) {
  // This TU's stores, then the whole program's (a table filled in another
  // file); the layers first, the type only when they hold nothing.
  auto Find = [&](const std::string &Key) {
    std::vector<const PointerTarget *> Ts;
    for (const SummaryStore *S : {static_cast<const SummaryStore *>(&Local), TU.store()}) {
      if (!S)
        continue;
      for (const PointerTarget *T : S->pointerTargets(Key))
        if (llvm::none_of(Ts, [&](const PointerTarget *X) { return X->USR == T->USR; }))
          Ts.push_back(T);
    }
    return Ts;
  };
  std::vector<const PointerTarget *> Ts = IC.Key.empty() ? std::vector<const PointerTarget *>() : Find(IC.Key);
  if (Ts.empty() && TypeFallback && !IC.Type.empty()) {
    Ts = Find(typeKey(IC.Type));
    IC.ByType = !Ts.empty();
  }
  if (Ts.size() > TU.options().MaxIndirectTargets) {
    IC.OverLimit = true;
    Ts.clear();
  }
  for (const PointerTarget *T : Ts) {
    IndirectTarget X;
    X.Decl = DeclByUSR.lookup(T->USR);
    X.USR = T->USR;
    X.Name = T->Name;
    X.Site = T->Site;
    X.Loc = StoreLocs.lookup(T->Key + "\t" + T->USR);
    IC.Targets.push_back(std::move(X));
  }
}
