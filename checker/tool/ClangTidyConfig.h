//===- ClangTidyConfig.h - .clang-tidy for the standalone tool ---*- C++ -*-===//
//
// Both front ends are configured in one place: the tool reads `Checks` and
// the `allocflags-*` entries of `CheckOptions` from the .clang-tidy file
// clang-tidy would use, and the command line wins over it.  One file for the
// whole run (the tool resolves one program), found like clang-tidy finds it:
// the nearest .clang-tidy in the folders above the first analysed file.
// `InheritParentConfig` is followed.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCFLAGS_TOOL_CLANGTIDYCONFIG_H
#define ALLOCFLAGS_TOOL_CLANGTIDYCONFIG_H

#include "llvm/Support/Error.h"
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace allocflags::tool {

struct TidyConfig {
  std::vector<std::string> Files; ///< read, nearest first
  /// Glob lists, outermost first (clang-tidy appends inherited ones).
  std::vector<std::string> Checks;
  /// "JoinRule" -> "may", from "allocflags-<check>.JoinRule".
  std::vector<std::pair<std::string, std::string>> Options;
};

/// Reads \p File, or looks upward from \p StartDir when \p File is empty.
llvm::Expected<TidyConfig> readTidyConfig(llvm::StringRef File, llvm::StringRef StartDir);

} // namespace allocflags::tool

#endif
