//===- AllocflagsCheck.cpp ------------------------------------------------===//
#include "AllocflagsCheck.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/StringExtras.h"
#include <map>
#include <mutex>

using namespace clang;
using namespace clang::ast_matchers;
using clang::tidy::ClangTidyCheck;
using namespace allocflags;
using namespace allocflags::tidy;

namespace {

/// Models are immutable once loaded; clang-tidy creates checks per TU, so
/// loading is cached per process by the list of extra files.
struct ModelCache {
  std::mutex Lock;
  std::map<std::string, std::shared_ptr<const Model>> Loaded;
  std::map<std::string, std::string> Failed;
};

ModelCache &modelCache() {
  static ModelCache C;
  return C;
}

void anchor() {}

/// Loads the shipped model plus the ';'-separated extra files; on failure
/// sets \p Error to one line naming the file and position.
std::shared_ptr<const Model> loadModel(llvm::StringRef ExtraFiles, std::string &Error) {
  ModelCache &C = modelCache();
  std::lock_guard<std::mutex> G(C.Lock);
  std::string Key = ExtraFiles.str();
  if (auto It = C.Loaded.find(Key); It != C.Loaded.end())
    return It->second;
  if (auto It = C.Failed.find(Key); It != C.Failed.end()) {
    Error = It->second;
    return nullptr;
  }
  llvm::SmallVector<llvm::StringRef, 4> Parts;
  llvm::SplitString(ExtraFiles, Parts, ";");
  std::vector<std::string> Files;
  for (llvm::StringRef P : Parts)
    if (!P.trim().empty())
      Files.push_back(P.trim().str());
  auto M = Model::loadShipped(Files, reinterpret_cast<const void *>(&anchor));
  if (!M) {
    Error = llvm::toString(M.takeError());
    C.Failed[Key] = Error;
    return nullptr;
  }
  auto Shared = std::make_shared<const Model>(std::move(*M));
  C.Loaded[Key] = Shared;
  return Shared;
}

/// Summary stores, read once per process.
std::shared_ptr<const SummaryStore> loadStore(llvm::StringRef Path, std::string &Error) {
  static std::mutex Lock;
  static std::map<std::string, std::pair<std::shared_ptr<const SummaryStore>, std::string>> Cache;
  std::lock_guard<std::mutex> G(Lock);
  auto It = Cache.find(Path.str());
  if (It == Cache.end()) {
    auto S = SummaryStore::readJSON(Path);
    std::pair<std::shared_ptr<const SummaryStore>, std::string> Entry;
    if (S)
      Entry.first = std::make_shared<const SummaryStore>(std::move(*S));
    else
      Entry.second = llvm::toString(S.takeError());
    It = Cache.emplace(Path.str(), std::move(Entry)).first;
  }
  Error = It->second.second;
  return It->second.first;
}

class TidyReporter : public Reporter {
public:
  TidyReporter(ClangTidyCheck &C, bool ReportsInputErrors) : C(C), ReportsInputErrors(ReportsInputErrors) {}
  void inputError(SourceLocation Loc, const std::string &Message) override {
    if (ReportsInputErrors)
      C.diag(Loc, "%0", DiagnosticIDs::Error) << Message;
  }
  void emit(const Finding &F) override {
    {
      auto D = C.diag(F.Loc, "%0") << F.Message;
      for (const FindingFix &X : F.Fixes)
        D << FixItHint::CreateReplacement(CharSourceRange::getTokenRange(X.Range), X.Text);
    }
    for (const FindingNote &N : F.Notes)
      C.diag(N.Loc, "%0", DiagnosticIDs::Note) << N.Message;
  }

private:
  ClangTidyCheck &C;
  bool ReportsInputErrors;
};

} // namespace

AllocflagsCheck::AllocflagsCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context,
                                 CheckKind Kind)
    : ClangTidyCheck(Name, Context), Kind(Kind),
      JoinRule(ClangTidyCheck::Options.getLocalOrGlobal("JoinRule", "must").str()),
      ModelFiles(ClangTidyCheck::Options.getLocalOrGlobal("ModelFiles", "").str()),
      StorePath(ClangTidyCheck::Options.getLocalOrGlobal("SummaryStore", "").str()) {
  if (llvm::Error E = applyOption(Options, "JoinRule", JoinRule))
    ConfigError = llvm::toString(std::move(E));
  // Every enabled allocflags check runs the engine; the first reports what
  // is wrong with the input, once.
  for (unsigned K = 0; K < static_cast<unsigned>(Kind); ++K)
    ReportsInputErrors &= !Context->isCheckEnabled(checkName(static_cast<CheckKind>(K)));
  // Every engine option is a check option; the engine's list is the one truth.
  for (llvm::StringRef Key : optionKeys()) {
    if (Key == "JoinRule" || Key == "ModelFiles" || Key == "SummaryStore")
      continue;
    if (std::optional<llvm::StringRef> V = ClangTidyCheck::Options.getLocalOrGlobal(Key))
      if (llvm::Error E = applyOption(Options, Key, *V))
        if (ConfigError.empty())
          ConfigError = llvm::toString(std::move(E));
  }
  std::string Error;
  M = loadModel(ModelFiles, Error);
  if (!M && ConfigError.empty())
    ConfigError = Error;
  if (!StorePath.empty()) {
    Store = loadStore(StorePath, Error);
    if (!Store && ConfigError.empty())
      ConfigError = Error;
  }
}

void AllocflagsCheck::storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) {
  ClangTidyCheck::Options.store(Opts, "JoinRule", JoinRule);
  ClangTidyCheck::Options.store(Opts, "ModelFiles", ModelFiles);
  ClangTidyCheck::Options.store(Opts, "SummaryStore", StorePath);
}

void AllocflagsCheck::registerPPCallbacks(const SourceManager &, Preprocessor *ThePP, Preprocessor *) {
  PP = ThePP;
  if (M)
    PP->addPPCallbacks(std::make_unique<MacroRecorder>(*M, *PP, Macros));
}

void AllocflagsCheck::registerMatchers(MatchFinder *Finder) {
  // The engine walks the whole TU itself (it needs every function, and the
  // interprocedural analyses the call graph), so one match per TU.
  Finder->addMatcher(translationUnitDecl().bind("tu"), this);
}

void AllocflagsCheck::check(const MatchFinder::MatchResult &Result) {
  if (!ConfigError.empty() || !M) {
    diag(ConfigError, DiagnosticIDs::Error);
    return;
  }
  if (Store) {
    // A store that does not match this file is an error, never used.
    const SourceManager &SM = Result.Context->getSourceManager();
    OptionalFileEntryRef Main = SM.getFileEntryRefForID(SM.getMainFileID());
    bool Invalid = false;
    llvm::StringRef Contents = SM.getBufferData(SM.getMainFileID(), &Invalid);
    if (Main)
      if (llvm::Error E = validateStore(*Store, *M, StorePath, Main->getName(), Contents)) {
        diag(llvm::toString(std::move(E)), DiagnosticIDs::Error);
        return;
      }
  }
  TUContext TU(*Result.Context, PP, Macros, *M, Options, Store.get());
  TidyReporter R(*this, ReportsInputErrors);
  runChecks(TU, {Kind}, R);
}
