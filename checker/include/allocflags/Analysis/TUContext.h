//===- TUContext.h - what every analysis of one TU shares -------*- C++ -*-===//
//
// One object per translation unit: the AST, the preprocessor (for macro
// definitions), the recorded model-macro expansions, the model, the options,
// the gfp evaluator, interned lock keys and the memo of callee effects inferred
// inside the TU.  Front ends build it once per TU and hand it to the analyses.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCFLAGS_ANALYSIS_TUCONTEXT_H
#define ALLOCFLAGS_ANALYSIS_TUCONTEXT_H

#include "allocflags/Analysis/ContextState.h"
#include "allocflags/Analysis/Gfp.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringMap.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
class Expr;
class FunctionDecl;
class LangOptions;
class Preprocessor;
class SourceManager;
class SourceLocation;
} // namespace clang

namespace allocflags {
class MacroIndex;
class Model;

/// User-visible analysis options, shared by both front ends.
struct AnalysisOptions {
  /// Report where some (not every) path into the call holds an atomic context.
  JoinRuleKind JoinRule = JoinRuleKind::Must;
};

/// What a call to a function does to the caller's contexts, inferred from the
/// function's body in this TU.
struct CalleeEffect {
  ContextKindId Kind;
  /// The lock, as text with the callee's parameters written $0, $1, ...
  /// ($this for the object); empty for unkeyed kinds.
  std::string KeyTemplate;
  /// The key names a local of the callee: usable as a key, not worth showing.
  bool Opaque = false;
  int8_t Lo, Hi;
};
struct CalleeEffects {
  llvm::SmallVector<CalleeEffect, 2> Effects;
};

class TUContext {
public:
  TUContext(clang::ASTContext &Ctx, const clang::Preprocessor *PP, const MacroIndex &Macros,
            const Model &M, AnalysisOptions Opts);
  ~TUContext();

  clang::ASTContext &ast() const { return Ctx; }
  const clang::SourceManager &sourceManager() const;
  const clang::LangOptions &langOpts() const;
  const clang::Preprocessor *preprocessor() const { return PP; }
  const MacroIndex &macros() const { return Macros; }
  const Model &model() const { return M; }
  const AnalysisOptions &options() const { return Opts; }
  const GfpEvaluator &gfp() const { return Gfp; }

  /// Lock keys: normalised expression text (no blanks, no parentheses).
  LockKey internKey(llvm::StringRef Text);
  llvm::StringRef keyText(LockKey K) const { return KeyTexts[K]; }

  /// Effects of calling \p FD, inferred from its body in this TU (empty when
  /// it has none, or while it is being inferred: recursion adds nothing).
  const CalleeEffects &effectsOf(const clang::FunctionDecl *FD);

  /// Calls \p F for every function with a body defined in the main file
  /// (templates: their instantiations; lambdas: their call operators).
  void forEachMainFileFunction(llvm::function_ref<void(const clang::FunctionDecl *)> F);

  /// The location to report at: macro expansions resolved to where the user
  /// wrote them.
  clang::SourceLocation userLoc(clang::SourceLocation L) const;

  /// Source text of an expression as written (macros unexpanded), or its
  /// pretty-printed form when it has no contiguous spelling.
  std::string spelledText(const clang::Expr *E) const;
  /// Pretty-printed form of an expression (stable across macro spellings).
  std::string printedText(const clang::Expr *E) const;

private:
  clang::ASTContext &Ctx;
  const clang::Preprocessor *PP;
  const MacroIndex &Macros;
  const Model &M;
  AnalysisOptions Opts;
  GfpEvaluator Gfp;
  llvm::StringMap<LockKey> Keys;
  std::vector<std::string> KeyTexts;
  llvm::DenseMap<const clang::FunctionDecl *, std::unique_ptr<CalleeEffects>> Effects;
};

/// Text with whitespace and parentheses removed, used for lock keys.
std::string normalizeKeyText(llvm::StringRef Text);
/// Joins token spellings the way they would be written (a blank only between
/// two words).
std::string joinTokens(llvm::ArrayRef<std::string> Tokens);

} // namespace allocflags

#endif
