//===- ChangedLines.h - findings on the lines a change touched ---*- C++ -*-===//
//
// clang-tidy-diff reports a warning only when its own line changed, so a
// patch that adds spin_lock() above an old kmalloc(GFP_KERNEL) passes.  Here
// a finding is on a changed line when its primary location or any step of
// its story (the lock, a call on the way) is.
//
// Changed lines are the new-side lines a unified diff adds, plus the line
// where lines were deleted (deleting a spin_unlock() changes what follows).
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCFLAGS_TOOL_CHANGEDLINES_H
#define ALLOCFLAGS_TOOL_CHANGEDLINES_H

#include "Findings.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"

namespace allocflags::tool {

class ChangedLines {
public:
  /// \p Diff's paths ("+++ b/drivers/x.c") are taken relative to \p Root.
  static llvm::Expected<ChangedLines> fromDiff(llvm::StringRef Diff, llvm::StringRef Root);
  /// `git diff REV` of the work tree holding \p Dir.
  static llvm::Expected<ChangedLines> fromGit(llvm::StringRef Rev, llvm::StringRef Dir);

  bool touches(const ResolvedFinding &F) const;

private:
  bool contains(const Position &P) const;
  llvm::StringMap<llvm::DenseSet<unsigned>> Lines;
};

} // namespace allocflags::tool

#endif
