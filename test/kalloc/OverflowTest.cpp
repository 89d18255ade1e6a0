// Sizes that do not fit: every allocating entry point fails cleanly (no
// allocation, no wrap to a small buffer, the old buffer intact).
#include <kalloc/kalloc.h>

#include <gtest/gtest.h>
#include <cstdint>

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
