//===- Finding.h - what the analyses report ----------------------*- C++ -*-===//
//
// Analyses describe what they found in typed records (one struct and one
// Reporter method per diagnostic kind, as clang's ThreadSafetyHandler does).
// The default Reporter methods render each record into a Finding - the text
// of the warning and its notes - in one place, so the clang-tidy module and
// the standalone tool print the same words; a front end only implements
// emit().
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCFLAGS_REPORT_FINDING_H
#define ALLOCFLAGS_REPORT_FINDING_H

#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include <string>

namespace allocflags {

enum class CheckKind : uint8_t {
#define ALLOCFLAGS_CHECK(Name, Class, Kind) Kind,
#include "allocflags/Checks.def"
};
llvm::StringRef checkName(CheckKind K);

struct FindingNote {
  clang::SourceLocation Loc;
  std::string Message;
};

/// A rendered diagnostic.
struct Finding {
  CheckKind Check;
  clang::SourceLocation Loc;
  std::string Message;
  llvm::SmallVector<FindingNote, 4> Notes;
};

/// A sleeping operation reached in atomic context.
struct SleepInAtomicReport {
  clang::SourceLocation Loc;
  /// The sleeping function or allocator as written ("kzalloc", "msleep").
  std::string Callee;
  /// The flags argument as written, when the flags are why it sleeps.
  std::string FlagsText;
  /// Held on some paths only (reported under the "may" join rule).
  bool OnSomePaths = false;
  /// Where each atomic context was entered, earliest first.
  llvm::SmallVector<FindingNote, 4> Contexts;
};

class Reporter {
public:
  virtual ~Reporter();
  virtual void sleepInAtomic(const SleepInAtomicReport &R);
  /// Every finding ends here.
  virtual void emit(const Finding &F) = 0;
};

} // namespace allocflags

#endif
