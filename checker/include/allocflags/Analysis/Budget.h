//===- Budget.h - bounds on the work of one TU's analysis -------*- C++ -*-===//
//
// Whatever the code, the analysis of a translation unit must end, in bounded
// time, memory and stack: a generated function of 20 000 blocks, a call chain
// 5 000 deep or a TU that takes too long must not take the run down.  Three
// bounds, all kept here so that each is charged in one place:
//
// - A deadline for the whole TU (the tool's --tu-timeout).  Analyses check it
//   before they start and every few hundred worklist steps; past it every
//   analysis still to run gives up at once and the front end reports the TU
//   as timed out.  Parsing itself is not interrupted (clang has no hook for
//   it), so a TU can overrun by its parse time.
// - Work per function: CFG blocks times the number of times the function is
//   analysed (once per entry context, per round of its call-graph SCC, per
//   phase).  Past the budget, further analyses of that function give up: its
//   facts are unknown, as for a body whose CFG cannot be built, and the
//   reason is kept for --verbose.  The default admits a 20 000-block function
//   analysed 50 times; real kernel functions stay far below.
// - Call depth: a context is not followed more than MaxContextDepth calls
//   from where it began, whatever MaxCallDepth allows for reporting (0 = no
//   limit there).  Each context carries its explanation, so following a chain
//   of n calls costs n^2 notes; past the depth a finding would be noise anyway.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCFLAGS_ANALYSIS_BUDGET_H
#define ALLOCFLAGS_ANALYSIS_BUDGET_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringRef.h"
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace clang {
class FunctionDecl;
}

namespace allocflags {

class AnalysisBudget {
public:
  using Clock = std::chrono::steady_clock;
  static constexpr unsigned DefaultFunctionWork = 1000000;
  static constexpr unsigned MaxContextDepth = 64;

  explicit AnalysisBudget(unsigned FunctionWork = DefaultFunctionWork) : FunctionWork(FunctionWork) {}

  void setDeadline(Clock::time_point D) { Deadline = D; }
  /// True once the deadline has passed (and from then on, without asking
  /// the clock again).
  bool expired() {
    if (!Expired && Deadline && Clock::now() >= *Deadline)
      Expired = true;
    return Expired;
  }

  /// Charges one analysis of \p FD over \p Blocks CFG blocks; false when it
  /// would pass the function's budget (the reason is recorded once).
  bool charge(const clang::FunctionDecl *FD, unsigned Blocks);
  /// A context reaching \p Depth calls is not followed into \p Callee;
  /// true when it is too deep (the reason is recorded once per callee).
  bool tooDeep(const clang::FunctionDecl *Callee, unsigned Depth);
  /// Records why some facts of \p FD are unknown (once per function and text).
  void gaveUp(const clang::FunctionDecl *FD, const std::string &Why);

  /// Why facts are unknown, in the order it happened: "'f' (file:line): ...".
  llvm::ArrayRef<std::string> reasons() const { return Reasons; }

private:
  unsigned FunctionWork;
  std::optional<Clock::time_point> Deadline;
  bool Expired = false;
  llvm::DenseMap<const clang::FunctionDecl *, uint64_t> Spent;
  llvm::DenseMap<const clang::FunctionDecl *, unsigned> Told; // bit 0: work, bit 1: depth
  std::vector<std::string> Reasons;
};

} // namespace allocflags

#endif
