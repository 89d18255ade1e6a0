//===- ModelReading.h - reading model files (private) -----------*- C++ -*-===//
//
// Model.cpp builds and queries the model; ModelYAML.cpp reads the YAML
// files (and annotation text, as one-entry model files) into it.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCFLAGS_LIB_MODEL_MODELREADING_H
#define ALLOCFLAGS_LIB_MODEL_MODELREADING_H

#include "allocflags/Model/Model.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MemoryBufferRef.h"
#include <optional>
#include <string>
#include <vector>

namespace allocflags {

/// The model file as YAMLIO reads it: plain structs mirroring the YAML,
/// checked and turned into the Model by loadModelBuffer.
namespace modeldoc {
struct KindDoc {
  std::string Kind;
  bool Atomic = true;
  bool Keyed = false;
  bool Interrupt = false;
  bool RTAtomic = false;
  bool NoFaults = false;
  std::string Doubt;
  std::string Note;
  bool FlagsScope = false;
};

struct PrimitiveDoc {
  std::vector<std::string> Names;
  std::vector<std::string> Enter, Leave;
  int LockArg = -1;
  WhenKind When = WhenKind::Always;
};

struct SleepDoc {
  std::vector<std::string> Names;
  SleepConditionKind Condition = SleepConditionKind::Always;
  int ConditionArg = -1;
  int VmallocArg = -1;
};

struct IfFlagDoc {
  int Arg = -1;
  std::string Flag;
  std::vector<std::string> Enter;
};

struct RegistrarDoc {
  std::vector<std::string> Names;
  int CallbackArg = 0;
  std::vector<std::string> Enter;
  std::string Why;
  std::optional<IfFlagDoc> IfFlag;
};

struct FlaglessDoc {
  std::vector<std::string> Names;
  std::string Implies;
  std::string WithFlags;
};

struct ChainDoc {
  std::string Chain;
  std::vector<std::string> Run, Register;
  int ChainArg = -1;
  int RegisterChainArg = -1;
  int BlockArg = 0;
  std::string CallbackField;
};

struct FieldDoc {
  std::string Record;
  std::vector<std::string> Fields;
  std::vector<std::string> Enter;
  std::string Why;
};

struct AssertionDoc {
  std::vector<std::string> Names;
  int LockArg = 0;
};

struct LockTypeDoc {
  std::vector<std::string> Types;
  std::string Kind;
};

struct PredicateDoc {
  std::vector<std::string> Names;
  std::vector<std::string> TrueIn;
  bool Negated = false;
};

struct GfpPredicateDoc {
  std::vector<std::string> Names;
  int FlagsArg = 0;
};

struct LockDroppingDoc {
  std::vector<std::string> Names;
  int FlagsArg = 0;
  std::string Lock;
};

struct AllocDoc {
  std::vector<std::string> Names;
  std::string Family;
  int FlagsArg = -1;
  bool AlwaysSleeps = false;
  int CacheArg = -1;
};

struct SinceDoc {
  std::string Version;
  std::vector<std::string> Families;
};

struct FreeDoc {
  std::vector<std::string> Names;
  std::vector<std::string> Families;
  int PtrArg = 0;
  bool Realloc = false;
  int CacheArg = -1;
  std::optional<SinceDoc> Since;
};

struct FamilyDoc {
  std::string Name;
  std::string Vmalloc = "no";
  std::string IfVmalloc, IfNotVmalloc, IfNonBlocking;
  bool PerInstance = false;
};

struct FamilyTestDoc {
  std::vector<std::string> Names;
  int Arg = 0;
};

struct DirectReclaimDoc {
  std::vector<std::string> BitEnums, Macros;
  std::optional<uint64_t> Fallback;
};

struct RequestBitsDoc {
  std::vector<std::string> BitEnums, Macros;
  std::optional<uint64_t> Fallback;
};

struct GfpDoc {
  std::optional<std::string> Type;
  std::optional<DirectReclaimDoc> DirectReclaim;
  std::optional<RequestBitsDoc> Request;
  std::optional<RequestBitsDoc> ReclaimScope;
  std::vector<std::string> Names;
};

struct CxxTypeDoc {
  std::vector<std::string> Names;
  std::vector<std::string> Grows;
  bool DefaultAllocates = false;
};

struct ModelDoc {
  unsigned Version = 0;
  std::optional<GfpDoc> Gfp;
  std::vector<KindDoc> Contexts;
  std::vector<PrimitiveDoc> Primitives;
  std::vector<SleepDoc> Sleeping;
  std::vector<AllocDoc> Allocators;
  std::vector<FreeDoc> Frees;
  std::vector<RegistrarDoc> EntryPoints;
  std::vector<ChainDoc> Chains;
  std::vector<FlaglessDoc> Flagless;
  std::vector<FieldDoc> EntryFields;
  std::vector<AssertionDoc> Assertions;
  std::vector<LockTypeDoc> LockTypes;
  std::vector<PredicateDoc> Predicates;
  std::vector<GfpPredicateDoc> GfpPredicates;
  std::vector<LockDroppingDoc> LockDropping;
  std::vector<FamilyDoc> Families;
  std::vector<FamilyTestDoc> FamilyTests;
  std::optional<std::string> VersionMacro;
  std::vector<std::string> EarlyBoot;
  std::vector<std::string> NeverSleeps;
  std::vector<std::string> AtomicAlternatives;
  std::vector<CxxTypeDoc> CxxTypes;
  std::vector<std::string> CxxFunctions;
};

/// What validate() hooks can see: the kinds and families known so far
/// (earlier files and this file's `contexts` and `families`, which YAMLIO
/// maps first).
} // namespace modeldoc

/// What reading one file needs to know of those read before it.
struct ModelLoadContext {
  llvm::StringSet<> KnownKinds;
  llvm::StringSet<> KnownFamilies;
  /// "section/name" of every name listed in the file being read: a name listed
  /// twice in one section would silently keep only its last entry's facts.
  /// Per file, since a later file overrides an earlier one on purpose.
  llvm::StringSet<> NamesInFile;
};

/// Reads one model document into \p M; errors name file:line:column.
llvm::Error loadModelBuffer(Model &M, llvm::MemoryBufferRef Buf, ModelLoadContext &Ctx);
llvm::Error loadModelFile(Model &M, const std::string &Path, ModelLoadContext &Ctx);

} // namespace allocflags

#endif
