// Constant-argument facts of the summary store: what decides a parameter
// test, how a callee's tests carry over a call, how entries of one function
// merge, and that all of it survives the store's JSON.
#include "allocflags/Summary/Summary.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include <gtest/gtest.h>

using namespace allocflags;

namespace {

ParamTest test(ParamTest::KindT K, unsigned Param, int64_t Value, bool Outcome) {
  ParamTest T;
  T.Kind = K;
  T.Param = Param;
  T.Value = Value;
  T.Outcome = Outcome;
  return T;
}

AtomicEntry entry(unsigned Depth, KnownArgs Args) {
  AtomicEntry E;
  E.USR = "c:@F@helper";
  E.Kind = "spin";
  E.Depth = Depth;
  E.Args = std::move(Args);
  return E;
}

} // namespace

TEST(SummaryFacts, ValuesAndKnownBitsDecideTests) {
  KnownArgs A;
  A.Values = {{0, 2}};
  A.Ones = {{1, 0x80000000u}};
  using K = ParamTest::KindT;
  EXPECT_EQ(A.decide(test(K::Equals, 0, 2, true)), std::optional<bool>(true));
  EXPECT_EQ(A.decide(test(K::Equals, 0, 3, true)), std::optional<bool>(false));
  EXPECT_EQ(A.decide(test(K::NonZero, 0, 0, false)), std::optional<bool>(false));
  // flags & F_NB with F_NB known set; flags & F_WAIT is not known.
  EXPECT_EQ(A.decide(test(K::AnyBits, 1, 0x80000000u, false)), std::optional<bool>(false));
  EXPECT_EQ(A.decide(test(K::AnyBits, 1, 0x4, true)), std::nullopt);
  EXPECT_EQ(A.decide(test(K::NonZero, 1, 0, true)), std::optional<bool>(true));
  EXPECT_EQ(A.decide(test(K::NonZero, 2, 0, true)), std::nullopt);
  EXPECT_FALSE(admits({test(K::Equals, 0, 2, false)}, A));
  EXPECT_TRUE(admits({test(K::Equals, 0, 2, true), test(K::NonZero, 5, 0, true)}, A));
}

TEST(SummaryFacts, CalleeTestsCarryOverACall) {
  using K = ParamTest::KindT;
  // The callee sleeps only with (flags & NB) == 0 on its parameter 1.
  llvm::SmallVector<ParamTest, 1> Callee = {test(K::AnyBits, 1, 0x10, false)};
  auto With = [&](ArgFacts F, llvm::ArrayRef<ParamTest> OnPath = {}) {
    return carryTests(Callee, [&](unsigned) { return F; }, OnPath);
  };
  ArgFacts Zero;
  Zero.Value = 0;
  ASSERT_TRUE(With(Zero));
  EXPECT_TRUE(With(Zero)->empty()) << "decided here: nothing left for our callers";
  ArgFacts Nb;
  Nb.KnownOnes = 0x11;
  EXPECT_FALSE(With(Nb)) << "NB is set: the callee does not sleep";
  ArgFacts Ours;
  Ours.CallerParam = 3;
  ASSERT_TRUE(With(Ours));
  ASSERT_EQ(With(Ours)->size(), 1u);
  EXPECT_EQ((*With(Ours))[0], test(K::AnyBits, 3, 0x10, false));
  // ... unless our own path already took the other way.
  EXPECT_FALSE(With(Ours, {test(K::AnyBits, 3, 0x10, true)}));
  ArgFacts Unknown;
  ASSERT_TRUE(With(Unknown));
  EXPECT_TRUE(With(Unknown)->empty());
}

TEST(SummaryFacts, EntriesOfAFunctionMergeByGenerality) {
  SummaryStore S;
  KnownArgs Sync0, Sync1, None;
  Sync0.Values = {{1, 0}};
  Sync1.Values = {{1, 1}};
  EXPECT_TRUE(S.addEntry(entry(2, Sync0)));
  EXPECT_TRUE(S.addEntry(entry(2, Sync1))) << "another value: another context";
  EXPECT_FALSE(S.addEntry(entry(3, Sync1))) << "same values, further away";
  EXPECT_EQ(S.entriesOf("c:@F@helper").size(), 2u);
  EXPECT_TRUE(S.addEntry(entry(1, None))) << "no constants, closer: covers both";
  ASSERT_EQ(S.entriesOf("c:@F@helper").size(), 1u);
  EXPECT_TRUE(S.entriesOf("c:@F@helper")[0].Args.empty());
  EXPECT_FALSE(S.addEntry(entry(2, Sync0))) << "covered";
}

TEST(SummaryFacts, AFullFunctionNarrowsToWhatCallersAgreeOn) {
  SummaryStore S;
  for (int64_t Mode = 0; Mode < MaxEntriesPerFunction; ++Mode) {
    KnownArgs A;
    A.Values = {{0, Mode}, {1, 7}};
    ASSERT_TRUE(S.addEntry(entry(1, A)));
  }
  EXPECT_TRUE(S.entriesOf("c:@F@helper")[0].Doubt.empty());
  KnownArgs Again;
  Again.Values = {{0, 9}, {1, 7}};
  EXPECT_TRUE(S.addEntry(entry(1, Again)));
  auto Es = S.entriesOf("c:@F@helper");
  ASSERT_EQ(Es.size(), MaxEntriesPerFunction);
  EXPECT_EQ(Es[0].Args.Values, (std::vector<std::pair<unsigned, int64_t>>{{1, 7}}))
      << "mode no longer known: its branches stay open";
  EXPECT_EQ(Es[0].Doubt, MergedEntryDoubt) << "its notes name a caller whose mode may not take the way found";
  EXPECT_TRUE(Es[1].Doubt.empty());
}

TEST(SummaryFacts, TestsOfWaysInSeveralCasesMergeIntoOneOf) {
  using K = ParamTest::KindT;
  llvm::SmallVector<ParamTest, 1> Have = {test(K::Equals, 1, 0, false), test(K::Equals, 1, 1, true)};
  intersectTests(Have, {test(K::Equals, 1, 0, false), test(K::Equals, 1, 10, true)});
  ASSERT_EQ(Have.size(), 2u);
  EXPECT_EQ(Have[1], test(K::OneOf, 1, (1 << 1) | (1 << 10), true));
  KnownArgs A;
  A.Values = {{1, 18}};
  EXPECT_FALSE(admits(Have, A)) << "another case of the switch";
  A.Values = {{1, 10}};
  EXPECT_TRUE(admits(Have, A));
  // A third way in the default (no case test) leaves only what all share.
  intersectTests(Have, {test(K::Equals, 1, 0, false)});
  EXPECT_EQ(Have.size(), 1u);
}

TEST(SummaryFacts, ACallTakesTheWayItsArgumentsAdmit) {
  using K = ParamTest::KindT;
  // switch (tp) { case EARLY: init(); break; case PERIODIC: arm(); break;
  // default: if (sync) wait(); }
  FunctionSummary G;
  G.Name = "time_point";
  SleepEvidence Init, Arm, Wait;
  Init.What = "init", Arm.What = "arm", Wait.What = "wait";
  G.Sleeps = Init;
  llvm::SmallVector<ParamTest, 1> EarlyT = {test(K::Equals, 0, 1, true)}, PeriodicT = {test(K::Equals, 0, 3, true)},
                                  SyncT = {test(K::NonZero, 1, 0, true)};
  EXPECT_TRUE(addSleepWay(G, Init, EarlyT));
  EXPECT_TRUE(addSleepWay(G, Arm, PeriodicT));
  EXPECT_TRUE(addSleepWay(G, Wait, SyncT));
  EXPECT_FALSE(addSleepWay(G, Wait, SyncT)) << "the same way again";
  ASSERT_EQ(G.Ways.size(), 3u);
  auto At = [&](std::optional<int64_t> Tp, std::optional<int64_t> Sync) {
    return sleepWayAt(
        G,
        [&](unsigned P) {
          ArgFacts F;
          F.Value = P == 0 ? Tp : Sync;
          return F;
        },
        {});
  };
  EXPECT_FALSE(At(18, 0)) << "a missed-beacons event, not synchronous: no way sleeps";
  ASSERT_TRUE(At(3, 0));
  EXPECT_EQ(At(3, 0)->Evidence->What, "arm") << "the evidence is the way taken";
  ASSERT_TRUE(At(18, 1));
  EXPECT_EQ(At(18, 1)->Evidence->What, "wait");
  ASSERT_TRUE(At(std::nullopt, 0));
  EXPECT_EQ(At(std::nullopt, 0)->Undecided, std::optional<unsigned>(0));
  // A way without tests: every call sleeps; the ways are no longer kept.
  EXPECT_TRUE(addSleepWay(G, Wait, {}));
  EXPECT_TRUE(G.WaysLost);
  EXPECT_TRUE(G.Ways.empty());
  EXPECT_FALSE(addSleepWay(G, Arm, PeriodicT));
}

TEST(SummaryFacts, FactsSurviveTheStore) {
  SummaryStore S;
  S.ModelHash = "m";
  FunctionSummary F;
  F.USR = "c:@F@ct_send";
  F.Name = "ct_send";
  F.Definition = {"/src/ct.c", 3, 1};
  SleepEvidence Ev;
  Ev.Site = {"/src/ct.c", 7, 3};
  Ev.What = "msleep";
  F.Sleeps = Ev;
  F.SleepsOnlyIf = {test(ParamTest::KindT::AnyBits, 1, 0x80000000u, false)};
  SleepEvidence Other;
  Other.Site = {"/src/ct.c", 8, 3};
  Other.What = "mutex_lock";
  addSleepWay(F, Ev, {test(ParamTest::KindT::AnyBits, 1, 0x80000000u, false), test(ParamTest::KindT::OneOf, 2, 6, true)});
  addSleepWay(F, Other, {test(ParamTest::KindT::AnyBits, 1, 0x80000000u, false)});
  CallSiteSummary C;
  C.CalleeUSR = "c:@F@wait";
  C.CalleeName = "wait";
  C.Site = {"/src/ct.c", 9, 5};
  C.Requires = {test(ParamTest::KindT::Equals, 1, 2, true)};
  C.ArgOnes = {{0, 0x10}};
  F.Calls.push_back(C);
  S.add(F);
  KnownArgs A;
  A.Values = {{1, 2}};
  A.Ones = {{2, 0x80000000u}};
  S.addEntry(entry(1, A));

  llvm::SmallString<128> Path;
  ASSERT_FALSE(llvm::sys::fs::createTemporaryFile("facts", "json", Path));
  ASSERT_FALSE(llvm::errorToBool(S.writeJSON(Path)));
  llvm::Expected<SummaryStore> R = SummaryStore::readJSON(Path);
  llvm::sys::fs::remove(Path);
  ASSERT_TRUE(bool(R)) << llvm::toString(R.takeError());
  const FunctionSummary *G = R->lookup("c:@F@ct_send");
  ASSERT_NE(G, nullptr);
  EXPECT_EQ(G->SleepsOnlyIf, F.SleepsOnlyIf);
  EXPECT_EQ(G->Ways, F.Ways);
  EXPECT_EQ(G->Ways.size(), 2u);
  ASSERT_EQ(G->Calls.size(), 1u);
  EXPECT_EQ(G->Calls[0].Requires, C.Requires);
  EXPECT_EQ(G->Calls[0].ArgOnes, C.ArgOnes);
  ASSERT_EQ(R->entriesOf("c:@F@helper").size(), 1u);
  EXPECT_EQ(R->entriesOf("c:@F@helper")[0].Args, A);
}
