// Fails every allocation of a workload in turn (N = 1, 2, ... until a run
// has no Nth allocation): each run must report the failure, leave the
// container it was growing unchanged, and leak nothing.
#include <kalloc/kalloc.h>

#include <gtest/gtest.h>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
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

// --- every public operation, every backend ------------------------------------
//
// Each allocating operation of the containers, run from a fixed starting
// state with its Nth allocation failed for every N until it makes no Nth:
// a failure leaves the container exactly as it was (length, capacity,
// buffer, elements) and, once everything is dropped, nothing is left
// allocated - kmalloc/vmalloc balances here, and the elements' own heap
// memory (std::string) under LeakSanitizer in the sanitizer build.

namespace {

template <class T> T element(int I);
template <> int element<int>(int I) { return I; }
template <> std::string element<std::string>(int I) {
  return "element " + std::to_string(I) + ", long enough to be on the heap";
}

template <class V> struct State {
  std::size_t Size, Cap;
  const void *Data;
  std::vector<typename std::remove_cvref_t<decltype(*std::declval<V &>().data())>> Items;
  static State of(const V &X) { return {X.size(), X.capacity(), X.data(), {X.begin(), X.end()}}; }
  bool operator==(const State &) const = default;
};

/// Starting states: empty, full (the next element reallocates) and with
/// room to spare.
enum class Start { Empty, Full, Roomy };

template <class V> bool setUp(V &X, Start S) {
  using T = std::remove_cvref_t<decltype(*X.data())>;
  if (S == Start::Empty)
    return true;
  if (!X.reserve_exact(S == Start::Full ? 5 : 64, GFP_KERNEL))
    return false;
  for (int I = 0; I < 5; ++I)
    if (!X.push(element<T>(I), GFP_KERNEL))
      return false;
  return true;
}

template <class R> Status statusOf(const R &X) { return X ? Status::ok() : Status(X.error()); }

/// Runs \p Op on a vector set up as \p S, failing its Nth allocation for
/// every N.  Returns the number of allocation attempts \p Op makes without
/// faults.
template <class V, class OpFn> unsigned sweep(const char *Name, Start S, OpFn Op) {
  long Balance = kmalloc_thread_balance();
  std::size_t VLive = vmalloc_live_allocations();
  unsigned N = 1;
  for (;; ++N) {
    bool Fired;
    {
      V X;
      EXPECT_TRUE(setUp(X, S));
      State<V> Before = State<V>::of(X);
      std::optional<Status> R;
      {
        FailNth F(N);
        R.emplace(Op(X));
        Fired = F.fired();
      }
      if (!*R)
        EXPECT_EQ(State<V>::of(X), Before) << Name << ": failing allocation " << N << " changed the vector";
      // Without faults, only a vector that must not grow may say no.
      if (!Fired && !*R)
        EXPECT_EQ(R->error().Kind, AllocErrorKind::CapacityFull) << Name << " fails without faults";
      // A failure surfaces or is absorbed by a fallback (kvmalloc's
      // vmalloc); either way nothing leaks once X is gone.
    }
    EXPECT_EQ(kmalloc_thread_balance(), Balance) << Name << ": kmalloc leak after failing allocation " << N;
    EXPECT_EQ(vmalloc_live_allocations(), VLive) << Name << ": vmalloc leak after failing allocation " << N;
    if (!Fired)
      break;
  }
  return N - 1;
}

template <class T, class A> void sweepVec() {
  using V = Vec<T, A>;
  static const T Ext[3] = {element<T>(100), element<T>(101), element<T>(102)};
  static const T Value = element<T>(7);
  const T Many[40] = {};
  unsigned Attempts = 0;
  for (Start S : {Start::Empty, Start::Full, Start::Roomy}) {
    SCOPED_TRACE(S == Start::Empty ? "empty" : S == Start::Full ? "full" : "roomy");
    Attempts += sweep<V>("push", S, [](V &X) { return X.push(element<T>(9), GFP_KERNEL); });
    Attempts += sweep<V>("push_within_capacity", S, [](V &X) { return X.push_within_capacity(element<T>(9)); });
    Attempts += sweep<V>("extend_from", S, [](V &X) { return X.extend_from(Ext, GFP_KERNEL); });
    Attempts += sweep<V>("extend_from(many)", S, [&](V &X) { return X.extend_from(Many, GFP_KERNEL); });
    Attempts += sweep<V>("extend_from(itself)", S, [](V &X) {
      return X.extend_from(std::span<const T>(X.data(), X.size()), GFP_KERNEL);
    });
    Attempts += sweep<V>("resize(grow)", S, [](V &X) { return X.resize(X.size() + 50, Value, GFP_KERNEL); });
    Attempts += sweep<V>("resize(grow, own element)", S, [](V &X) {
      return X.empty() ? Status::ok() : X.resize(X.size() + 50, X[0], GFP_KERNEL);
    });
    Attempts += sweep<V>("resize(shrink)", S, [](V &X) { return X.resize(X.size() / 2, Value, GFP_KERNEL); });
    Attempts += sweep<V>("reserve", S, [](V &X) { return X.reserve(1000, GFP_KERNEL); });
    Attempts += sweep<V>("reserve(large)", S, [](V &X) { return X.reserve(50000, GFP_KERNEL); });
    Attempts += sweep<V>("reserve_exact", S, [](V &X) { return X.reserve_exact(1000, GFP_KERNEL); });
    Attempts += sweep<V>("with_capacity", S, [](V &) { return statusOf(V::with_capacity(1000, GFP_KERNEL)); });
    Attempts += sweep<V>("try_clone", S, [](V &X) {
      Result<V> C = X.try_clone(GFP_KERNEL);
      if (C)
        EXPECT_EQ(C->size(), X.size());
      return statusOf(C);
    });
    Attempts += sweep<V>("raw parts round trip, then push", S, [](V &X) {
      std::size_t L, C;
      T *P = std::move(X).into_raw_parts(L, C);
      X = V::from_raw_parts(P, L, C);
      return X.push(element<T>(9), GFP_KERNEL);
    });
    Attempts += sweep<V>("Box::create", S, [](V &) { return statusOf(Box<T, A>::create(element<T>(3), GFP_KERNEL)); });
  }
  EXPECT_GE(Attempts, 15u) << "the operations should allocate";
}

} // namespace

template <class A> class FaultSweepOps : public ::testing::Test {};
using SweepBackends = ::testing::Types<Kmalloc, Vmalloc, KVmalloc>;
TYPED_TEST_SUITE(FaultSweepOps, SweepBackends);

TYPED_TEST(FaultSweepOps, EveryVecAndBoxOperationTrivialElements) { sweepVec<int, TypeParam>(); }
TYPED_TEST(FaultSweepOps, EveryVecAndBoxOperationHeapElements) { sweepVec<std::string, TypeParam>(); }

TEST(FaultSweepOps, KmemCacheAndCApi) {
  KmemCache<std::string> Cache("sweep_ops");
  long Balance = kmalloc_thread_balance();
  std::size_t VLive = vmalloc_live_allocations();
  for (unsigned N = 1;; ++N) {
    bool Fired;
    {
      FailNth F(N);
      // Enough objects for the thread's magazine to run dry and refill
      // several times (it trades 32 at a time).
      std::vector<CacheBox<std::string>> Objects;
      for (int I = 0; I < 300; ++I) {
        CacheBox<std::string> O = Cache.alloc(element<std::string>(I), GFP_KERNEL);
        if (!O)
          break;
        Objects.push_back(std::move(O));
      }
      void *K = kmalloc_array(100, 8, GFP_KERNEL);
      auto *R = static_cast<char *>(kmalloc(16, GFP_KERNEL));
      if (R) {
        std::memcpy(R, "fifteen chars..", 16);
        if (char *G = static_cast<char *>(krealloc(R, 100000, GFP_KERNEL)))
          R = G;
        EXPECT_STREQ(R, "fifteen chars..") << "krealloc keeps the old buffer when it fails";
      }
      void *KV = kvmalloc(1 << 20, GFP_KERNEL);
      void *VM = vmalloc(8192);
      kfree(K), kfree(R), kvfree(KV), vfree(VM);
      Fired = F.fired();
    }
    EXPECT_EQ(Cache.live_objects(), 0u) << "after failing allocation " << N;
    EXPECT_EQ(kmalloc_thread_balance(), Balance) << "after failing allocation " << N;
    EXPECT_EQ(vmalloc_live_allocations(), VLive) << "after failing allocation " << N;
    if (!Fired)
      break;
  }
}
