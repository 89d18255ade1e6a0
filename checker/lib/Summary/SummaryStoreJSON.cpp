//===- SummaryStoreJSON.cpp - the summary store file ----------------------===//
//
// The summary store file (--summaries, clang-tidy's SummaryStore option):
// every part as SummaryJSON.cpp writes it, sorted, so that runs diff.
//
//===----------------------------------------------------------------------===//
#include "SummaryJSON.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"
#include <map>

using namespace llvm;
using namespace allocflags;

/// \p Err as "<What>: malformed <Kind>: <where in the document>".
Error allocflags::malformedJSON(StringRef What, StringRef Kind, json::Path::Root &Root) {
  return createStringError(inconvertibleErrorCode(), "%s: malformed %s: %s", What.str().c_str(), Kind.str().c_str(),
                           toString(Root.getError()).c_str());
}

json::Value SummaryStore::toJSON() const {
  json::Array Fns, Regs;
  std::vector<const FunctionSummary *> Sorted;
  for (const auto &E : Functions)
    Sorted.push_back(&E.getValue());
  llvm::sort(Sorted, [](const FunctionSummary *A, const FunctionSummary *B) { return A->USR < B->USR; });
  for (const FunctionSummary *F : Sorted)
    Fns.push_back(allocflags::toJSON(*F));
  std::vector<const AtomicEntry *> SortedEntries;
  for (const auto &E : Entries)
    for (const AtomicEntry &A : E.getValue())
      SortedEntries.push_back(&A);
  llvm::sort(SortedEntries, [](const AtomicEntry *A, const AtomicEntry *B) {
    return std::tie(A->USR, A->Kind, A->KeyTemplate, A->Args) < std::tie(B->USR, B->Kind, B->KeyTemplate, B->Args);
  });
  for (const AtomicEntry *E : SortedEntries)
    Regs.push_back(allocflags::toJSON(*E));
  json::Object Src, FieldObj;
  for (const auto &E : Sources)
    Src[E.getKey()] = E.getValue();
  for (const auto &E : Fields) {
    json::Value F = allocflags::toJSON(E.getValue());
    F.getAsObject()->erase("field"); // the key says it
    FieldObj[E.getKey()] = std::move(F);
  }
  json::Array Provs;
  std::vector<const ProvenanceEntry *> SortedProvs;
  for (const auto &E : ProvEntries)
    for (const ProvenanceEntry &P : E.getValue())
      SortedProvs.push_back(&P);
  llvm::sort(SortedProvs, [](const ProvenanceEntry *A, const ProvenanceEntry *B) {
    return std::tie(A->USR, A->Param, A->Deref) < std::tie(B->USR, B->Param, B->Deref);
  });
  for (const ProvenanceEntry *P : SortedProvs)
    Provs.push_back(allocflags::toJSON(*P));
  json::Array Ptrs;
  std::vector<const PointerTarget *> SortedPtrs;
  for (const auto &E : Pointers)
    for (const PointerTarget &T : E.getValue())
      SortedPtrs.push_back(&T);
  llvm::sort(SortedPtrs, [](const PointerTarget *A, const PointerTarget *B) {
    return std::tie(A->Key, A->USR) < std::tie(B->Key, B->USR);
  });
  for (const PointerTarget *T : SortedPtrs)
    Ptrs.push_back(allocflags::toJSON(*T));
  return json::Object{{"allocflags_summaries", SummarySchemaVersion},
                      {"model", ModelHash},
                      {"sources", std::move(Src)},
                      {"functions", std::move(Fns)},
                      {"entries", std::move(Regs)},
                      {"fields", std::move(FieldObj)},
                      {"provenance", std::move(Provs)},
                      {"pointers", std::move(Ptrs)}};
}

Error SummaryStore::writeJSON(StringRef Path) const {
  json::Value Doc = toJSON();
  SmallString<256> Tmp(Path);
  Tmp += ".tmp%%%%%%";
  int FD;
  if (std::error_code EC = sys::fs::createUniqueFile(Tmp, FD, Tmp))
    return createStringError(EC, "%s: cannot write the summary store: %s", Path.str().c_str(),
                             EC.message().c_str());
  {
    raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << formatv("{0:2}", Doc) << "\n";
    if (OS.has_error()) {
      sys::fs::remove(Tmp);
      return createStringError(OS.error(), "%s: cannot write the summary store", Path.str().c_str());
    }
  }
  if (std::error_code EC = sys::fs::rename(Tmp, Path)) {
    sys::fs::remove(Tmp);
    return createStringError(EC, "%s: cannot write the summary store: %s", Path.str().c_str(),
                             EC.message().c_str());
  }
  return Error::success();
}

Expected<SummaryStore> SummaryStore::readJSON(StringRef Path) {
  auto Buf = MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buf)
    return createStringError(Buf.getError(), "%s: cannot read the summary store: %s", Path.str().c_str(),
                             Buf.getError().message().c_str());
  return parseJSON((*Buf)->getBuffer(), Path);
}

Expected<SummaryStore> SummaryStore::parseJSON(StringRef Text, StringRef Path) {
  auto Doc = json::parse(Text);
  if (!Doc)
    return createStringError(inconvertibleErrorCode(), "%s: not a summary store: %s", Path.str().c_str(),
                             toString(Doc.takeError()).c_str());
  const json::Object *Obj = Doc->getAsObject();
  std::optional<int64_t> Schema = Obj ? Obj->getInteger("allocflags_summaries") : std::nullopt;
  if (!Schema)
    return createStringError(inconvertibleErrorCode(), "%s: not an allocflags summary store", Path.str().c_str());
  if (*Schema != SummarySchemaVersion)
    return createStringError(inconvertibleErrorCode(),
                             "%s: summary store schema %lld, this allocflags reads %u; rerun the allocflags "
                             "tool to rewrite it",
                             Path.str().c_str(), static_cast<long long>(*Schema), SummarySchemaVersion);
  SummaryStore S;
  json::Path::Root Root("store");
  json::Path P(Root);
  std::vector<FunctionSummary> Fns;
  std::vector<AtomicEntry> Regs;
  std::vector<ProvenanceEntry> Provs;
  std::vector<PointerTarget> Ptrs;
  std::map<std::string, std::string> Src;
  json::ObjectMapper O(*Doc, P);
  if (!O.map("model", S.ModelHash) || !O.map("sources", Src) || !O.map("functions", Fns) ||
      !O.map("entries", Regs) || !O.mapOptional("provenance", Provs) || !O.mapOptional("pointers", Ptrs))
    return malformedJSON(Path, "summary store", Root);
  for (auto &[K, V] : Src)
    S.Sources[K] = V;
  for (FunctionSummary &F : Fns)
    S.add(std::move(F));
  if (const json::Object *FieldObj = Obj->getObject("fields"))
    for (const auto &KV : *FieldObj) {
      FieldFact F;
      if (!fromJSON(KV.second, F, P.field("fields").field(KV.first)))
        return malformedJSON(Path, "summary store", Root);
      F.Field = KV.first.str();
      S.addFieldStore(F);
    }
  for (ProvenanceEntry &E : Provs)
    S.addProvenanceEntry(std::move(E));
  for (PointerTarget &T : Ptrs)
    S.addPointerTarget(std::move(T));
  for (AtomicEntry &E : Regs)
    S.addEntry(std::move(E));
  return std::move(S);
}
