// Growth policy and aliasing of Vec: capacity grows geometrically (n pushes
// or extends cost O(log n) reallocations), exactly only when asked
// (reserve_exact, with_capacity), and growing from a slice of the vector
// itself reads the elements from where they are after the move.
#include <kalloc/kalloc.h>

#include <gtest/gtest.h>
#include <cmath>
#include <string>
#include <vector>

using namespace kalloc;

template <class A> class GrowthTest : public ::testing::Test {};
using Backends = ::testing::Types<Kmalloc, Vmalloc, KVmalloc>;
TYPED_TEST_SUITE(GrowthTest, Backends);

namespace {

/// Allocation attempts made while alive (fault injection set never to fire).
class CountAllocations {
public:
  unsigned attempts() const { return F.attempts(); }

private:
  FailNth F{~0u};
};

/// Allowed reallocations for growing to \p N elements one way or another:
/// the doublings from 4, plus one.
unsigned logBound(std::size_t N) { return unsigned(std::ceil(std::log2(double(N)))) + 1; }

} // namespace

TYPED_TEST(GrowthTest, PushCapacitiesAreGeometric) {
  Vec<int, TypeParam> V;
  std::vector<std::size_t> Caps;
  constexpr std::size_t N = 100000;
  CountAllocations Count;
  for (std::size_t I = 0; I < N; ++I) {
    ASSERT_TRUE(V.push(int(I), GFP_KERNEL));
    if (Caps.empty() || Caps.back() != V.capacity())
      Caps.push_back(V.capacity());
  }
  EXPECT_EQ(Caps.front(), 4u);
  for (std::size_t I = 1; I < Caps.size(); ++I)
    EXPECT_GE(Caps[I], 2 * Caps[I - 1]) << "step " << I;
  EXPECT_LE(Caps.size(), logBound(N));
  EXPECT_LE(Count.attempts(), logBound(N));
}

TYPED_TEST(GrowthTest, ExtendInALoopReallocatesLogarithmically) {
  Vec<int, TypeParam> V;
  const int Chunk[7] = {1, 2, 3, 4, 5, 6, 7};
  constexpr std::size_t Rounds = 20000;
  std::vector<std::size_t> Caps;
  CountAllocations Count;
  for (std::size_t I = 0; I < Rounds; ++I) {
    ASSERT_TRUE(V.extend_from(Chunk, GFP_KERNEL));
    if (Caps.empty() || Caps.back() != V.capacity())
      Caps.push_back(V.capacity());
  }
  ASSERT_EQ(V.size(), Rounds * 7);
  EXPECT_EQ(V[V.size() - 1], 7);
  for (std::size_t I = 1; I < Caps.size(); ++I)
    EXPECT_GE(Caps[I], 2 * Caps[I - 1]) << "step " << I;
  // Exact growth made one capacity per round: 20000.
  EXPECT_LE(Caps.size(), logBound(Rounds * 7));
  EXPECT_LE(Count.attempts(), logBound(Rounds * 7));
}

TYPED_TEST(GrowthTest, ResizeAndReserveGrowGeometrically) {
  Vec<std::string, TypeParam> V;
  CountAllocations Count;
  for (std::size_t N = 1; N <= 5000; ++N)
    ASSERT_TRUE(V.resize(N, "s", GFP_KERNEL));
  Vec<int, TypeParam> W;
  for (std::size_t N = 1; N <= 5000; ++N)
    ASSERT_TRUE(W.reserve(N - W.size(), GFP_KERNEL)) << N;
  EXPECT_LE(Count.attempts(), 2 * logBound(5000));
  EXPECT_EQ(V.size(), 5000u);
}

TYPED_TEST(GrowthTest, ReserveExactAndWithCapacityAreExact) {
  Result<Vec<int, TypeParam>> R = Vec<int, TypeParam>::with_capacity(10, GFP_KERNEL);
  ASSERT_TRUE(R);
  Vec<int, TypeParam> V = std::move(R).value();
  EXPECT_EQ(V.capacity(), 10u);
  ASSERT_TRUE(V.resize(10, 1, GFP_KERNEL));
  EXPECT_EQ(V.capacity(), 10u) << "fits: no growth";
  ASSERT_TRUE(V.reserve_exact(1, GFP_KERNEL));
  EXPECT_EQ(V.capacity(), 11u);
  ASSERT_TRUE(V.resize(11, 1, GFP_KERNEL));
  ASSERT_TRUE(V.reserve(1, GFP_KERNEL));
  EXPECT_EQ(V.capacity(), 22u) << "amortised: double";
  ASSERT_TRUE(V.reserve(100, GFP_KERNEL));
  EXPECT_EQ(V.capacity(), 111u) << "more than double when more is needed";
}

// Growing from a slice of itself: the old buffer is freed (and reused or
// unmapped) by the growth, so the source must be read from the new one.
TYPED_TEST(GrowthTest, ExtendFromItselfWhenItReallocates) {
  Vec<int, TypeParam> V;
  ASSERT_TRUE(V.reserve_exact(4, GFP_KERNEL));
  for (int I = 0; I < 4; ++I)
    ASSERT_TRUE(V.push(I + 10, GFP_KERNEL));
  ASSERT_EQ(V.size(), V.capacity()) << "full: extending must reallocate";
  for (int Round = 0; Round < 12; ++Round) {
    std::size_t Len = V.size();
    ASSERT_TRUE(V.extend_from(std::span<const int>(V.data(), Len), GFP_KERNEL));
    ASSERT_EQ(V.size(), 2 * Len);
    for (std::size_t I = 0; I < V.size(); ++I)
      ASSERT_EQ(V[I], int(I % 4) + 10) << "round " << Round << " element " << I;
  }
  // A middle slice, into a full vector of non-trivial elements (moved, not
  // realloc'ed: the moved-from originals are destroyed).
  Vec<std::string, TypeParam> S;
  ASSERT_TRUE(S.reserve_exact(3, GFP_KERNEL));
  for (const char *X : {"a long string past the small-string buffer 0", "a long string past the small-string buffer 1",
                        "a long string past the small-string buffer 2"})
    ASSERT_TRUE(S.push(X, GFP_KERNEL));
  ASSERT_TRUE(S.extend_from(std::span<const std::string>(S.data() + 1, 2), GFP_KERNEL));
  ASSERT_EQ(S.size(), 5u);
  EXPECT_EQ(S[3], "a long string past the small-string buffer 1");
  EXPECT_EQ(S[4], "a long string past the small-string buffer 2");
}

TYPED_TEST(GrowthTest, ResizeFromAnElementOfItselfWhenItReallocates) {
  Vec<std::string, TypeParam> S;
  ASSERT_TRUE(S.reserve_exact(2, GFP_KERNEL));
  ASSERT_TRUE(S.push("first, long enough to live on the heap", GFP_KERNEL));
  ASSERT_TRUE(S.push("last, long enough to live on the heap too", GFP_KERNEL));
  ASSERT_TRUE(S.resize(100, S[1], GFP_KERNEL));
  for (std::size_t I = 1; I < 100; ++I)
    ASSERT_EQ(S[I], "last, long enough to live on the heap too") << I;
  Vec<long, TypeParam> L;
  ASSERT_TRUE(L.reserve_exact(1, GFP_KERNEL));
  ASSERT_TRUE(L.push(-42, GFP_KERNEL));
  ASSERT_TRUE(L.resize(50000, L[0], GFP_KERNEL));
  for (std::size_t I = 0; I < 50000; ++I)
    ASSERT_EQ(L[I], -42) << I;
}
