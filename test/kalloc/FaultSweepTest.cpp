// Fails every allocation of a workload in turn (N = 1, 2, ... until a run
// has no Nth allocation): each run must report the failure, leave the
// container it was growing unchanged, and leak nothing.
#include <kalloc/kalloc.h>

#include <gtest/gtest.h>
#include <vector>

using namespace kalloc;

namespace {

struct Snapshot {
  std::size_t Size, Cap;
  std::vector<int> Items;
  template <class V> static Snapshot of(const V &X) {
    return {X.size(), X.capacity(), std::vector<int>(X.begin(), X.end())};
  }
  bool operator==(const Snapshot &) const = default;
};

/// A driver-ish workload over all backends; false at the first failure,
/// with the container being grown unchanged by it.
bool workload(bool &Unchanged) {
  Unchanged = true;
  KVec<int> K;
  KVVec<int> KV;
  VVec<int> V;
  KmemCache<long> Cache("sweep");
  for (int I = 0; I < 300; ++I) {
    Snapshot Before = Snapshot::of(K);
    if (!K.push(I, GFP_KERNEL)) {
      Unchanged = Snapshot::of(K) == Before;
      return false;
    }
    if (I % 50 == 0) {
      Snapshot B2 = Snapshot::of(KV);
      if (!KV.resize(KV.size() + 20000, I, GFP_KERNEL)) {
        Unchanged = Snapshot::of(KV) == B2;
        return false;
      }
      CacheBox<long> O = Cache.alloc(I, GFP_KERNEL);
      if (!O)
        return false;
    }
    if (I % 100 == 0) {
      Snapshot B3 = Snapshot::of(V);
      if (!V.reserve(V.capacity() + 5000, GFP_KERNEL)) {
        Unchanged = Snapshot::of(V) == B3;
        return false;
      }
    }
  }
  Result<KVec<int>> Copy = K.try_clone(GFP_KERNEL);
  return Copy.is_ok() && Copy->size() == 300;
}

} // namespace

TEST(FaultSweep, EveryAllocationFailureIsHandled) {
  long Balance = kmalloc_thread_balance();
  std::size_t VLive = vmalloc_live_allocations();
  bool Unchanged;
  ASSERT_TRUE(workload(Unchanged)) << "the workload must succeed without faults";
  unsigned N = 1, Failed = 0;
  for (;; ++N) {
    FailNth F(N);
    bool Ok = workload(Unchanged);
    if (!F.fired()) {
      EXPECT_TRUE(Ok);
      break;
    }
    // A failure is reported, or absorbed by a fallback (kvmalloc's vmalloc
    // after a failed kmalloc) - never half-done.
    Failed += !Ok;
    EXPECT_TRUE(Unchanged) << "failure " << N << " changed the container";
    ASSERT_EQ(kmalloc_thread_balance(), Balance) << "leak after failure " << N;
    ASSERT_EQ(vmalloc_live_allocations(), VLive) << "vmalloc leak after failure " << N;
  }
  EXPECT_GT(N, 20u) << "the workload should allocate many times";
  EXPECT_GT(Failed, N / 2) << "most single failures must surface";
}

TEST(FaultSweep, RandomFailuresNeverLeak) {
  long Balance = kmalloc_thread_balance();
  bool Unchanged;
  for (std::uint64_t Seed = 1; Seed <= 50; ++Seed) {
    FailRandomly F(0.05, Seed);
    (void)workload(Unchanged);
    EXPECT_TRUE(Unchanged) << Seed;
  }
  EXPECT_EQ(kmalloc_thread_balance(), Balance);
}
