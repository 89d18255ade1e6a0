// Flag-disciplined code: growing std containers and strings, copying
// allocating std types, std::function from a callable, make_shared and
// throw.  std::array, std::span, std::string_view, moves, default
// construction and reads are silent; so is the same code outside
// disciplined code.
// RUN: %check_allocflags %s allocflags-implicit-allocation %t -- -std=c++20 -I%kalloc_inc
#include <array>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>
#include <kalloc/annotations.h>

struct ALLOCFLAGS_DISCIPLINED Driver {
  std::vector<int> Queue;
  std::map<int, int> Table;
  std::string Name;

  void grow(int V) {
    Queue.push_back(V);
    // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'std::vector::push_back' allocates without gfp flags in flag-disciplined 'Driver::grow' [allocflags-implicit-allocation]
    Queue.reserve(64);
    // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'std::vector::reserve' allocates without gfp flags in flag-disciplined 'Driver::grow' [allocflags-implicit-allocation]
    Table[V] = 1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::map::operator[]' allocates without gfp flags in flag-disciplined 'Driver::grow' [allocflags-implicit-allocation]
    Name.append("x");
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'std::basic_string::append' allocates without gfp flags in flag-disciplined 'Driver::grow' [allocflags-implicit-allocation]
  }

  std::string label(const std::string &Suffix) const {
    return Name + Suffix;
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'operator+' of 'std::basic_string' allocates without gfp flags in flag-disciplined 'Driver::label' [allocflags-implicit-allocation]
  }

  std::vector<int> snapshot() const {
    std::vector<int> Copy = Queue;
    // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: copy of 'std::vector' allocates without gfp flags in flag-disciplined 'Driver::snapshot' [allocflags-implicit-allocation]
    return Copy;
  }

  void assign(const Driver &O) {
    Queue = O.Queue;
    // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: copy assignment of 'std::vector' allocates without gfp flags in flag-disciplined 'Driver::assign' [allocflags-implicit-allocation]
  }

  std::function<int()> callback() {
    std::array<int, 8> Big{};
    return [Big] { return Big[0]; };
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: construction of 'std::function' allocates without gfp flags in flag-disciplined 'Driver::callback' [allocflags-implicit-allocation]
  }

  std::shared_ptr<int> shared() {
    return std::make_shared<int>(3);
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'std::make_shared' allocates without gfp flags in flag-disciplined 'Driver::shared' [allocflags-implicit-allocation]
  }

  void fail() {
    throw 1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'throw' (the exception object is allocated) allocates without gfp flags in flag-disciplined 'Driver::fail' [allocflags-implicit-allocation]
  }

  // Negatives.
  int read(std::span<const int> S, std::string_view V) const {
    std::array<int, 4> A{1, 2, 3, 4};
    std::vector<int> Empty;
    std::vector<int> Moved = std::move(Empty);
    return S[0] + A[1] + static_cast<int>(V.size() + Queue.size() + Moved.size()) + Table.count(1);
  }
  void take(Driver &&O) { Queue = std::move(O.Queue); }
};

// Outside disciplined code: silent.
std::vector<int> ordinary(std::vector<int> V) {
  V.push_back(1);
  std::function<void()> F = [V] {};
  return V;
}
