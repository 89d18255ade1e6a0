// The inline KmemCache fast path and the resident large runs must not skip
// any check or change any result of the out-of-line paths they shortcut.
#include "Recorder.h"
#include <kalloc/kalloc.h>

#include <gtest/gtest.h>

#include <cstring>
#include <thread>
#include <vector>

using namespace kalloc;

namespace {
struct Obj {
  long Id;
  char Payload[40];
};
} // namespace

TEST(FastPath, SleepingFlagsInAtomicContextAreStillReported) {
  KmemCache<Obj> Cache("fast_sleep");
  { CacheBox<Obj> Warm = Cache.alloc(Obj{}, GFP_KERNEL); } // the magazine now has objects
  Recorder R;
  SpinLock L;
  {
    SpinGuard G(L);
    CacheBox<Obj> A = Cache.alloc(Obj{1, {}}, GFP_ATOMIC);
    EXPECT_TRUE(Recorder::Seen().empty()) << "GFP_ATOMIC does not sleep";
    CacheBox<Obj> K = Cache.alloc(Obj{2, {}}, GFP_KERNEL);
    EXPECT_TRUE(A && K);
  }
  ASSERT_EQ(Recorder::Seen().size(), 1u);
  EXPECT_EQ(Recorder::Seen()[0].Kind, Violation::SleepInAtomic);
  EXPECT_NE(Recorder::Seen()[0].Message.find("FastPathTest.cpp"), std::string::npos)
      << "names the caller: " << Recorder::Seen()[0].Message;
}

TEST(FastPath, FaultInjectionCountsEveryHandleAllocation) {
  KmemCache<Obj> Cache("fast_fault");
  { CacheBox<Obj> Warm = Cache.alloc(Obj{}, GFP_KERNEL); }
  FailNth F(2);
  CacheBox<Obj> A = Cache.alloc(Obj{}, GFP_KERNEL);
  CacheBox<Obj> B = Cache.alloc(Obj{}, GFP_KERNEL);
  CacheBox<Obj> C = Cache.alloc(Obj{}, GFP_KERNEL);
  EXPECT_TRUE(A);
  EXPECT_FALSE(B) << "the second attempt fails even with objects in the magazine";
  EXPECT_TRUE(C);
  EXPECT_TRUE(F.fired());
  EXPECT_EQ(F.attempts(), 3u);
  EXPECT_EQ(Cache.live_objects(), 2u);
}

TEST(FastPath, FullMagazinesSpillAndLiveCountsStayExact) {
  KmemCache<Obj> Cache("fast_spill");
  std::vector<CacheBox<Obj>> Boxes;
  for (long I = 0; I < 1000; ++I) {
    Boxes.push_back(Cache.alloc(Obj{I, {}}, GFP_KERNEL));
    ASSERT_TRUE(Boxes.back());
  }
  EXPECT_EQ(Cache.live_objects(), 1000u);
  for (long I = 0; I < 1000; ++I)
    EXPECT_EQ(Boxes[std::size_t(I)]->Id, I);
  Boxes.resize(10); // 990 frees: the magazine spills into the cache many times
  EXPECT_EQ(Cache.live_objects(), 10u);
  // Handles freed on another thread (its own magazine, first use there).
  std::thread T([&] { Boxes.clear(); });
  T.join();
  EXPECT_EQ(Cache.live_objects(), 0u);
}

TEST(FastPath, HandlesOfTwoCachesNeverMix) {
  KmemCache<Obj> A("fast_a"), B("fast_b");
  std::vector<CacheBox<Obj>> Boxes;
  for (int I = 0; I < 200; ++I)
    Boxes.push_back(I % 2 ? A.alloc(Obj{}, GFP_KERNEL) : B.alloc(Obj{}, GFP_KERNEL));
  Boxes.clear();
  Recorder R;
  // Objects that went back to A are handed out by A only.
  void *P = kmem_cache_alloc(A.raw(), GFP_KERNEL);
  kmem_cache_free(B.raw(), P);
  ASSERT_EQ(Recorder::Seen().size(), 1u);
  EXPECT_EQ(Recorder::Seen()[0].Kind, Violation::WrongCache);
  kmem_cache_free(A.raw(), P);
  EXPECT_EQ(A.live_objects(), 0u);
  EXPECT_EQ(B.live_objects(), 0u);
}

TEST(FastPath, ACacheThatCouldNotBeCreatedGivesEmptyHandles) {
  struct Huge {
    char Bytes[20 * 1024];
  };
  auto *Cache = new KmemCache<Huge>("too_big"); // over a quarter slab: refused
  EXPECT_EQ(Cache->raw(), nullptr);
  CacheBox<Huge> H = Cache->alloc(Huge{}, GFP_KERNEL);
  EXPECT_FALSE(H);
  delete Cache;
}

TEST(FastPath, ReusedLargeRunsAreZeroedWhenAskedFor) {
  // A freed multi-slab run stays resident and comes back dirty unless
  // __GFP_ZERO is asked for.
  constexpr std::size_t Size = 200 * 1024;
  for (int Round = 0; Round < 3; ++Round) {
    auto *P = static_cast<unsigned char *>(kmalloc(Size, GFP_KERNEL));
    ASSERT_NE(P, nullptr);
    std::memset(P, 0xa5, Size);
    kfree(P);
    auto *Z = static_cast<unsigned char *>(kzalloc(Size, GFP_KERNEL));
    ASSERT_NE(Z, nullptr);
    bool AllZero = true;
    for (std::size_t I = 0; I < Size; ++I)
      AllZero &= Z[I] == 0;
    EXPECT_TRUE(AllZero) << "round " << Round;
    kfree(Z);
  }
}

TEST(FastPath, LargeRunsBeyondTheResidentBudgetStillWork) {
  // More freed large memory than stays resident: the rest is given back and
  // reused (zeroed by the system, or cleared for __GFP_ZERO).
  std::vector<void *> Ps;
  for (int I = 0; I < 64; ++I) {
    void *P = kmalloc(512 * 1024, GFP_KERNEL);
    ASSERT_NE(P, nullptr);
    std::memset(P, 0x5a, 512 * 1024);
    Ps.push_back(P);
  }
  for (void *P : Ps)
    kfree(P);
  for (void *&P : Ps) {
    P = kzalloc(512 * 1024, GFP_KERNEL);
    ASSERT_NE(P, nullptr);
    EXPECT_EQ(static_cast<unsigned char *>(P)[4096], 0);
    EXPECT_EQ(static_cast<unsigned char *>(P)[512 * 1024 - 1], 0);
  }
  for (void *P : Ps)
    kfree(P);
}
