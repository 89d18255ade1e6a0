//===- SummaryJSON.cpp - summaries to and from JSON -----------------------===//
//
// Each part of a store as JSON; the summary store file that holds them is
// SummaryStoreJSON.cpp's, the cache's records of the same parts
// SummaryRecord.cpp's.
//
//===----------------------------------------------------------------------===//
#include "SummaryJSON.h"

#include "llvm/Support/JSON.h"

using namespace llvm;
using namespace allocflags;

//===----------------------------------------------------------------------===//
// JSON (in the types' namespace, where json::ObjectMapper finds them)
//===----------------------------------------------------------------------===//

namespace allocflags {

json::Value toJSON(const SourcePos &P) { return P.str(); }

bool fromJSON(const json::Value &V, SourcePos &P) {
  auto S = V.getAsString();
  if (!S)
    return false;
  if (S->empty())
    return true;
  // file:line:col, the file may contain ':'
  size_t C2 = S->rfind(':');
  size_t C1 = C2 == StringRef::npos ? StringRef::npos : S->rfind(':', C2 - 1);
  if (C1 == StringRef::npos)
    return false;
  P.File = S->substr(0, C1).str();
  return !S->slice(C1 + 1, C2).getAsInteger(10, P.Line) && !S->substr(C2 + 1).getAsInteger(10, P.Column);
}

json::Value toJSON(const CrossedCall &X) {
  json::Array Args;
  for (const std::string &A : X.ArgTexts)
    Args.push_back(A);
  return json::Object{{"usr", X.USR}, {"args", std::move(Args)}};
}

bool fromJSON(const json::Value &V, CrossedCall &X, json::Path P) {
  json::ObjectMapper O(V, P);
  std::vector<std::string> Args;
  if (!O || !O.map("usr", X.USR) || !O.map("args", Args))
    return false;
  X.ArgTexts.assign(Args.begin(), Args.end());
  return true;
}

static json::Array toJSON(const std::vector<CrossedCall> &Xs) {
  json::Array A;
  for (const CrossedCall &X : Xs)
    A.push_back(toJSON(X));
  return A;
}

json::Value toJSON(const ContextDelta &D) {
  json::Object O{{"kind", D.Kind}, {"key", D.KeyTemplate}, {"opaque", D.Opaque}, {"lo", D.Lo}, {"hi", D.Hi}};
  if (!D.Crossed.empty())
    O["crossed"] = toJSON(D.Crossed);
  return O;
}

bool fromJSON(const json::Value &V, ContextDelta &D, json::Path P) {
  json::ObjectMapper O(V, P);
  int64_t Lo = 0, Hi = 0;
  bool Ok = O && O.map("kind", D.Kind) && O.map("key", D.KeyTemplate) && O.map("opaque", D.Opaque) &&
            O.map("lo", Lo) && O.map("hi", Hi) && O.mapOptional("crossed", D.Crossed);
  D.Lo = static_cast<int8_t>(Lo);
  D.Hi = static_cast<int8_t>(Hi);
  return Ok;
}

json::Value toJSON(const SleepEvidence &E) {
  json::Array Rel;
  for (const ContextDelta &D : E.Released)
    Rel.push_back(toJSON(D));
  return json::Object{{"site", toJSON(E.Site)}, {"what", E.What}, {"flags", E.Flags}, {"via", E.ViaUSR},
                      {"outside_interrupt_only", E.OutsideInterruptOnly}, {"assumed", E.Assumed},
                      {"doubt", E.Doubt}, {"faults_enabled_only", E.FaultsEnabledOnly}, {"released", std::move(Rel)}};
}

bool fromJSON(const json::Value &V, SleepEvidence &E, json::Path P) {
  json::ObjectMapper O(V, P);
  const json::Value *Site = V.getAsObject() ? V.getAsObject()->get("site") : nullptr;
  if (!O || !Site || !fromJSON(*Site, E.Site)) {
    P.report("bad sleep evidence");
    return false;
  }
  std::vector<ContextDelta> Rel;
  bool Ok = O.map("what", E.What) && O.map("flags", E.Flags) && O.map("via", E.ViaUSR) &&
            O.map("outside_interrupt_only", E.OutsideInterruptOnly) && O.mapOptional("assumed", E.Assumed) &&
            O.mapOptional("doubt", E.Doubt) && O.mapOptional("faults_enabled_only", E.FaultsEnabledOnly) &&
            O.map("released", Rel);
  E.Released.assign(Rel.begin(), Rel.end());
  return Ok;
}

json::Value toJSON(const GfpArgFact &A) {
  switch (A.Kind) {
  case GfpArgFact::KindT::Unknown:
    return json::Object{{"kind", "unknown"}};
  case GfpArgFact::KindT::Constant:
    return json::Object{{"kind", "constant"}, {"blocks", A.Blocks}, {"request", A.Request}, {"restricts", A.Restricts}};
  case GfpArgFact::KindT::Param:
    return json::Object{{"kind", "param"}, {"param", A.Param}, {"forced_on", A.ForcedOn}, {"forced_off", A.ForcedOff}};
  }
  return nullptr;
}

bool fromJSON(const json::Value &V, GfpArgFact &A, json::Path P) {
  json::ObjectMapper O(V, P);
  std::string Kind;
  if (!O || !O.map("kind", Kind))
    return false;
  if (Kind == "unknown")
    A.Kind = GfpArgFact::KindT::Unknown;
  else if (Kind == "constant") {
    A.Kind = GfpArgFact::KindT::Constant;
    return O.map("blocks", A.Blocks) && O.mapOptional("request", A.Request) && O.mapOptional("restricts", A.Restricts);
  } else if (Kind == "param") {
    A.Kind = GfpArgFact::KindT::Param;
    int64_t Param = 0;
    bool Ok = O.map("param", Param) && O.map("forced_on", A.ForcedOn) && O.map("forced_off", A.ForcedOff);
    A.Param = static_cast<unsigned>(Param);
    return Ok && Param >= 0;
  } else {
    P.field("kind").report("unknown gfp argument kind");
    return false;
  }
  return true;
}

/// Reads the optional array \p Field of (parameter index, integer) pairs -
/// constant arguments, bits known set - into \p Out.
template <class Vec>
static bool readParamPairs(const json::Object &Obj, StringRef Field, Vec &Out, json::Path P) {
  using Int = typename Vec::value_type::second_type;
  if (const json::Array *A = Obj.getArray(Field))
    for (const json::Value &X : *A) {
      const json::Array *Pair = X.getAsArray();
      std::optional<int64_t> I = Pair && Pair->size() == 2 ? (*Pair)[0].getAsInteger() : std::nullopt;
      std::optional<int64_t> Val = Pair && Pair->size() == 2 ? (*Pair)[1].getAsInteger() : std::nullopt;
      if (!I || !Val || *I < 0) {
        P.field(Field).report("bad (parameter, value) pair");
        return false;
      }
      Out.push_back({static_cast<unsigned>(*I), static_cast<Int>(*Val)});
    }
  return true;
}

/// Fields known of pointer arguments: [parameter, field, value] triples.
static json::Array fieldsToJSON(llvm::ArrayRef<FieldValue> Fields) {
  json::Array A;
  for (const FieldValue &F : Fields)
    A.push_back(json::Array{F.Param, F.Field, F.Value});
  return A;
}

static bool readFields(const json::Object &Obj, StringRef Key, std::vector<FieldValue> &Out, json::Path P) {
  if (const json::Array *A = Obj.getArray(Key))
    for (const json::Value &X : *A) {
      const json::Array *T = X.getAsArray();
      std::optional<int64_t> I = T && T->size() == 3 ? (*T)[0].getAsInteger() : std::nullopt;
      std::optional<StringRef> Name = T && T->size() == 3 ? (*T)[1].getAsString() : std::nullopt;
      std::optional<int64_t> Val = T && T->size() == 3 ? (*T)[2].getAsInteger() : std::nullopt;
      if (!I || !Name || !Val || *I < 0 || Name->empty()) {
        P.field(Key).report("bad (parameter, field, value) triple");
        return false;
      }
      Out.push_back({static_cast<unsigned>(*I), Name->str(), *Val});
    }
  return true;
}

/// Reads the optional array \p Key of [callee parameter, caller parameter,
/// x] triples (a field, the fields changed, a mask), x read by \p Third.
template <class T>
static bool readParamTriples(const json::Object &Obj, StringRef Key, json::Path P,
                             llvm::function_ref<std::optional<T>(const json::Value &)> Third,
                             llvm::function_ref<void(unsigned, unsigned, T)> Add) {
  if (const json::Array *A = Obj.getArray(Key))
    for (const json::Value &V : *A) {
      const json::Array *T3 = V.getAsArray();
      std::optional<int64_t> X = T3 && T3->size() == 3 ? (*T3)[0].getAsInteger() : std::nullopt;
      std::optional<int64_t> Y = T3 && T3->size() == 3 ? (*T3)[1].getAsInteger() : std::nullopt;
      std::optional<T> Z = T3 && T3->size() == 3 ? Third((*T3)[2]) : std::nullopt;
      if (!X || !Y || !Z || *X < 0 || *Y < 0) {
        P.field(Key).report("bad (parameter, parameter, value) triple");
        return false;
      }
      Add(static_cast<unsigned>(*X), static_cast<unsigned>(*Y), std::move(*Z));
    }
  return true;
}

json::Value toJSON(const ParamTest &T) {
  return json::Array{T.Param, static_cast<int>(T.Kind), T.Value, T.Outcome};
}

json::Value toJSON(llvm::ArrayRef<ParamTest> Tests) {
  json::Array A;
  for (const ParamTest &T : Tests)
    A.push_back(toJSON(T));
  return A;
}

bool fromJSON(const json::Value &V, ParamTest &T, json::Path P) {
  const json::Array *A = V.getAsArray();
  std::optional<int64_t> Param, Kind, Value;
  std::optional<bool> Outcome;
  if (A && A->size() == 4) {
    Param = (*A)[0].getAsInteger(), Kind = (*A)[1].getAsInteger(), Value = (*A)[2].getAsInteger();
    Outcome = (*A)[3].getAsBoolean();
  }
  if (!Param || !Kind || !Value || !Outcome || *Param < 0 || *Kind < 0 ||
      *Kind > static_cast<int>(ParamTest::KindT::Last)) {
    P.report("bad parameter test");
    return false;
  }
  T.Param = static_cast<unsigned>(*Param);
  T.Kind = static_cast<ParamTest::KindT>(*Kind);
  T.Value = *Value;
  T.Outcome = *Outcome;
  return true;
}

json::Value toJSON(const CallSiteSummary &C) {
  json::Array Args, Texts, Rel;
  for (const auto &[I, A] : C.GfpArgs)
    Args.push_back(json::Array{I, toJSON(A)});
  for (const std::string &T : C.ArgTexts)
    Texts.push_back(T);
  for (const ContextDelta &D : C.Released)
    Rel.push_back(toJSON(D));
  json::Array Consts, ParamArgs;
  for (const auto &[I, V] : C.ConstArgs)
    Consts.push_back(json::Array{I, V});
  for (const auto &[CalleeP, CallerP, Deref] : C.ParamArgs)
    ParamArgs.push_back(json::Array{CalleeP, CallerP, Deref});
  json::Object O{{"usr", C.CalleeUSR}, {"name", C.CalleeName}, {"site", toJSON(C.Site)},
                 {"gfp_args", std::move(Args)}, {"args", std::move(Texts)}, {"released", std::move(Rel)},
                 {"in_interrupt", C.InInterruptOnly}, {"const_args", std::move(Consts)},
                 {"param_args", std::move(ParamArgs)}};
  if (C.GuardParam)
    O["guard_param"] = *C.GuardParam;
  if (!C.Requires.empty())
    O["requires"] = toJSON(C.Requires);
  if (!C.Doubt.empty())
    O["doubt"] = C.Doubt;
  if (C.InFlagsScope)
    O["in_flags_scope"] = true;
  if (!C.Pointer.empty()) {
    O["pointer"] = C.Pointer;
    if (!C.IndirectKey.empty())
      O["indirect_key"] = C.IndirectKey;
    if (!C.IndirectType.empty())
      O["indirect_type"] = C.IndirectType;
    if (C.StoredAt.valid())
      O["stored_at"] = toJSON(C.StoredAt);
  }
  if (!C.ArgOnes.empty()) {
    json::Array Ones;
    for (const auto &[I, Bits] : C.ArgOnes)
      Ones.push_back(json::Array{I, static_cast<int64_t>(Bits)});
    O["arg_ones"] = std::move(Ones);
  }
  if (!C.ArgFields.empty())
    O["arg_fields"] = fieldsToJSON(C.ArgFields);
  if (!C.FieldArgs.empty()) {
    json::Array A;
    for (const auto &[CalleeP, CallerP, Field] : C.FieldArgs)
      A.push_back(json::Array{CalleeP, CallerP, Field});
    O["field_args"] = std::move(A);
  }
  if (!C.PointerArgs.empty()) {
    json::Array A;
    for (const auto &[CalleeP, CallerP, Changed] : C.PointerArgs) {
      json::Array Fields;
      for (const std::string &F : Changed)
        Fields.push_back(F);
      A.push_back(json::Array{CalleeP, CallerP, std::move(Fields)});
    }
    O["pointer_args"] = std::move(A);
  }
  if (!C.MaskArgs.empty()) {
    json::Array A;
    for (const auto &[CalleeP, CallerP, Mask] : C.MaskArgs)
      A.push_back(json::Array{CalleeP, CallerP, Mask});
    O["mask_args"] = std::move(A);
  }
  return O;
}

bool fromJSON(const json::Value &V, CallSiteSummary &C, json::Path P) {
  json::ObjectMapper O(V, P);
  const json::Object *Obj = V.getAsObject();
  if (!O || !Obj || !Obj->get("site") || !fromJSON(*Obj->get("site"), C.Site)) {
    P.report("bad call site");
    return false;
  }
  std::vector<std::string> Texts;
  std::vector<ContextDelta> Rel;
  std::optional<int64_t> Guard;
  if (!(O.map("usr", C.CalleeUSR) && O.map("name", C.CalleeName) && O.map("args", Texts) &&
        O.map("released", Rel) && O.map("in_interrupt", C.InInterruptOnly) && O.mapOptional("guard_param", Guard) &&
        O.mapOptional("doubt", C.Doubt) && O.mapOptional("in_flags_scope", C.InFlagsScope) &&
        O.mapOptional("pointer", C.Pointer) &&
        O.mapOptional("indirect_key", C.IndirectKey) && O.mapOptional("indirect_type", C.IndirectType)))
    return false;
  if (const json::Value *At = Obj->get("stored_at"); At && !fromJSON(*At, C.StoredAt)) {
    P.field("stored_at").report("bad position");
    return false;
  }
  C.ArgTexts.assign(Texts.begin(), Texts.end());
  C.Released.assign(Rel.begin(), Rel.end());
  if (Guard)
    C.GuardParam = static_cast<unsigned>(*Guard);
  if (!readParamPairs(*Obj, "const_args", C.ConstArgs, P) || !readParamPairs(*Obj, "arg_ones", C.ArgOnes, P))
    return false;
  std::vector<ParamTest> Requires;
  if (!O.mapOptional("requires", Requires))
    return false;
  C.Requires.assign(Requires.begin(), Requires.end());
  if (const json::Array *PA = Obj->getArray("param_args"))
    for (const json::Value &A : *PA) {
      const json::Array *T = A.getAsArray();
      if (!T || T->size() != 3)
        return false;
      std::optional<int64_t> X = (*T)[0].getAsInteger(), Y = (*T)[1].getAsInteger();
      std::optional<bool> D = (*T)[2].getAsBoolean();
      if (!X || !Y || !D || *X < 0 || *Y < 0)
        return false;
      C.ParamArgs.push_back({static_cast<unsigned>(*X), static_cast<unsigned>(*Y), *D});
    }
  if (!readFields(*Obj, "arg_fields", C.ArgFields, P))
    return false;
  auto Name = [](const json::Value &V) -> std::optional<std::string> {
    std::optional<StringRef> S = V.getAsString();
    return S && !S->empty() ? std::optional<std::string>(S->str()) : std::nullopt;
  };
  auto Names = [](const json::Value &V) -> std::optional<std::vector<std::string>> {
    const json::Array *A = V.getAsArray();
    if (!A)
      return std::nullopt;
    std::vector<std::string> Out;
    for (const json::Value &X : *A)
      if (std::optional<StringRef> S = X.getAsString())
        Out.push_back(S->str());
      else
        return std::nullopt;
    return Out;
  };
  if (!readParamTriples<std::string>(*Obj, "field_args", P, Name,
                                     [&](unsigned X, unsigned Y, std::string F) {
                                       C.FieldArgs.push_back({X, Y, std::move(F)});
                                     }) ||
      !readParamTriples<std::vector<std::string>>(*Obj, "pointer_args", P, Names,
                                                  [&](unsigned X, unsigned Y, std::vector<std::string> F) {
                                                    C.PointerArgs.push_back({X, Y, std::move(F)});
                                                  }) ||
      !readParamTriples<int64_t>(*Obj, "mask_args", P, [](const json::Value &V) { return V.getAsInteger(); },
                                 [&](unsigned X, unsigned Y, int64_t M) { C.MaskArgs.push_back({X, Y, M}); }))
    return false;
  const json::Array *Args = Obj->getArray("gfp_args");
  if (!Args)
    return false;
  for (const json::Value &A : *Args) {
    const json::Array *Pair = A.getAsArray();
    GfpArgFact F;
    std::optional<int64_t> I = Pair && Pair->size() == 2 ? (*Pair)[0].getAsInteger() : std::nullopt;
    if (!I || !fromJSON((*Pair)[1], F, P))
      return false;
    C.GfpArgs.push_back({static_cast<unsigned>(*I), F});
  }
  return true;
}

json::Value toJSON(const FunctionSummary &F) {
  json::Array IfGfp, Effects, Calls;
  for (const GfpParamSleep &G : F.SleepsIfGfp)
    IfGfp.push_back(json::Object{{"param", G.Param}, {"evidence", toJSON(G.Evidence)}});
  for (const ContextDelta &D : F.Effects)
    Effects.push_back(toJSON(D));
  for (const CallSiteSummary &C : F.Calls)
    Calls.push_back(toJSON(C));
  json::Array Params;
  for (const std::string &P : F.Params)
    Params.push_back(P);
  json::Array CallsParams, Frees, RetFams;
  for (unsigned P : F.CallsParams)
    CallsParams.push_back(P);
  for (const FreedParam &P : F.FreesParams) {
    json::Array Acc;
    for (const std::string &A : P.Accepted)
      Acc.push_back(A);
    Frees.push_back(json::Object{{"param", P.Param}, {"deref", P.Deref}, {"free", P.Free},
                                 {"accepted", std::move(Acc)}, {"site", toJSON(P.Site)}});
  }
  for (const std::string &Fam : F.Returns.Families)
    RetFams.push_back(Fam);
  json::Object O{{"usr", F.USR},
                 {"name", F.Name},
                 {"definition", toJSON(F.Definition)},
                 {"params", std::move(Params)},
                 {"calls_params", std::move(CallsParams)},
                 {"frees_params", std::move(Frees)},
                 {"returns", json::Object{{"families", std::move(RetFams)},
                                          {"site", toJSON(F.Returns.Site)},
                                          {"what", F.Returns.What}}},
                 {"sleeps_if_gfp", std::move(IfGfp)},
                 {"effects", std::move(Effects)},
                 {"calls", std::move(Calls)}};
  if (F.Sleeps)
    O["sleeps"] = toJSON(*F.Sleeps);
  if (!F.SleepsOnlyIf.empty())
    O["sleeps_only_if"] = toJSON(F.SleepsOnlyIf);
  if (!F.Ways.empty()) {
    json::Array Ways;
    for (const SleepWay &W : F.Ways)
      Ways.push_back(json::Object{{"evidence", toJSON(W.Evidence)}, {"tests", toJSON(W.Tests)}});
    O["sleep_ways"] = std::move(Ways);
  }
  if (F.WaysLost)
    O["sleep_ways_lost"] = true;
  if (F.Flagless)
    O["flagless"] = toJSON(*F.Flagless);
  if (F.SleepsHere)
    O["sleeps_here"] = true;
  if (F.FreesHere)
    O["frees_here"] = true;
  if (!F.InlineCallees.empty())
    O["inline_callees"] = F.InlineCallees;
  if (F.InlineCalleesLost)
    O["inline_callees_lost"] = true;
  if (F.TakesGfp)
    O["takes_gfp"] = true;
  if (F.Implicit)
    O["implicit"] = toJSON(*F.Implicit);
  if (F.Disciplined)
    O["disciplined"] = true;
  return O;
}

bool fromJSON(const json::Value &V, FunctionSummary &F, json::Path P) {
  json::ObjectMapper O(V, P);
  const json::Object *Obj = V.getAsObject();
  if (!O || !Obj || !Obj->get("definition") || !fromJSON(*Obj->get("definition"), F.Definition)) {
    P.report("bad function summary");
    return false;
  }
  std::vector<ContextDelta> Effects;
  std::vector<ParamTest> OnlyIf;
  if (!(O.map("usr", F.USR) && O.map("name", F.Name) && O.map("params", F.Params) && O.map("effects", Effects) &&
        O.map("calls", F.Calls) && O.mapOptional("sleeps_only_if", OnlyIf)))
    return false;
  F.SleepsOnlyIf.assign(OnlyIf.begin(), OnlyIf.end());
  F.Effects.assign(Effects.begin(), Effects.end());
  if (const json::Object *R = Obj->getObject("returns")) {
    json::ObjectMapper RO(*Obj->get("returns"), P.field("returns"));
    const json::Value *Site = R->get("site");
    if (!RO || !RO.map("families", F.Returns.Families) || !RO.map("what", F.Returns.What) || !Site ||
        !fromJSON(*Site, F.Returns.Site))
      return false;
  }
  if (const json::Array *FP = Obj->getArray("frees_params"))
    for (const json::Value &V : *FP) {
      json::ObjectMapper FO(V, P.field("frees_params"));
      FreedParam Q;
      int64_t Param = 0;
      const json::Object *VO = V.getAsObject();
      if (!FO || !VO || !FO.map("param", Param) || Param < 0 || !FO.map("deref", Q.Deref) ||
          !FO.map("free", Q.Free) || !FO.map("accepted", Q.Accepted) || !VO->get("site") ||
          !fromJSON(*VO->get("site"), Q.Site))
        return false;
      Q.Param = static_cast<unsigned>(Param);
      F.FreesParams.push_back(std::move(Q));
    }
  if (const json::Array *CP = Obj->getArray("calls_params"))
    for (const json::Value &V : *CP)
      if (std::optional<int64_t> I = V.getAsInteger(); I && *I >= 0)
        F.CallsParams.push_back(static_cast<unsigned>(*I));
  if (const json::Value *S = Obj->get("sleeps")) {
    SleepEvidence E;
    if (!fromJSON(*S, E, P.field("sleeps")))
      return false;
    F.Sleeps = std::move(E);
  }
  if (const json::Value *S = Obj->get("flagless")) {
    SleepEvidence E;
    if (!fromJSON(*S, E, P.field("flagless")))
      return false;
    F.Flagless = std::move(E);
  }
  if (const json::Value *S = Obj->get("implicit")) {
    SleepEvidence E;
    if (!fromJSON(*S, E, P.field("implicit")))
      return false;
    F.Implicit = std::move(E);
  }
  if (!O.mapOptional("takes_gfp", F.TakesGfp) || !O.mapOptional("sleep_ways_lost", F.WaysLost) ||
      !O.mapOptional("disciplined", F.Disciplined) || !O.mapOptional("sleeps_here", F.SleepsHere) ||
      !O.mapOptional("frees_here", F.FreesHere) || !O.mapOptional("inline_callees", F.InlineCallees) ||
      !O.mapOptional("inline_callees_lost", F.InlineCalleesLost))
    return false;
  if (const json::Array *Ws = Obj->getArray("sleep_ways"))
    for (const json::Value &X : *Ws) {
      json::ObjectMapper WO(X, P.field("sleep_ways"));
      const json::Object *XO = X.getAsObject();
      SleepWay W;
      std::vector<ParamTest> Tests;
      if (!WO || !XO || !XO->get("evidence") || !fromJSON(*XO->get("evidence"), W.Evidence, P.field("sleep_ways")) ||
          !WO.map("tests", Tests))
        return false;
      W.Tests.assign(Tests.begin(), Tests.end());
      F.Ways.push_back(std::move(W));
    }
  if (const json::Array *G = Obj->getArray("sleeps_if_gfp")) {
    for (const json::Value &X : *G) {
      json::ObjectMapper GO(X, P.field("sleeps_if_gfp"));
      const json::Object *XO = X.getAsObject();
      GfpParamSleep PS;
      int64_t Param = 0;
      if (!GO || !XO || !XO->get("evidence") || !GO.map("param", Param) || Param < 0 ||
          !fromJSON(*XO->get("evidence"), PS.Evidence, P.field("sleeps_if_gfp")))
        return false;
      PS.Param = static_cast<unsigned>(Param);
      F.SleepsIfGfp.push_back(std::move(PS));
    }
  }
  return true;
}

json::Value toJSON(const AtomicEntry &E) {
  json::Array Notes;
  for (const auto &[Pos, Text] : E.Notes)
    Notes.push_back(json::Array{toJSON(Pos), Text});
  json::Array Callbacks;
  for (const auto &[I, U] : E.Callbacks)
    Callbacks.push_back(json::Array{I, U});
  json::Array Values, Ones;
  for (const auto &[I, V] : E.Args.Values)
    Values.push_back(json::Array{I, V});
  for (const auto &[I, B] : E.Args.Ones)
    Ones.push_back(json::Array{I, static_cast<int64_t>(B)});
  json::Array Gfp;
  for (const auto &[I, B] : E.GfpBlocks)
    Gfp.push_back(json::Array{I, B});
  json::Object O{{"usr", E.USR},
                      {"kind", E.Kind},
                      {"key", E.KeyTemplate},
                      {"notes", std::move(Notes)},
                      {"callbacks", std::move(Callbacks)},
                      {"depth", E.Depth},
                      {"values", std::move(Values)},
                      {"ones", std::move(Ones)},
                      {"relay", E.Relay},
                      {"doubt", E.Doubt},
                      {"pointer", E.Pointer},
                      {"gfp_blocks", std::move(Gfp)},
                      {"crossed", toJSON(E.Crossed)},
                      {"caller_lock", E.CallerLock}};
  if (!E.Args.Fields.empty())
    O["fields"] = fieldsToJSON(E.Args.Fields);
  return O;
}

bool fromJSON(const json::Value &V, AtomicEntry &E, json::Path P) {
  json::ObjectMapper O(V, P);
  const json::Object *Obj = V.getAsObject();
  int64_t Depth = 0;
  if (!O || !Obj || !O.map("usr", E.USR) || !O.map("kind", E.Kind) || !O.map("key", E.KeyTemplate) ||
      !O.mapOptional("depth", Depth) || Depth < 0 || !O.mapOptional("doubt", E.Doubt) ||
      !O.mapOptional("pointer", E.Pointer) || !O.mapOptional("crossed", E.Crossed) ||
      !O.mapOptional("caller_lock", E.CallerLock))
    return false;
  if (const json::Array *Gfp = Obj->getArray("gfp_blocks"))
    for (const json::Value &G : *Gfp) {
      const json::Array *Pair = G.getAsArray();
      std::optional<int64_t> I = Pair && Pair->size() == 2 ? (*Pair)[0].getAsInteger() : std::nullopt;
      std::optional<bool> B = Pair && Pair->size() == 2 ? (*Pair)[1].getAsBoolean() : std::nullopt;
      if (!I || !B || *I < 0) {
        P.field("gfp_blocks").report("bad gfp fact");
        return false;
      }
      E.GfpBlocks.push_back({static_cast<unsigned>(*I), *B});
    }
  E.Depth = static_cast<unsigned>(Depth);
  const json::Array *Notes = Obj->getArray("notes");
  if (!Notes)
    return false;
  for (const json::Value &N : *Notes) {
    const json::Array *Pair = N.getAsArray();
    SourcePos Pos;
    std::optional<StringRef> Text = Pair && Pair->size() == 2 ? (*Pair)[1].getAsString() : std::nullopt;
    if (!Text || !fromJSON((*Pair)[0], Pos)) {
      P.field("notes").report("bad note");
      return false;
    }
    E.Notes.push_back({Pos, Text->str()});
  }
  if (const json::Array *CBs = Obj->getArray("callbacks"))
    for (const json::Value &C : *CBs) {
      const json::Array *Pair = C.getAsArray();
      std::optional<int64_t> I = Pair && Pair->size() == 2 ? (*Pair)[0].getAsInteger() : std::nullopt;
      std::optional<StringRef> U = Pair && Pair->size() == 2 ? (*Pair)[1].getAsString() : std::nullopt;
      if (!I || !U || *I < 0) {
        P.field("callbacks").report("bad callback");
        return false;
      }
      E.Callbacks.push_back({static_cast<unsigned>(*I), U->str()});
    }
  if (!readParamPairs(*Obj, "values", E.Args.Values, P) || !readParamPairs(*Obj, "ones", E.Args.Ones, P) ||
      !readFields(*Obj, "fields", E.Args.Fields, P) || !O.mapOptional("relay", E.Relay))
    return false;
  return true;
}

json::Value toJSON(const FieldFact &F) {
  json::Array Fams;
  for (const std::string &Fam : F.Families)
    Fams.push_back(Fam);
  return json::Object{{"field", F.Field},
                      {"families", std::move(Fams)},
                      {"site", toJSON(F.Site)},
                      {"what", F.What},
                      {"has_unknown", F.HasUnknown}};
}

bool fromJSON(const json::Value &V, FieldFact &F, json::Path P) {
  json::ObjectMapper O(V, P);
  const json::Object *Obj = V.getAsObject();
  return O && Obj && O.mapOptional("field", F.Field) && O.map("families", F.Families) && O.map("what", F.What) &&
         O.map("has_unknown", F.HasUnknown) && Obj->get("site") && fromJSON(*Obj->get("site"), F.Site);
}

json::Value toJSON(const ProvenanceEntry &E) {
  json::Array Fams, Notes;
  for (const std::string &Fam : E.Families)
    Fams.push_back(Fam);
  for (const auto &[Pos, Text] : E.Notes)
    Notes.push_back(json::Array{toJSON(Pos), Text});
  return json::Object{{"usr", E.USR},           {"param", E.Param},       {"deref", E.Deref},
                      {"families", std::move(Fams)}, {"instance", E.Instance}, {"what", E.What},
                      {"notes", std::move(Notes)}};
}

bool fromJSON(const json::Value &V, ProvenanceEntry &E, json::Path P) {
  json::ObjectMapper O(V, P);
  const json::Object *Obj = V.getAsObject();
  int64_t Param = 0;
  const json::Array *Notes = Obj ? Obj->getArray("notes") : nullptr;
  if (!O || !O.map("usr", E.USR) || !O.map("param", Param) || Param < 0 || !O.map("deref", E.Deref) ||
      !O.map("families", E.Families) || !O.map("instance", E.Instance) || !O.map("what", E.What) || !Notes) {
    P.report("malformed provenance entry");
    return false;
  }
  E.Param = static_cast<unsigned>(Param);
  for (const json::Value &N : *Notes) {
    const json::Array *Pair = N.getAsArray();
    SourcePos Pos;
    std::optional<StringRef> Text = Pair && Pair->size() == 2 ? (*Pair)[1].getAsString() : std::nullopt;
    if (!Text || !fromJSON((*Pair)[0], Pos)) {
      P.field("notes").report("bad note");
      return false;
    }
    E.Notes.push_back({Pos, Text->str()});
  }
  return true;
}

json::Value toJSON(const PointerTarget &T) {
  return json::Object{{"key", T.Key}, {"usr", T.USR}, {"name", T.Name}, {"site", toJSON(T.Site)}};
}

bool fromJSON(const json::Value &V, PointerTarget &T, json::Path P) {
  json::ObjectMapper O(V, P);
  const json::Object *Obj = V.getAsObject();
  if (!O || !Obj || !O.map("key", T.Key) || !O.map("usr", T.USR) || !O.map("name", T.Name) || !Obj->get("site") ||
      !fromJSON(*Obj->get("site"), T.Site) || T.Key.empty()) {
    P.report("malformed pointer target");
    return false;
  }
  return true;
}

} // namespace allocflags
