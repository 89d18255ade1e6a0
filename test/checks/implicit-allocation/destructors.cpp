// Destructors run without a call in the source: a local object's at the end
// of its scope, a temporary's at the end of its full expression, the
// pointee's at `delete`, members' and bases' after a destructor's body.  One
// that allocates without flags (a trace scope that appends its event to a
// log, a handle that hands its slot back to a free list) is reported where
// the object is made or deleted in flag-disciplined code, with the chain to
// the allocation; a destructor that only frees is silent, and so are
// std::vector's and std::unique_ptr's own.
// RUN: %check_allocflags %s allocflags-implicit-allocation %t -- -std=c++20 -I%kalloc_inc
#include <memory>
#include <vector>
#include <kalloc/annotations.h>

static std::vector<int> Events;
static std::vector<int *> FreeSlots;

/// Records how long a scope took: appends to the event log on the way out.
struct TraceScope {
  explicit TraceScope(int Id) : Id(Id) {}
  ~TraceScope() { Events.push_back(Id); }
  int Id;
};

/// A pooled slot: handed back to the free list when released.
struct SlotHandle {
  explicit SlotHandle(int *S) : Slot(S) {}
  ~SlotHandle() { release(); }
  void release() { FreeSlots.push_back(Slot); }
  int *Slot;
};

/// Owns its buffer: the destructor frees and allocates nothing.
struct Buffer {
  explicit Buffer(int *P) : Data(P) {}
  ~Buffer() { ::operator delete(Data); }
  int *Data;
};

/// Destroys a SlotHandle member implicitly.
struct Request {
  explicit Request(int *S) : Handle(S) {}
  SlotHandle Handle;
  int Len = 0;
};

TraceScope make_scope(int Id);

namespace ALLOCFLAGS_DISCIPLINED drv {

int submit(int *Slot, int Len) {
  TraceScope T(1);
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: 'TraceScope::~TraceScope' allocates without gfp flags ('std::vector::push_back'), called from flag-disciplined 'drv::submit' [allocflags-implicit-allocation]
  // CHECK-NOTES: :20:26: note: 'TraceScope::~TraceScope' allocates here with 'std::vector::push_back'
  Buffer B(Slot);            // negative: frees only
  std::vector<int> Local;    // negative: the library's destructor frees
  std::unique_ptr<int> Own;  // negative
  return Len + static_cast<int>(Local.size()) + (Own != nullptr) + (B.Data != nullptr);
}

int complete(Request *R) {
  int Len = R->Len;
  delete R;
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'Request::~Request' allocates without gfp flags ('std::vector::push_back'), called from flag-disciplined 'drv::complete' [allocflags-implicit-allocation]
  // CHECK-NOTES: :42:14: note: 'Request::~Request' calls 'SlotHandle::~SlotHandle' here
  // CHECK-NOTES: :27:19: note: 'SlotHandle::~SlotHandle' calls 'SlotHandle::release' here
  // CHECK-NOTES: :28:30: note: 'SlotHandle::release' allocates here with 'std::vector::push_back'
  return Len;
}

int scoped(int Id) {
  return make_scope(Id).Id;
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'TraceScope::~TraceScope' allocates without gfp flags ('std::vector::push_back'), called from flag-disciplined 'drv::scoped' [allocflags-implicit-allocation]
  // CHECK-NOTES: :20:26: note: 'TraceScope::~TraceScope' allocates here with 'std::vector::push_back'
}

/// A disciplined class: its destructor is reported at the member whose
/// destructor allocates.
struct Session {
  ~Session() {}
  SlotHandle Handle;
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: 'SlotHandle::~SlotHandle' allocates without gfp flags ('std::vector::push_back'), called from flag-disciplined 'drv::Session::~Session' [allocflags-implicit-allocation]
  // CHECK-NOTES: :27:19: note: 'SlotHandle::~SlotHandle' calls 'SlotHandle::release' here
  // CHECK-NOTES: :28:30: note: 'SlotHandle::release' allocates here with 'std::vector::push_back'
  Buffer Data;  // negative
};

} // namespace drv

// Outside disciplined code: silent.
int plain(int *Slot) {
  TraceScope T(2);
  delete new Request(Slot);
  return T.Id;
}
