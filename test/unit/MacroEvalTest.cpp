//===- MacroEvalTest.cpp - integer values of macro definitions ------------===//
#include "TestAST.h"
#include "allocflags/Analysis/MacroEval.h"

#include "gtest/gtest.h"

using namespace allocflags;
using namespace allocflags::test;

namespace {

class MacroEvalTest : public ::testing::Test {
protected:
  void parse(const std::string &Code) {
    AST = parseC(Code);
    ASSERT_TRUE(AST);
    Eval.emplace(AST->getPreprocessor(), &AST->getASTContext());
  }
  std::optional<uint64_t> macro(const char *Name) { return Eval->evaluateMacro(Name); }

  std::unique_ptr<clang::ASTUnit> AST;
  std::optional<MacroValueEvaluator> Eval;
};

TEST_F(MacroEvalTest, Literals) {
  parse("#define A 0x400u\n#define B 42UL\n#define C 010\n#define D (1ull)\nint x;");
  EXPECT_EQ(macro("A"), 0x400u);
  EXPECT_EQ(macro("B"), 42u);
  EXPECT_EQ(macro("C"), 8u);
  EXPECT_EQ(macro("D"), 1u);
}

TEST_F(MacroEvalTest, KernelBitMacroWithTokenPasting) {
  // BIT() -> UL() -> _AC() -> __AC(X, Y) (X##Y): pasting makes 1UL
  parse("#include <linux/types.h>\n#define V BIT(7)\n#define W (BIT(3) | BIT(1))\nint x;");
  EXPECT_EQ(macro("V"), 128u);
  EXPECT_EQ(macro("W"), 10u);
}

TEST_F(MacroEvalTest, EnumeratorsAndCasts) {
  parse(R"c(
typedef unsigned gfp_t;
#define __force
enum { A_BIT, B_BIT, C_BIT };
#define C ((__force gfp_t)(1u << C_BIT))
#define NEG (~0u & 0xff)
#define ARITH ((3 + 4) * 2 - 10 / 5 % 3)
#define CMP ((2 > 1) && (1 == 1))
int x;
)c");
  EXPECT_EQ(macro("C"), 4u);
  EXPECT_EQ(macro("NEG"), 0xffu);
  EXPECT_EQ(macro("ARITH"), 12u);
  EXPECT_EQ(macro("CMP"), 1u);
}

TEST_F(MacroEvalTest, VersionCode) {
  parse("#include <linux/version.h>\n#define V KERNEL_VERSION(6, 4, 0)\nint x;");
  EXPECT_EQ(macro("LINUX_VERSION_CODE"), 393409u);
  EXPECT_EQ(macro("V"), (6u << 16) + (4u << 8));
}

TEST_F(MacroEvalTest, NoValue) {
  parse(R"c(
#define S "text"
#define SELF (SELF + 1)
#define CALL f(1)
#define SIZE sizeof(int)
#define EMPTY
#define FN(x) x
#define DIV (1 / 0)
int f(int);
)c");
  EXPECT_FALSE(macro("S"));
  EXPECT_FALSE(macro("SELF"));  // self-reference stops, leaves an identifier
  EXPECT_FALSE(macro("CALL"));
  EXPECT_FALSE(macro("SIZE"));
  EXPECT_FALSE(macro("EMPTY"));
  EXPECT_FALSE(macro("FN"));     // function-like: not a value by itself
  EXPECT_FALSE(macro("DIV"));
  EXPECT_FALSE(macro("UNDEFINED"));
}

TEST_F(MacroEvalTest, Tokens) {
  parse("#include <linux/gfp.h>\nint x;");
  EXPECT_EQ(Eval->evaluateTokens({"__GFP_IO", "|", "__GFP_FS"}), 0xc0u);
  EXPECT_FALSE(Eval->evaluateTokens({"gfp"}));
  EXPECT_FALSE(Eval->evaluateTokens({}));
}

} // namespace
