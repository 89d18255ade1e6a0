//===- Output.h - printing findings -----------------------------*- C++ -*-===//
#ifndef ALLOCFLAGS_TOOL_OUTPUT_H
#define ALLOCFLAGS_TOOL_OUTPUT_H

#include "Findings.h"
#include "llvm/Support/raw_ostream.h"
#include <vector>

namespace allocflags::tool {

/// clang's diagnostic format, with the source line and a caret, as
/// clang-tidy prints it: "file:line:col: warning: message [check]".
void printText(llvm::raw_ostream &OS, const std::vector<ResolvedFinding> &Findings);

} // namespace allocflags::tool

#endif
