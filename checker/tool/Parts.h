//===- Parts.h - a run split in phases: parts and the program ---*- C++ -*-===//
//
//   allocflags summarise -p build --shard I/N -o part-I.json   phase 1 of a share
//   allocflags merge part-*.json -o program.json              every share, checked
//   allocflags report -p build program.json                   whole program, phase 2, output
//
// A part holds each TU's phase-1 record (Records.h) and the key of the run
// that made it (tool binary, model, checks, options): parts made by another
// build or with other options do not merge, and a program does not report
// under other options.  Report merges the records in path order, as one run
// does, so its output and summary store are byte-identical to one run's.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCFLAGS_TOOL_PARTS_H
#define ALLOCFLAGS_TOOL_PARTS_H

#include "Findings.h"
#include <string>
#include <vector>

namespace allocflags::tool {

llvm::Error writePart(llvm::StringRef Path, llvm::StringRef RunKey, const std::vector<TUResult> &Results);

/// Reads every part (one error per bad one, all said) and writes the
/// program; exit code 0, or 2 and nothing written.
int mergeParts(llvm::ArrayRef<std::string> Parts, llvm::StringRef Out);

/// The phase-1 results of a program file made under \p RunKey, by path.
llvm::Expected<std::vector<TUResult>> readProgram(llvm::StringRef Path, llvm::StringRef RunKey);

} // namespace allocflags::tool

#endif
