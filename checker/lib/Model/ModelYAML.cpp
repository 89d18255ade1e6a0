//===- ModelYAML.cpp - reading model files --------------------------------===//
//
// The YAML is read with YAMLIO into plain "document" structs that mirror the
// file (docs/model-format.md), then turned into the Model.  Semantic checks that
// need the whole picture (an unknown context kind, a primitive that neither
// enters nor leaves anything) run inside YAMLIO's validate() hooks so that the
// error points at the offending entry: one error, file:line:column.
//
//===----------------------------------------------------------------------===//
#include "ModelReading.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/YAMLTraits.h"

using namespace llvm;
using namespace allocflags;
using namespace allocflags::modeldoc;

namespace {
/// "6.4" -> KERNEL_VERSION(6, 4, 0); 0 when malformed.
uint32_t parseVersion(llvm::StringRef V) {
  auto [Major, Rest] = V.split('.');
  auto [Minor, Patch] = Rest.split('.');
  unsigned A = 0, B = 0, C = 0;
  if (Major.getAsInteger(10, A) || Minor.getAsInteger(10, B) || (!Patch.empty() && Patch.getAsInteger(10, C)))
    return 0;
  return (A << 16) + (B << 8) + std::min(C, 255u);
}

} // namespace

LLVM_YAML_IS_SEQUENCE_VECTOR(KindDoc)
LLVM_YAML_IS_SEQUENCE_VECTOR(PrimitiveDoc)
LLVM_YAML_IS_SEQUENCE_VECTOR(SleepDoc)
LLVM_YAML_IS_SEQUENCE_VECTOR(AllocDoc)
LLVM_YAML_IS_SEQUENCE_VECTOR(FreeDoc)
LLVM_YAML_IS_SEQUENCE_VECTOR(RegistrarDoc)
LLVM_YAML_IS_SEQUENCE_VECTOR(ChainDoc)
LLVM_YAML_IS_SEQUENCE_VECTOR(FlaglessDoc)
LLVM_YAML_IS_SEQUENCE_VECTOR(FieldDoc)
LLVM_YAML_IS_SEQUENCE_VECTOR(AssertionDoc)
LLVM_YAML_IS_SEQUENCE_VECTOR(LockTypeDoc)
LLVM_YAML_IS_SEQUENCE_VECTOR(PredicateDoc)
LLVM_YAML_IS_SEQUENCE_VECTOR(GfpPredicateDoc)
LLVM_YAML_IS_SEQUENCE_VECTOR(LockDroppingDoc)
LLVM_YAML_IS_SEQUENCE_VECTOR(FamilyDoc)
LLVM_YAML_IS_SEQUENCE_VECTOR(FamilyTestDoc)
LLVM_YAML_IS_SEQUENCE_VECTOR(CxxTypeDoc)

namespace llvm::yaml {

template <> struct ScalarEnumerationTraits<WhenKind> {
  static void enumeration(IO &Io, WhenKind &V) {
    Io.enumCase(V, "always", WhenKind::Always);
    Io.enumCase(V, "nonzero", WhenKind::NonZero);
    Io.enumCase(V, "zero", WhenKind::Zero);
  }
};

template <> struct ScalarEnumerationTraits<SleepConditionKind> {
  static void enumeration(IO &Io, SleepConditionKind &V) {
    Io.enumCase(V, "always", SleepConditionKind::Always);
    Io.enumCase(V, "outside-interrupt", SleepConditionKind::OutsideInterrupt);
    Io.enumCase(V, "faults-enabled", SleepConditionKind::FaultsEnabled);
  }
};

static std::string checkNames(IO &Io, const char *Section, const std::vector<std::string> &Names) {
  if (Names.empty())
    return "'names' must list at least one name";
  auto *Ctx = static_cast<ModelLoadContext *>(Io.getContext());
  for (const std::string &N : Names) {
    if (N.empty() || N.find_first_of(" \t()") != std::string::npos)
      return "'" + N + "' is not a function or macro name";
    if (!Ctx->NamesInFile.insert((Twine(Section) + "/" + N).str()).second)
      return "'" + N + "' is listed twice under '" + Section + "'";
  }
  return "";
}

template <> struct MappingTraits<KindDoc> {
  static void mapping(IO &Io, KindDoc &K) {
    Io.mapRequired("kind", K.Kind);
    Io.mapOptional("atomic", K.Atomic, true);
    Io.mapOptional("keyed", K.Keyed, false);
    Io.mapOptional("interrupt", K.Interrupt, false);
    Io.mapOptional("rt_atomic", K.RTAtomic, false);
    Io.mapOptional("no_faults", K.NoFaults, false);
    Io.mapOptional("flags_scope", K.FlagsScope, false);
    Io.mapOptional("doubt", K.Doubt);
    Io.mapRequired("note", K.Note);
    if (!Io.outputting() && !K.Kind.empty())
      static_cast<ModelLoadContext *>(Io.getContext())->KnownKinds.insert(K.Kind);
  }
  static std::string validate(IO &Io, KindDoc &K) {
    if (K.Kind.empty())
      return "context kind needs a name";
    return "";
  }
};

template <> struct MappingTraits<PrimitiveDoc> {
  static void mapping(IO &Io, PrimitiveDoc &P) {
    Io.mapRequired("names", P.Names);
    Io.mapOptional("enter", P.Enter);
    Io.mapOptional("leave", P.Leave);
    Io.mapOptional("lock_arg", P.LockArg, -1);
    Io.mapOptional("when", P.When, WhenKind::Always);
  }
  static std::string validate(IO &Io, PrimitiveDoc &P) {
    std::string E = checkNames(Io, "primitives", P.Names);
    if (!E.empty())
      return E;
    if (P.Enter.empty() && P.Leave.empty())
      return "primitive '" + P.Names.front() + "' neither enters nor leaves a context";
    auto *Ctx = static_cast<ModelLoadContext *>(Io.getContext());
    for (const auto *List : {&P.Enter, &P.Leave})
      for (const std::string &K : *List)
        if (!Ctx->KnownKinds.count(K))
          return "unknown context kind '" + K + "' (declare it under 'contexts')";
    if (P.When != WhenKind::Always && !P.Leave.empty())
      return "a conditional primitive ('when') can only enter contexts";
    if (P.LockArg < -1)
      return "lock_arg must be an argument index (0-based) or -1";
    return "";
  }
};

template <> struct MappingTraits<SleepDoc> {
  static void mapping(IO &Io, SleepDoc &S) {
    Io.mapRequired("names", S.Names);
    Io.mapOptional("condition", S.Condition, SleepConditionKind::Always);
    Io.mapOptional("condition_arg", S.ConditionArg, -1);
    Io.mapOptional("vmalloc_arg", S.VmallocArg, -1);
  }
  static std::string validate(IO &Io, SleepDoc &S) {
    if (S.VmallocArg < -1 || S.ConditionArg < -1)
      return "condition_arg and vmalloc_arg must be an argument index (0-based) or -1";
    return checkNames(Io, "sleeping", S.Names);
  }
};

/// Every name in \p Kinds must be a declared context kind.
static std::string checkKinds(IO &Io, const std::vector<std::string> &Kinds, bool Required) {
  if (Required && Kinds.empty())
    return "'enter' must list at least one context kind";
  auto *Ctx = static_cast<ModelLoadContext *>(Io.getContext());
  for (const std::string &K : Kinds)
    if (!Ctx->KnownKinds.count(K))
      return "unknown context kind '" + K + "' (declare it under 'contexts')";
  return "";
}

static std::string checkIndex(int I, const char *What) {
  return I < 0 ? std::string(What) + " must be an argument index (0-based)" : "";
}

template <> struct MappingTraits<IfFlagDoc> {
  static void mapping(IO &Io, IfFlagDoc &F) {
    Io.mapRequired("arg", F.Arg);
    Io.mapRequired("flag", F.Flag);
    Io.mapRequired("enter", F.Enter);
  }
  static std::string validate(IO &Io, IfFlagDoc &F) {
    std::string E = checkIndex(F.Arg, "arg");
    return E.empty() ? checkKinds(Io, F.Enter, true) : E;
  }
};

template <> struct MappingTraits<RegistrarDoc> {
  static void mapping(IO &Io, RegistrarDoc &R) {
    Io.mapRequired("names", R.Names);
    Io.mapRequired("callback_arg", R.CallbackArg);
    Io.mapRequired("enter", R.Enter);
    Io.mapOptional("why", R.Why);
    Io.mapOptional("if_flag", R.IfFlag);
  }
  static std::string validate(IO &Io, RegistrarDoc &R) {
    std::string E = checkNames(Io, "entry_points", R.Names);
    if (E.empty())
      E = checkIndex(R.CallbackArg, "callback_arg");
    return E.empty() ? checkKinds(Io, R.Enter, true) : E;
  }
};

template <> struct MappingTraits<FlaglessDoc> {
  static void mapping(IO &Io, FlaglessDoc &F) {
    Io.mapRequired("names", F.Names);
    Io.mapRequired("implies", F.Implies);
    Io.mapOptional("with_flags", F.WithFlags);
  }
  static std::string validate(IO &Io, FlaglessDoc &F) {
    if (F.Implies.empty())
      return "a flags-less allocator 'implies' the flags it allocates with (GFP_KERNEL)";
    if (!F.WithFlags.empty() && !StringRef(F.WithFlags).contains("{gfp}"))
      return "'with_flags' is the flags-taking form and uses '{gfp}' for the flags";
    return checkNames(Io, "flagless_allocators", F.Names);
  }
};

template <> struct MappingTraits<ChainDoc> {
  static void mapping(IO &Io, ChainDoc &C) {
    Io.mapOptional("chain", C.Chain);
    Io.mapOptional("run", C.Run);
    Io.mapOptional("register", C.Register);
    Io.mapOptional("chain_arg", C.ChainArg);
    Io.mapOptional("register_chain_arg", C.RegisterChainArg);
    Io.mapOptional("block_arg", C.BlockArg);
    Io.mapRequired("callback_field", C.CallbackField);
  }
  static std::string validate(IO &Io, ChainDoc &C) {
    if (C.Run.empty() && C.Register.empty())
      return "notifier chain entry needs 'run' or 'register' functions";
    if (C.Chain.empty() && ((!C.Run.empty() && C.ChainArg < 0) || (!C.Register.empty() && C.RegisterChainArg < 0)))
      return "notifier chain entry needs 'chain' (a wrapper around one chain) or the chain's argument "
             "('chain_arg' to run, 'register_chain_arg' to register)";
    if (!StringRef(C.CallbackField).contains('.'))
      return "notifier chain 'callback_field' is 'record.field' (notifier_block.notifier_call)";
    std::string E = checkIndex(C.BlockArg, "block_arg");
    if (E.empty() && !C.Run.empty())
      E = checkNames(Io, "notifier_chains", C.Run);
    if (E.empty() && !C.Register.empty())
      E = checkNames(Io, "notifier_chains", C.Register);
    return E;
  }
};

template <> struct MappingTraits<FieldDoc> {
  static void mapping(IO &Io, FieldDoc &F) {
    Io.mapRequired("record", F.Record);
    Io.mapRequired("fields", F.Fields);
    Io.mapRequired("enter", F.Enter);
    Io.mapOptional("why", F.Why);
  }
  static std::string validate(IO &Io, FieldDoc &F) {
    if (F.Record.empty() || F.Fields.empty())
      return "entry field needs a 'record' and at least one of its 'fields'";
    return checkKinds(Io, F.Enter, true);
  }
};

template <> struct MappingTraits<AssertionDoc> {
  static void mapping(IO &Io, AssertionDoc &A) {
    Io.mapRequired("names", A.Names);
    Io.mapOptional("lock_arg", A.LockArg, 0);
  }
  static std::string validate(IO &Io, AssertionDoc &A) {
    std::string E = checkNames(Io, "assertions", A.Names);
    return E.empty() ? checkIndex(A.LockArg, "lock_arg") : E;
  }
};

template <> struct MappingTraits<LockTypeDoc> {
  static void mapping(IO &Io, LockTypeDoc &L) {
    Io.mapRequired("types", L.Types);
    Io.mapRequired("kind", L.Kind);
  }
  static std::string validate(IO &Io, LockTypeDoc &L) {
    if (L.Types.empty())
      return "'types' must list at least one type name";
    return checkKinds(Io, {L.Kind}, true);
  }
};

template <> struct MappingTraits<PredicateDoc> {
  static void mapping(IO &Io, PredicateDoc &P) {
    Io.mapRequired("names", P.Names);
    Io.mapRequired("true_in", P.TrueIn);
    Io.mapOptional("negated", P.Negated, false);
  }
  static std::string validate(IO &Io, PredicateDoc &P) {
    std::string E = checkNames(Io, "predicates", P.Names);
    return E.empty() ? checkKinds(Io, P.TrueIn, true) : E;
  }
};

template <> struct MappingTraits<GfpPredicateDoc> {
  static void mapping(IO &Io, GfpPredicateDoc &G) {
    Io.mapRequired("names", G.Names);
    Io.mapOptional("flags_arg", G.FlagsArg, 0);
  }
  static std::string validate(IO &Io, GfpPredicateDoc &G) {
    std::string E = checkNames(Io, "gfp_predicates", G.Names);
    return E.empty() ? checkIndex(G.FlagsArg, "flags_arg") : E;
  }
};

template <> struct MappingTraits<LockDroppingDoc> {
  static void mapping(IO &Io, LockDroppingDoc &L) {
    Io.mapRequired("names", L.Names);
    Io.mapRequired("flags_arg", L.FlagsArg);
    Io.mapRequired("lock", L.Lock);
  }
  static std::string validate(IO &Io, LockDroppingDoc &L) {
    std::string E = checkNames(Io, "lock_dropping", L.Names);
    if (E.empty())
      E = checkIndex(L.FlagsArg, "flags_arg");
    if (E.empty() && L.Lock.find('$') == std::string::npos)
      E = "'lock' must name an argument ($0, $1, ...)";
    return E;
  }
};

template <> struct MappingTraits<AllocDoc> {
  static void mapping(IO &Io, AllocDoc &A) {
    Io.mapRequired("names", A.Names);
    Io.mapRequired("family", A.Family);
    Io.mapOptional("flags_arg", A.FlagsArg, -1);
    Io.mapOptional("always_sleeps", A.AlwaysSleeps, false);
    Io.mapOptional("cache_arg", A.CacheArg, -1);
  }
  static std::string validate(IO &Io, AllocDoc &A) {
    std::string E = checkNames(Io, "allocators", A.Names);
    if (!E.empty())
      return E;
    if (A.Family.empty())
      return "allocator needs a 'family'";
    if (A.FlagsArg < -1)
      return "flags_arg must be an argument index (0-based) or -1";
    auto *Ctx = static_cast<ModelLoadContext *>(Io.getContext());
    if (!Ctx->KnownFamilies.count(A.Family))
      return "unknown allocator family '" + A.Family + "' (declare it under 'families')";
    return "";
  }
};

template <> struct MappingTraits<FreeDoc> {
  static void mapping(IO &Io, FreeDoc &F) {
    Io.mapRequired("names", F.Names);
    Io.mapRequired("families", F.Families);
    Io.mapOptional("ptr_arg", F.PtrArg, 0);
    Io.mapOptional("realloc", F.Realloc, false);
    Io.mapOptional("cache_arg", F.CacheArg, -1);
    Io.mapOptional("since", F.Since);
  }
  static std::string validate(IO &Io, FreeDoc &F) {
    std::string E = checkNames(Io, "frees", F.Names);
    if (!E.empty())
      return E;
    if (F.Families.empty())
      return "free function needs at least one family";
    auto *Ctx = static_cast<ModelLoadContext *>(Io.getContext());
    std::vector<std::string> All = F.Families;
    if (F.Since)
      All.insert(All.end(), F.Since->Families.begin(), F.Since->Families.end());
    for (const std::string &Fam : All)
      if (!Ctx->KnownFamilies.count(Fam))
        return "unknown allocator family '" + Fam + "' (declare it under 'families')";
    if (F.Since && parseVersion(F.Since->Version) == 0)
      return "since: '" + F.Since->Version + "' is not a kernel version (major.minor)";
    return "";
  }
};

template <> struct MappingTraits<SinceDoc> {
  static void mapping(IO &Io, SinceDoc &S) {
    Io.mapRequired("version", S.Version);
    Io.mapRequired("families", S.Families);
  }
};

template <> struct MappingTraits<FamilyDoc> {
  static void mapping(IO &Io, FamilyDoc &F) {
    Io.mapRequired("name", F.Name);
    Io.mapOptional("vmalloc", F.Vmalloc, std::string("no"));
    Io.mapOptional("if_vmalloc", F.IfVmalloc);
    Io.mapOptional("if_not_vmalloc", F.IfNotVmalloc);
    Io.mapOptional("if_nonblocking", F.IfNonBlocking);
    Io.mapOptional("per_instance", F.PerInstance, false);
    if (!Io.outputting() && !F.Name.empty())
      static_cast<ModelLoadContext *>(Io.getContext())->KnownFamilies.insert(F.Name);
  }
  static std::string validate(IO &Io, FamilyDoc &F) {
    if (F.Name.empty())
      return "family needs a name";
    if (F.Vmalloc != "no" && F.Vmalloc != "yes" && F.Vmalloc != "maybe")
      return "vmalloc: '" + F.Vmalloc + "' is not yes, no or maybe";
    if (F.Vmalloc == "maybe" && (F.IfVmalloc.empty() || F.IfNotVmalloc.empty()))
      return "a 'maybe' family needs if_vmalloc and if_not_vmalloc";
    if (F.Vmalloc != "maybe" && !F.IfNonBlocking.empty())
      return "if_nonblocking is for a 'maybe' family";
    return "";
  }
};

template <> struct MappingTraits<FamilyTestDoc> {
  static void mapping(IO &Io, FamilyTestDoc &T) {
    Io.mapRequired("names", T.Names);
    Io.mapOptional("arg", T.Arg, 0);
  }
  static std::string validate(IO &Io, FamilyTestDoc &T) { return checkNames(Io, "family_tests", T.Names); }
};

template <> struct MappingTraits<DirectReclaimDoc> {
  static void mapping(IO &Io, DirectReclaimDoc &D) {
    Io.mapOptional("bit_enums", D.BitEnums);
    Io.mapOptional("macros", D.Macros);
    Io.mapOptional("fallback", D.Fallback);
  }
  static std::string validate(IO &Io, DirectReclaimDoc &D) {
    if (D.Fallback && (*D.Fallback == 0 || (*D.Fallback & (*D.Fallback - 1))))
      return "fallback must be a single bit";
    return "";
  }
};

template <> struct MappingTraits<RequestBitsDoc> {
  static void mapping(IO &Io, RequestBitsDoc &D) {
    Io.mapOptional("bit_enums", D.BitEnums);
    Io.mapOptional("macros", D.Macros);
    Io.mapOptional("fallback", D.Fallback);
  }
};

template <> struct MappingTraits<GfpDoc> {
  static void mapping(IO &Io, GfpDoc &G) {
    Io.mapOptional("type", G.Type);
    Io.mapOptional("direct_reclaim", G.DirectReclaim);
    Io.mapOptional("request", G.Request);
    Io.mapOptional("reclaim_scope", G.ReclaimScope);
    Io.mapOptional("names", G.Names);
  }
};

template <> struct MappingTraits<CxxTypeDoc> {
  static void mapping(IO &Io, CxxTypeDoc &T) {
    Io.mapRequired("names", T.Names);
    Io.mapOptional("grows", T.Grows);
    Io.mapOptional("default_allocates", T.DefaultAllocates, false);
  }
  static std::string validate(IO &, CxxTypeDoc &T) {
    if (T.Names.empty())
      return "'names' must list at least one type";
    for (const std::string &N : T.Names)
      if (N.empty() || N.find_first_of(" \t<>()") != std::string::npos)
        return "'" + N + "' is not a qualified type name without template arguments";
    return "";
  }
};

template <> struct MappingTraits<ModelDoc> {
  static void mapping(IO &Io, ModelDoc &M) {
    Io.mapRequired("version", M.Version);
    // contexts and families first: the validate() hooks look them up.
    Io.mapOptional("contexts", M.Contexts);
    Io.mapOptional("families", M.Families);
    Io.mapOptional("gfp", M.Gfp);
    Io.mapOptional("primitives", M.Primitives);
    Io.mapOptional("sleeping", M.Sleeping);
    Io.mapOptional("allocators", M.Allocators);
    Io.mapOptional("frees", M.Frees);
    Io.mapOptional("entry_points", M.EntryPoints);
    Io.mapOptional("entry_fields", M.EntryFields);
    Io.mapOptional("notifier_chains", M.Chains);
    Io.mapOptional("flagless_allocators", M.Flagless);
    Io.mapOptional("assertions", M.Assertions);
    Io.mapOptional("lock_types", M.LockTypes);
    Io.mapOptional("predicates", M.Predicates);
    Io.mapOptional("gfp_predicates", M.GfpPredicates);
    Io.mapOptional("lock_dropping", M.LockDropping);
    Io.mapOptional("family_tests", M.FamilyTests);
    Io.mapOptional("version_macro", M.VersionMacro);
    Io.mapOptional("early_boot", M.EarlyBoot);
    Io.mapOptional("never_sleeps", M.NeverSleeps);
    Io.mapOptional("atomic_alternatives", M.AtomicAlternatives);
    Io.mapOptional("cxx_types", M.CxxTypes);
    Io.mapOptional("cxx_functions", M.CxxFunctions);
  }
  static std::string validate(IO &Io, ModelDoc &M) {
    if (M.Version != 1)
      return "unsupported model version " + std::to_string(M.Version) + " (this allocflags reads version 1)";
    return "";
  }
};

} // namespace llvm::yaml

namespace {
struct FirstDiag {
  std::string Text;
};
} // namespace

static void keepFirstDiag(const SMDiagnostic &D, void *Ctx) {
  auto *Out = static_cast<FirstDiag *>(Ctx);
  if (!Out->Text.empty())
    return;
  Out->Text = (D.getFilename() + ":" + Twine(D.getLineNo()) + ":" + Twine(D.getColumnNo() + 1) +
               ": " + D.getMessage())
                  .str();
}

/// Why yaml::Input will have no current node to read \p Buf from, as its
/// setCurrentDocument() looks (skipping empty documents; failing on a root
/// that does not parse, or that is no mapping it can build, such as an alias);
/// none when the first document is a mapping.  Scanned by a stream of its
/// own: YAML nodes are read once, so Input's cannot be asked twice.
static std::optional<std::string> noDocument(MemoryBufferRef Buf, FirstDiag &Diag) {
  SourceMgr SM;
  SM.setDiagHandler(keepFirstDiag, &Diag);
  yaml::Stream S(Buf, SM);
  for (yaml::Document &D : S) {
    yaml::Node *Root = D.getRoot();
    if (!Root)
      return "malformed model file";
    if (isa<yaml::NullNode>(Root))
      continue;
    if (isa<yaml::MappingNode>(Root))
      return std::nullopt;
    std::string Why = "a model file is a mapping ('version: 1', then sections)";
    S.printError(Root, Why);
    return Why;
  }
  return "empty model file (a model starts with 'version: 1')";
}

Error allocflags::loadModelBuffer(Model &M, MemoryBufferRef Buf, ModelLoadContext &Ctx) {
  FirstDiag Diag;
  ModelDoc Doc;
  Ctx.NamesInFile.clear();
  yaml::Input In(Buf, &Ctx, keepFirstDiag, &Diag);
  // Without a document to read (an empty file, comments only, a syntax error
  // before the first node) YAMLIO has no current node, and reporting the
  // missing 'version' there dereferences it: refuse such a file first.
  if (std::optional<std::string> Why = noDocument(Buf, Diag)) {
    if (Diag.Text.empty())
      Diag.Text = Buf.getBufferIdentifier().str() + ":1:1: " + *Why;
    return createStringError(inconvertibleErrorCode(), "%s", Diag.Text.c_str());
  }
  In >> Doc;
  if (In.error()) {
    if (Diag.Text.empty())
      Diag.Text = Buf.getBufferIdentifier().str() + ":1:1: malformed model file";
    return createStringError(inconvertibleErrorCode(), "%s", Diag.Text.c_str());
  }

  for (KindDoc &K : Doc.Contexts)
    M.addKind({K.Kind, K.Atomic, K.Keyed, K.Interrupt, K.RTAtomic, K.NoFaults, K.Doubt, K.Note, K.FlagsScope});
  if (Doc.Gfp) {
    GfpModel &G = M.gfpModel();
    if (Doc.Gfp->Type)
      G.TypeName = *Doc.Gfp->Type;
    if (Doc.Gfp->DirectReclaim) {
      G.BitEnums = Doc.Gfp->DirectReclaim->BitEnums;
      G.BitMacros = Doc.Gfp->DirectReclaim->Macros;
      if (Doc.Gfp->DirectReclaim->Fallback)
        G.Fallback = *Doc.Gfp->DirectReclaim->Fallback;
    }
    if (Doc.Gfp->Request) {
      G.RequestEnums = Doc.Gfp->Request->BitEnums;
      G.RequestMacros = Doc.Gfp->Request->Macros;
      if (Doc.Gfp->Request->Fallback)
        G.RequestFallback = *Doc.Gfp->Request->Fallback;
    }
    if (Doc.Gfp->ReclaimScope) {
      G.ScopeEnums = Doc.Gfp->ReclaimScope->BitEnums;
      G.ScopeMacros = Doc.Gfp->ReclaimScope->Macros;
      if (Doc.Gfp->ReclaimScope->Fallback)
        G.ScopeFallback = *Doc.Gfp->ReclaimScope->Fallback;
    }
    if (!Doc.Gfp->Names.empty())
      G.Names = Doc.Gfp->Names;
  }
  auto KindIds = [&](const std::vector<std::string> &Names) {
    SmallVector<ContextKindId, 2> Ids;
    for (const std::string &N : Names)
      Ids.push_back(*M.findKind(N)); // validated above
    return Ids;
  };
  for (PrimitiveDoc &P : Doc.Primitives) {
    ContextPrimitive CP;
    CP.Enter = KindIds(P.Enter);
    CP.Leave = KindIds(P.Leave);
    CP.LockArg = P.LockArg;
    CP.When = P.When;
    for (const std::string &N : P.Names)
      M.factsFor(N).Context = CP;
  }
  for (SleepDoc &S : Doc.Sleeping)
    for (const std::string &N : S.Names)
      M.factsFor(N).Sleeps = SleepingFunction{S.Condition, S.ConditionArg, S.VmallocArg};
  for (RegistrarDoc &R : Doc.EntryPoints)
    for (const std::string &N : R.Names)
    {
      EntryPointRegistrar ER;
      ER.CallbackArg = R.CallbackArg;
      ER.Enter = KindIds(R.Enter);
      ER.Why = R.Why;
      if (R.IfFlag) {
        ER.FlagsArg = R.IfFlag->Arg;
        ER.Flag = R.IfFlag->Flag;
        ER.IfFlag = KindIds(R.IfFlag->Enter);
      }
      M.factsFor(N).Registrar = ER;
    }
  for (FlaglessDoc &F : Doc.Flagless)
    for (const std::string &N : F.Names)
      M.factsFor(N).Flagless = FlaglessAllocator{F.Implies, F.WithFlags};
  for (ChainDoc &C : Doc.Chains) {
    for (const std::string &N : C.Run)
      M.factsFor(N).RunsChain = ChainCall{C.Chain.empty() ? C.ChainArg : -1, C.Chain, -1, C.CallbackField};
    for (const std::string &N : C.Register)
      M.factsFor(N).RegistersOnChain =
          ChainCall{C.Chain.empty() ? C.RegisterChainArg : -1, C.Chain, C.BlockArg, C.CallbackField};
  }
  for (FieldDoc &F : Doc.EntryFields)
    for (const std::string &Field : F.Fields)
      M.addEntryField({F.Record, Field, KindIds(F.Enter), F.Why});
  for (AssertionDoc &A : Doc.Assertions)
    for (const std::string &N : A.Names)
      M.factsFor(N).Assertion = LockAssertion{A.LockArg};
  for (LockTypeDoc &L : Doc.LockTypes)
    for (const std::string &T : L.Types)
      M.addLockType(T, *M.findKind(L.Kind));
  for (PredicateDoc &P : Doc.Predicates) {
    ContextPredicate CP;
    CP.TrueIn = KindIds(P.TrueIn);
    CP.Negated = P.Negated;
    for (const std::string &N : P.Names)
      M.factsFor(N).Predicate = CP;
  }
  for (GfpPredicateDoc &G : Doc.GfpPredicates)
    for (const std::string &N : G.Names)
      M.factsFor(N).FlagsTest = GfpPredicate{G.FlagsArg};
  for (const std::string &N : Doc.EarlyBoot)
    M.factsFor(N).EarlyBoot = true;
  for (const std::string &N : Doc.NeverSleeps)
    M.factsFor(N).NeverSleeps = true;
  for (const std::string &N : Doc.AtomicAlternatives)
    M.factsFor(N).AtomicAlternative = true;
  for (LockDroppingDoc &L : Doc.LockDropping)
    for (const std::string &N : L.Names)
      M.factsFor(N).DropsLock = LockDroppingCall{L.FlagsArg, L.Lock};
  for (FamilyDoc &F : Doc.Families) {
    AllocFamily AF;
    AF.Name = F.Name;
    AF.Vmalloc = F.Vmalloc == "yes" ? VmallocKind::Yes : F.Vmalloc == "maybe" ? VmallocKind::Maybe : VmallocKind::No;
    AF.IfVmalloc = F.IfVmalloc;
    AF.IfNotVmalloc = F.IfNotVmalloc;
    AF.IfNonBlocking = F.IfNonBlocking;
    AF.PerInstance = F.PerInstance;
    M.addFamily(std::move(AF));
  }
  if (Doc.VersionMacro)
    M.setVersionMacro(*Doc.VersionMacro);
  for (AllocDoc &A : Doc.Allocators)
    for (const std::string &N : A.Names)
      M.factsFor(N).Alloc = AllocatorFunction{A.Family, A.FlagsArg, A.AlwaysSleeps, A.CacheArg};
  for (FreeDoc &F : Doc.Frees) {
    FreeFunction FF;
    FF.Families.append(F.Families.begin(), F.Families.end());
    FF.PtrArg = F.PtrArg;
    FF.Realloc = F.Realloc;
    FF.CacheArg = F.CacheArg;
    if (F.Since) {
      FF.SinceVersion = parseVersion(F.Since->Version);
      FF.SinceFamilies.append(F.Since->Families.begin(), F.Since->Families.end());
    }
    for (const std::string &N : F.Names)
      M.factsFor(N).Free = FF;
  }
  for (CxxTypeDoc &T : Doc.CxxTypes)
    for (const std::string &N : T.Names)
      M.addCxxType(N, CxxAllocatingType{T.Grows, T.DefaultAllocates});
  for (const std::string &N : Doc.CxxFunctions)
    M.addCxxFunction(N);
  for (FamilyTestDoc &T : Doc.FamilyTests)
    for (const std::string &N : T.Names)
      M.factsFor(N).VmallocTest = FamilyTest{T.Arg};
  return Error::success();
}

Error allocflags::loadModelFile(Model &M, const std::string &Path, ModelLoadContext &Ctx) {
  auto Buf = MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buf)
    return createStringError(Buf.getError(), "%s: cannot read model file: %s", Path.c_str(),
                             Buf.getError().message().c_str());
  return loadModelBuffer(M, (*Buf)->getMemBufferRef(), Ctx);
}
