//===- Model.cpp - the model: kinds, families, facts; loading files -------===//
//
// What the model answers; reading its YAML files is ModelYAML.cpp's.
//
//===----------------------------------------------------------------------===//
#include "ModelReading.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include <dlfcn.h>

using namespace llvm;
using namespace allocflags;

std::optional<ContextKindId> Model::findKind(StringRef Name) const {
  for (size_t I = 0; I < Kinds.size(); ++I)
    if (Kinds[I].Name == Name)
      return static_cast<ContextKindId>(I);
  return std::nullopt;
}

unsigned Model::addFamily(AllocFamily F) {
  if (auto I = findFamily(F.Name)) {
    Families[*I] = std::move(F);
    return *I;
  }
  Families.push_back(std::move(F));
  return static_cast<unsigned>(Families.size() - 1);
}

std::optional<unsigned> Model::findFamily(StringRef Name) const {
  for (size_t I = 0; I < Families.size(); ++I)
    if (Families[I].Name == Name)
      return static_cast<unsigned>(I);
  return std::nullopt;
}

const EntryField *Model::entryField(StringRef Record, StringRef Field) const {
  for (const EntryField &F : Fields)
    if (F.Record == Record && F.Field == Field)
      return &F;
  return nullptr;
}

std::optional<ContextKindId> Model::kindForLockType(StringRef TypeName) const {
  auto It = LockTypes.find(TypeName);
  if (It == LockTypes.end())
    return std::nullopt;
  return It->second;
}

ContextKindId Model::addKind(ContextKind K) {
  if (auto Existing = findKind(K.Name)) {
    Kinds[*Existing] = std::move(K);
    return *Existing;
  }
  Kinds.push_back(std::move(K));
  return static_cast<ContextKindId>(Kinds.size() - 1);
}

Expected<FunctionFacts> Model::parseAnnotations(ArrayRef<StringRef> Texts) const {
  // Each annotation is one entry of a model section, without its names:
  // "allocators: {family: kmalloc, flags_arg: 1}".  It is read as a model
  // file of that one entry, against this model's kinds and families, so the
  // format, its checks and its messages are the model file's.
  static constexpr StringRef Self = "__allocflags_annotated";
  Model Tmp;
  Tmp.Kinds = Kinds;
  Tmp.Families = Families;
  ModelLoadContext Ctx;
  for (const ContextKind &K : Kinds)
    Ctx.KnownKinds.insert(K.Name);
  for (const AllocFamily &F : Families)
    Ctx.KnownFamilies.insert(F.Name);
  for (StringRef Text : Texts) {
    auto [Section, Body] = Text.split(':');
    Section = Section.trim();
    Body = Body.trim();
    static const StringRef Sections[] = {"sleeping",    "allocators",     "frees",         "primitives",
                                         "assertions",  "predicates",     "gfp_predicates", "lock_dropping",
                                         "entry_points", "family_tests"};
    if (!llvm::is_contained(Sections, Section))
      return createStringError(inconvertibleErrorCode(),
                               "'%s': an annotation starts with a model section that describes functions "
                               "(sleeping, allocators, frees, primitives, ...), then ':'",
                               Text.str().c_str());
    if (Body.empty())
      Body = "{}";
    if (!Body.starts_with("{") || !Body.ends_with("}"))
      return createStringError(inconvertibleErrorCode(), "'%s': the entry must be a {key: value, ...} mapping",
                               Text.str().c_str());
    StringRef Fields = Body.drop_front().drop_back().trim();
    std::string Doc = ("version: 1\n" + Section + ":\n  - {names: [" + Self + "]" +
                       (Fields.empty() ? "" : ", ") + Fields + "}\n")
                          .str();
    std::unique_ptr<MemoryBuffer> Buf = MemoryBuffer::getMemBuffer(Doc, "annotation");
    if (Error E = loadModelBuffer(Tmp, Buf->getMemBufferRef(), Ctx)) {
      // "annotation:2:30: message": the position is in the generated text.
      std::string Msg = toString(std::move(E));
      size_t Colon = Msg.find(": ", StringRef("annotation").size());
      return createStringError(inconvertibleErrorCode(), "'%s': %s", Text.str().c_str(),
                               Colon == std::string::npos ? Msg.c_str() : Msg.c_str() + Colon + 2);
    }
  }
  const FunctionFacts *F = Tmp.lookup(Self);
  return F ? *F : FunctionFacts();
}

Expected<Model> Model::load(ArrayRef<std::string> Files) {
  Model M;
  ModelLoadContext Ctx;
  for (const std::string &F : Files) {
    if (Error E = loadModelFile(M, F, Ctx))
      return std::move(E);
    M.Files.push_back(F);
  }
  return std::move(M);
}

Expected<std::string> Model::shippedModelDir(const void *AnchorAddress) {
  // The environment wins, so a test or an unusual install can point elsewhere.
  if (const char *Env = std::getenv("ALLOCFLAGS_MODEL_DIR"))
    return std::string(Env);
  Dl_info Info;
  if (!dladdr(AnchorAddress, &Info) || !Info.dli_fname)
    return createStringError(inconvertibleErrorCode(),
                             "cannot locate the allocflags binary to find its model; set ALLOCFLAGS_MODEL_DIR");
  SmallString<256> Bin(Info.dli_fname);
  sys::fs::make_absolute(Bin);
  SmallString<256> Dir = sys::path::parent_path(sys::path::parent_path(Bin));
  sys::path::append(Dir, "share", "allocflags");
  SmallString<256> Kernel(Dir);
  sys::path::append(Kernel, "kernel.yaml");
  if (!sys::fs::exists(Kernel))
    return createStringError(inconvertibleErrorCode(),
                             "%s: shipped model not found (looked next to %s); set ALLOCFLAGS_MODEL_DIR",
                             Kernel.c_str(), Info.dli_fname);
  return std::string(Dir);
}

Expected<Model> Model::loadShipped(ArrayRef<std::string> Extra, const void *AnchorAddress) {
  auto Dir = shippedModelDir(AnchorAddress);
  if (!Dir)
    return Dir.takeError();
  SmallString<256> Kernel(*Dir);
  sys::path::append(Kernel, "kernel.yaml");
  std::vector<std::string> Files{std::string(Kernel)};
  // What the C++ standard library allocates: names only C++ code can call,
  // so loading it for C translation units changes nothing there.
  SmallString<256> Cxx(*Dir);
  sys::path::append(Cxx, "cxx-std.yaml");
  if (sys::fs::exists(Cxx))
    Files.push_back(std::string(Cxx));
  Files.insert(Files.end(), Extra.begin(), Extra.end());
  return load(Files);
}
