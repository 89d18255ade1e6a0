//===- MacroIndex.h - expansions of model-named macros ----------*- C++ -*-===//
//
// Kernel primitives are often macros whose bodies differ between kernel versions
// and configurations (spin_lock_irqsave, preempt_disable -> barrier(), kmalloc
// -> alloc_hooks(kmalloc_noprof(...))).  The AST keeps only the expansion, so a
// preprocessor hook records every expansion of a macro the model names, with
// where each argument was written.  Operations.h then maps AST statements back
// to the outermost recorded expansion they came from.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCFLAGS_ANALYSIS_MACROINDEX_H
#define ALLOCFLAGS_ANALYSIS_MACROINDEX_H

#include "clang/Basic/SourceLocation.h"
#include "clang/Lex/PPCallbacks.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include <string>
#include <vector>

namespace clang {
class Preprocessor;
}

namespace allocflags {
class Model;

/// One recorded expansion.
struct MacroExpansion {
  llvm::StringRef Name; ///< points into the model's name table
  /// For each argument, the first and last token as written (invalid when the
  /// argument is empty).
  llvm::SmallVector<std::pair<clang::SourceLocation, clang::SourceLocation>, 3> Args;
  /// The spelling of each argument's tokens (unexpanded).
  llvm::SmallVector<llvm::SmallVector<std::string, 4>, 3> ArgTokens;
};

/// Expansions keyed by the location of the macro name token, which is also the
/// expansion start of every token the expansion produced.
class MacroIndex {
public:
  const MacroExpansion *lookup(clang::SourceLocation NameLoc) const {
    auto It = Records.find(NameLoc.getRawEncoding());
    return It == Records.end() ? nullptr : &It->second;
  }
  void add(clang::SourceLocation NameLoc, MacroExpansion E) {
    Records[NameLoc.getRawEncoding()] = std::move(E);
  }
  bool empty() const { return Records.empty(); }
  void clear() {
    Records.clear();
    Annotations.clear();
  }
  /// Expansions of lock-assertion macros (__must_hold), in source order:
  /// they annotate declarations, where no statement carries them.
  void addAnnotation(clang::SourceLocation NameLoc) { Annotations.push_back(NameLoc); }
  llvm::ArrayRef<clang::SourceLocation> annotations() const { return Annotations; }

private:
  llvm::DenseMap<clang::SourceLocation::UIntTy, MacroExpansion> Records;
  std::vector<clang::SourceLocation> Annotations;
};

/// The preprocessor hook that fills a MacroIndex.  Cheap for macros the model
/// does not name: one hash lookup per expansion.
class MacroRecorder : public clang::PPCallbacks {
public:
  MacroRecorder(const Model &M, const clang::Preprocessor &PP, MacroIndex &Index)
      : M(M), PP(PP), Index(Index) {}
  void MacroExpands(const clang::Token &MacroNameTok, const clang::MacroDefinition &MD,
                    clang::SourceRange Range, const clang::MacroArgs *Args) override;

private:
  const Model &M;
  const clang::Preprocessor &PP;
  MacroIndex &Index;
};

} // namespace allocflags

#endif
