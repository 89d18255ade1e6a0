// Misuse: a flag-disciplined driver that allocates without being told how.
// The driver's namespace promises that every allocation says how it may
// block; three things break that promise, and allocflags-implicit-allocation
// reports each (docs/kalloc.md, "Misuse, caught twice"):
//  - BigVec, a newtype whose push(x) and try_reserve(n) take no flags over a
//    std::vector (it is not disciplined itself: reported at each disciplined
//    call into it, with the chain down to the growth);
//  - a std::vector used directly inside the driver;
//  - a std::function built from a capturing lambda (it allocates the
//    callable's copy).
// The run-time checks cannot see any of it (std::vector and std::function
// allocate through ::operator new, outside kalloc): the program runs clean.
// Checked by test/library/implicit-misuse.test; the same driver written with
// KVec and flags is examples/driver.cpp, analysed clean.
#include <kalloc/kalloc.h>

#include <cstddef>
#include <cstdio>
#include <functional>
#include <vector>

template <class T> class BigVec {
public:
  void push(T X) { V.push_back(X); }
  bool try_reserve(std::size_t N) {
    V.reserve(N);
    return true;
  }
  std::size_t len() const { return V.size(); }

private:
  std::vector<T> V;
};

namespace ALLOCFLAGS_DISCIPLINED netsim {

class Driver {
public:
  bool rx(unsigned Id, kalloc::gfp_t F) {
    if (!Ring.push(Id, F))
      return false;
    Log.try_reserve(16);
    // CHECK-NOTES: :[[@LINE-1]]:9: warning: 'BigVec::try_reserve' allocates without gfp flags ('std::vector::reserve'), called from flag-disciplined 'netsim::Driver::rx' [allocflags-implicit-allocation]
    // CHECK-NOTES: :26:7: note: 'BigVec::try_reserve' allocates here with 'std::vector::reserve'
    Log.push(Id);
    // CHECK-NOTES: :[[@LINE-1]]:9: warning: 'BigVec::push' allocates without gfp flags ('std::vector::push_back'), called from flag-disciplined 'netsim::Driver::rx' [allocflags-implicit-allocation]
    // CHECK-NOTES: :24:22: note: 'BigVec::push' allocates here with 'std::vector::push_back'
    Seen.push_back(Id);
    // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'std::vector::push_back' allocates without gfp flags in flag-disciplined 'netsim::Driver::rx' [allocflags-implicit-allocation]
    return true;
  }

  void on_done(unsigned Id) {
    OnDone = [this, Id] { Done += Id; };
    // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'std::function::operator=' allocates without gfp flags in flag-disciplined 'netsim::Driver::on_done' [allocflags-implicit-allocation]
  }

  unsigned finish() {
    if (OnDone)
      OnDone();
    return Done + static_cast<unsigned>(Log.len() + Seen.size() + Ring.size());
  }

private:
  kalloc::KVec<unsigned> Ring;
  BigVec<unsigned> Log;
  std::vector<unsigned> Seen;
  std::function<void()> OnDone;
  unsigned Done = 0;
};

} // namespace netsim

int main() {
  netsim::Driver D;
  for (unsigned I = 0; I < 4; ++I)
    if (!D.rx(I, kalloc::GFP_KERNEL))
      return 1;
  D.on_done(10);
  std::printf("done %u\n", D.finish());
  return 0;
}
