//===- ImplicitAllocation.cpp ---------------------------------------------===//
#include "allocflags/Analysis/ImplicitAllocation.h"
#include "allocflags/Analysis/CheckPass.h"
#include "allocflags/Analysis/ContextAnalysis.h"
#include "allocflags/Analysis/Summaries.h"
#include "allocflags/Analysis/TUContext.h"
#include "allocflags/Model/Model.h"
#include "allocflags/Report/Finding.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/GlobPattern.h"
#include <map>

using namespace clang;
using namespace allocflags;

namespace {

/// The annotation ALLOCFLAGS_DISCIPLINED attaches.  Not "allocflags:": that
/// prefix introduces a model entry, which this is not.
constexpr llvm::StringRef DisciplinedTag = "allocflags-disciplined";

/// "std::vector", "std::basic_string::push_back", "operator new": the
/// qualified name without template arguments, inline namespaces
/// (libstdc++'s std::__cxx11) or linkage specs, as the model spells it.
std::string qualifiedName(const NamedDecl *D) {
  std::string Out = D->getNameAsString();
  for (const DeclContext *DC = D->getDeclContext(); DC; DC = DC->getParent()) {
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC)) {
      if (NS->isInline() || NS->isAnonymousNamespace())
        continue;
      Out = NS->getNameAsString() + "::" + Out;
    } else if (const auto *RD = dyn_cast<RecordDecl>(DC)) {
      Out = RD->getNameAsString() + "::" + Out;
    } else if (isa<FunctionDecl>(DC)) {
      break;
    }
  }
  return Out;
}

bool hasTag(const Decl *D) {
  for (const Decl *R : D->redecls())
    for (const auto *A : R->specific_attrs<AnnotateAttr>())
      if (A->getAnnotation() == DisciplinedTag)
        return true;
  return false;
}

/// What one function does that allocates implicitly: the first site, which
/// is either a direct allocation or a call into a callee that reaches one.
struct Violation {
  SourceLocation Loc;
  std::string What;                      ///< the direct allocation, at the end of the chain
  const FunctionDecl *Callee = nullptr;  ///< set when Loc is a call
};

class ImplicitAllocationPass : public CheckPass {
public:
  ImplicitAllocationPass(TUContext &TU, SummaryStore *Summaries, bool SleepChecked)
      : TU(TU), Summaries(Summaries), SleepChecked(SleepChecked) {
    for (const std::string &G : TU.options().DisciplinedPaths)
      if (auto P = llvm::GlobPattern::create(G))
        Globs.push_back(std::move(*P));
      else
        llvm::consumeError(P.takeError()); // applyOption rejected bad globs already
  }

  /// Kernel C: a function handed gfp flags that allocates with others.  Its
  /// own analysis finds the sites; any analysis that reaches one in atomic
  /// context leaves it to allocflags-sleep-in-atomic.
  void onAnalysed(const FunctionDecl *FD, ContextAnalysis &A) override {
    if (!TU.inMainFile(FD))
      return;
    const ParmVarDecl *Gfp = TU.gfpParam(FD);
    if (!Gfp)
      return;
    FlaglessObserver Obs(*this, A, Gfp);
    A.observe(Obs);
  }

  void finish(Reporter &R) override {
    for (ImplicitAllocationReport &Rep : Flagless) {
      if (AtomicSites.count(Rep.Loc.getRawEncoding()))
        continue; // a sleep in atomic context: reported as that
      const auto &[FD, Param] = FlaglessOwner[&Rep - Flagless.data()];
      if (Summaries) // the whole program may know a caller this TU does not
        Summaries->CallersAsked.insert(TU.usr(FD));
      if (std::optional<NonBlockingCall> Call = nonBlockingCaller(TU, FD, Param, /*OrRestricted=*/true)) {
        Rep.NonBlockingCaller = "'" + Call->Caller + "' calls it with flags that do not allow blocking or that "
                                "restrict reclaim";
        Rep.NonBlockingCallerLoc = TU.locationOf(Call->Site);
        if (Rep.NonBlockingCallerLoc.isInvalid())
          Rep.NonBlockingCaller += " (" + Call->Site.str() + ")";
      } else {
        Rep.LowReason = "no caller known to allocflags passes '" + Rep.Function +
                        "' flags that do not allow blocking or that restrict reclaim (GFP_NOFS, GFP_NOIO)";
      }
      if (Rep.LowReason.empty() || TU.options().ReportLowConfidence)
        R.implicitAllocation(Rep);
    }
    if (!TU.langOpts().CPlusPlus)
      return; // the rest of the discipline is C++'s
    std::vector<const FunctionDecl *> Roots;
    TU.forEachMainFileFunction([&](const FunctionDecl *FD) {
      if (!FD->isImplicit() && isDisciplined(FD))
        Roots.push_back(FD);
    });
    for (const FunctionDecl *FD : Roots)
      for (const Violation &V : sitesOf(FD)) {
        if (!Reported.insert(V.Loc.getRawEncoding()).second)
          continue; // one site, one report (template instantiations)
        ImplicitAllocationReport Rep;
        Rep.Loc = V.Loc;
        Rep.Function = qualifiedName(FD);
        Rep.What = V.What;
        if (V.Callee) {
          Rep.Via = qualifiedName(V.Callee);
          chain(V.Callee, Rep.Chain);
          Rep.What = Rep.Chain.empty() ? V.What : lastWhat(V.Callee);
        }
        R.implicitAllocation(Rep);
      }
    if (Summaries)
      summarise();
  }

private:
  /// Flags-less allocations in a function handed gfp flags
  /// (flaglessAt), outside allocation scopes.
  class FlaglessObserver : public OperationObserver {
  public:
    FlaglessObserver(ImplicitAllocationPass &P, const ContextAnalysis &A, const ParmVarDecl *Gfp)
        : P(P), A(A), Gfp(Gfp) {}
    void onOperation(const Operation &Op, const ContextState &S) override {
      TUContext &TU = P.TU;
      if (Op.Indirect || S.mayBeInFlagsScope(TU.model()))
        return; // a pointer's targets are not known well enough; a scope says how
      std::optional<SleepEvidence> E = flaglessAt(TU, Op);
      if (!E)
        return;
      if (S.isAtomic(TU.model(), JoinRuleKind::Must)) {
        if (P.SleepChecked)
          P.AtomicSites.insert(Op.Loc.getRawEncoding());
        return;
      }
      if (A.hasEntryContext() || !P.Seen.insert(Op.Loc.getRawEncoding()).second)
        return;
      const FunctionDecl *FD = A.function();
      ImplicitAllocationReport Rep;
      Rep.Loc = Op.Loc;
      Rep.Function = FD->getNameAsString();
      Rep.Param = Gfp->getName().str();
      Rep.ParamLoc = TU.userLoc(Gfp->getLocation());
      Rep.Flags = E->Flags;
      Rep.What = E->What;
      if (!E->ViaUSR.empty()) {
        Rep.Via = E->What;
        Rep.What = chainNotes(*E, Rep.Chain);
      } else if (Op.Facts && Op.Facts->Flagless && !Op.Facts->Flagless->WithFlags.empty()) {
        suggest(Op, Op.Facts->Flagless->WithFlags, Rep);
      }
      P.Flagless.push_back(std::move(Rep));
      P.FlaglessOwner.push_back({FD, Gfp->getFunctionScopeIndex()});
    }

  private:
    /// Notes from the callee down to the flags-less API; returns its name.
    std::string chainNotes(const SleepEvidence &First, llvm::SmallVectorImpl<FindingNote> &Notes) {
      TUContext &TU = P.TU;
      std::string Fn = First.What;
      const FunctionSummary *Next = TU.summaryByUSR(First.ViaUSR);
      for (unsigned Depth = 0; Next && Next->Flagless && Depth < 64; ++Depth) { // 64: a guard against cycles
        const SleepEvidence &E = *Next->Flagless;
        SourceLocation L = TU.locationOf(E.Site);
        std::string Where = L.isInvalid() && E.Site.valid() ? " (" + E.Site.str() + ")" : "";
        if (E.ViaUSR.empty()) {
          Notes.push_back({L, "'" + Fn + "' allocates with '" + E.What + "' (" + E.Flags + ") here" + Where});
          return E.What;
        }
        Notes.push_back({L, "'" + Fn + "' calls '" + E.What + "' here" + Where});
        Fn = E.What;
        Next = TU.summaryByUSR(E.ViaUSR);
      }
      return Fn;
    }

    /// The flags-taking form of a flags-less call, as a fix: "{N}" are the
    /// call's arguments as written, "{gfp}" the function's flags.
    void suggest(const Operation &Op, llvm::StringRef Template, ImplicitAllocationReport &Rep) {
      TUContext &TU = P.TU;
      const auto *CE = dyn_cast_or_null<CallExpr>(Op.CallE);
      if (!CE || CE->getBeginLoc().isMacroID() || CE->getEndLoc().isMacroID())
        return; // the call is a macro's: nothing to rewrite here
      std::string Out;
      for (size_t I = 0; I < Template.size();) {
        if (Template[I] == '{') {
          size_t J = Template.find('}', I);
          if (J == llvm::StringRef::npos)
            return;
          llvm::StringRef Name = Template.slice(I + 1, J);
          unsigned N = 0;
          if (Name == "gfp") {
            Out += Rep.Param;
          } else if (!Name.getAsInteger(10, N) && N < CE->getNumArgs()) {
            std::string Arg = TU.spelledText(CE->getArg(N));
            if (Arg.empty())
              return;
            Out += Arg;
          } else {
            return; // the call has fewer arguments than the form needs
          }
          I = J + 1;
          continue;
        }
        Out += Template[I++];
      }
      Rep.Suggest = std::move(Out);
      Rep.SuggestRange = CE->getSourceRange();
    }

    ImplicitAllocationPass &P;
    const ContextAnalysis &A;
    const ParmVarDecl *Gfp;
  };

  /// Collects one body's implicit allocations and calls (lambda bodies
  /// are functions of their own; what a lambda captures by copy is copied
  /// where the lambda is made).
  class Collector : public RecursiveASTVisitor<Collector> {
  public:
    Collector(ImplicitAllocationPass &P, std::vector<Violation> &Out) : P(P), Out(Out) {}
    bool shouldVisitTemplateInstantiations() const { return true; }
    bool TraverseLambdaExpr(LambdaExpr *E) {
      for (Expr *Init : E->capture_inits())
        if (Init && !TraverseStmt(Init))
          return false;
      return true;
    }
    /// A coroutine's frame is allocated when it is called: with the global
    /// operator new, unless its promise type supplies one (that one is the
    /// program's to check).
    bool TraverseCoroutineBodyStmt(CoroutineBodyStmt *S) {
      if (const auto *New = dyn_cast_or_null<CallExpr>(S->getAllocate()))
        if (const FunctionDecl *FD = New->getDirectCallee(); FD && !isa<CXXMethodDecl>(FD)) {
          const Stmt *K = firstCoroutineKeyword(S->getBody()); // what makes it a coroutine
          add(K ? K->getBeginLoc() : S->getBeginLoc(), "the coroutine frame ('operator new')");
        }
      return TraverseStmt(S->getBody());
    }

    bool VisitCXXNewExpr(CXXNewExpr *E) {
      const FunctionDecl *New = E->getOperatorNew();
      if (New && New->isReservedGlobalPlacementOperator())
        return true; // placement new constructs in memory someone else allocated
      add(E->getBeginLoc(), E->isArray() ? "'new[]'" : "'new'");
      return true;
    }
    bool VisitCXXThrowExpr(CXXThrowExpr *E) {
      if (E->getSubExpr())
        add(E->getBeginLoc(), "'throw' (the exception object is allocated)");
      return true;
    }
    bool VisitCallExpr(CallExpr *E) {
      const FunctionDecl *FD = E->getDirectCallee();
      if (!FD)
        return true;
      const Model &M = P.TU.model();
      // The member name (v.push_back), the operator (a + b), else the start
      // (m[k] and f(x) start where the object is named, not at ']' or ')').
      SourceLocation L = E->getExprLoc();
      if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E))
        if ((Op->getOperator() == OO_Subscript || Op->getOperator() == OO_Call) && Op->getNumArgs() > 0)
          L = Op->getArg(0)->getBeginLoc();
      std::string Name = qualifiedName(FD);
      if (M.isCxxAllocatingFunction(Name))
        return add(L, "'" + Name + "'");
      if (const auto *MD = dyn_cast<CXXMethodDecl>(FD)) {
        std::string Type = qualifiedName(MD->getParent());
        if (const CxxAllocatingType *T = M.cxxType(Type)) {
          if (MD->isCopyAssignmentOperator())
            return add(L, "copy assignment of '" + Type + "'");
          if (MD->isMoveAssignmentOperator())
            return true; // takes over the other object's memory
          if (llvm::is_contained(T->Grows, MD->getNameAsString()))
            return add(L, "'" + Type + "::" + MD->getNameAsString() + "'");
          return true;
        }
      } else if (const CXXRecordDecl *RD = FD->getReturnType()->getAsCXXRecordDecl()) {
        // Non-member operators that build a new object (string operator+).
        std::string Type = qualifiedName(RD);
        if (const CxxAllocatingType *T = M.cxxType(Type))
          if (FD->isOverloadedOperator() && llvm::is_contained(T->Grows, FD->getNameAsString()))
            return add(L, "'" + FD->getNameAsString() + "' of '" + Type + "'");
      }
      return call(L, FD);
    }
    bool VisitCXXConstructExpr(CXXConstructExpr *E) {
      const CXXConstructorDecl *C = E->getConstructor();
      std::string Type = qualifiedName(C->getParent());
      if (const CxxAllocatingType *T = P.TU.model().cxxType(Type)) {
        if ((C->isDefaultConstructor() && !T->DefaultAllocates) || C->isMoveConstructor())
          return true;
        return add(E->getBeginLoc(), C->isCopyConstructor() ? "copy of '" + Type + "'"
                                                            : "construction of '" + Type + "'");
      }
      return call(E->getBeginLoc(), C);
    }

    /// Destructors run without being called: a local object's at the end of
    /// its scope, a temporary's at the end of its full expression, the
    /// pointee's at `delete`.  Reported where the object is made or deleted.
    bool VisitVarDecl(VarDecl *VD) {
      if (VD->hasLocalStorage() && !isa<ParmVarDecl>(VD))
        destroys(VD->getLocation(), VD->getType());
      return true;
    }
    bool VisitCXXBindTemporaryExpr(CXXBindTemporaryExpr *E) {
      if (const CXXDestructorDecl *D = E->getTemporary()->getDestructor())
        call(E->getBeginLoc(), D);
      return true;
    }
    bool VisitCXXDeleteExpr(CXXDeleteExpr *E) {
      if (!E->getDestroyedType().isNull())
        destroys(E->getBeginLoc(), E->getDestroyedType());
      return true;
    }
    /// A call of the destructor an object of type \p T has, if it does
    /// anything.
    void destroys(SourceLocation L, QualType T) {
      if (T.isNull() || T->isDependentType())
        return;
      const CXXRecordDecl *RD = P.TU.ast().getBaseElementType(T)->getAsCXXRecordDecl();
      if (!RD || !RD->hasDefinition() || RD->hasTrivialDestructor())
        return;
      if (const CXXDestructorDecl *D = RD->getDestructor())
        call(L, D);
    }

  private:
    static const Stmt *firstCoroutineKeyword(const Stmt *S) {
      if (!S || isa<LambdaExpr>(S))
        return nullptr;
      if (isa<CoreturnStmt>(S) || isa<CoawaitExpr>(S) || isa<CoyieldExpr>(S))
        return S;
      for (const Stmt *C : S->children())
        if (const Stmt *K = firstCoroutineKeyword(C))
          return K;
      return nullptr;
    }
    bool add(SourceLocation L, std::string What) {
      Out.push_back({P.TU.userLoc(L), std::move(What), nullptr});
      return true;
    }
    bool call(SourceLocation L, const FunctionDecl *Callee) {
      if (P.reaches(Callee))
        Out.push_back({P.TU.userLoc(L), "", Callee});
      return true;
    }
    ImplicitAllocationPass &P;
    std::vector<Violation> &Out;
  };

  /// Disciplined: marked itself, or inside a marked class, class template
  /// or namespace, or a namespace or file the options name.
  bool isDisciplined(const Decl *D) {
    auto It = Disciplined.find(D);
    if (It != Disciplined.end())
      return It->second;
    bool Result = false;
    for (const Decl *X = D; X && !Result; X = X->getDeclContext() ? dyn_cast<Decl>(X->getDeclContext()) : nullptr) {
      if (isa<TranslationUnitDecl>(X))
        break;
      Result = hasTag(X);
      if (const auto *FD = dyn_cast<FunctionDecl>(X))
        if (const FunctionDecl *Pattern = FD->getTemplateInstantiationPattern())
          Result |= hasTag(Pattern);
      if (const auto *RD = dyn_cast<CXXRecordDecl>(X))
        if (const CXXRecordDecl *Pattern = RD->getTemplateInstantiationPattern())
          Result |= hasTag(Pattern);
      if (const auto *NS = dyn_cast<NamespaceDecl>(X)) {
        std::string Name = qualifiedName(NS);
        for (const std::string &N : TU.options().DisciplinedNamespaces)
          Result |= Name == N || llvm::StringRef(Name).starts_with(N + "::");
      }
    }
    if (!Result && !Globs.empty()) {
      const SourceManager &SM = TU.sourceManager();
      if (OptionalFileEntryRef F = SM.getFileEntryRefForID(SM.getFileID(SM.getExpansionLoc(D->getLocation()))))
        for (const llvm::GlobPattern &G : Globs)
          Result |= G.match(F->getName());
    }
    Disciplined[D] = Result;
    return Result;
  }

  /// The violations in \p FD's body, in source order.
  const std::vector<Violation> &sitesOf(const FunctionDecl *FD) {
    auto It = Sites.find(FD);
    if (It != Sites.end())
      return It->second;
    std::vector<Violation> Out;
    if (Stmt *Body = FD->getBody()) {
      Collector C(*this, Out);
      // Constructors: member initialisers copy and construct too.
      if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(FD))
        for (const CXXCtorInitializer *I : Ctor->inits())
          C.TraverseStmt(I->getInit());
      C.TraverseStmt(Body);
    }
    // A destructor then destroys the members and bases (reported at their
    // declarations: those are what run).
    if (const auto *Dtor = dyn_cast<CXXDestructorDecl>(FD)) {
      Collector C(*this, Out);
      const CXXRecordDecl *RD = Dtor->getParent();
      for (const FieldDecl *F : RD->fields())
        C.destroys(F->getLocation(), F->getType());
      for (const CXXBaseSpecifier &B : RD->bases())
        C.destroys(B.getBeginLoc(), B.getType());
    }
    return Sites[FD] = std::move(Out);
  }

  /// For the whole program (phase 1 of the tool): which main-file functions
  /// are disciplined, and where the others allocate implicitly, so that a
  /// disciplined caller in another file is reported at its call.
  void summarise() {
    TU.forEachMainFileFunction([&](const FunctionDecl *FD) {
      if (FD->isImplicit() || !FD->hasBody())
        return;
      const FunctionSummary *S = TU.inferredSummary(FD);
      if (!S || S->USR.empty())
        return;
      FunctionSummary &Slot = TU.localSummaries().getOrCreate(S->USR);
      if (isDisciplined(FD)) {
        Slot.Disciplined = true;
        return;
      }
      if (Slot.TakesGfp || sitesOf(FD).empty())
        return;
      const Violation &V = sitesOf(FD).front();
      SleepEvidence E;
      E.Site = TU.position(V.Loc);
      E.What = V.Callee ? qualifiedName(V.Callee) : V.What;
      if (V.Callee)
        E.ViaUSR = TU.usr(V.Callee);
      Slot.Implicit = std::move(E);
    });
  }

  /// The summary of \p Callee from another file (the store), when it
  /// allocates implicitly and is neither disciplined nor told how.
  const FunctionSummary *implicitElsewhere(const FunctionDecl *Callee) {
    const FunctionSummary *S = TU.store() ? TU.store()->lookup(TU.usr(Callee)) : nullptr;
    return S && S->Implicit && !S->Disciplined && !S->TakesGfp ? S : nullptr;
  }

  /// Whether a call to \p Callee reaches an implicit allocation that is not
  /// reported elsewhere.
  bool reaches(const FunctionDecl *Callee) {
    for (const ParmVarDecl *P : Callee->parameters())
      if (TU.isGfpType(P->getType()))
        return false; // a flags-taking API: the call says how
    const FunctionDecl *Def = nullptr;
    if (!Callee->hasBody(Def) || !Def)
      return implicitElsewhere(Callee) != nullptr; // defined in another file: its summary
    if (!Def->isImplicit() && isDisciplined(Def))
      return false; // reported inside it
    if (TU.sourceManager().isInSystemHeader(TU.sourceManager().getExpansionLoc(Def->getLocation())))
      return false; // the library is what the model says it is
    auto It = Reaches.find(Def);
    if (It != Reaches.end())
      return It->second;
    Reaches[Def] = false; // recursion: a cycle adds nothing of its own
    bool Result = !sitesOf(Def).empty();
    Reaches[Def] = Result;
    return Result;
  }

  /// Notes from \p Callee down to the direct allocation: "'f' calls 'g'
  /// here", ..., "'h' allocates here: <what>".
  void chain(const FunctionDecl *Callee, llvm::SmallVectorImpl<FindingNote> &Notes) {
    llvm::DenseSet<const FunctionDecl *> Seen;
    const FunctionDecl *F = Callee;
    while (F) {
      const FunctionDecl *Def = nullptr;
      F->hasBody(Def);
      if (!Def) {
        if (const FunctionSummary *S = implicitElsewhere(F))
          chainElsewhere(*S, Notes);
        return;
      }
      if (!Seen.insert(Def).second || sitesOf(Def).empty())
        return;
      const Violation &V = sitesOf(Def).front();
      if (V.Callee) {
        Notes.push_back({V.Loc, "'" + qualifiedName(Def) + "' calls '" + qualifiedName(V.Callee) + "' here"});
        F = V.Callee;
      } else {
        Notes.push_back({V.Loc, "'" + qualifiedName(Def) + "' allocates here with " + V.What});
        return;
      }
    }
  }

  /// The chain on from \p S, a function of another file, through the
  /// store's summaries; returns what allocates at its end.
  std::string chainElsewhere(const FunctionSummary &S, llvm::SmallVectorImpl<FindingNote> *Notes) {
    const FunctionSummary *Cur = &S;
    for (unsigned Depth = 0; Cur && Cur->Implicit && Depth < 64; ++Depth) { // 64: a guard against cycles
      const SleepEvidence &E = *Cur->Implicit;
      SourceLocation L = TU.locationOf(E.Site);
      std::string Where = L.isInvalid() && E.Site.valid() ? " (" + E.Site.str() + ")" : "";
      if (E.ViaUSR.empty()) {
        if (Notes)
          Notes->push_back({L, "'" + Cur->Name + "' allocates here with " + E.What + Where});
        return E.What;
      }
      if (Notes)
        Notes->push_back({L, "'" + Cur->Name + "' calls '" + E.What + "' here" + Where});
      Cur = TU.store()->lookup(E.ViaUSR);
    }
    return "an allocation";
  }
  void chainElsewhere(const FunctionSummary &S, llvm::SmallVectorImpl<FindingNote> &Notes) {
    chainElsewhere(S, &Notes);
  }

  std::string lastWhat(const FunctionDecl *Callee) {
    llvm::DenseSet<const FunctionDecl *> Seen;
    for (const FunctionDecl *F = Callee; F;) {
      const FunctionDecl *Def = nullptr;
      F->hasBody(Def);
      if (!Def) {
        const FunctionSummary *S = implicitElsewhere(F);
        return S ? chainElsewhere(*S, nullptr) : "an allocation";
      }
      if (!Seen.insert(Def).second || sitesOf(Def).empty())
        break;
      const Violation &V = sitesOf(Def).front();
      if (!V.Callee)
        return V.What;
      F = V.Callee;
    }
    return "an allocation";
  }

  TUContext &TU;
  SummaryStore *Summaries; ///< phase 1 of the tool: the TU's facts go here
  bool SleepChecked;
  /// Kernel C findings, with the function and gfp parameter of each.
  std::vector<ImplicitAllocationReport> Flagless;
  std::vector<std::pair<const FunctionDecl *, unsigned>> FlaglessOwner;
  llvm::DenseSet<clang::SourceLocation::UIntTy> Seen, AtomicSites;
  std::vector<llvm::GlobPattern> Globs;
  llvm::DenseMap<const Decl *, bool> Disciplined;
  /// A std::map: references into it stay valid while callees are added.
  std::map<const FunctionDecl *, std::vector<Violation>> Sites;
  llvm::DenseMap<const FunctionDecl *, bool> Reaches;
  llvm::DenseSet<clang::SourceLocation::UIntTy> Reported;
};

} // namespace

std::unique_ptr<CheckPass> allocflags::makeImplicitAllocationPass(const PassInputs &In) {
  // With allocflags-sleep-in-atomic on, the flags-less allocations made in
  // atomic context are its findings (one site, one report).
  return std::make_unique<ImplicitAllocationPass>(In.TU, In.Summaries,
                                                  llvm::is_contained(In.Checks, CheckKind::SleepInAtomic));
}
