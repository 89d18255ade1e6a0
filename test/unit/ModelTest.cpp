//===- ModelTest.cpp - loading model files --------------------------------===//
#include "allocflags/Model/Model.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include "gtest/gtest.h"

using namespace allocflags;

namespace {

std::string writeTemp(const std::string &Text) {
  llvm::SmallString<128> Path;
  int FD;
  EXPECT_FALSE(llvm::sys::fs::createTemporaryFile("model", "yaml", FD, Path));
  llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
  OS << Text;
  return std::string(Path);
}

std::string loadError(const std::string &Text, std::string *PathOut = nullptr) {
  std::string Path = writeTemp(Text);
  if (PathOut)
    *PathOut = Path;
  auto M = Model::load({Path});
  if (M)
    return "";
  return llvm::toString(M.takeError());
}

TEST(Model, ShippedKernelModelLoads) {
  auto M = Model::load({ALLOCFLAGS_SOURCE_MODEL});
  ASSERT_TRUE(bool(M)) << llvm::toString(M.takeError());
  const FunctionFacts *Lock = M->lookup("spin_lock_irqsave");
  ASSERT_TRUE(Lock && Lock->Context);
  EXPECT_EQ(Lock->Context->Enter.size(), 2u);
  EXPECT_EQ(Lock->Context->LockArg, 0);
  const FunctionFacts *Try = M->lookup("spin_trylock");
  ASSERT_TRUE(Try && Try->Context);
  EXPECT_EQ(Try->Context->When, WhenKind::NonZero);
  const FunctionFacts *Kz = M->lookup("kzalloc");
  ASSERT_TRUE(Kz && Kz->Alloc);
  EXPECT_EQ(Kz->Alloc->FlagsArg, 1);
  EXPECT_EQ(Kz->Alloc->Family, "kmalloc");
  const FunctionFacts *Vfree = M->lookup("vfree");
  ASSERT_TRUE(Vfree && Vfree->Sleeps && Vfree->Free);
  EXPECT_EQ(Vfree->Sleeps->Condition, SleepConditionKind::OutsideInterrupt);
  EXPECT_EQ(Vfree->Sleeps->VmallocArg, -1);
  const FunctionFacts *Kvfree = M->lookup("kvfree");
  ASSERT_TRUE(Kvfree && Kvfree->Sleeps);
  EXPECT_EQ(Kvfree->Sleeps->VmallocArg, 0); // sleeps only in vfree()
  auto Kv = M->findFamily("kvmalloc");
  ASSERT_TRUE(Kv);
  EXPECT_EQ(M->families()[*Kv].IfNonBlocking, "kmalloc");
  EXPECT_FALSE(M->lookup("mutex_unlock"));
  auto Bh = M->findKind("bh");
  ASSERT_TRUE(Bh);
  EXPECT_TRUE(M->kind(*Bh).Interrupt);
}

TEST(Model, LaterFilesOverrideAndExtend) {
  std::string Extra = writeTemp(R"(version: 1
contexts:
  - kind: hw
    keyed: true
    note: "hw {lock}"
primitives:
  - names: [hw_take]
    enter: [hw, spin]
    lock_arg: 1
families:
  - name: mine
allocators:
  - names: [kzalloc]
    family: mine
    flags_arg: 0
)");
  auto M = Model::load({ALLOCFLAGS_SOURCE_MODEL, Extra});
  ASSERT_TRUE(bool(M)) << llvm::toString(M.takeError());
  const FunctionFacts *F = M->lookup("hw_take");
  ASSERT_TRUE(F && F->Context);
  EXPECT_EQ(F->Context->Enter.size(), 2u);
  EXPECT_EQ(F->Context->LockArg, 1);
  EXPECT_EQ(M->lookup("kzalloc")->Alloc->Family, "mine");
  EXPECT_EQ(M->files().size(), 2u);
}

TEST(Model, ErrorsNameFileLineAndColumn) {
  std::string Path;
  std::string E = loadError("version: 1\nprimitives:\n  - names: [a]\n    enter: [nope]\n", &Path);
  EXPECT_EQ(E, Path + ":3:5: unknown context kind 'nope' (declare it under 'contexts')");
  E = loadError("version: 1\nsleeping:\n  - names: [a]\n    conditon: always\n", &Path);
  EXPECT_EQ(E, Path + ":4:5: unknown key 'conditon'");
  E = loadError("version: 2\n", &Path);
  EXPECT_EQ(E, Path + ":1:1: unsupported model version 2 (this allocflags reads version 1)");
  E = loadError("version: 1\nallocators:\n  - names: [a]\n    family: k\n    flags_arg: x\n", &Path);
  EXPECT_NE(E.find(Path + ":5:16: "), std::string::npos) << E;
  E = loadError("version: 1\nprimitives: [\n", &Path);
  EXPECT_NE(E.find(Path + ":"), std::string::npos) << E;
  E = loadError("version: 1\nprimitives:\n  - names: [f]\n    enter: [spin]\n    when: nonzero\n    leave: [spin]\n",
                &Path);
  EXPECT_NE(E.find("unknown context kind 'spin'"), std::string::npos) << E; // no contexts declared here
  auto Missing = Model::load({"/nonexistent/model.yaml"});
  ASSERT_FALSE(bool(Missing));
  EXPECT_NE(llvm::toString(Missing.takeError()).find("/nonexistent/model.yaml: cannot read model file"),
            std::string::npos);
}

TEST(Model, ConditionalPrimitivesCannotLeave) {
  std::string Path;
  std::string E = loadError("version: 1\ncontexts:\n  - kind: k\n    note: n\nprimitives:\n"
                            "  - names: [f]\n    enter: [k]\n    leave: [k]\n    when: zero\n",
                            &Path);
  EXPECT_EQ(E, Path + ":6:5: a conditional primitive ('when') can only enter contexts");
}

TEST(Model, VmallocArgAndNonBlockingFamily) {
  std::string Path;
  std::string E = loadError("version: 1\nsleeping:\n  - names: [f]\n    vmalloc_arg: -2\n", &Path);
  EXPECT_EQ(E, Path + ":3:5: condition_arg and vmalloc_arg must be an argument index (0-based) or -1");
  E = loadError("version: 1\nfamilies:\n  - name: k\n    if_nonblocking: k\n", &Path);
  EXPECT_EQ(E, Path + ":3:5: if_nonblocking is for a 'maybe' family");
}

TEST(Model, NotifierChains) {
  auto M = Model::load({ALLOCFLAGS_SOURCE_MODEL});
  ASSERT_TRUE(bool(M)) << llvm::toString(M.takeError());
  const FunctionFacts *Run = M->lookup("atomic_notifier_call_chain");
  ASSERT_TRUE(Run && Run->RunsChain);
  EXPECT_EQ(Run->RunsChain->ChainArg, 0);
  const FunctionFacts *Reg = M->lookup("register_netevent_notifier");
  ASSERT_TRUE(Reg && Reg->RegistersOnChain);
  EXPECT_EQ(Reg->RegistersOnChain->Chain, "netevent_notif_chain");
  EXPECT_EQ(Reg->RegistersOnChain->ChainArg, -1);
  EXPECT_EQ(Reg->RegistersOnChain->BlockArg, 0);
  EXPECT_EQ(Reg->RegistersOnChain->CallbackField, "notifier_block.notifier_call");
  EXPECT_FALSE(M->lookup("blocking_notifier_call_chain")) << "process context: not a chain run atomically";

  std::string Path;
  std::string E = loadError("version: 1\nnotifier_chains:\n  - run: [r]\n    callback_field: nb.call\n", &Path);
  EXPECT_EQ(E, Path + ":3:5: notifier chain entry needs 'chain' (a wrapper around one chain) or the chain's "
                      "argument ('chain_arg' to run, 'register_chain_arg' to register)");
  E = loadError("version: 1\nnotifier_chains:\n  - chain: c\n    run: [r]\n    callback_field: call\n", &Path);
  EXPECT_EQ(E, Path + ":3:5: notifier chain 'callback_field' is 'record.field' (notifier_block.notifier_call)");
  E = loadError("version: 1\nnotifier_chains:\n  - chain: c\n    run: [r]\n", &Path);
  EXPECT_NE(E.find("missing required key 'callback_field'"), std::string::npos) << E;
}

} // namespace
