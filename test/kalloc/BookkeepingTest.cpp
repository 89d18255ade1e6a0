// The library's own bookkeeping, which takes no memory without flags: free
// slab runs listed through their headers, cache descriptors and names from
// kmalloc, reports in a fixed buffer, the vmalloc arena's page table.
#include "Recorder.h"
#include <kalloc/kalloc.h>

#include <gtest/gtest.h>
#include <algorithm>
#include <cstring>
#include <random>
#include <string>
#include <vector>

using namespace kalloc;

TEST(Bookkeeping, FreeSlabRunsAreReusedByLength) {
  // Large kmalloc allocations take whole runs of slabs; a run freed is the
  // next one of its length handed out.
  void *A = kmalloc(150000, GFP_KERNEL); // 3 slabs
  void *B = kmalloc(300000, GFP_KERNEL); // 5 slabs
  ASSERT_TRUE(A && B);
  kfree(A);
  kfree(B);
  EXPECT_EQ(kmalloc(300000, GFP_KERNEL), B);
  EXPECT_EQ(kmalloc(150000, GFP_KERNEL), A);
  kfree(A);
  kfree(B);
}

TEST(Bookkeeping, RunsPastTheResidentLimitAreReusedToo) {
  // Three runs of the largest size: more than the arena keeps resident, so
  // some go back to the system and keep only the header page that links
  // them.  All come back, zeroed where asked.
  long Balance = kmalloc_thread_balance();
  void *P[3];
  for (void *&X : P) {
    X = kmalloc(KMALLOC_MAX_SIZE, GFP_KERNEL);
    ASSERT_NE(X, nullptr);
    std::memset(X, 0xab, KMALLOC_MAX_SIZE);
  }
  for (void *X : P)
    kfree(X);
  void *Again[3];
  for (void *&X : Again) {
    auto *Q = static_cast<unsigned char *>(kzalloc(KMALLOC_MAX_SIZE, GFP_KERNEL));
    ASSERT_NE(Q, nullptr);
    EXPECT_NE(std::find(std::begin(P), std::end(P), Q), std::end(P)) << "a free run is reused";
    EXPECT_EQ(Q[0], 0);
    EXPECT_EQ(Q[KMALLOC_MAX_SIZE - 1], 0);
    X = Q;
  }
  for (void *X : Again)
    kfree(X);
  EXPECT_EQ(kmalloc_thread_balance(), Balance);
}

TEST(Bookkeeping, ManyCachesUpToTheLimit) {
  long Balance = kmalloc_thread_balance();
  std::vector<kmem_cache *> Caches;
  for (unsigned I = 0;; ++I) {
    std::string Name = "many_" + std::to_string(I);
    kmem_cache *C = kmem_cache_create(Name.c_str(), 8 + I % 200, 8);
    if (!C)
      break;
    EXPECT_STREQ(kmem_cache_name(C), Name.c_str());
    Caches.push_back(C);
  }
  EXPECT_GE(Caches.size(), 1000u) << "at most 1024 caches alive at once, the limit is reached";
  EXPECT_LE(Caches.size(), 1024u);
  for (kmem_cache *C : Caches) {
    void *O = kmem_cache_alloc(C, GFP_KERNEL);
    ASSERT_NE(O, nullptr);
    kmem_cache_free(C, O);
    EXPECT_EQ(kmem_cache_live_objects(C), 0u);
  }
  for (kmem_cache *C : Caches)
    kmem_cache_destroy(C);
  EXPECT_EQ(kmalloc_thread_balance(), Balance) << "descriptors and names go back, also of the refused cache";
  kmem_cache *Again = kmem_cache_create("after_many", 32, 8);
  EXPECT_NE(Again, nullptr) << "destroyed caches free their ids";
  kmem_cache_destroy(Again);
}

TEST(Bookkeeping, CacheCreationAllocatesWithGfpKernel) {
  long Balance = kmalloc_thread_balance();
  for (unsigned N = 1; N <= 2; ++N) { // the descriptor, then the name
    FailNth F(N);
    EXPECT_EQ(kmem_cache_create("faulty", 32, 8), nullptr) << "failing allocation " << N;
    EXPECT_TRUE(F.fired());
    EXPECT_EQ(kmalloc_thread_balance(), Balance) << "failing allocation " << N;
  }
  {
    FailNth F(3);
    kmem_cache *C = kmem_cache_create("faulty", 32, 8);
    EXPECT_NE(C, nullptr);
    EXPECT_EQ(F.attempts(), 2u) << "two allocations: descriptor and name";
    kmem_cache_destroy(C);
  }
  // It may sleep: in atomic context it is reported like any GFP_KERNEL.
  Recorder R;
  SpinLock L;
  kmem_cache *C;
  {
    SpinGuard G(L);
    C = kmem_cache_create("under_lock", 32, 8);
  }
  ASSERT_FALSE(Recorder::Seen().empty());
  EXPECT_EQ(Recorder::Seen()[0].Kind, Violation::SleepInAtomic);
  kmem_cache_destroy(C);
}

TEST(Bookkeeping, LongNamesAndReportsCutWithDots) {
  std::string Name(5000, 'n');
  Name.back() = 'z';
  kmem_cache *C = kmem_cache_create(Name.c_str(), 16, 8);
  ASSERT_NE(C, nullptr);
  EXPECT_EQ(std::string(kmem_cache_name(C)), Name);
  void *O = kmem_cache_alloc(C, GFP_KERNEL);
  ASSERT_NE(O, nullptr);
  {
    Recorder R;
    kmem_cache_destroy(C); // an object is still out: reported, kept
    ASSERT_EQ(Recorder::Seen().size(), 1u);
    const std::string &M = Recorder::Seen()[0].Message;
    EXPECT_EQ(Recorder::Seen()[0].Kind, Violation::CacheNotEmpty);
    EXPECT_EQ(M.size(), 1023u) << "a 1024-byte buffer, its NUL included";
    EXPECT_EQ(M.rfind("kmem_cache_destroy(nnnn", 0), 0u) << M.substr(0, 40);
    EXPECT_EQ(M.substr(M.size() - 4), "n...");
  }
  kmem_cache_free(C, O);
  kmem_cache_destroy(C);
}

TEST(Bookkeeping, VmallocManyPagesFreedInRandomOrder) {
  std::size_t Live = vmalloc_live_allocations();
  std::mt19937 Rng(42);
  struct Area {
    char *P;
    std::size_t Bytes;
  };
  std::vector<Area> Areas;
  std::size_t TotalPages = 0;
  for (int I = 0; I < 300; ++I) {
    std::size_t Pages = 1 + Rng() % 64;
    std::size_t Bytes = Pages * 4096 - Rng() % 4096;
    auto *P = static_cast<char *>(vmalloc(Bytes));
    ASSERT_NE(P, nullptr) << I;
    P[0] = 1, P[Bytes - 1] = 2; // every page asked for is mapped
    Areas.push_back({P, Bytes});
    TotalPages += Pages + 1; // and its guard page
  }
  EXPECT_EQ(vmalloc_live_allocations(), Live + 300);
  std::vector<Area> Sorted = Areas;
  std::sort(Sorted.begin(), Sorted.end(), [](const Area &A, const Area &B) { return A.P < B.P; });
  for (std::size_t I = 1; I < Sorted.size(); ++I)
    EXPECT_GE(Sorted[I].P, Sorted[I - 1].P + Sorted[I - 1].Bytes + 4096) << "no overlap, a guard page between";
  char *Lowest = Sorted.front().P, *Highest = Sorted.back().P;

  // Holes are reused before the arena grows.
  std::shuffle(Areas.begin(), Areas.end(), Rng);
  for (std::size_t I = 0; I < Areas.size(); I += 2)
    vfree(Areas[I].P);
  auto *Hole = static_cast<char *>(vmalloc(Areas[0].Bytes));
  ASSERT_NE(Hole, nullptr);
  EXPECT_TRUE(Hole >= Lowest && Hole <= Highest) << "a freed run is reused";
  vfree(Hole);
  for (std::size_t I = 1; I < Areas.size(); I += 2) {
    EXPECT_EQ(Areas[I].P[0], 1);
    EXPECT_EQ(Areas[I].P[Areas[I].Bytes - 1], 2);
    vfree(Areas[I].P);
  }
  EXPECT_EQ(vmalloc_live_allocations(), Live);

  // Freed runs merge: all of them again, as one allocation, fit where they were.
  auto *All = static_cast<char *>(vmalloc((TotalPages - 1) * 4096));
  ASSERT_NE(All, nullptr);
  EXPECT_LE(All, Lowest) << "the freed runs merged into one";
  All[(TotalPages - 1) * 4096 - 1] = 3;
  vfree(All);
  EXPECT_EQ(vmalloc_live_allocations(), Live);
}

TEST(Bookkeeping, VfreeInsideAnAllocationIsReportedAndFreesNothing) {
  Recorder R;
  auto *P = static_cast<char *>(vmalloc(3 * 4096));
  ASSERT_NE(P, nullptr);
  std::size_t Live = vmalloc_live_allocations();
  vfree(P + 4096);
  ASSERT_EQ(Recorder::Seen().size(), 1u);
  EXPECT_EQ(Recorder::Seen()[0].Kind, Violation::BadPointer);
  EXPECT_EQ(vmalloc_live_allocations(), Live);
  P[3 * 4096 - 1] = 1; // still mapped
  vfree(P);
  EXPECT_EQ(vmalloc_live_allocations(), Live - 1);
}
