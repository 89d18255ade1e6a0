// Sizes that do not fit: every allocating entry point fails cleanly (no
// allocation, no wrap to a small buffer, the container unchanged) and says
// why (AllocErrorKind::Overflow with the flags it was given).
#include <kalloc/kalloc.h>

#include <gtest/gtest.h>
#include <cstdint>
#include <string>

using namespace kalloc;

namespace {

/// 2^61 + 1 elements of 8 bytes: the product wraps to 8, a size every
/// backend would happily allocate.
constexpr std::size_t WrapsToEight = (std::size_t(1) << 61) + 1;

/// Nothing allocated (kmalloc on this thread, vmalloc anywhere) while alive.
class NoAllocation {
public:
  ~NoAllocation() {
    EXPECT_EQ(kmalloc_thread_balance(), Balance);
    EXPECT_EQ(vmalloc_live_allocations(), VLive);
  }

private:
  long Balance = kmalloc_thread_balance();
  std::size_t VLive = vmalloc_live_allocations();
};

} // namespace

TEST(Overflow, SaturatingArithmetic) {
  static_assert(size_mul(3, 4) == 12 && size_add(3, 4) == 7);
  static_assert(size_mul(SIZE_MAX / 2 + 1, 2) == SIZE_MAX);
  static_assert(size_add(SIZE_MAX - 1, 2) == SIZE_MAX);
  static_assert(size_mul(SIZE_MAX, 0) == 0);
  static_assert(array_size(WrapsToEight, 8) == SIZE_MAX);
  static_assert(size_round_up(13, 8) == 16 && size_round_up(16, 8) == 16 && size_round_up(12, 12) == 12);
  static_assert(size_round_up(SIZE_MAX - 2, 8) == SIZE_MAX);
  // Saturation sticks: one check at the end of a chain is enough.
  static_assert(size_add(size_mul(WrapsToEight, 8), 64) == SIZE_MAX);
}

TEST(Overflow, LayoutArraySaturates) {
  EXPECT_EQ(Layout::array<std::uint64_t>(10).size, 80u);
  EXPECT_EQ(Layout::array<std::uint64_t>(WrapsToEight).size, SIZE_MAX);
  EXPECT_EQ(Layout::array<char>(SIZE_MAX).size, SIZE_MAX);
  EXPECT_EQ(Layout::array<std::uint32_t>(SIZE_MAX / 2).size, SIZE_MAX);
  EXPECT_EQ(Layout::array<std::uint64_t>(WrapsToEight).align, alignof(std::uint64_t));
}

template <class A> class OverflowBackendTest : public ::testing::Test {};
using Backends = ::testing::Types<Kmalloc, Vmalloc, KVmalloc>;
TYPED_TEST_SUITE(OverflowBackendTest, Backends);

TYPED_TEST(OverflowBackendTest, RefusesSaturatedSizes) {
  using A = TypeParam;
  NoAllocation Guard;
  EXPECT_EQ(A::alloc({SIZE_MAX, 8}, GFP_KERNEL), nullptr);
  EXPECT_EQ(A::alloc(Layout::array<std::uint64_t>(WrapsToEight), GFP_KERNEL), nullptr);
  EXPECT_EQ(A::realloc(nullptr, {SIZE_MAX, 8}, {}, GFP_KERNEL), nullptr);
  EXPECT_EQ(A::alloc({SIZE_MAX - 4096, 8}, GFP_KERNEL), nullptr) << "near SIZE_MAX: rounding up must not wrap";
}

TYPED_TEST(OverflowBackendTest, ReallocToASaturatedSizeKeepsTheOldBuffer) {
  using A = TypeParam;
  NoAllocation Guard;
  auto *P = static_cast<std::uint64_t *>(A::alloc(Layout::array<std::uint64_t>(16), GFP_KERNEL));
  ASSERT_NE(P, nullptr);
  for (int I = 0; I < 16; ++I)
    P[I] = std::uint64_t(I);
  EXPECT_EQ(A::realloc(P, Layout::array<std::uint64_t>(WrapsToEight), Layout::array<std::uint64_t>(16), GFP_KERNEL),
            nullptr);
  for (int I = 0; I < 16; ++I)
    ASSERT_EQ(P[I], std::uint64_t(I));
  A::free(P);
}

TEST(Overflow, CApiRefusesHugeAndWrappingSizes) {
  NoAllocation Guard;
  EXPECT_EQ(kmalloc(SIZE_MAX, GFP_KERNEL), nullptr);
  EXPECT_EQ(kzalloc(SIZE_MAX, GFP_KERNEL), nullptr);
  EXPECT_EQ(kmalloc_array(WrapsToEight, 8, GFP_KERNEL), nullptr);
  EXPECT_EQ(kcalloc(WrapsToEight, 8, GFP_KERNEL), nullptr);
  EXPECT_EQ(vmalloc(SIZE_MAX), nullptr);
  EXPECT_EQ(vzalloc(SIZE_MAX), nullptr);
  EXPECT_EQ(__vmalloc(SIZE_MAX, GFP_KERNEL), nullptr);
  EXPECT_EQ(kvmalloc(SIZE_MAX, GFP_KERNEL), nullptr);
  EXPECT_EQ(kvzalloc(SIZE_MAX, GFP_KERNEL), nullptr);
  EXPECT_EQ(kvcalloc(WrapsToEight, 8, GFP_KERNEL), nullptr);
  void *P = kmalloc(64, GFP_KERNEL);
  EXPECT_EQ(krealloc(P, SIZE_MAX, GFP_KERNEL), nullptr);
  EXPECT_EQ(ksize(P), 64u) << "the old buffer stays";
  kfree(P);
  P = kvmalloc(64, GFP_KERNEL);
  EXPECT_EQ(kvrealloc(P, 64, SIZE_MAX, GFP_KERNEL), nullptr);
  kvfree(P);
}

TEST(Overflow, KmemCacheCreateRefusesSizesThatWrapWhenRounded) {
  // SIZE_MAX - 2 rounded up to 8 wraps to 0: a cache of empty objects.
  EXPECT_EQ(kmem_cache_create("wraps", SIZE_MAX - 2, 8), nullptr);
  EXPECT_EQ(kmem_cache_create("huge", SIZE_MAX, 8), nullptr);
  EXPECT_EQ(kmem_cache_create("huge-align", 64, SIZE_MAX), nullptr);
  kmem_cache *C = kmem_cache_create("fine", 24, 16);
  ASSERT_NE(C, nullptr);
  kmem_cache_destroy(C);
}

template <class A> class OverflowVecTest : public ::testing::Test {};
TYPED_TEST_SUITE(OverflowVecTest, Backends);

/// The vector's state, to see a failure changed nothing.
template <class V> static std::string state(const V &X) {
  std::string S = std::to_string(X.size()) + "/" + std::to_string(X.capacity()) + "@" +
                  std::to_string(reinterpret_cast<std::uintptr_t>(X.data())) + ":";
  for (const auto &E : X)
    S += std::to_string(E) + ",";
  return S;
}

static void expectOverflow(const Status &S, gfp_t F) {
  ASSERT_FALSE(S);
  EXPECT_EQ(S.error().Kind, AllocErrorKind::Overflow);
  EXPECT_EQ(S.error().Size, SIZE_MAX);
  EXPECT_EQ(S.error().F, F);
}

TYPED_TEST(OverflowVecTest, EveryGrowingEntryPointReportsOverflow) {
  using V = Vec<std::uint64_t, TypeParam>;
  V X;
  ASSERT_TRUE(X.resize(10, 7, GFP_KERNEL));
  const std::string Before = state(X);
  NoAllocation Guard;
  FailNth Count(~0u); // counts attempts: an overflow must not even try
  expectOverflow(X.reserve(SIZE_MAX, GFP_KERNEL), GFP_KERNEL);
  expectOverflow(X.reserve(SIZE_MAX - 5, GFP_NOWAIT), GFP_NOWAIT); // Len + Additional wraps
  expectOverflow(X.reserve(V::max_size(), GFP_KERNEL), GFP_KERNEL);
  expectOverflow(X.reserve_exact(SIZE_MAX - 5, GFP_KERNEL), GFP_KERNEL);
  expectOverflow(X.reserve_exact(WrapsToEight, GFP_KERNEL), GFP_KERNEL);
  expectOverflow(X.resize(SIZE_MAX, 1, GFP_KERNEL), GFP_KERNEL);
  expectOverflow(X.resize(WrapsToEight, 1, GFP_KERNEL), GFP_KERNEL);
  // A span that claims more elements than fit (its data is never read).
  expectOverflow(X.extend_from(std::span<const std::uint64_t>(X.data(), V::max_size()), GFP_KERNEL), GFP_KERNEL);
  Result<V> W = V::with_capacity(WrapsToEight, GFP_KERNEL);
  ASSERT_FALSE(W);
  EXPECT_EQ(W.error().Kind, AllocErrorKind::Overflow);
  EXPECT_EQ(state(X), Before);
  EXPECT_EQ(Count.attempts(), 0u);
}

TYPED_TEST(OverflowVecTest, OutOfMemoryCarriesSizeAndFlags) {
  Vec<std::uint64_t, TypeParam> X;
  {
    FailRandomly F(1.0, 1); // every attempt, kvmalloc's vmalloc fallback too
    Status S = X.reserve_exact(1000, GFP_KERNEL | __GFP_NOWARN);
    ASSERT_FALSE(S);
    EXPECT_EQ(S.error(), (AllocError{AllocErrorKind::OutOfMemory, 8000, GFP_KERNEL | __GFP_NOWARN}));
  }
  EXPECT_EQ(X.capacity(), 0u);
  ASSERT_TRUE(X.reserve_exact(2, GFP_KERNEL));
  ASSERT_TRUE(X.push_within_capacity(1));
  ASSERT_TRUE(X.push_within_capacity(2));
  Status Full = X.push_within_capacity(3);
  ASSERT_FALSE(Full);
  EXPECT_EQ(Full.error().Kind, AllocErrorKind::CapacityFull);
  FailRandomly F(1.0, 1);
  Result<Box<std::string, TypeParam>> B = Box<std::string, TypeParam>::create("x", GFP_ATOMIC);
  ASSERT_FALSE(B);
  EXPECT_EQ(B.error(), (AllocError{AllocErrorKind::OutOfMemory, sizeof(std::string), GFP_ATOMIC}));
}
