//===- Engine.h - the entry point front ends call ----------------*- C++ -*-===//
//
// A front end (the clang-tidy module, the standalone tool, the unit tests)
// records model-macro expansions while the TU is preprocessed (MacroRecorder),
// builds a TUContext when the AST is complete, and calls runChecks().
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCFLAGS_ENGINE_H
#define ALLOCFLAGS_ENGINE_H

#include "allocflags/Analysis/MacroIndex.h"
#include "allocflags/Analysis/TUContext.h"
#include "allocflags/Model/Model.h"
#include "allocflags/Report/Finding.h"
#include "allocflags/Summary/Summary.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

namespace allocflags {

/// Runs the analyses behind \p Checks over one translation unit.  With
/// \p Summaries, also records what this TU knows for the whole-program pass:
/// the summaries of its functions and the contexts it found for functions
/// defined elsewhere.
void runChecks(TUContext &TU, llvm::ArrayRef<CheckKind> Checks, Reporter &R,
               SummaryStore *Summaries = nullptr);

/// Fingerprint of a model (its files' contents) and of this allocflags, as a
/// summary store records it.
std::string modelFingerprint(const Model &M);

/// Checks that \p Store can be used for the TU whose main file is \p MainFile
/// with contents \p Contents under model \p M: an error saying why not
/// (stale, another model, not summarised).
llvm::Error validateStore(const SummaryStore &Store, const Model &M, llvm::StringRef StorePath,
                          llvm::StringRef MainFile, llvm::StringRef Contents);

/// Options given as key/value strings, the same keys in both front ends
/// (clang-tidy CheckOptions; the tool's --option Key=Value).  Unknown keys and
/// bad values are errors.
llvm::Error applyOption(AnalysisOptions &Opts, llvm::StringRef Key, llvm::StringRef Value);

/// The option keys understood by applyOption, and "ModelFiles".
llvm::ArrayRef<llvm::StringRef> optionKeys();

} // namespace allocflags

#endif
