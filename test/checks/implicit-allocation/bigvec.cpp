// The seed's BigVec newtype: push(x) and try_reserve(n) take no flags and
// grow a std::vector.  Disciplined, it is reported at its growth calls;
// not disciplined, at each disciplined call into it.  Written with flags
// over KVec, it is silent.
// RUN: %check_allocflags %s allocflags-implicit-allocation %t --check-suffixes=IN -- -std=c++20 -I%kalloc_inc
// RUN: %check_allocflags %s allocflags-implicit-allocation %t --check-suffixes=OUT -- -std=c++20 -I%kalloc_inc -DBIGVEC_OUTSIDE
#include <cstddef>
#include <vector>
#include <kalloc/kalloc.h>

#ifdef BIGVEC_OUTSIDE
#define BIGVEC_MARK
#else
#define BIGVEC_MARK ALLOCFLAGS_DISCIPLINED
#endif

template <class T> class BIGVEC_MARK BigVec {
public:
  void push(T X) {
    V.push_back(X);
    // CHECK-MESSAGES-IN: :[[@LINE-1]]:7: warning: 'std::vector::push_back' allocates without gfp flags in flag-disciplined 'BigVec::push' [allocflags-implicit-allocation]
  }
  bool try_reserve(std::size_t N) {
    V.reserve(N);
    // CHECK-MESSAGES-IN: :[[@LINE-1]]:7: warning: 'std::vector::reserve' allocates without gfp flags in flag-disciplined 'BigVec::try_reserve' [allocflags-implicit-allocation]
    return true;
  }

private:
  std::vector<T> V;
};

// The same growth, told how: silent.
template <class T> class ALLOCFLAGS_DISCIPLINED FlagVec {
public:
  bool push(T X, kalloc::gfp_t F) { return static_cast<bool>(V.push(X, F)); }

private:
  kalloc::KVec<T> V;
};

namespace ALLOCFLAGS_DISCIPLINED drv {
void fill(BigVec<int> &B, FlagVec<int> &G) {
  B.try_reserve(16);
  // CHECK-MESSAGES-OUT: :[[@LINE-1]]:5: warning: 'BigVec::try_reserve' allocates without gfp flags ('std::vector::reserve'), called from flag-disciplined 'drv::fill' [allocflags-implicit-allocation]
  B.push(1);
  // CHECK-MESSAGES-OUT: :[[@LINE-1]]:5: warning: 'BigVec::push' allocates without gfp flags ('std::vector::push_back'), called from flag-disciplined 'drv::fill' [allocflags-implicit-allocation]
  G.push(1, kalloc::GFP_KERNEL);
}
} // namespace drv
