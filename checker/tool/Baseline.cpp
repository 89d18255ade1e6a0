//===- Baseline.cpp -------------------------------------------------------===//
#include "Baseline.h"
#include "Output.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/xxhash.h"

using namespace llvm;
using namespace allocflags::tool;

/// Whitespace changes (reindentation, a reflowed argument list) must not
/// make a known finding new.
static std::string normalise(StringRef Line) {
  std::string Out;
  bool Space = false;
  for (char C : Line.trim()) {
    if (isSpace(C)) {
      Space = true;
      continue;
    }
    if (Space && !Out.empty())
      Out += ' ';
    Space = false;
    Out += C;
  }
  return Out;
}

void allocflags::tool::assignFingerprints(std::vector<ResolvedFinding> &Findings) {
  StringMap<unsigned> Seen;
  for (ResolvedFinding &F : Findings) {
    std::string Key = F.Check + '\0' + normalise(F.Where.SourceLine) + '\0' + F.Message;
    std::string Hash = llvm::utohexstr(xxh3_64bits(StringRef(Key)), /*LowerCase=*/true, /*Width=*/16);
    unsigned N = Seen[Hash]++;
    F.Fingerprint = Hash + ":" + std::to_string(N);
  }
}

Expected<Baseline> Baseline::read(StringRef Path) {
  auto Fail = [&](const Twine &Why) {
    return createStringError(inconvertibleErrorCode(), "%s: %s", Path.str().c_str(), Why.str().c_str());
  };
  auto Buf = MemoryBuffer::getFile(Path);
  if (!Buf)
    return Fail("cannot read the baseline: " + Buf.getError().message());
  Expected<json::Value> V = json::parse((*Buf)->getBuffer());
  if (!V)
    return Fail("not a baseline (not JSON: " + toString(V.takeError()) + ")");
  const json::Object *O = V->getAsObject();
  if (!O)
    return Fail("not a baseline (a JSON object is expected)");
  std::optional<StringRef> Version;
  std::vector<StringRef> Prints;
  bool Ok = true;
  auto Add = [&](const json::Value *P) {
    if (auto S = P ? P->getAsString() : std::nullopt)
      Prints.push_back(*S);
    else
      Ok = false;
  };
  if (const json::Array *A = O->getArray("fingerprints")) { // --write-baseline
    Version = O->getString("allocflags_version");
    for (const json::Value &P : *A)
      Add(&P);
  } else if (const json::Array *A = O->getArray("findings")) { // --format=json
    Version = O->getString("allocflags_version");
    for (const json::Value &F : *A)
      Add(F.getAsObject() ? F.getAsObject()->get("fingerprint") : nullptr);
  } else if (const json::Array *Runs = O->getArray("runs")) { // --format=sarif
    const json::Object *Run = Runs->size() == 1 ? (*Runs)[0].getAsObject() : nullptr;
    const json::Object *Driver = nullptr;
    if (Run)
      if (const json::Object *Tool = Run->getObject("tool"))
        Driver = Tool->getObject("driver");
    if (!Driver || Driver->getString("name") != "allocflags")
      return Fail("not a baseline (a SARIF file, but not from one allocflags run)");
    Version = Driver->getString("semanticVersion");
    if (const json::Array *Results = Run->getArray("results"))
      for (const json::Value &R : *Results) {
        const json::Object *RO = R.getAsObject();
        const json::Object *PF = RO ? RO->getObject("partialFingerprints") : nullptr;
        Add(PF ? PF->get(FingerprintKey) : nullptr);
      }
  } else {
    return Fail("not a baseline (no 'fingerprints', 'findings' or 'runs')");
  }
  if (!Ok)
    return Fail("not a baseline (a finding without a fingerprint)");
  if (!Version || *Version != toolVersion())
    return Fail("baseline written by allocflags " + (Version ? *Version : StringRef("(unknown)")) +
                ", this is " + toolVersion() + ": fingerprints may differ; write it again with --write-baseline");
  Baseline B;
  for (StringRef P : Prints)
    ++B.Known[P];
  return B;
}

Error Baseline::write(StringRef Path, const std::vector<ResolvedFinding> &Findings) {
  json::Array Prints;
  for (const ResolvedFinding &F : Findings)
    Prints.push_back(F.Fingerprint);
  json::Object O{{"allocflags_version", toolVersion()}, {"fingerprints", std::move(Prints)}};
  return writeFileAtomically(Path, [&](raw_ostream &OS) {
    OS << formatv("{0:2}", json::Value(std::move(O))) << "\n";
    return Error::success();
  });
}

size_t Baseline::suppress(std::vector<ResolvedFinding> &Findings) const {
  StringMap<unsigned> Left = Known;
  size_t Before = Findings.size();
  llvm::erase_if(Findings, [&](const ResolvedFinding &F) {
    auto It = Left.find(F.Fingerprint);
    if (It == Left.end() || It->second == 0)
      return false;
    --It->second;
    return true;
  });
  return Before - Findings.size();
}
