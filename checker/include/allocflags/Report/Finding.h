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
inline constexpr unsigned NumCheckKinds = 0
#define ALLOCFLAGS_CHECK(Name, Class, Kind) +1
#include "allocflags/Checks.def"
    ;
llvm::StringRef checkName(CheckKind K);

struct FindingNote {
  clang::SourceLocation Loc;
  std::string Message;
};

/// Replace the tokens of \p Range with \p Text.
struct FindingFix {
  clang::SourceRange Range;
  std::string Text;
};

/// A rendered diagnostic.
struct Finding {
  CheckKind Check;
  clang::SourceLocation Loc;
  std::string Message;
  llvm::SmallVector<FindingNote, 4> Notes;
  llvm::SmallVector<FindingFix, 1> Fixes;
  /// Why the finding is low confidence; "" when high (see Confidence).
  std::string LowReason;
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
  /// Sleeps only on PREEMPT_RT (option PreemptRT).
  bool PreemptRT = false;
  /// Where each atomic context was entered, earliest first.
  llvm::SmallVector<FindingNote, 4> Contexts;
  /// Why a step from the context to the sleep may not be taken; "" when
  /// every step is unconditional or decided (high confidence).
  std::string LowReason;
};

/// A function with a gfp_t parameter passes constant sleeping flags instead.
struct GfpNotForwardedReport {
  clang::SourceLocation Loc;
  std::string Callee;     ///< the call given the constant ("kmalloc")
  std::string FlagsText;  ///< "GFP_KERNEL"
  std::string Function;   ///< the function with the parameter
  std::string Param;      ///< its gfp parameter
  unsigned ParamIndex = 0;
  clang::SourceLocation ParamLoc;
  /// A caller that passes flags that do not allow blocking ("f at a.c:3"),
  /// "" when none is known.
  std::string NonBlockingCaller;
  clang::SourceLocation NonBlockingCallerLoc;
  std::string LowReason;
};

/// Memory freed or resized by a function that cannot take it.
struct BackendMismatchReport {
  clang::SourceLocation Loc;
  std::string Free;        ///< "kfree"
  std::string Allocator;   ///< "kvzalloc" ("" when several)
  std::string Families;    ///< "kvmalloc"
  bool Realloc = false;
  /// kmem_cache: the object's cache and the one it is freed to.
  std::string FromCache, ToCache;
  /// The free accepts these families only from this kernel version on.
  std::string SinceVersion;
  /// A free that can take it, and where to put it (the callee's name).
  std::string Suggest;
  clang::SourceRange SuggestRange;
  /// Freed inside a callee that frees its parameter.
  std::string Via;
  llvm::SmallVector<FindingNote, 4> Notes;
};

/// Flag-disciplined code allocates without going through a flags-taking API.
struct ImplicitAllocationReport {
  clang::SourceLocation Loc;
  /// What allocates, as a phrase ("'new'", "'std::vector::push_back'").
  std::string What;
  /// The disciplined function the site is in.
  std::string Function;
  /// When the allocation is in a non-disciplined callee: the callee called at
  /// Loc, and the chain down to the allocation (one note per step, the last
  /// naming what allocates).
  std::string Via;
  llvm::SmallVector<FindingNote, 4> Chain;
  std::string LowReason;
  /// Kernel C: the site is in a function handed gfp flags in \p Param,
  /// and allocates with \p Flags instead (What is the flags-less API, Via
  /// the callee reaching it).
  std::string Flags;
  std::string Param;
  clang::SourceLocation ParamLoc;
  /// A caller passing flags that do not allow blocking or restrict reclaim.
  std::string NonBlockingCaller;
  clang::SourceLocation NonBlockingCallerLoc;
  /// The flags-taking form of the call, and the call it replaces.
  std::string Suggest;
  clang::SourceRange SuggestRange;
};

class Reporter {
public:
  virtual ~Reporter();
  virtual void sleepInAtomic(const SleepInAtomicReport &R);
  virtual void gfpNotForwarded(const GfpNotForwardedReport &R);
  virtual void backendMismatch(const BackendMismatchReport &R);
  virtual void implicitAllocation(const ImplicitAllocationReport &R);
  /// Every finding ends here.
  virtual void emit(const Finding &F) = 0;
  /// Records \p Reason on \p F and, when there is one, says it in a note.
  static void lowConfidenceNote(Finding &F, const std::string &Reason);
  /// Input the analysis cannot use (a malformed annotation): an error.
  virtual void inputError(clang::SourceLocation Loc, const std::string &Message) = 0;
};

} // namespace allocflags

#endif
