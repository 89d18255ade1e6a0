// Calls through function pointers in the summary store: which stored
// functions a layered key reaches, the type of last resort, the limit, how
// the whole-program pass turns a call and an entry recorded for a pointer
// into calls and entries of its targets, and that the table survives JSON.
#include "allocflags/Summary/Summary.h"

#include "llvm/Support/FileSystem.h"
#include <gtest/gtest.h>

using namespace allocflags;

namespace {

PointerTarget target(std::string Key, std::string Name) {
  PointerTarget T;
  T.Key = std::move(Key);
  T.USR = "c:@F@" + Name;
  T.Name = std::move(Name);
  T.Site = {"/src/table.c", 3, 11};
  return T;
}

std::vector<std::string> names(const std::vector<const PointerTarget *> &Ts) {
  std::vector<std::string> Out;
  for (const PointerTarget *T : Ts)
    Out.push_back(T->Name);
  llvm::sort(Out);
  return Out;
}

FunctionSummary function(std::string Name) {
  FunctionSummary F;
  F.USR = "c:@F@" + Name;
  F.Name = std::move(Name);
  F.Definition = {"/src/" + F.Name + ".c", 1, 1};
  return F;
}

} // namespace

TEST(IndirectCalls, LayersAgreeAsFarAsBothKnowThem) {
  EXPECT_TRUE(pointerKeysMatch("foo_ops.open", "foo_dev.ops|foo_ops.open"));  // a table with no outer layer
  EXPECT_TRUE(pointerKeysMatch("foo_dev.ops|foo_ops.open", "foo_ops.open"));
  EXPECT_TRUE(pointerKeysMatch("a.o|ops.f", "a.o|ops.f"));
  EXPECT_FALSE(pointerKeysMatch("b.o|ops.f", "a.o|ops.f")); // another outer type
  EXPECT_FALSE(pointerKeysMatch("ops.g", "ops.f"));
  EXPECT_FALSE(pointerKeysMatch("@c:@hook", "@c:@other"));
  EXPECT_FALSE(pointerKeysMatch("chain:priv.nb|notifier_block.notifier_call", "notifier_block.notifier_call"))
      << "a chain is one name, not layers";
  EXPECT_EQ(innermostLayer("x.y|ops.f"), "ops.f");
  EXPECT_EQ(innermostLayer("@c:drivers/x.c@table"), "@c:drivers/x.c@table"); // USRs may hold anything
}

TEST(IndirectCalls, TargetsByLayersThenByType) {
  SummaryStore S;
  S.addPointerTarget(target("a.o|ops.f", "fa"));
  S.addPointerTarget(target("b.o|ops.f", "fb"));
  S.addPointerTarget(target("ops.f", "fc"));
  S.addPointerTarget(target(typeKey("void (int)"), "escaped"));
  EXPECT_EQ(names(S.pointerTargets("a.o|ops.f")), (std::vector<std::string>{"fa", "fc"}));
  EXPECT_EQ(names(S.pointerTargets("ops.f")), (std::vector<std::string>{"fa", "fb", "fc"}));
  bool ByType = true;
  EXPECT_EQ(names(S.pointerTargets("ops.f", "void (int)", &ByType)), (std::vector<std::string>{"fa", "fb", "fc"}));
  EXPECT_FALSE(ByType) << "layers first";
  EXPECT_EQ(names(S.pointerTargets("other.g", "void (int)", &ByType)), (std::vector<std::string>{"escaped"}));
  EXPECT_TRUE(ByType);
  EXPECT_TRUE(S.pointerTargets("other.g", "int (void)").empty());
}

TEST(IndirectCalls, ResolveGivesCallsAndEntriesToTargets) {
  SummaryStore S;
  S.addPointerTarget(target("dev.ops|ops.open", "open_a"));
  S.addPointerTarget(target("ops.open", "open_b"));
  S.addPointerTarget(target("ops.close", "close_a"));
  FunctionSummary OpenA = function("open_a");
  SleepEvidence Ev;
  Ev.Site = {"/src/open_a.c", 4, 3};
  Ev.What = "msleep";
  OpenA.Sleeps = Ev;
  S.add(OpenA);
  S.add(function("open_b"));
  S.add(function("close_a"));
  FunctionSummary Caller = function("start");
  CallSiteSummary C;
  C.Pointer = "d->ops->open";
  C.IndirectKey = "dev.ops|ops.open";
  C.IndirectType = "int (struct dev *)";
  C.Site = {"/src/start.c", 9, 3};
  Caller.Calls.push_back(C);
  S.add(Caller);
  AtomicEntry E;
  E.USR = indirectEntryUSR(C.IndirectKey, C.IndirectType);
  E.Kind = "spin";
  E.Pointer = C.Pointer;
  E.Depth = 1;
  E.Notes.push_back({C.Site, "called through 'd->ops->open' from 'start' here"});
  S.addEntry(E);

  S.resolve(0, 32);
  const FunctionSummary *F = S.lookup("c:@F@start");
  ASSERT_NE(F, nullptr);
  ASSERT_EQ(F->Calls.size(), 3u) << "the call by key, and one per target";
  ASSERT_TRUE(F->Sleeps.has_value()) << "open_a sleeps, and the pointer may hold it";
  EXPECT_NE(F->Sleeps->Doubt.find("may hold any of 2 functions"), std::string::npos);
  ASSERT_EQ(S.entriesOf("c:@F@open_a").size(), 1u);
  const AtomicEntry &A = S.entriesOf("c:@F@open_a").front();
  ASSERT_EQ(A.Notes.size(), 2u);
  EXPECT_EQ(A.Notes[0].second, "'open_a' is stored here where 'd->ops->open' is loaded from");
  EXPECT_FALSE(A.Doubt.empty());
  EXPECT_TRUE(S.entriesOf(E.USR).empty()) << "given to the targets";
  EXPECT_EQ(S.Indirect.Sites, 1u);
  EXPECT_EQ(S.Indirect.Resolved, 1u);
  EXPECT_EQ(S.Indirect.MaxTargets, 2u);
}

TEST(IndirectCalls, OverTheLimitIsUnresolved) {
  SummaryStore S;
  for (int I = 0; I < 3; ++I)
    S.addPointerTarget(target("ops.f", "f" + std::to_string(I)));
  FunctionSummary Caller = function("run");
  CallSiteSummary C;
  C.Pointer = "o->f";
  C.IndirectKey = "ops.f";
  C.Site = {"/src/run.c", 2, 3};
  Caller.Calls.push_back(C);
  S.add(Caller);
  S.resolve(0, 2);
  EXPECT_EQ(S.lookup("c:@F@run")->Calls.size(), 1u);
  EXPECT_EQ(S.Indirect.OverLimit, 1u);
  EXPECT_EQ(S.Indirect.Resolved, 0u);
}

TEST(IndirectCalls, PointerTablesSurviveTheStore) {
  SummaryStore S;
  S.ModelHash = "m";
  S.addPointerTarget(target("a.o|ops.f", "fa"));
  FunctionSummary Caller = function("run");
  CallSiteSummary C;
  C.Pointer = "x->o.f";
  C.IndirectKey = "a.o|ops.f";
  C.IndirectType = "void (void *)";
  C.StoredAt = {"/src/t.c", 5, 7};
  C.Site = {"/src/run.c", 2, 3};
  Caller.Calls.push_back(C);
  S.add(Caller);
  llvm::SmallString<128> Path;
  ASSERT_FALSE(llvm::sys::fs::createTemporaryFile("ptrs", "json", Path));
  ASSERT_FALSE(llvm::errorToBool(S.writeJSON(Path)));
  llvm::Expected<SummaryStore> R = SummaryStore::readJSON(Path);
  llvm::sys::fs::remove(Path);
  ASSERT_TRUE(bool(R)) << llvm::toString(R.takeError());
  EXPECT_EQ(names(R->pointerTargets("a.o|ops.f")), (std::vector<std::string>{"fa"}));
  const CallSiteSummary &D = R->lookup("c:@F@run")->Calls.front();
  EXPECT_EQ(D.Pointer, C.Pointer);
  EXPECT_EQ(D.IndirectKey, C.IndirectKey);
  EXPECT_EQ(D.IndirectType, C.IndirectType);
  EXPECT_EQ(D.StoredAt, C.StoredAt);
}
