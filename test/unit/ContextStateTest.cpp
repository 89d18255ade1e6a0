//===- ContextStateTest.cpp - the context lattice -------------------------===//
#include "allocflags/Analysis/ContextState.h"

#include "gtest/gtest.h"

using namespace allocflags;

namespace {

class ContextStateTest : public ::testing::Test {
protected:
  static ContextKind kind(const char *Name, bool Atomic, bool Keyed, bool Interrupt) {
    ContextKind K;
    K.Name = Name;
    K.Atomic = Atomic;
    K.Keyed = Keyed;
    K.Interrupt = Interrupt;
    K.Note = std::string(Name) + " here";
    return K;
  }
  void SetUp() override {
    Spin = M.addKind(kind("spin", true, true, false));
    Irq = M.addKind(kind("irq", true, false, false));
    Bh = M.addKind(kind("bh", true, false, true));
    Mutex = M.addKind(kind("mutex", false, true, false));
  }
  Model M;
  ContextKindId Spin, Irq, Bh, Mutex;
  static constexpr LockKey A = 1, B = 2;
};

TEST_F(ContextStateTest, EnterLeave) {
  ContextState S;
  EXPECT_FALSE(S.isAtomic(M, JoinRuleKind::Must));
  S.enter(Spin, A, 0);
  EXPECT_TRUE(S.isAtomic(M, JoinRuleKind::Must));
  S.leave(Spin, A, 1);
  EXPECT_FALSE(S.isAtomic(M, JoinRuleKind::May));
  EXPECT_TRUE(S.held().empty());
}

// `timeo = sock_sndtimeo(sk, noblock)` is zero when noblock is set.  The
// loop's back edge comes from the way past `if (!timeo)`, where noblock was
// 0: the fact holds there vacuously and survives the join; a side that
// knows nothing of noblock drops it.
TEST_F(ContextStateTest, ZeroWhenSurvivesJoinWithTheTestsOtherWay) {
  const clang::VarDecl *Timeo = reinterpret_cast<const clang::VarDecl *>(0x10);
  ParamTest NoBlock; // noblock != 0
  NoBlock.Param = 2;
  ParamTest Blocking = NoBlock;
  Blocking.Outcome = false;

  ContextState First;
  First.setZeroWhen(Timeo, NoBlock);
  ContextState BackEdge;
  BackEdge.addParamTest(Blocking);
  ContextState J = First;
  J.join(BackEdge);
  ASSERT_NE(J.zeroWhen(Timeo), nullptr);
  EXPECT_TRUE(*J.zeroWhen(Timeo) == NoBlock);
  EXPECT_TRUE(J.paramTests().empty()); // the test itself is one side's only
  ContextState Again = BackEdge;       // the same from the other side
  Again.join(First);
  EXPECT_NE(Again.zeroWhen(Timeo), nullptr);

  ContextState Unknown;
  ContextState K = First;
  EXPECT_TRUE(K.join(Unknown));
  EXPECT_EQ(K.zeroWhen(Timeo), nullptr);
  // Redefined: the fact goes.
  First.setZeroWhen(Timeo, std::nullopt);
  EXPECT_EQ(First.zeroWhen(Timeo), nullptr);
}

TEST_F(ContextStateTest, NotAtomicKinds) {
  ContextState S;
  S.enter(Mutex, A, 0);
  EXPECT_FALSE(S.isAtomic(M, JoinRuleKind::May));
}

TEST_F(ContextStateTest, JoinIsTheHull) {
  ContextState Locked, Unlocked;
  Locked.enter(Spin, A, 0);
  ContextState J = Locked;
  EXPECT_TRUE(J.join(Unlocked));
  EXPECT_FALSE(J.isAtomic(M, JoinRuleKind::Must)); // one path only
  EXPECT_TRUE(J.isAtomic(M, JoinRuleKind::May));
  ASSERT_EQ(J.held().size(), 1u);
  EXPECT_EQ(J.held()[0].Min, 0);
  EXPECT_EQ(J.held()[0].Max, 1);
  // joining again changes nothing: the fixpoint test relies on it
  EXPECT_FALSE(J.join(Unlocked));
  EXPECT_FALSE(J.join(Locked));

  ContextState Both = Locked;
  EXPECT_FALSE(Both.join(Locked));
  EXPECT_TRUE(Both.isAtomic(M, JoinRuleKind::Must));
}

TEST_F(ContextStateTest, JoinKeepsTheEarlierOrigin) {
  ContextState X, Y;
  X.enter(Spin, A, 3);
  Y.enter(Spin, A, 1);
  X.join(Y);
  ASSERT_EQ(X.held().size(), 1u);
  EXPECT_EQ(X.held()[0].Origin, 1u);
}

TEST_F(ContextStateTest, ReleaseThroughAnAliasFallsBackToTheMostRecentLock) {
  ContextState S;
  S.enter(Spin, A, 0);
  S.enter(Spin, B, 1);
  S.leave(Spin, /*unknown key*/ 7, 2);
  ASSERT_EQ(S.held().size(), 1u);
  EXPECT_EQ(S.held()[0].Key, A);
  // an unlock of a lock nobody holds is remembered as a release (negative)
  ContextState T;
  T.leave(Spin, A, 0);
  ASSERT_EQ(T.held().size(), 1u);
  EXPECT_EQ(T.held()[0].Min, -1);
  EXPECT_FALSE(T.isAtomic(M, JoinRuleKind::May));
}

TEST_F(ContextStateTest, UnkeyedKindsNest) {
  ContextState S;
  S.enter(Irq, NoKey, 0);
  S.enter(Irq, NoKey, 1);
  S.leave(Irq, NoKey, 2);
  EXPECT_TRUE(S.isAtomic(M, JoinRuleKind::Must));
  S.leave(Irq, NoKey, 3);
  EXPECT_FALSE(S.isAtomic(M, JoinRuleKind::May));
}

TEST_F(ContextStateTest, IntervalEffects) {
  // a callee that may release: [-1, 0]
  ContextState S;
  S.enter(Spin, A, 0);
  S.adjust(Spin, A, -1, 0, 1, true);
  EXPECT_FALSE(S.isAtomic(M, JoinRuleKind::Must));
  EXPECT_TRUE(S.isAtomic(M, JoinRuleKind::May));
  // a callee that may acquire: [0, 1]
  ContextState T;
  T.adjust(Spin, A, 0, 1, 0, false);
  EXPECT_FALSE(T.isAtomic(M, JoinRuleKind::Must));
  EXPECT_TRUE(T.isAtomic(M, JoinRuleKind::May));
}

TEST_F(ContextStateTest, CountsAreClampedSoLoopsConverge) {
  ContextState S;
  for (int I = 0; I < 100; ++I)
    S.enter(Spin, A, 0);
  ASSERT_EQ(S.held().size(), 1u);
  EXPECT_EQ(S.held()[0].Max, ContextState::ClampLimit);
  ContextState Before = S;
  S.enter(Spin, A, 0);
  EXPECT_EQ(S, Before);
}

TEST_F(ContextStateTest, InterruptKinds) {
  ContextState S;
  S.enter(Spin, A, 0);
  EXPECT_FALSE(S.mayBeInInterrupt(M));
  S.enter(Bh, NoKey, 1);
  EXPECT_TRUE(S.mayBeInInterrupt(M));
}

TEST_F(ContextStateTest, AtomicContextsInEntryOrder) {
  ContextState S;
  S.enter(Irq, NoKey, 5);
  S.enter(Spin, A, 2);
  S.enter(Mutex, B, 1);
  auto C = S.atomicContexts(M, JoinRuleKind::Must);
  ASSERT_EQ(C.size(), 2u);
  EXPECT_EQ(C[0].Origin, 2u);
  EXPECT_EQ(C[1].Origin, 5u);
}

TEST_F(ContextStateTest, ValuesSurviveJoinsOnlyWhereBothAgree) {
  const auto *V1 = reinterpret_cast<const clang::VarDecl *>(0x10);
  const auto *V2 = reinterpret_cast<const clang::VarDecl *>(0x20);
  ContextState X, Y;
  X.setValue(V1, FlagsValue::constant(0xcc0));
  Y.setValue(V1, FlagsValue::constant(0xcc0));
  X.setValue(V2, FlagsValue::constant(1));
  Y.setValue(V2, FlagsValue::param(0));
  X.join(Y);
  EXPECT_EQ(X.value(V1), FlagsValue::constant(0xcc0));
  EXPECT_FALSE(X.value(V2).known());
  X.setValue(V1, FlagsValue());
  EXPECT_FALSE(X.value(V1).known());
}

TEST_F(ContextStateTest, ParameterGuardsSurviveJoinsOnlyWhereBothAgree) {
  ContextState X, Y;
  X.setParamBlocks(1, true);
  Y.setParamBlocks(1, true);
  X.setParamBlocks(2, true);
  Y.setParamBlocks(2, false);
  X.join(Y);
  EXPECT_EQ(X.paramBlocks(1), std::optional<bool>(true));
  EXPECT_FALSE(X.paramBlocks(2).has_value());
  EXPECT_FALSE(X.paramBlocks(0).has_value());
}

} // namespace
