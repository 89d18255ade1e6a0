//===- Cache.cpp - results kept between runs -----------------------------===//
#include "Cache.h"
#include "Records.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using namespace allocflags;
using namespace allocflags::tool;

/// Bumped when the entry's layout changes (the binary's digest covers the
/// rest).
static constexpr int64_t CacheFormat = 1;

//===----------------------------------------------------------------------===//
// The folder
//===----------------------------------------------------------------------===//

std::string allocflags::tool::executableDigest(const char *Argv0, void *Anchor) {
  std::string Exe = sys::fs::getMainExecutable(Argv0, Anchor);
  auto Buf = MemoryBuffer::getFile(Exe, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  // Unreadable: a digest no run repeats, so nothing is trusted.
  if (!Buf)
    return "unreadable:" + std::to_string(sys::Process::getProcessId()) + Exe;
  return contentDigest((*Buf)->getBuffer());
}

std::string ResultCache::entryPath(const std::string &File, StringRef Command) const {
  std::string Key;
  raw_string_ostream(Key) << Config << '\0' << File << '\0' << Command;
  std::string D = contentDigest(Key);
  SmallString<256> P(Dir);
  sys::path::append(P, D.substr(0, 2), D + ".json");
  return std::string(P);
}

std::string ResultCache::fileDigest(const std::string &Path) {
  {
    std::lock_guard<std::mutex> G(Lock);
    auto It = FileDigests.find(Path);
    if (It != FileDigests.end())
      return It->second;
  }
  auto Buf = MemoryBuffer::getFile(Path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  std::string D = Buf ? contentDigest((*Buf)->getBuffer()) : "";
  std::lock_guard<std::mutex> G(Lock);
  FileDigests[Path] = D;
  return D;
}

std::string ResultCache::answer(const SummaryStore &Global, StringRef Question) {
  {
    std::lock_guard<std::mutex> G(Lock);
    auto It = Answers.find(Question);
    if (It != Answers.end())
      return It->second;
  }
  std::string D = Global.answerDigest(Question);
  std::lock_guard<std::mutex> G(Lock);
  Answers[Question] = D;
  return D;
}

std::optional<json::Value> ResultCache::readOurs(const std::string &Path) const {
  auto Buf = MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buf)
    return std::nullopt;
  Expected<json::Value> Doc = json::parse((*Buf)->getBuffer());
  if (!Doc) {
    consumeError(Doc.takeError());
    return std::nullopt;
  }
  const json::Object *O = Doc->getAsObject();
  if (!O || O->getInteger("allocflags_cache") != CacheFormat || O->getString("config") != StringRef(Config))
    return std::nullopt;
  return std::move(*Doc);
}

std::optional<json::Value> ResultCache::validEntry(const std::string &Path) {
  std::optional<json::Value> Doc = readOurs(Path);
  const json::Array *Inputs = Doc ? Doc->getAsObject()->getArray("inputs") : nullptr;
  if (!Inputs)
    return std::nullopt;
  for (const json::Value &I : *Inputs) {
    const json::Array *Pair = I.getAsArray();
    std::optional<StringRef> File = Pair && Pair->size() == 2 ? (*Pair)[0].getAsString() : std::nullopt;
    std::optional<StringRef> D = Pair && Pair->size() == 2 ? (*Pair)[1].getAsString() : std::nullopt;
    if (!File || !D || D->empty() || fileDigest(File->str()) != *D)
      return std::nullopt;
  }
  return std::move(*Doc);
}

void ResultCache::write(const std::string &Path, const json::Value &Doc) {
  auto Fail = [&](const Twine &Why) {
    std::lock_guard<std::mutex> G(Lock);
    if (Problem.empty())
      Problem = (Twine("cannot write the cache in '") + Dir + "': " + Why + "; going on without it").str();
  };
  if (std::error_code EC = sys::fs::create_directories(sys::path::parent_path(Path)))
    return Fail(EC.message());
  SmallString<256> Tmp(Path);
  Tmp += ".tmp%%%%%%";
  int FD;
  if (std::error_code EC = sys::fs::createUniqueFile(Tmp, FD, Tmp))
    return Fail(EC.message());
  {
    raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << Doc;
    OS.close();
    if (OS.has_error()) {
      OS.clear_error();
      sys::fs::remove(Tmp);
      return Fail("a write failed");
    }
  }
  if (std::error_code EC = sys::fs::rename(Tmp, Path)) {
    sys::fs::remove(Tmp);
    Fail(EC.message());
  }
}

std::string ResultCache::writeProblem() {
  std::lock_guard<std::mutex> G(Lock);
  return Problem;
}

/// Digest of an entry's "inputs" (the files and their digests), which a
/// check file names: the phase-1 result it followed.
static std::string inputsDigest(const json::Value &Inputs) {
  std::string Text;
  raw_string_ostream(Text) << Inputs;
  return contentDigest(Text);
}

std::optional<TUResult> ResultCache::summary(const std::string &File, StringRef Command) {
  std::string Path = entryPath(File, Command);
  std::optional<json::Value> Doc = validEntry(Path);
  if (!Doc)
    return std::nullopt;
  std::optional<TUResult> R = readResultRecord(Doc->getAsObject()->get("summary"), Path);
  if (!R || R->MainFile != File)
    return std::nullopt;
  {
    std::lock_guard<std::mutex> G(Lock);
    Valid[Path] = inputsDigest(*Doc->getAsObject()->get("inputs"));
  }
  ++SummaryHits;
  return R;
}

/// The entry's "inputs": the files \p R entered, with their digests.
static json::Array inputsOf(const TUResult &R) {
  json::Array Inputs;
  for (const auto &[File, D] : R.Inputs)
    Inputs.push_back(json::Array{File, D});
  return Inputs;
}

void ResultCache::storeSummary(const TUResult &R, StringRef Command) {
  if (!R.Errors.empty() || R.Inputs.empty())
    return;
  std::string Path = entryPath(R.MainFile, Command);
  json::Value Inputs = inputsOf(R);
  std::string Digest = inputsDigest(Inputs);
  json::Object Doc{{"allocflags_cache", CacheFormat},
                   {"config", Config},
                   {"inputs", std::move(Inputs)},
                   {"summary", resultRecord(R, /*Summaries=*/true)}};
  write(Path, json::Value(std::move(Doc)));
  std::lock_guard<std::mutex> G(Lock);
  Valid[Path] = std::move(Digest);
}

// The phase-2 result is a file of its own beside the entry (read without the
// phase-1 record), naming the inputs of the phase-1 result it followed: valid
// only when this run's phase 1 used or wrote that very result.
static std::string checkPath(const std::string &Entry) {
  return Entry.substr(0, Entry.size() - StringRef(".json").size()) + ".check.json";
}

std::optional<std::string> ResultCache::followedInputs(const std::string &Entry) {
  std::lock_guard<std::mutex> G(Lock);
  auto It = Valid.find(Entry);
  if (It == Valid.end())
    return std::nullopt;
  return It->second;
}

std::optional<TUResult> ResultCache::check(const std::string &File, StringRef Command, const SummaryStore &Global) {
  std::string Path = entryPath(File, Command);
  std::optional<std::string> Inputs = followedInputs(Path);
  if (!Inputs)
    return std::nullopt;
  std::optional<json::Value> Doc = readOurs(checkPath(Path));
  const json::Object *Check = Doc ? Doc->getAsObject() : nullptr;
  const json::Array *Questions = Check ? Check->getArray("questions") : nullptr;
  if (!Questions || Check->getString("inputs") != StringRef(*Inputs))
    return std::nullopt;
  for (const json::Value &Q : *Questions) {
    const json::Array *Pair = Q.getAsArray();
    std::optional<StringRef> Text = Pair && Pair->size() == 2 ? (*Pair)[0].getAsString() : std::nullopt;
    std::optional<StringRef> D = Pair && Pair->size() == 2 ? (*Pair)[1].getAsString() : std::nullopt;
    if (!Text || !D || D->empty() || answer(Global, *Text) != *D)
      return std::nullopt;
  }
  std::optional<TUResult> R = readResultRecord(Check->get("result"), Path);
  if (!R || R->MainFile != File)
    return std::nullopt;
  ++CheckHits;
  return R;
}

void ResultCache::storeCheck(const TUResult &R, StringRef Command, const SummaryStore &Global) {
  if (!R.Errors.empty() || R.Inputs.empty())
    return;
  std::string Path = entryPath(R.MainFile, Command);
  std::optional<std::string> Inputs = followedInputs(Path);
  if (!Inputs)
    return; // phase 1 kept nothing to follow
  json::Array Questions;
  for (const std::string &Q : R.Questions)
    Questions.push_back(json::Array{Q, answer(Global, Q)});
  write(checkPath(Path), json::Object{{"allocflags_cache", CacheFormat},
                                      {"config", Config},
                                      {"inputs", *Inputs},
                                      {"questions", std::move(Questions)},
                                      {"result", resultRecord(R, /*Summaries=*/false)}});
}
