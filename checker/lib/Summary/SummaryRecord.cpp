//===- SummaryRecord.cpp - a TU's store as the cache keeps it; questions -===//
//
// The tool's cache (tool/Cache.h) keeps each TU's phase-1 store in the order
// it was built, and a phase-2 result with the questions its analysis asked
// the whole-program store; answerDigest says whether a later store answers
// one of them the same way.
//
//===----------------------------------------------------------------------===//
#include "SummaryJSON.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"
#include <map>

using namespace llvm;
using namespace allocflags;

// The cache's layout: what add*() kept, in the order it kept it, and the
// phase-1 bookkeeping, so that merge() sees exactly what the analysis built.
json::Value SummaryStore::toRecord() const {
  json::Array Fns, Regs, Fields_, Provs, Ptrs, Freed, Assumed, Asked, Seen;
  json::Object Src;
  for (const auto &E : Functions)
    Fns.push_back(allocflags::toJSON(E.getValue()));
  for (const auto &E : Entries)
    for (const AtomicEntry &A : E.getValue())
      Regs.push_back(allocflags::toJSON(A));
  for (const auto &E : Fields)
    Fields_.push_back(allocflags::toJSON(E.getValue()));
  for (const auto &E : ProvEntries)
    for (const ProvenanceEntry &X : E.getValue())
      Provs.push_back(allocflags::toJSON(X));
  for (const auto &E : Pointers)
    for (const PointerTarget &T : E.getValue())
      Ptrs.push_back(allocflags::toJSON(T));
  for (const auto &E : Sources)
    Src[E.getKey()] = E.getValue();
  for (const auto &E : FieldsFreedUnknown)
    Freed.push_back(E.getKey());
  for (const auto &E : AssumedUsed)
    Assumed.push_back(E.getKey());
  for (const auto &E : CallersAsked)
    Asked.push_back(E.getKey());
  for (const auto &E : IndirectSeen)
    Seen.push_back(json::Array{E.getKey(), E.getValue()});
  return json::Object{{"model", ModelHash},         {"sources", std::move(Src)},     {"functions", std::move(Fns)},
                      {"entries", std::move(Regs)}, {"fields", std::move(Fields_)},  {"provenance", std::move(Provs)},
                      {"pointers", std::move(Ptrs)}, {"freed_unknown", std::move(Freed)},
                      {"assumed", std::move(Assumed)}, {"callers_asked", std::move(Asked)},
                      {"indirect_seen", std::move(Seen)}};
}

Expected<SummaryStore> SummaryStore::fromRecord(const json::Value &V, StringRef What) {
  SummaryStore S;
  json::Path::Root Root("record");
  json::Path P(Root);
  std::vector<FunctionSummary> Fns;
  std::vector<AtomicEntry> Regs;
  std::vector<FieldFact> Fields_;
  std::vector<ProvenanceEntry> Provs;
  std::vector<PointerTarget> Ptrs;
  std::map<std::string, std::string> Src;
  std::vector<std::string> Freed, Assumed, Asked;
  std::vector<std::pair<std::string, unsigned>> Seen;
  json::ObjectMapper O(V, P);
  const json::Array *SeenA = V.getAsObject() ? V.getAsObject()->getArray("indirect_seen") : nullptr;
  if (!O || !O.map("model", S.ModelHash) || !O.map("sources", Src) || !O.map("functions", Fns) ||
      !O.map("entries", Regs) || !O.map("fields", Fields_) || !O.map("provenance", Provs) ||
      !O.map("pointers", Ptrs) || !O.map("freed_unknown", Freed) || !O.map("assumed", Assumed) ||
      !O.map("callers_asked", Asked) || !SeenA)
    return malformedJSON(What, "cache record", Root);
  for (const json::Value &X : *SeenA) {
    const json::Array *Pair = X.getAsArray();
    std::optional<StringRef> K = Pair && Pair->size() == 2 ? (*Pair)[0].getAsString() : std::nullopt;
    std::optional<int64_t> N = Pair && Pair->size() == 2 ? (*Pair)[1].getAsInteger() : std::nullopt;
    if (!K || !N || *N < 0)
      return createStringError(inconvertibleErrorCode(), "%s: malformed cache record: indirect_seen",
                               What.str().c_str());
    S.IndirectSeen[*K] = static_cast<unsigned>(*N);
  }
  for (auto &[K, X] : Src)
    S.Sources[K] = X;
  for (FunctionSummary &F : Fns)
    S.Functions[F.USR] = std::move(F);
  for (AtomicEntry &E : Regs)
    S.Entries[E.USR].push_back(std::move(E));
  for (FieldFact &F : Fields_)
    S.Fields[F.Field] = std::move(F);
  for (ProvenanceEntry &E : Provs)
    S.ProvEntries[E.USR].push_back(std::move(E));
  for (PointerTarget &T : Ptrs)
    S.Pointers[innermostLayer(T.Key)].push_back(std::move(T));
  for (const std::string &F : Freed)
    S.FieldsFreedUnknown.insert(F);
  for (const std::string &U : Assumed)
    S.AssumedUsed.insert(U);
  for (const std::string &U : Asked)
    S.CallersAsked.insert(U);
  return std::move(S);
}

std::string SummaryStore::answerDigest(StringRef Question) const {
  if (Question.empty())
    return "";
  char Kind = Question.front();
  StringRef Key = Question.drop_front();
  json::Value A = nullptr;
  switch (Kind) {
  case 'f':
    if (auto It = Functions.find(Key); It != Functions.end())
      A = allocflags::toJSON(It->second);
    break;
  case 's':
    A = Sources.count(Key) != 0;
    break;
  case 'd':
    if (auto It = Fields.find(Key); It != Fields.end())
      A = allocflags::toJSON(It->second);
    break;
  case 'e': {
    json::Array Es;
    if (auto It = Entries.find(Key); It != Entries.end())
      for (const AtomicEntry &E : It->second)
        Es.push_back(allocflags::toJSON(E));
    A = std::move(Es);
    break;
  }
  case 'v': {
    json::Array Es;
    if (auto It = ProvEntries.find(Key); It != ProvEntries.end())
      for (const ProvenanceEntry &E : It->second)
        Es.push_back(allocflags::toJSON(E));
    A = std::move(Es);
    break;
  }
  case 't': {
    auto [CallKey, Type] = Key.split('\t');
    bool ByType = false;
    json::Array Ts;
    for (const PointerTarget *T : pointerTargets(CallKey, Type, &ByType))
      Ts.push_back(allocflags::toJSON(*T));
    A = json::Array{std::move(Ts), ByType};
    break;
  }
  case 'n': {
    SmallVector<StringRef, 3> Parts;
    Key.split(Parts, '\t');
    unsigned Param = 0;
    if (Parts.size() != 3 || Parts[1].getAsInteger(10, Param))
      return "";
    if (std::optional<NonBlockingCall> C = nonBlockingCall(Parts[0], Param, Parts[2] == "1"))
      A = json::Array{C->Caller, allocflags::toJSON(C->Site)};
    break;
  }
  default:
    return ""; // a question this version does not ask: never the same answer
  }
  std::string Text;
  raw_string_ostream(Text) << A;
  return contentDigest(Text);
}
