//===- GfpTest.cpp - flags judged by the direct-reclaim bit ---------------===//
#include "TestAST.h"
#include "allocflags/Analysis/Gfp.h"
#include "allocflags/Model/Model.h"

#include "clang/AST/ASTContext.h"
#include "gtest/gtest.h"

using namespace allocflags;
using namespace allocflags::test;

namespace {

GfpModel kernelGfp() {
  GfpModel G;
  G.BitEnums = {"___GFP_DIRECT_RECLAIM_BIT"};
  G.BitMacros = {"___GFP_DIRECT_RECLAIM", "__GFP_DIRECT_RECLAIM"};
  G.Fallback = 0x400;
  return G;
}

const char *FlagSets = R"c(
#include <linux/gfp.h>
gfp_t k = GFP_KERNEL, nofs = GFP_NOFS, noio = GFP_NOIO, user = GFP_USER,
      acct = GFP_KERNEL_ACCOUNT, atomic = GFP_ATOMIC, nowait = GFP_NOWAIT, zero = 0,
      atomic_nowarn = GFP_ATOMIC | __GFP_NOWARN, masked = GFP_KERNEL & ~__GFP_DIRECT_RECLAIM;
)c";

struct Expectation {
  const char *Var;
  bool Sleeps;
};
const Expectation Expected[] = {
    {"k", true},         {"nofs", true},   {"noio", true}, {"user", true},
    {"acct", true},      {"atomic", false}, {"nowait", false}, {"zero", false},
    {"atomic_nowarn", false}, {"masked", false},
};

void checkFlagSets(const std::vector<std::string> &Args, uint64_t WantBit, GfpBitSourceKind WantSource) {
  auto AST = parseC(FlagSets, Args);
  ASSERT_TRUE(AST);
  GfpModel G = kernelGfp();
  GfpEvaluator E(AST->getASTContext(), &AST->getPreprocessor(), G);
  EXPECT_EQ(E.directReclaimBit(), WantBit);
  EXPECT_EQ(E.directReclaimSource(), WantSource);
  for (const Expectation &X : Expected) {
    std::optional<uint64_t> V = E.evaluate(initializerOf(*AST, X.Var));
    ASSERT_TRUE(V.has_value()) << X.Var;
    EXPECT_EQ(E.maySleep(*V), X.Sleeps) << X.Var << " = " << *V;
  }
}

TEST(GfpEvaluator, Linux61DefinesTheBitAsAMacro) {
  checkFlagSets({}, 0x400, GfpBitSourceKind::Macro);
}

TEST(GfpEvaluator, NewerKernelsNumberTheBitInAnEnum) {
  // 0x200 here: a hard-coded 0x400 (the kswapd bit) would call GFP_NOWAIT sleeping
  checkFlagSets({"-DAF_NEWER_KERNEL"}, 0x200, GfpBitSourceKind::Enumerator);
}

TEST(GfpEvaluator, FallbackWhenTheTUDefinesNothing) {
  auto AST = parseC("typedef unsigned gfp_t; gfp_t f = 0x400u, g = 0x800u;");
  ASSERT_TRUE(AST);
  GfpModel G = kernelGfp();
  GfpEvaluator E(AST->getASTContext(), &AST->getPreprocessor(), G);
  EXPECT_EQ(E.directReclaimSource(), GfpBitSourceKind::Fallback);
  EXPECT_EQ(E.directReclaimBit(), 0x400u);
  EXPECT_TRUE(E.maySleep(*E.evaluate(initializerOf(*AST, "f"))));
  EXPECT_FALSE(E.maySleep(*E.evaluate(initializerOf(*AST, "g"))));
}

TEST(GfpEvaluator, MacroThroughCastsAndNestedMacros) {
  auto AST = parseC(R"c(
#define __force
typedef unsigned gfp_t;
#define MY_BIT 5
#define ___GFP_DIRECT_RECLAIM (1u << MY_BIT)
#define __GFP_DIRECT_RECLAIM ((__force gfp_t)___GFP_DIRECT_RECLAIM)
gfp_t f = __GFP_DIRECT_RECLAIM;
)c");
  ASSERT_TRUE(AST);
  GfpModel G = kernelGfp();
  GfpEvaluator E(AST->getASTContext(), &AST->getPreprocessor(), G);
  EXPECT_EQ(E.directReclaimBit(), 32u);
  EXPECT_EQ(E.directReclaimOrigin(), "___GFP_DIRECT_RECLAIM");
}

TEST(GfpEvaluator, NonConstantFlagsAreUnknown) {
  auto AST = parseC(R"c(
#include <linux/gfp.h>
gfp_t pick(int atomic) { return atomic ? GFP_ATOMIC : GFP_KERNEL; }
gfp_t g = GFP_KERNEL;
gfp_t *p = &g;
)c");
  ASSERT_TRUE(AST);
  GfpModel G = kernelGfp();
  GfpEvaluator E(AST->getASTContext(), &AST->getPreprocessor(), G);
  EXPECT_FALSE(E.evaluate(initializerOf(*AST, "p")).has_value());
  EXPECT_FALSE(E.evaluate(nullptr).has_value());
}

} // namespace
