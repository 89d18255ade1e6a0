// The run-time checks: each misuse is reported and the memory left alone.
#include "Recorder.h"
#include <kalloc/kalloc.h>

#include <gtest/gtest.h>

using namespace kalloc;

static bool sawOnly(Violation K, const char *Text) {
  const auto &S = Recorder::Seen();
  return S.size() == 1 && S[0].Kind == K && S[0].Message.find(Text) != std::string::npos;
}

TEST(Checks, KfreeOfVmallocMemory) {
  Recorder R;
  void *P = vmalloc(100);
  kfree(P);
  EXPECT_TRUE(sawOnly(Violation::BackendMismatch, "kfree() of vmalloc memory"));
  static_cast<char *>(P)[0] = 1; // still mapped: nothing was freed
  vfree(P);
}

TEST(Checks, VfreeOfKmallocMemory) {
  Recorder R;
  void *P = kmalloc(100, GFP_KERNEL);
  vfree(P);
  EXPECT_TRUE(sawOnly(Violation::BackendMismatch, "vfree() of kmalloc memory"));
  kfree(P);
}

TEST(Checks, KreallocOfVmallocMemory) {
  Recorder R;
  void *P = vmalloc(100);
  EXPECT_EQ(krealloc(P, 200, GFP_KERNEL), nullptr);
  EXPECT_TRUE(sawOnly(Violation::BackendMismatch, "krealloc() of vmalloc memory"));
  vfree(P);
}

TEST(Checks, PointerNoAllocatorReturned) {
  Recorder R;
  int Local = 0;
  kfree(&Local);
  EXPECT_TRUE(sawOnly(Violation::BadPointer, "which no kalloc allocator returned"));
  Recorder::Seen().clear();
  char *P = static_cast<char *>(kmalloc(64, GFP_KERNEL));
  kfree(P + 8);
  EXPECT_TRUE(sawOnly(Violation::BadPointer, "not the start of an allocation"));
  kfree(P);
}

TEST(Checks, ObjectIntoTheWrongCache) {
  Recorder R;
  kmem_cache *A = kmem_cache_create("a", 32, 8), *B = kmem_cache_create("b", 32, 8);
  void *O = kmem_cache_alloc(A, GFP_KERNEL);
  kmem_cache_free(B, O);
  EXPECT_TRUE(sawOnly(Violation::WrongCache, "belongs to cache 'a'"));
  Recorder::Seen().clear();
  void *K = kmalloc(32, GFP_KERNEL);
  kmem_cache_free(A, K);
  EXPECT_TRUE(sawOnly(Violation::BackendMismatch, "came from kmalloc, not from a kmem_cache"));
  kfree(K);
  kmem_cache_free(A, O);
  kmem_cache_destroy(A);
  kmem_cache_destroy(B);
}

TEST(Checks, CacheDestroyedWithObjectsOut) {
  Recorder R;
  kmem_cache *C = kmem_cache_create("busy", 16, 8);
  void *O = kmem_cache_alloc(C, GFP_KERNEL);
  kmem_cache_destroy(C);
  EXPECT_TRUE(sawOnly(Violation::CacheNotEmpty, "kmem_cache_destroy(busy): 1 object still allocated"));
  kmem_cache_free(C, O); // the cache was kept
  kmem_cache_destroy(C);
  EXPECT_EQ(Recorder::Seen().size(), 1u);
}

TEST(Checks, RawPartsIntoAnotherBackend) {
  Recorder R;
  VVec<int> V;
  ASSERT_TRUE(V.push(1, GFP_KERNEL));
  std::size_t Len, Cap;
  int *Raw = std::move(V).into_raw_parts(Len, Cap);
  KVec<int> K = KVec<int>::from_raw_parts(Raw, Len, Cap);
  EXPECT_TRUE(K.empty());
  EXPECT_TRUE(sawOnly(Violation::BackendMismatch, "a kmalloc container can only take kmalloc memory"));
  VVec<int> Back = VVec<int>::from_raw_parts(Raw, Len, Cap); // the right home
  EXPECT_EQ(Back.size(), 1u);
}

TEST(Checks, SleepInEveryAtomicKind) {
  Recorder R;
  { IrqGuard G; might_sleep(); }
  { local_bh_disable(); void *P = vmalloc(10); vfree(P); local_bh_enable(); }
  { PreemptGuard G; void *P = kvmalloc(10, GFP_NOFS); kvfree(P); }
  ASSERT_EQ(Recorder::Seen().size(), 3u);
  EXPECT_NE(Recorder::Seen()[0].Message.find("interrupts disabled"), std::string::npos);
  EXPECT_NE(Recorder::Seen()[1].Message.find("bottom halves disabled"), std::string::npos);
  EXPECT_NE(Recorder::Seen()[2].Message.find("preemption disabled"), std::string::npos);
}
