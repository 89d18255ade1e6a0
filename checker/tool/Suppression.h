//===- Suppression.h - NOLINT comments, as clang-tidy reads them -*- C++ -*-===//
//
// The standalone tool honours the same suppression comments as clang-tidy, so
// a finding silenced for the editor is silenced in CI too:
//   // NOLINT, // NOLINT(check-glob,...)           on the finding's line
//   // NOLINTNEXTLINE, // NOLINTNEXTLINE(...)      on the line before
//   // NOLINTBEGIN(...) ... // NOLINTEND(...)       around it
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCFLAGS_TOOL_SUPPRESSION_H
#define ALLOCFLAGS_TOOL_SUPPRESSION_H

#include "llvm/ADT/StringRef.h"

namespace allocflags::tool {

/// True when \p Buffer (a whole file) suppresses \p Check at 1-based \p Line.
bool isSuppressed(llvm::StringRef Buffer, unsigned Line, llvm::StringRef Check);

/// Matches a clang-tidy style check list ("-*,allocflags-sleep-*"): the last
/// glob that matches decides; a leading '-' excludes.
bool checkEnabled(llvm::StringRef Globs, llvm::StringRef Check);

} // namespace allocflags::tool

#endif
