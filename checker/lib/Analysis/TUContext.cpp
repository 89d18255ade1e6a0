//===- TUContext.cpp ------------------------------------------------------===//
#include "allocflags/Analysis/TUContext.h"
#include "allocflags/Analysis/ContextAnalysis.h"
#include "allocflags/Analysis/IndirectCalls.h"
#include "allocflags/Analysis/MacroEval.h"
#include "allocflags/Analysis/Summaries.h"
#include "allocflags/Model/Model.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/FileManager.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Index/USRGeneration.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang;
using namespace allocflags;

TUContext::TUContext(ASTContext &Ctx, const Preprocessor *PP, const MacroIndex &Macros, const Model &M,
                     AnalysisOptions Opts, const SummaryStore *Store)
    : Ctx(Ctx), PP(PP), Macros(Macros), M(M), Opts(Opts), Gfp(Ctx, PP, M.gfp()), Store(Store),
      Budget(Opts.FunctionBudget) {
  KeyTexts.push_back(""); // NoKey
}

TUContext::~TUContext() = default;

const ParmVarDecl *TUContext::gfpParam(const FunctionDecl *FD) const {
  for (const ParmVarDecl *P : FD->parameters())
    if (isGfpType(P->getType()))
      return P;
  return nullptr;
}

IndirectCalls &TUContext::indirectCalls() {
  if (!Indirect)
    Indirect = std::make_unique<IndirectCalls>(*this);
  return *Indirect;
}

/// The annotation texts on any declaration of \p FD (or, for an
/// instantiated template, on its pattern), prefix removed.
static void annotationsOf(const FunctionDecl *FD, llvm::SmallVectorImpl<llvm::StringRef> &Out,
                          SourceLocation &Where) {
  static constexpr llvm::StringRef Prefix = "allocflags:";
  auto Scan = [&](const FunctionDecl *D) {
    for (const FunctionDecl *R : D->redecls())
      for (const auto *A : R->specific_attrs<AnnotateAttr>())
        if (A->getAnnotation().starts_with(Prefix)) {
          llvm::StringRef Text = A->getAnnotation().drop_front(Prefix.size()).trim();
          if (!llvm::is_contained(Out, Text)) {
            Out.push_back(Text);
            if (Where.isInvalid())
              Where = A->getLocation();
          }
        }
  };
  Scan(FD);
  if (Out.empty())
    if (const FunctionDecl *P = FD->getTemplateInstantiationPattern())
      Scan(P);
}

const FunctionFacts *TUContext::factsFor(const FunctionDecl *FD) {
  if (!FD)
    return nullptr;
  FD = FD->getCanonicalDecl();
  auto [It, New] = Annotated.try_emplace(FD);
  if (New) {
    llvm::SmallVector<llvm::StringRef, 2> Texts;
    SourceLocation Where;
    annotationsOf(FD, Texts, Where);
    if (!Texts.empty()) {
      llvm::Expected<FunctionFacts> F = M.parseAnnotations(Texts);
      if (F)
        It->second = std::make_unique<FunctionFacts>(std::move(*F));
      else
        AnnotationErrors.push_back({Where, "bad allocflags annotation on '" + FD->getNameAsString() +
                                              "': " + llvm::toString(F.takeError())});
    }
  }
  if (It->second)
    return It->second.get();
  // The model: C functions by name; C++ members and namespaced functions by
  // qualified name, so a method that happens to be called `lock` is not
  // mistaken for a kernel primitive.
  if (!FD->getDeclName().isIdentifier())
    return nullptr;
  const DeclContext *DC = FD->getDeclContext()->getRedeclContext();
  if (DC->isTranslationUnit() || DC->isExternCContext())
    return M.lookup(FD->getName());
  return M.lookup(FD->getQualifiedNameAsString());
}

const SourceManager &TUContext::sourceManager() const { return Ctx.getSourceManager(); }
const LangOptions &TUContext::langOpts() const { return Ctx.getLangOpts(); }

LockKey TUContext::internKey(llvm::StringRef Text) {
  if (Text.empty())
    return NoKey;
  auto [It, New] = Keys.try_emplace(Text, static_cast<LockKey>(KeyTexts.size()));
  if (New)
    KeyTexts.push_back(Text.str());
  return It->second;
}

std::string TUContext::usr(const Decl *D) {
  if (!D)
    return "";
  D = D->getCanonicalDecl();
  auto It = USRs.find(D);
  if (It != USRs.end())
    return It->second;
  llvm::SmallString<128> Buf;
  std::string R;
  if (!index::generateUSRForDecl(D, Buf))
    R = std::string(Buf);
  USRs[D] = R;
  return R;
}

bool TUContext::isGfpType(QualType T) const {
  // gfp_t as the code writes it (a typedef): look through other typedefs
  // (const gfp_t, typedef gfp_t my_flags_t) but not down to unsigned int.
  for (unsigned Depth = 0; Depth < 8 && !T.isNull(); ++Depth) {
    const auto *TT = T->getAs<TypedefType>();
    if (!TT)
      return false;
    if (TT->getDecl()->getName() == M.gfp().TypeName)
      return true;
    T = TT->getDecl()->getUnderlyingType();
  }
  return false;
}

const FunctionSummary *TUContext::summaryOf(const FunctionDecl *FD) {
  if (!FD)
    return nullptr;
  if (Store) {
    std::string U = usr(FD);
    if (const FunctionSummary *S = Store->lookup(U))
      return S;
  }
  if (const FunctionDecl *Def = FD->getDefinition(); Def && Def->hasBody())
    return inferredSummary(Def);
  // The documented default for unknown external functions.
  if (Opts.UnknownCallees != UnknownCalleeKind::GfpParam)
    return nullptr;
  const FunctionDecl *Canon = FD->getCanonicalDecl();
  auto It = Defaults.find(Canon);
  if (It != Defaults.end())
    return It->second.get();
  std::unique_ptr<FunctionSummary> S;
  for (unsigned I = 0; I < FD->getNumParams(); ++I)
    if (isGfpType(FD->getParamDecl(I)->getType())) {
      if (!S) {
        S = std::make_unique<FunctionSummary>();
        S->USR = usr(FD);
        S->Name = FD->getNameAsString();
      }
      SleepEvidence E;
      E.Site = position(FD->getLocation());
      E.What = S->Name;
      E.Assumed = true;
      S->SleepsIfGfp.push_back({I, std::move(E)});
    }
  const FunctionSummary *R = S.get();
  Defaults[Canon] = std::move(S);
  return R;
}

const FunctionSummary *TUContext::inferredSummary(const FunctionDecl *FD) {
  const FunctionDecl *Def = FD->getDefinition();
  if (!Def || !Def->hasBody())
    return nullptr;
  auto It = Inferred.find(Def);
  if (It != Inferred.end())
    return It->second;
  SummaryBuilder(*this).build({Def});
  It = Inferred.find(Def);
  return It == Inferred.end() ? nullptr : It->second;
}

const FunctionSummary *TUContext::summaryByUSR(llvm::StringRef USR) const {
  if (Store)
    if (const FunctionSummary *S = Store->lookup(USR))
      return S;
  return Local.lookup(USR);
}

const FieldFact *TUContext::fieldFact(const FieldDecl *FD) const {
  const RecordDecl *RD = FD->getParent();
  if (!RD->getIdentifier())
    return nullptr;
  std::string Key = RD->getName().str() + "." + FD->getName().str();
  if (Store)
    if (const FieldFact *F = Store->fieldFact(Key))
      return F;
  return Local.fieldFact(Key);
}

uint32_t TUContext::kernelVersion() const {
  if (Opts.KernelVersion)
    return Opts.KernelVersion;
  if (!Version) {
    Version = 0;
    if (PP)
      if (std::optional<uint64_t> V = MacroValueEvaluator(*PP, &Ctx).evaluateMacro(M.versionMacro()))
        Version = static_cast<uint32_t>(*V);
  }
  return *Version;
}

bool TUContext::analysableTopDown(const FunctionDecl *FD) {
  if (const FunctionDecl *Def = FD->getDefinition(); Def && Def->hasBody())
    return true;
  if (Store)
    if (const FunctionSummary *S = Store->lookup(usr(FD)))
      return S->Definition.valid();
  return false;
}

bool TUContext::reportedInside(const FunctionDecl *FD) {
  if (const FunctionDecl *Def = FD->getDefinition(); Def && Def->hasBody())
    return inMainFile(Def);
  if (Store)
    if (const FunctionSummary *S = Store->lookup(usr(FD)); S && S->Definition.valid())
      return Store->knowsSource(S->Definition.File);
  return false;
}

llvm::ArrayRef<EntryContext> TUContext::entryContextsOf(const FunctionDecl *FD) const {
  auto It = Entries.find(FD->getCanonicalDecl());
  if (It == Entries.end())
    return {};
  return It->second;
}

llvm::SmallVector<ContextKindId, 4> EntryContext::kinds() const {
  llvm::SmallVector<ContextKindId, 4> K;
  for (const EntrySeed &S : Seeds)
    K.push_back(S.Kind);
  llvm::sort(K);
  K.erase(std::unique(K.begin(), K.end()), K.end());
  return K;
}

int TUContext::addEntryContext(const FunctionDecl *FD, EntryContext C) {
  auto &V = Entries[FD->getCanonicalDecl()];
  auto Mine = C.kinds();
  // A doubtful context (come down a last-reference path) does not stand in
  // for a sure one of the same kinds.
  auto Doubtful = [](const EntryContext &E) {
    return llvm::any_of(E.Seeds, [](const EntrySeed &S) { return !S.Doubt.empty(); });
  };
  if (V.size() >= MaxEntriesPerFunction || llvm::any_of(V, [&](const EntryContext &E) {
        return E.kinds() == Mine && E.Args == C.Args && E.ParamProv == C.ParamProv && Doubtful(E) == Doubtful(C) &&
               E.GfpBlocks == C.GfpBlocks;
      }))
    return -1;
  V.push_back(std::move(C));
  return static_cast<int>(V.size() - 1);
}

void TUContext::replaceEntryContext(const FunctionDecl *FD, unsigned Index, EntryContext C) {
  Entries[FD->getCanonicalDecl()][Index] = std::move(C);
}

SourceLocation TUContext::userLoc(SourceLocation L) const {
  return L.isMacroID() ? sourceManager().getFileLoc(L) : L;
}

SourcePos TUContext::position(SourceLocation L) const {
  SourcePos P;
  const SourceManager &SM = sourceManager();
  L = SM.getFileLoc(L);
  if (L.isInvalid())
    return P;
  FileID FID = SM.getFileID(L);
  OptionalFileEntryRef FE = SM.getFileEntryRefForID(FID);
  if (!FE)
    return P;
  llvm::SmallString<256> Path(FE->getName());
  SM.getFileManager().makeAbsolutePath(Path);
  llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
  P.File = std::string(Path);
  P.Line = SM.getSpellingLineNumber(L);
  P.Column = SM.getSpellingColumnNumber(L);
  return P;
}

SourceLocation TUContext::locationOf(const SourcePos &P) const {
  if (!P.valid())
    return SourceLocation();
  const SourceManager &SM = sourceManager();
  auto FE = SM.getFileManager().getOptionalFileRef(P.File);
  if (!FE)
    return SourceLocation();
  return SM.translateFileLineCol(*FE, P.Line, P.Column);
}

std::string TUContext::printedText(const Expr *E) const {
  std::string S;
  llvm::raw_string_ostream OS(S);
  PrintingPolicy Policy(langOpts());
  E->printPretty(OS, nullptr, Policy);
  return S;
}

std::string TUContext::spelledText(const Expr *E) const {
  llvm::StringRef Text = Lexer::getSourceText(CharSourceRange::getTokenRange(E->getSourceRange()),
                                              sourceManager(), langOpts());
  return Text.empty() ? printedText(E) : Text.str();
}

std::string allocflags::joinTokens(llvm::ArrayRef<std::string> Tokens) {
  std::string Out;
  auto IsWord = [](char C) { return llvm::isAlnum(C) || C == '_'; };
  for (const std::string &T : Tokens) {
    if (T.empty())
      continue;
    if (!Out.empty() && IsWord(Out.back()) && IsWord(T.front()))
      Out += ' ';
    Out += T;
  }
  return Out;
}

bool allocflags::lockRootIsGlobal(llvm::StringRef Key, ASTContext &Ctx, bool ExternOnly) {
  size_t I = 0;
  while (I < Key.size() && (Key[I] == '&' || Key[I] == '*' || Key[I] == '(' || Key[I] == ' '))
    ++I;
  size_t J = I;
  while (J < Key.size() && (llvm::isAlnum(Key[J]) || Key[J] == '_'))
    ++J;
  if (J == I || !(llvm::isAlpha(Key[I]) || Key[I] == '_'))
    return false;
  for (const NamedDecl *D : Ctx.getTranslationUnitDecl()->lookup(&Ctx.Idents.get(Key.slice(I, J))))
    if (const auto *VD = dyn_cast<VarDecl>(D); VD && VD->hasGlobalStorage())
      return !ExternOnly || VD->hasExternalFormalLinkage();
  return false;
}

std::string allocflags::templatizeKey(llvm::StringRef Key, const FunctionDecl *FD, ASTContext &Ctx,
                                      bool &Opaque) {
  llvm::SmallVector<llvm::StringRef, 4> Params;
  for (const ParmVarDecl *P : FD->parameters())
    Params.push_back(P->getName());
  return templatizeLock(
      Key, Params, [&](llvm::StringRef Root) { return lockRootIsGlobal(Root, Ctx, false); }, Opaque);
}

namespace {
class MainFileFunctions : public RecursiveASTVisitor<MainFileFunctions> {
public:
  MainFileFunctions(const SourceManager &SM, llvm::function_ref<void(const FunctionDecl *)> F) : SM(SM), F(F) {}
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitImplicitCode() const { return false; }

  bool VisitFunctionDecl(FunctionDecl *FD) {
    if (FD->doesThisDeclarationHaveABody() && !FD->isDependentContext() &&
        SM.isInMainFile(SM.getExpansionLoc(FD->getLocation())))
      F(FD);
    return true;
  }
  bool VisitLambdaExpr(LambdaExpr *LE) {
    if (const CXXMethodDecl *Op = LE->getCallOperator(); Op && !Op->isDependentContext())
      if (SM.isInMainFile(SM.getExpansionLoc(Op->getLocation())))
        F(Op);
    return true;
  }

private:
  const SourceManager &SM;
  llvm::function_ref<void(const FunctionDecl *)> F;
};
} // namespace

void TUContext::forEachMainFileFunction(llvm::function_ref<void(const FunctionDecl *)> F) {
  MainFileFunctions V(sourceManager(), F);
  V.TraverseDecl(Ctx.getTranslationUnitDecl());
}

bool TUContext::inMainFile(const FunctionDecl *FD) const {
  const SourceManager &SM = sourceManager();
  return SM.isInMainFile(SM.getExpansionLoc(FD->getLocation()));
}
