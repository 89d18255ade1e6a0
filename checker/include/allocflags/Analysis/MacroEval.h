//===- MacroEval.h - integer value of a macro definition -------*- C++ -*-===//
//
// Some facts the analysis needs are macros the analysed code defines but never
// expands where the AST could show them: the direct-reclaim gfp bit
// (___GFP_DIRECT_RECLAIM is 0x400u in 6.1 and BIT(___GFP_DIRECT_RECLAIM_BIT)
// on newer kernels), LINUX_VERSION_CODE.  This evaluator expands a macro's
// definition the way the preprocessor would (object- and function-like macros,
// ## pasting, __VA_ARGS__) and folds the result as an integer constant
// expression, looking enumerators up in the AST and skipping casts such as
// (__force gfp_t).  Anything else (sizeof, calls, strings) gives no value.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCFLAGS_ANALYSIS_MACROEVAL_H
#define ALLOCFLAGS_ANALYSIS_MACROEVAL_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <string>
#include <cstdint>
#include <optional>

namespace clang {
class ASTContext;
class Preprocessor;
} // namespace clang

namespace allocflags {

class MacroValueEvaluator {
public:
  /// \p Ctx may be null (no enumerator lookup).
  MacroValueEvaluator(const clang::Preprocessor &PP, const clang::ASTContext *Ctx)
      : PP(PP), Ctx(Ctx) {}

  /// The value of the object-like macro \p Name, if it folds to an integer.
  std::optional<uint64_t> evaluateMacro(llvm::StringRef Name) const;

  /// The value of a token sequence (a macro argument as written), macros in it
  /// expanded.
  std::optional<uint64_t> evaluateTokens(llvm::ArrayRef<std::string> Tokens) const;

  /// The value of the enumerator \p Name declared at file scope.
  static std::optional<uint64_t> evaluateEnumerator(const clang::ASTContext &Ctx,
                                                    llvm::StringRef Name);

private:
  const clang::Preprocessor &PP;
  const clang::ASTContext *Ctx;
};

} // namespace allocflags

#endif
