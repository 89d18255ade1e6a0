//===- Gfp.cpp ------------------------------------------------------------===//
#include "allocflags/Analysis/Gfp.h"
#include "allocflags/Analysis/MacroEval.h"
#include "allocflags/Model/Model.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "llvm/Support/MathExtras.h"

using namespace clang;
using namespace allocflags;

void GfpEvaluator::discover() const {
  if (Bit)
    return;
  for (const std::string &Name : G.BitEnums)
    if (auto N = MacroValueEvaluator::evaluateEnumerator(Ctx, Name); N && *N < 64) {
      Bit = uint64_t(1) << *N;
      Source = GfpBitSourceKind::Enumerator;
      Origin = Name;
      return;
    }
  if (PP) {
    MacroValueEvaluator Eval(*PP, &Ctx);
    for (const std::string &Name : G.BitMacros)
      if (auto V = Eval.evaluateMacro(Name); V && llvm::isPowerOf2_64(*V)) {
        Bit = *V;
        Source = GfpBitSourceKind::Macro;
        Origin = Name;
        return;
      }
  }
  Bit = G.Fallback;
  Source = GfpBitSourceKind::Fallback;
  Origin.clear();
}

uint64_t GfpEvaluator::bitsOf(llvm::ArrayRef<std::string> Enums, llvm::ArrayRef<std::string> Macros,
                              uint64_t Fallback) const {
  uint64_t Bits = 0;
  for (const std::string &Name : Enums)
    if (auto N = MacroValueEvaluator::evaluateEnumerator(Ctx, Name); N && *N < 64)
      Bits |= uint64_t(1) << *N;
  if (PP && !Bits) {
    MacroValueEvaluator Eval(*PP, &Ctx);
    for (const std::string &Name : Macros)
      if (auto V = Eval.evaluateMacro(Name))
        Bits |= *V;
  }
  return Bits ? Bits : Fallback;
}

uint64_t GfpEvaluator::requestBits() const {
  if (!Request)
    Request = bitsOf(G.RequestEnums, G.RequestMacros, G.RequestFallback);
  return *Request;
}

uint64_t GfpEvaluator::scopeBits() const {
  if (!Scope)
    Scope = bitsOf(G.ScopeEnums, G.ScopeMacros, G.ScopeFallback);
  return *Scope;
}

uint64_t GfpEvaluator::directReclaimBit() const {
  discover();
  return *Bit;
}

GfpBitSourceKind GfpEvaluator::directReclaimSource() const {
  discover();
  return Source;
}

llvm::StringRef GfpEvaluator::directReclaimOrigin() const {
  discover();
  return Origin;
}

std::optional<uint64_t> GfpEvaluator::evaluate(const Expr *E) const {
  if (!E || E->isValueDependent() || E->isTypeDependent())
    return std::nullopt;
  Expr::EvalResult R;
  if (E->EvaluateAsInt(R, Ctx) && R.Val.isInt())
    return R.Val.getInt().getZExtValue();
  return std::nullopt;
}
