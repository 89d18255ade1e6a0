//===- AllocflagsCheck.h - what every allocflags check shares ---*- C++ -*-===//
//
// The clang-tidy side of the engine/adapter split: record model-macro
// expansions while the TU is preprocessed, run the engine once the AST is
// complete, and turn its findings into clang-tidy diagnostics.  A check class
// only names its CheckKind.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCFLAGS_TIDY_ALLOCFLAGSCHECK_H
#define ALLOCFLAGS_TIDY_ALLOCFLAGSCHECK_H

#include "allocflags/Engine.h"
#include "clang-tidy/ClangTidyCheck.h"
#include <memory>
#include <string>
#include <vector>

namespace allocflags::tidy {

/// The allocflags checks enabled for one TU with the same configuration run
/// the engine once, together: the one with the lowest CheckKind (the leader)
/// records the macro expansions, runs every member's pass and hands each
/// finding to the check it belongs to.  A check whose options differ from
/// the others' runs on its own.
class AllocflagsCheck : public clang::tidy::ClangTidyCheck {
public:
  AllocflagsCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context, CheckKind Kind);
  ~AllocflagsCheck() override;

  bool isLanguageVersionSupported(const clang::LangOptions &) const override { return true; }
  void registerPPCallbacks(const clang::SourceManager &SM, clang::Preprocessor *PP,
                           clang::Preprocessor *ModuleExpanderPP) override;
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;

private:
  CheckKind Kind;
  clang::tidy::ClangTidyContext *TidyContext;
  /// Everything the engine's run depends on besides the TU: checks with the
  /// same key share one run.
  std::string GroupKey;
  std::string JoinRule;
  std::string ModelFiles;
  std::string StorePath;
  std::shared_ptr<const SummaryStore> Store;
  AnalysisOptions Options;
  std::string ConfigError;
  std::shared_ptr<const Model> M;
  MacroIndex Macros;
  clang::Preprocessor *PP = nullptr;

  /// The checks of this TU that share this one's run, leader first.
  std::vector<AllocflagsCheck *> group() const;
};

} // namespace allocflags::tidy

#endif
