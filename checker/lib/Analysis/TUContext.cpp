//===- TUContext.cpp ------------------------------------------------------===//
//
// Callee effects inferred inside the TU: the context analysis of the callee's
// body, read at its exit.  A held context left at exit becomes an effect whose
// lock is rewritten in terms of the callee's parameters ($0, $1, ..., $this)
// so the caller can name it with its own arguments.  A cycle in the call graph
// contributes nothing (the memo entry exists, empty, while it is computed);
// the interprocedural summaries replace this with a bottom-up SCC pass.
//
//===----------------------------------------------------------------------===//
#include "allocflags/Analysis/TUContext.h"
#include "allocflags/Analysis/ContextAnalysis.h"
#include "allocflags/Model/Model.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang;
using namespace allocflags;

TUContext::TUContext(ASTContext &Ctx, const Preprocessor *PP, const MacroIndex &Macros,
                     const Model &M, AnalysisOptions Opts)
    : Ctx(Ctx), PP(PP), Macros(Macros), M(M), Opts(Opts), Gfp(Ctx, PP, M.gfp()) {
  KeyTexts.push_back(""); // NoKey
}

TUContext::~TUContext() = default;

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

SourceLocation TUContext::userLoc(SourceLocation L) const {
  return L.isMacroID() ? sourceManager().getFileLoc(L) : L;
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

std::string allocflags::normalizeKeyText(llvm::StringRef Text) {
  std::string Out;
  for (char C : Text)
    if (!llvm::isSpace(C) && C != '(' && C != ')')
      Out += C;
  return Out;
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

/// Rewrites identifiers naming parameters of \p FD as $<index> ($this for
/// the object).  Sets \p Opaque when the root of the expression is neither a
/// parameter nor a global: a callee local, meaningless to the caller.
static std::string templatize(llvm::StringRef Key, const FunctionDecl *FD, ASTContext &Ctx,
                              bool &Opaque) {
  std::string Out;
  bool SawParam = false, RootIsGlobal = false, FirstIdent = true;
  for (size_t I = 0; I < Key.size();) {
    char C = Key[I];
    if (!(llvm::isAlpha(C) || C == '_')) {
      Out += C;
      ++I;
      continue;
    }
    size_t J = I;
    while (J < Key.size() && (llvm::isAlnum(Key[J]) || Key[J] == '_'))
      ++J;
    llvm::StringRef Ident = Key.slice(I, J);
    // only identifiers not preceded by a member access are roots
    bool IsMember = I > 0 && (Key[I - 1] == '.' || (I > 1 && Key.slice(I - 2, I) == "->"));
    bool Replaced = false;
    if (!IsMember) {
      if (Ident == "this") {
        Out += "$this";
        SawParam = Replaced = true;
      } else {
        for (unsigned P = 0; P < FD->getNumParams(); ++P)
          if (FD->getParamDecl(P)->getName() == Ident) {
            Out += "$" + std::to_string(P);
            SawParam = Replaced = true;
            break;
          }
      }
      if (!Replaced && FirstIdent)
        for (const NamedDecl *D : Ctx.getTranslationUnitDecl()->lookup(&Ctx.Idents.get(Ident)))
          if (const auto *VD = dyn_cast<VarDecl>(D); VD && VD->hasGlobalStorage())
            RootIsGlobal = true;
      FirstIdent = false;
    }
    if (!Replaced)
      Out += Ident;
    I = J;
  }
  Opaque = !SawParam && !RootIsGlobal;
  return Out;
}

const CalleeEffects &TUContext::effectsOf(const FunctionDecl *FD) {
  static const CalleeEffects None;
  const FunctionDecl *Def = FD->getDefinition();
  if (!Def)
    return None;
  auto [It, New] = Effects.try_emplace(Def, nullptr);
  if (!New)
    return It->second ? *It->second : None;
  // Entry exists (empty) while computing: recursion sees no effects.
  auto Result = std::make_unique<CalleeEffects>();
  static thread_local unsigned Depth = 0;
  if (Depth < 48 && Def->hasBody()) {
    ++Depth;
    ContextAnalysis A(*this, Def);
    if (A.run())
      if (const ContextState *Exit = A.exitState())
        for (const HeldContext &H : Exit->held()) {
          CalleeEffect E{H.Kind, "", false, H.Min, H.Max};
          if (H.Key != NoKey)
            E.KeyTemplate = templatize(keyText(H.Key), Def, Ctx, E.Opaque);
          Result->Effects.push_back(std::move(E));
        }
    --Depth;
  }
  auto &Slot = Effects[Def];
  Slot = std::move(Result);
  return *Slot;
}

namespace {
class MainFileFunctions : public RecursiveASTVisitor<MainFileFunctions> {
public:
  MainFileFunctions(const SourceManager &SM, llvm::function_ref<void(const FunctionDecl *)> F)
      : SM(SM), F(F) {}
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
