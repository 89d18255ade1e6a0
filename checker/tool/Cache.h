//===- Cache.h - results kept between runs ----------------------*- C++ -*-===//
//
// One entry per TU and configuration under --cache-dir (default
// <build-dir>/.allocflags-cache), named by a digest of the tool binary, the
// model, the options and checks, the compile command and the main file's
// path.  It records every file the preprocessor entered with a digest of its
// contents and the TU's phase-1 result; beside it (.check.json), its latest
// phase-2 result with the questions that analysis asked the whole-program
// store and a digest of each answer.
//
// Phase 1 is reused while every recorded file has the same contents; phase 2
// while, in addition, the new whole program answers every recorded question
// the same way.  An edit to one file re-parses the TUs that entered it (phase
// 1) and those whose questions it changed the answer to (phase 2).  What the
// preprocessor looked for and did not find is not recorded: a new header
// that shadows an old one on the include path is not noticed (as with
// ccache's direct mode) -- remove the folder to start over.
//
// Entries are written to a temporary file and renamed, so concurrent runs on
// one folder are safe; an entry that cannot be read, or is not one of ours,
// is a miss and is rewritten.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCFLAGS_TOOL_CACHE_H
#define ALLOCFLAGS_TOOL_CACHE_H

#include "Findings.h"
#include "llvm/ADT/StringMap.h"
#include <atomic>
#include <mutex>
#include <optional>
#include <string>

namespace allocflags::tool {

class ResultCache {
public:
  /// \p Config: a digest of everything besides the TU's own command and
  /// files that its results depend on (the tool, the model, the options).
  ResultCache(std::string Dir, std::string Config) : Dir(std::move(Dir)), Config(std::move(Config)) {}

  /// Phase 1: the TU's recorded result while every file it entered is
  /// unchanged.  \p Command: the compile command as the tool runs it.
  std::optional<TUResult> summary(const std::string &File, llvm::StringRef Command);
  /// Records a phase-1 result (one with errors is not kept: it may be the
  /// machine's fault, a timeout, and is reported again).
  void storeSummary(const TUResult &R, llvm::StringRef Command);

  /// Phase 2: the TU's recorded result while its files are unchanged and
  /// \p Global answers its questions as before.
  std::optional<TUResult> check(const std::string &File, llvm::StringRef Command, const SummaryStore &Global);
  void storeCheck(const TUResult &R, llvm::StringRef Command, const SummaryStore &Global);

  /// The first problem writing the folder, if any (said once, as a warning).
  std::string writeProblem();

  std::atomic<unsigned> SummaryHits = 0, CheckHits = 0;

private:
  std::string Dir, Config;
  std::mutex Lock; ///< guards the memos and Problem
  llvm::StringMap<std::string> FileDigests, Answers;
  /// Entries this run's phase 1 used or wrote, with the digest of their
  /// inputs (what a phase-2 result must have followed).
  llvm::StringMap<std::string> Valid;
  std::string Problem;

  std::string entryPath(const std::string &File, llvm::StringRef Command) const;
  std::string fileDigest(const std::string &Path);
  std::string answer(const SummaryStore &Global, llvm::StringRef Question);
  /// The document in \p Path when it parses and is of this format and
  /// configuration.
  std::optional<llvm::json::Value> readOurs(const std::string &Path) const;
  /// The inputs digest of the phase-1 result this run used or wrote for
  /// \p Entry (what its phase-2 result follows); none when there is none.
  std::optional<std::string> followedInputs(const std::string &Entry);
  /// The entry's document when it is ours and every file it recorded is
  /// unchanged.
  std::optional<llvm::json::Value> validEntry(const std::string &Path);
  void write(const std::string &Path, const llvm::json::Value &Doc);
};

/// Digest of the running executable, for the cache's key: a rebuilt tool
/// does not trust what an older build recorded.
std::string executableDigest(const char *Argv0, void *Anchor);

} // namespace allocflags::tool

#endif
