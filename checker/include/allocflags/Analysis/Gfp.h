//===- Gfp.h - allocation flags judged by their bits ------------*- C++ -*-===//
//
// An allocation may sleep when its gfp flags carry __GFP_DIRECT_RECLAIM.  The
// bit's value is read from the translation unit itself (kernels have moved it
// and turned it from a #define into an enum): the model lists where to look
// (enumerators holding the bit number, macros holding the value) and a
// fallback used only when the TU defines none of them.  Flags arguments are
// constant-evaluated in the TU; a value that is not a constant is "unknown",
// and unknown never produces a report on its own.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCFLAGS_ANALYSIS_GFP_H
#define ALLOCFLAGS_ANALYSIS_GFP_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <optional>
#include <string>

namespace clang {
class ASTContext;
class Expr;
class Preprocessor;
} // namespace clang

namespace allocflags {
struct GfpModel;

/// Where the direct-reclaim bit came from, for diagnostics and tests.
enum class GfpBitSourceKind { Enumerator, Macro, Fallback };

class GfpEvaluator {
public:
  /// \p PP may be null (no macros to read); then only enumerators and the
  /// fallback are used.
  GfpEvaluator(const clang::ASTContext &Ctx, const clang::Preprocessor *PP, const GfpModel &G)
      : Ctx(Ctx), PP(PP), G(G) {}

  /// The direct-reclaim bit of this TU (computed once).
  uint64_t directReclaimBit() const;
  GfpBitSourceKind directReclaimSource() const;
  /// The enumerator or macro the bit was read from ("" for the fallback).
  llvm::StringRef directReclaimOrigin() const;

  /// The value of a flags expression when it is an integer constant here.
  std::optional<uint64_t> evaluate(const clang::Expr *E) const;

  bool maySleep(uint64_t Flags) const { return (Flags & directReclaimBit()) != 0; }
  /// Constant flags that say how to allocate (block, or not: GFP_NOWAIT),
  /// not only where (GFP_DMA) or how to fill (__GFP_ZERO).
  bool isRequest(uint64_t Flags) const { return (Flags & (directReclaimBit() | requestBits())) != 0; }
  uint64_t requestBits() const;
  /// Constant flags that block but keep reclaim from I/O or the filesystem
  /// (GFP_NOIO, GFP_NOFS): an allocation told so must not reclaim more.
  bool restrictsReclaim(uint64_t Flags) const {
    return maySleep(Flags) && (Flags & scopeBits()) != scopeBits();
  }
  uint64_t scopeBits() const;

private:
  void discover() const;

  const clang::ASTContext &Ctx;
  const clang::Preprocessor *PP;
  const GfpModel &G;
  mutable std::optional<uint64_t> Bit;
  mutable GfpBitSourceKind Source = GfpBitSourceKind::Fallback;
  mutable std::string Origin;
  mutable std::optional<uint64_t> Request, Scope;
  uint64_t bitsOf(llvm::ArrayRef<std::string> Enums, llvm::ArrayRef<std::string> Macros, uint64_t Fallback) const;
};

} // namespace allocflags

#endif
