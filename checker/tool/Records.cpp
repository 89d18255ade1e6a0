//===- Records.cpp - a TU's result as JSON --------------------------------===//
#include "Records.h"

#include "llvm/Support/JSON.h"

using namespace llvm;
using namespace allocflags;
using namespace allocflags::tool;

namespace allocflags::tool {

static json::Value toJSON(const Position &P) {
  return json::Array{P.File, P.AbsFile, P.Line, P.Column, P.SourceLine};
}

static bool fromJSON(const json::Value &V, Position &P, json::Path Path) {
  const json::Array *A = V.getAsArray();
  if (!A || A->size() != 5) {
    Path.report("expected a position");
    return false;
  }
  std::optional<StringRef> F = (*A)[0].getAsString(), Abs = (*A)[1].getAsString(), Src = (*A)[4].getAsString();
  std::optional<int64_t> L = (*A)[2].getAsInteger(), C = (*A)[3].getAsInteger();
  if (!F || !Abs || !Src || !L || !C || *L < 0 || *C < 0) {
    Path.report("bad position");
    return false;
  }
  P = {F->str(), Abs->str(), unsigned(*L), unsigned(*C), Src->str()};
  return true;
}

static json::Value toJSON(const ResolvedNote &N) {
  return json::Object{{"where", toJSON(N.Where)}, {"message", N.Message}, {"origin", toJSON(N.Origin)}};
}

static bool fromJSON(const json::Value &V, ResolvedNote &N, json::Path P) {
  json::ObjectMapper O(V, P);
  return O && O.map("where", N.Where) && O.map("message", N.Message) && O.map("origin", N.Origin);
}

static json::Value toJSON(const ResolvedFix &X) {
  return json::Object{{"file", X.File}, {"offset", X.Offset}, {"length", X.Length}, {"text", X.Text}};
}

static bool fromJSON(const json::Value &V, ResolvedFix &X, json::Path P) {
  json::ObjectMapper O(V, P);
  int64_t Offset = -1, Length = -1;
  if (!O || !O.map("file", X.File) || !O.map("offset", Offset) || !O.map("length", Length) ||
      !O.map("text", X.Text) || Offset < 0 || Length < 0)
    return false;
  X.Offset = unsigned(Offset);
  X.Length = unsigned(Length);
  return true;
}

static json::Value toJSON(const ResolvedFinding &F) {
  json::Array Notes, Fixes;
  for (const ResolvedNote &N : F.Notes)
    Notes.push_back(toJSON(N));
  for (const ResolvedFix &X : F.Fixes)
    Fixes.push_back(toJSON(X));
  return json::Object{{"check", F.Check},     {"where", toJSON(F.Where)}, {"function", F.Function},
                      {"message", F.Message}, {"notes", std::move(Notes)}, {"fixes", std::move(Fixes)},
                      {"low", F.LowReason}};
}

static bool fromJSON(const json::Value &V, ResolvedFinding &F, json::Path P) {
  json::ObjectMapper O(V, P);
  return O && O.map("check", F.Check) && O.map("where", F.Where) && O.map("function", F.Function) &&
         O.map("message", F.Message) && O.map("notes", F.Notes) && O.map("fixes", F.Fixes) &&
         O.map("low", F.LowReason);
}

static json::Value toJSON(const ToolError &E) { return json::Array{E.Where, E.Message}; }

static bool fromJSON(const json::Value &V, ToolError &E, json::Path P) {
  const json::Array *A = V.getAsArray();
  std::optional<StringRef> W = A && A->size() == 2 ? (*A)[0].getAsString() : std::nullopt;
  std::optional<StringRef> M = A && A->size() == 2 ? (*A)[1].getAsString() : std::nullopt;
  if (!W || !M) {
    P.report("bad message");
    return false;
  }
  E = {W->str(), M->str()};
  return true;
}

} // namespace allocflags::tool

json::Value allocflags::tool::resultRecord(const TUResult &R, bool Summaries) {
  json::Array Findings, Errors, Warnings, Remarks, Notes;
  for (const ResolvedFinding &F : R.Findings)
    Findings.push_back(toJSON(F));
  for (const ToolError &E : R.Errors)
    Errors.push_back(toJSON(E));
  for (const ToolError &W : R.Warnings)
    Warnings.push_back(toJSON(W));
  for (const std::string &X : R.Remarks)
    Remarks.push_back(X);
  for (const std::string &X : R.Notes)
    Notes.push_back(X);
  json::Object O{{"main", R.MainFile},        {"fingerprint", R.Fingerprint}, {"findings", std::move(Findings)},
                 {"errors", std::move(Errors)},      {"warnings", std::move(Warnings)}, {"remarks", std::move(Remarks)}, {"notes", std::move(Notes)}};
  if (Summaries)
    O["summaries"] = R.Summaries.toRecord();
  return O;
}

std::optional<TUResult> allocflags::tool::readResultRecord(const json::Value *V, const std::string &What) {
  if (!V)
    return std::nullopt;
  TUResult R;
  json::Path::Root Root("result");
  json::ObjectMapper O(*V, Root);
  if (!O || !O.map("main", R.MainFile) || !O.map("fingerprint", R.Fingerprint) || !O.map("findings", R.Findings) ||
      !O.map("errors", R.Errors) || !O.map("warnings", R.Warnings) || !O.map("remarks", R.Remarks) || !O.map("notes", R.Notes)) {
    consumeError(Root.getError());
    return std::nullopt;
  }
  if (const json::Value *S = V->getAsObject()->get("summaries")) {
    Expected<SummaryStore> Store = SummaryStore::fromRecord(*S, What);
    if (!Store) {
      consumeError(Store.takeError());
      return std::nullopt;
    }
    R.Summaries = std::move(*Store);
  }
  return R;
}

