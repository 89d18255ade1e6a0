// Code is flag-disciplined also when the DisciplinedNamespaces option names
// its namespace (nested namespaces included) or DisciplinedPaths matches
// its file; the same option names in both front ends.
// RUN: %check_allocflags %s allocflags-implicit-allocation %t --check-suffixes=NS --option DisciplinedNamespaces=net::drv -- -std=c++20
// RUN: %check_allocflags %s allocflags-implicit-allocation %t --check-suffixes=NS,PATH --option 'DisciplinedPaths=*/implicit-allocation/options.cpp' -- -std=c++20
// RUN: %check_allocflags %s allocflags-implicit-allocation %t -- -std=c++20
// RUN: %check_allocflags %s allocflags-implicit-allocation %t --option 'DisciplinedPaths=[' --expect-error -- -std=c++20
// CHECK-ERROR: option DisciplinedPaths: '['
#include <vector>

namespace net::drv {
namespace rx {
void queue(std::vector<int> &Q) {
  Q.push_back(1);
  // CHECK-MESSAGES-NS: :[[@LINE-1]]:5: warning: 'std::vector::push_back' allocates without gfp flags in flag-disciplined 'net::drv::rx::queue' [allocflags-implicit-allocation]
}
} // namespace rx
} // namespace net::drv

namespace net {
int *other() {
  return new int(1);
  // CHECK-MESSAGES-PATH: :[[@LINE-1]]:10: warning: 'new' allocates without gfp flags in flag-disciplined 'net::other' [allocflags-implicit-allocation]
}
} // namespace net
