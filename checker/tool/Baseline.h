//===- Baseline.h - fingerprints and baselines -------------------*- C++ -*-===//
//
// A finding's fingerprint must survive edits that do not touch it - lines
// inserted above, the file or the enclosing function renamed - so that a
// baseline keeps suppressing it and code scanning keeps tracking it (SARIF
// partialFingerprints).  It is a hash of the check, the finding's statement
// text with whitespace normalised, and the message; no line, column, path or
// function name.  Identical hashes (the same statement twice) are told apart
// by their order, as GitHub's own primaryLocationLineHash does ("hash:N").
//
// A baseline is a list of fingerprints written by --write-baseline; the tool
// also reads its own JSON and SARIF output as one.  A baseline written by
// another tool version may hash differently: that is an error, never a
// silent mismatch.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCFLAGS_TOOL_BASELINE_H
#define ALLOCFLAGS_TOOL_BASELINE_H

#include "Findings.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"
#include <vector>

namespace allocflags::tool {

/// The key partialFingerprints uses for our fingerprint (versioned: a new
/// hashing scheme gets a new key).
inline constexpr const char *FingerprintKey = "allocflagsFingerprint/v1";

/// Sets Fingerprint on each finding; \p Findings in output order.
void assignFingerprints(std::vector<ResolvedFinding> &Findings);

class Baseline {
public:
  /// Reads a baseline, or the tool's JSON or SARIF output.
  static llvm::Expected<Baseline> read(llvm::StringRef Path);
  static llvm::Error write(llvm::StringRef Path, const std::vector<ResolvedFinding> &Findings);
  /// Removes the findings the baseline knows; returns how many.
  size_t suppress(std::vector<ResolvedFinding> &Findings) const;

private:
  llvm::StringMap<unsigned> Known;
};

} // namespace allocflags::tool

#endif
