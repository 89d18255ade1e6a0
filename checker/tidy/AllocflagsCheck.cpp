//===- AllocflagsCheck.cpp ------------------------------------------------===//
#include "AllocflagsCheck.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/StringExtras.h"
#include <cstdlib>
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

/// Each finding to the check of its kind; input errors (bad annotations)
/// once, through the leader.
class TidyReporter : public Reporter {
public:
  explicit TidyReporter(llvm::ArrayRef<ClangTidyCheck *> ByKind) : ByKind(ByKind) {}
  void inputError(SourceLocation Loc, const std::string &Message) override {
    for (ClangTidyCheck *C : ByKind)
      if (C) {
        C->diag(Loc, "%0", DiagnosticIDs::Error) << Message;
        return;
      }
  }
  void emit(const Finding &F) override {
    ClangTidyCheck *C = ByKind[static_cast<unsigned>(F.Check)];
    if (!C)
      return;
    {
      auto D = C->diag(F.Loc, "%0") << F.Message;
      for (const FindingFix &X : F.Fixes)
        D << FixItHint::CreateReplacement(CharSourceRange::getTokenRange(X.Range), X.Text);
    }
    for (const FindingNote &N : F.Notes)
      C->diag(N.Loc, "%0", DiagnosticIDs::Note) << N.Message;
  }

private:
  llvm::ArrayRef<ClangTidyCheck *> ByKind;
};

/// The allocflags checks alive, by clang-tidy context: clang-tidy makes a
/// TU's checks together before it parses the TU and destroys them after.
struct LiveChecks {
  std::mutex Lock;
  std::map<const clang::tidy::ClangTidyContext *, std::vector<AllocflagsCheck *>> ByContext;
};

LiveChecks &liveChecks() {
  static LiveChecks L;
  return L;
}

/// ALLOCFLAGS_DEBUG_ENGINE_RUNS=1: one line on stderr per engine run (tests
/// show that the checks of a TU share one).
bool debugEngineRuns() {
  static const bool On = std::getenv("ALLOCFLAGS_DEBUG_ENGINE_RUNS") != nullptr;
  return On;
}

} // namespace

AllocflagsCheck::AllocflagsCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context,
                                 CheckKind Kind)
    : ClangTidyCheck(Name, Context), Kind(Kind), TidyContext(Context),
      JoinRule(ClangTidyCheck::Options.getLocalOrGlobal("JoinRule", "must").str()),
      ModelFiles(ClangTidyCheck::Options.getLocalOrGlobal("ModelFiles", "").str()),
      StorePath(ClangTidyCheck::Options.getLocalOrGlobal("SummaryStore", "").str()) {
  if (llvm::Error E = applyOption(Options, "JoinRule", JoinRule))
    ConfigError = llvm::toString(std::move(E));
  GroupKey = JoinRule + '\0' + ModelFiles + '\0' + StorePath;
  // Every engine option is a check option; the engine's list is the one truth.
  for (llvm::StringRef Key : optionKeys()) {
    if (Key == "JoinRule" || Key == "ModelFiles" || Key == "SummaryStore")
      continue;
    if (std::optional<llvm::StringRef> V = ClangTidyCheck::Options.getLocalOrGlobal(Key)) {
      GroupKey += '\0';
      GroupKey += (Key + "=" + *V).str();
      if (llvm::Error E = applyOption(Options, Key, *V))
        if (ConfigError.empty())
          ConfigError = llvm::toString(std::move(E));
    }
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
  if (ConfigError.empty()) {
    LiveChecks &L = liveChecks();
    std::lock_guard<std::mutex> G(L.Lock);
    L.ByContext[Context].push_back(this);
  }
}

AllocflagsCheck::~AllocflagsCheck() {
  LiveChecks &L = liveChecks();
  std::lock_guard<std::mutex> G(L.Lock);
  auto It = L.ByContext.find(TidyContext);
  if (It == L.ByContext.end())
    return;
  llvm::erase(It->second, this);
  if (It->second.empty())
    L.ByContext.erase(It);
}

std::vector<AllocflagsCheck *> AllocflagsCheck::group() const {
  std::vector<AllocflagsCheck *> Out;
  if (!ConfigError.empty() || !M)
    return {const_cast<AllocflagsCheck *>(this)};
  LiveChecks &L = liveChecks();
  std::lock_guard<std::mutex> G(L.Lock);
  for (AllocflagsCheck *C : L.ByContext[TidyContext])
    if (C->GroupKey == GroupKey && C->M)
      Out.push_back(C);
  llvm::sort(Out, [](const AllocflagsCheck *A, const AllocflagsCheck *B) { return A->Kind < B->Kind; });
  return Out;
}

void AllocflagsCheck::storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) {
  ClangTidyCheck::Options.store(Opts, "JoinRule", JoinRule);
  ClangTidyCheck::Options.store(Opts, "ModelFiles", ModelFiles);
  ClangTidyCheck::Options.store(Opts, "SummaryStore", StorePath);
}

void AllocflagsCheck::registerPPCallbacks(const SourceManager &, Preprocessor *ThePP, Preprocessor *) {
  PP = ThePP;
  // The leader records for the group (every check is made before any of
  // them registers callbacks).
  if (M && group().front() == this)
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
  std::vector<AllocflagsCheck *> Group = group();
  if (Group.front() != this)
    return; // the leader runs this check too
  std::vector<CheckKind> Kinds;
  std::vector<ClangTidyCheck *> ByKind(NumCheckKinds, nullptr);
  for (AllocflagsCheck *C : Group) {
    Kinds.push_back(C->Kind);
    ByKind[static_cast<unsigned>(C->Kind)] = C;
  }
  if (debugEngineRuns())
    llvm::errs() << "allocflags: engine run for " << Kinds.size() << " check(s)\n";
  TUContext TU(*Result.Context, PP, Macros, *M, Options, Store.get());
  TidyReporter R(ByKind);
  runChecks(TU, Kinds, R);
}
