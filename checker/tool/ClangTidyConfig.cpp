//===- ClangTidyConfig.cpp ------------------------------------------------===//
#include "ClangTidyConfig.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/YAMLParser.h"

using namespace llvm;
using namespace allocflags::tool;

namespace {

std::string scalar(yaml::Node *N) {
  SmallString<64> Storage;
  if (auto *S = dyn_cast_or_null<yaml::ScalarNode>(N))
    return S->getValue(Storage).str();
  return "";
}

/// One file: its entries go in front of what nearer files said.
Error readOne(StringRef Path, TidyConfig &C, bool &Inherit) {
  auto Buf = MemoryBuffer::getFile(Path);
  if (!Buf)
    return createStringError(Buf.getError(), "%s: cannot read: %s", Path.str().c_str(),
                             Buf.getError().message().c_str());
  SourceMgr SM;
  std::string Diag;
  SM.setDiagHandler([](const SMDiagnostic &D, void *Ctx) { *static_cast<std::string *>(Ctx) = D.getMessage().str(); },
                    &Diag);
  yaml::Stream S((*Buf)->getBuffer(), SM);
  auto Bad = [&](yaml::Node *N, const Twine &Why) {
    unsigned Line = N ? SM.getLineAndColumn(N->getSourceRange().Start).first : 0;
    return createStringError(inconvertibleErrorCode(), "%s:%u: %s", Path.str().c_str(), Line, Why.str().c_str());
  };
  yaml::document_iterator Doc = S.begin();
  if (Doc == S.end())
    return Error::success();
  yaml::Node *Root = Doc->getRoot();
  if (!Diag.empty())
    return Bad(Root, Diag);
  if (isa_and_nonnull<yaml::NullNode>(Root))
    return Error::success();
  auto *Map = dyn_cast_or_null<yaml::MappingNode>(Root);
  if (!Map)
    return Bad(Root, "a .clang-tidy file is a mapping");
  std::vector<std::pair<std::string, std::string>> Options;
  std::string Checks;
  for (yaml::KeyValueNode &KV : *Map) {
    std::string Key = scalar(KV.getKey());
    yaml::Node *V = KV.getValue();
    if (Key == "Checks") {
      if (auto *Seq = dyn_cast_or_null<yaml::SequenceNode>(V)) {
        for (yaml::Node &E : *Seq)
          Checks += (Checks.empty() ? "" : ",") + scalar(&E);
      } else {
        Checks = scalar(V);
      }
    } else if (Key == "InheritParentConfig") {
      Inherit = scalar(V) == "true";
    } else if (Key == "CheckOptions") {
      // Both shapes clang-tidy reads: [{key: K, value: V}] and {K: V}.
      auto Add = [&](const std::string &K, const std::string &Val) {
        StringRef Name(K);
        if (!Name.starts_with("allocflags-"))
          return;
        size_t Dot = Name.find('.');
        if (Dot != StringRef::npos)
          Options.push_back({Name.substr(Dot + 1).str(), Val});
      };
      if (auto *Seq = dyn_cast_or_null<yaml::SequenceNode>(V)) {
        for (yaml::Node &E : *Seq) {
          auto *EM = dyn_cast<yaml::MappingNode>(&E);
          if (!EM)
            return Bad(&E, "CheckOptions: each entry is {key: ..., value: ...}");
          std::string K, Val;
          for (yaml::KeyValueNode &P : *EM) {
            std::string PK = scalar(P.getKey());
            if (PK == "key")
              K = scalar(P.getValue());
            else if (PK == "value")
              Val = scalar(P.getValue());
          }
          Add(K, Val);
        }
      } else if (auto *OM = dyn_cast_or_null<yaml::MappingNode>(V)) {
        for (yaml::KeyValueNode &P : *OM)
          Add(scalar(P.getKey()), scalar(P.getValue()));
      } else {
        return Bad(V, "CheckOptions is a list or a mapping");
      }
    } else {
      // Other clang-tidy keys (HeaderFilterRegex, ...) are not ours; still
      // walk them so that the parser reports malformed YAML.
      if (V)
        V->skip();
    }
    if (!Diag.empty())
      return Bad(V, Diag);
  }
  C.Files.push_back(Path.str());
  if (!Checks.empty())
    C.Checks.insert(C.Checks.begin(), Checks);
  C.Options.insert(C.Options.begin(), Options.begin(), Options.end());
  return Error::success();
}

} // namespace

Expected<TidyConfig> allocflags::tool::readTidyConfig(StringRef File, StringRef StartDir) {
  TidyConfig C;
  bool Inherit = true;
  if (!File.empty()) {
    Inherit = false;
    if (Error E = readOne(File, C, Inherit))
      return std::move(E);
    return C;
  }
  SmallString<256> Dir(StartDir);
  sys::fs::make_absolute(Dir);
  while (!Dir.empty() && Inherit) {
    SmallString<256> Candidate(Dir);
    sys::path::append(Candidate, ".clang-tidy");
    if (sys::fs::is_regular_file(Candidate)) {
      Inherit = false;
      if (Error E = readOne(Candidate, C, Inherit))
        return std::move(E);
    }
    StringRef Parent = sys::path::parent_path(Dir);
    if (Parent == Dir)
      break;
    Dir = Parent;
  }
  return C;
}
