// The backends and the containers over them, one typed test per backend.
#include "Recorder.h"
#include <kalloc/kalloc.h>

#include <gtest/gtest.h>
#include <cstring>
#include <string>

using namespace kalloc;

template <class A> class BackendTest : public ::testing::Test {};
using Backends = ::testing::Types<Kmalloc, Vmalloc, KVmalloc>;
TYPED_TEST_SUITE(BackendTest, Backends);

TYPED_TEST(BackendTest, ReallocAllocatesGrowsKeepsAndFrees) {
  using A = TypeParam;
  long Before = kmalloc_thread_balance();
  std::size_t VBefore = vmalloc_live_allocations();
  auto *P = static_cast<unsigned char *>(A::realloc(nullptr, {100, 8}, {}, GFP_KERNEL));
  ASSERT_NE(P, nullptr);
  for (int I = 0; I < 100; ++I)
    P[I] = static_cast<unsigned char>(I);
  // Growing past a page (and past any size class) keeps the contents.
  auto *Q = static_cast<unsigned char *>(A::realloc(P, {100000, 8}, {100, 8}, GFP_KERNEL));
  ASSERT_NE(Q, nullptr);
  for (int I = 0; I < 100; ++I)
    EXPECT_EQ(Q[I], I);
  std::memset(Q, 0xab, 100000); // all of it is usable
  // Size 0 frees.
  EXPECT_EQ(A::realloc(Q, {0, 8}, {100000, 8}, GFP_KERNEL), nullptr);
  EXPECT_EQ(kmalloc_thread_balance(), Before);
  EXPECT_EQ(vmalloc_live_allocations(), VBefore);
}

TYPED_TEST(BackendTest, AlignmentIsHonoured) {
  using A = TypeParam;
  for (std::size_t Align : {8, 16, 64, 256, 4096}) {
    void *P = A::alloc({Align, Align}, GFP_KERNEL);
    ASSERT_NE(P, nullptr) << Align;
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(P) % Align, 0u) << Align;
    A::free(P);
  }
}

TYPED_TEST(BackendTest, NonSleepingFlagsNeverMapButMayFail) {
  using A = TypeParam;
  void *Small = A::alloc({64, 8}, GFP_ATOMIC);
  if (std::is_same_v<A, Vmalloc>)
    EXPECT_EQ(Small, nullptr) << "vmalloc has no non-blocking path";
  else
    EXPECT_NE(Small, nullptr) << "small kmalloc comes from slabs already mapped";
  A::free(Small);
  // Large and atomic: kmalloc has no such slabs free yet, KVmalloc must not
  // fall back to vmalloc.
  std::size_t VBefore = vmalloc_live_allocations();
  void *Big = A::alloc({3 << 20, 8}, GFP_NOWAIT);
  EXPECT_EQ(vmalloc_live_allocations(), VBefore);
  A::free(Big);
}

TYPED_TEST(BackendTest, VecGrowsPopsAndKeepsOrder) {
  Vec<int, TypeParam> V;
  for (int I = 0; I < 10000; ++I)
    ASSERT_TRUE(V.push(I, GFP_KERNEL));
  EXPECT_EQ(V.size(), 10000u);
  EXPECT_GE(V.capacity(), 10000u);
  for (int I = 0; I < 10000; ++I)
    ASSERT_EQ(V[I], I);
  EXPECT_EQ(V.pop(), 9999);
  V.truncate(10);
  EXPECT_EQ(V.size(), 10u);
  int Sum = 0;
  for (int X : V)
    Sum += X;
  EXPECT_EQ(Sum, 45);
}

TYPED_TEST(BackendTest, VecCloneExtendResizeAndNonTrivialElements) {
  Vec<std::string, TypeParam> V;
  ASSERT_TRUE(V.push("alpha", GFP_KERNEL));
  ASSERT_TRUE(V.resize(40, "x", GFP_KERNEL)); // moves the strings when growing
  EXPECT_EQ(V[0], "alpha");
  EXPECT_EQ(V[39], "x");
  Result<Vec<std::string, TypeParam>> C = V.try_clone(GFP_KERNEL);
  ASSERT_TRUE(C);
  EXPECT_EQ(C->size(), 40u);
  EXPECT_EQ((*C.operator->())[0], "alpha");
  Vec<int, TypeParam> I;
  const int More[] = {1, 2, 3};
  ASSERT_TRUE(I.extend_from(More, GFP_KERNEL));
  EXPECT_EQ(I.size(), 3u);
}

TYPED_TEST(BackendTest, PushWithinCapacityNeverAllocates) {
  Result<Vec<int, TypeParam>> R = Vec<int, TypeParam>::with_capacity(2, GFP_KERNEL);
  ASSERT_TRUE(R);
  Vec<int, TypeParam> V = std::move(R).value();
  FailNth F(1); // any allocation would fail
  EXPECT_TRUE(V.push_within_capacity(1));
  EXPECT_TRUE(V.push_within_capacity(2));
  EXPECT_FALSE(V.push_within_capacity(3));
  EXPECT_EQ(F.attempts(), 0u);
  EXPECT_EQ(V.size(), 2u);
}

TYPED_TEST(BackendTest, FailedGrowthLeavesTheVecUnchanged) {
  Vec<int, TypeParam> V;
  for (int I = 0; I < 4; ++I)
    ASSERT_TRUE(V.push(I, GFP_KERNEL));
  const int *Data = V.data();
  std::size_t Cap = V.capacity();
  {
    FailRandomly F(1.0, 1); // every attempt, fallbacks included
    EXPECT_FALSE(V.reserve(100000, GFP_KERNEL));
  }
  EXPECT_EQ(V.size(), 4u);
  EXPECT_EQ(V.capacity(), Cap);
  EXPECT_EQ(V.data(), Data);
  EXPECT_EQ(V[3], 3);
}

TYPED_TEST(BackendTest, RawPartsRoundTripInTheSameBackend) {
  Vec<int, TypeParam> V;
  ASSERT_TRUE(V.resize(100, 7, GFP_KERNEL));
  std::size_t Len, Cap;
  int *Raw = std::move(V).into_raw_parts(Len, Cap);
  EXPECT_TRUE(V.empty());
  Vec<int, TypeParam> W = Vec<int, TypeParam>::from_raw_parts(Raw, Len, Cap);
  EXPECT_EQ(W.size(), 100u);
  EXPECT_EQ(W[99], 7);
}

TYPED_TEST(BackendTest, BoxCreatesAndRoundTrips) {
  Result<Box<std::string, TypeParam>> B = Box<std::string, TypeParam>::create("boxed", GFP_KERNEL);
  ASSERT_TRUE(B);
  Box<std::string, TypeParam> X = std::move(B).value();
  EXPECT_EQ(*X, "boxed");
  std::string *Raw = std::move(X).into_raw();
  EXPECT_FALSE(X);
  Box<std::string, TypeParam> Y = Box<std::string, TypeParam>::from_raw(Raw);
  EXPECT_EQ(Y->size(), 5u);
}

TEST(Kmalloc, CApiZeroesAndSizes) {
  auto *P = static_cast<unsigned char *>(kzalloc(100, GFP_KERNEL));
  ASSERT_NE(P, nullptr);
  EXPECT_GE(ksize(P), 100u);
  for (int I = 0; I < 100; ++I)
    ASSERT_EQ(P[I], 0);
  EXPECT_EQ(backend_of(P), Backend::Kmalloc);
  P = static_cast<unsigned char *>(krealloc(P, 20000, GFP_KERNEL));
  ASSERT_NE(P, nullptr);
  kfree(P);
  EXPECT_EQ(kcalloc(std::size_t(1) << 62, 8, GFP_KERNEL), nullptr) << "overflow is a failure, not a wrap";
}

TEST(KVmalloc, FallsBackToVmallocOnlyWhenItMayBlock) {
  void *Huge = kvmalloc(KMALLOC_MAX_SIZE + 1, GFP_KERNEL);
  ASSERT_NE(Huge, nullptr);
  EXPECT_EQ(backend_of(Huge), Backend::Vmalloc);
  kvfree(Huge);
  EXPECT_EQ(kvmalloc(KMALLOC_MAX_SIZE + 1, GFP_ATOMIC), nullptr);
}

TEST(KmemCache, ObjectsGoBackToTheirCache) {
  struct Req {
    int Id;
    char Payload[60];
  };
  KmemCache<Req> Cache("req");
  {
    CacheBox<Req> A = Cache.alloc(Req{1, {}}, GFP_KERNEL);
    CacheBox<Req> B = Cache.alloc(Req{2, {}}, GFP_ATOMIC);
    ASSERT_TRUE(A);
    ASSERT_TRUE(B);
    EXPECT_NE(A.get(), B.get());
    EXPECT_EQ(B->Id, 2);
    EXPECT_EQ(Cache.live_objects(), 2u);
    EXPECT_EQ(backend_of(A.get()), Backend::Cache);
  }
  EXPECT_EQ(Cache.live_objects(), 0u);
  // kfree() of a cache object is legal (Linux 6.4+) and goes to its cache.
  void *O = kmem_cache_alloc(Cache.raw(), GFP_KERNEL);
  kfree(O);
  EXPECT_EQ(Cache.live_objects(), 0u);
}

TEST(Context, MightSleepReportsTheGuard) {
  Recorder R;
  SpinLock L;
  {
    SpinGuard G(L);
    EXPECT_TRUE(in_atomic());
    void *P = kmalloc(32, GFP_ATOMIC);
    EXPECT_TRUE(Recorder::Seen().empty()) << "GFP_ATOMIC does not sleep";
    kfree(P);
    P = kmalloc(32, GFP_KERNEL);
    kfree(P);
  }
  EXPECT_FALSE(in_atomic());
  ASSERT_EQ(Recorder::Seen().size(), 1u);
  EXPECT_EQ(Recorder::Seen()[0].Kind, Violation::SleepInAtomic);
  EXPECT_NE(Recorder::Seen()[0].Message.find("spin lock taken (SpinLock) at"), std::string::npos)
      << Recorder::Seen()[0].Message;
  {
    RcuReadGuard G;
    PreemptGuard P;
    EXPECT_EQ(atomic_depth(), 2u);
  }
  EXPECT_EQ(atomic_depth(), 0u);
  might_sleep(); // fine outside
  EXPECT_EQ(Recorder::Seen().size(), 1u);
}
