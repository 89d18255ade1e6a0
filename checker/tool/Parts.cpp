//===- Parts.cpp - a run split in phases: parts and the program ----------===//
#include "Parts.h"
#include "Output.h"
#include "Records.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"
#include <map>

using namespace llvm;
using namespace allocflags;
using namespace allocflags::tool;

static constexpr int64_t PartFormat = 1;

static Error writeDoc(StringRef Path, const json::Value &Doc) {
  return writeFileAtomically(Path, [&](raw_ostream &OS) {
    OS << Doc << "\n";
    return Error::success();
  });
}

Error allocflags::tool::writePart(StringRef Path, StringRef RunKey, const std::vector<TUResult> &Results) {
  json::Array Records;
  for (const TUResult &R : Results)
    Records.push_back(resultRecord(R, /*Summaries=*/true));
  return writeDoc(Path, json::Object{{"allocflags_part", PartFormat}, {"run", RunKey}, {"results", std::move(Records)}});
}

/// The document of a part or program file (\p Kind names its marker), with
/// its run key and records.
static Expected<json::Value> readDoc(StringRef Path, StringRef Kind) {
  auto Buf = MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buf)
    return createStringError(Buf.getError(), "%s: cannot read: %s", Path.str().c_str(),
                             Buf.getError().message().c_str());
  Expected<json::Value> Doc = json::parse((*Buf)->getBuffer());
  if (!Doc)
    return createStringError(inconvertibleErrorCode(), "%s: not an allocflags %s file: %s", Path.str().c_str(),
                             Kind.str().c_str(), toString(Doc.takeError()).c_str());
  const json::Object *O = Doc->getAsObject();
  std::string Marker = ("allocflags_" + Kind).str();
  if (!O || !O->getInteger(Marker) || !O->getString("run") || !O->getArray("results"))
    return createStringError(inconvertibleErrorCode(), "%s: not an allocflags %s file", Path.str().c_str(),
                             Kind.str().c_str());
  if (*O->getInteger(Marker) != PartFormat)
    return createStringError(inconvertibleErrorCode(), "%s: an allocflags %s file of format %lld, this allocflags "
                             "reads %lld",
                             Path.str().c_str(), Kind.str().c_str(), static_cast<long long>(*O->getInteger(Marker)),
                             static_cast<long long>(PartFormat));
  return std::move(*Doc);
}

int allocflags::tool::mergeParts(ArrayRef<std::string> Parts, StringRef Out) {
  if (Parts.empty() || Out.empty()) {
    errs() << "error: merge: give the part files and -o program.json\n";
    return 2;
  }
  bool Bad = false;
  auto Problem = [&](const Twine &Msg) {
    errs() << "error: " << Msg << "\n";
    Bad = true;
  };
  std::string Run, RunFrom;
  std::map<std::string, json::Value> ByFile; // by path: the order one run merges in
  std::map<std::string, std::string> FromPart;
  for (const std::string &P : Parts) {
    Expected<json::Value> Doc = readDoc(P, "part");
    if (!Doc) {
      Problem(toString(Doc.takeError()));
      continue;
    }
    json::Object &O = *Doc->getAsObject();
    StringRef Key = *O.getString("run");
    if (Run.empty()) {
      Run = Key.str();
      RunFrom = P;
    } else if (Key != Run) {
      Problem(P + ": made by another allocflags build or with other options, checks or model than " + RunFrom);
      continue;
    }
    for (json::Value &R : *O.getArray("results")) {
      const json::Object *RO = R.getAsObject();
      std::optional<StringRef> Main = RO ? RO->getString("main") : std::nullopt;
      if (!Main) {
        Problem(P + ": a result without its file");
        continue;
      }
      auto [It, New] = FromPart.try_emplace(Main->str(), P);
      if (!New) {
        Problem(P + ": '" + *Main + "' is also in " + It->second + " (shards overlap)");
        continue;
      }
      ByFile.emplace(Main->str(), std::move(R));
    }
  }
  if (Bad)
    return 2;
  json::Array Records;
  for (auto &[File, R] : ByFile)
    Records.push_back(std::move(R));
  if (Error E = writeDoc(Out, json::Object{{"allocflags_program", PartFormat}, {"run", Run},
                                           {"results", std::move(Records)}})) {
    errs() << "error: " << toString(std::move(E)) << "\n";
    return 2;
  }
  return 0;
}

Expected<std::vector<TUResult>> allocflags::tool::readProgram(StringRef Path, StringRef RunKey) {
  Expected<json::Value> Doc = readDoc(Path, "program");
  if (!Doc)
    return Doc.takeError();
  const json::Object &O = *Doc->getAsObject();
  if (*O.getString("run") != RunKey)
    return createStringError(inconvertibleErrorCode(),
                             "%s: made by another allocflags build or with other options, checks or model: "
                             "report with the options it was summarised with",
                             Path.str().c_str());
  std::vector<TUResult> Out;
  for (const json::Value &R : *O.getArray("results")) {
    std::optional<TUResult> T = readResultRecord(&R, Path.str());
    if (!T)
      return createStringError(inconvertibleErrorCode(), "%s: a malformed result (%zu read)", Path.str().c_str(),
                               Out.size());
    if (!Out.empty() && Out.back().MainFile >= T->MainFile)
      return createStringError(inconvertibleErrorCode(), "%s: results out of order at '%s'", Path.str().c_str(),
                               T->MainFile.c_str());
    Out.push_back(std::move(*T));
  }
  if (Out.empty())
    return createStringError(inconvertibleErrorCode(), "%s: no results", Path.str().c_str());
  return std::move(Out);
}
