// A small simulated driver on kalloc, written the way the kernel wants it:
// the "interrupt handler" runs under the device's spin lock and allocates
// with GFP_ATOMIC only; the deferred work runs in process context and may
// use GFP_KERNEL; requests come from their own kmem_cache; large buffers are
// KVVec (kmalloc, falling back to vmalloc).  allocflags reports nothing here
// (test/library/clean.test), and the run-time checks stay quiet.
#include <kalloc/kalloc.h>

#include <cstdio>

using namespace kalloc;

struct Request {
  unsigned Id = 0;
  unsigned Len = 0;
};

class Device {
public:
  explicit Device() : Requests("netsim_request") {}

  /// Called with interrupts "off": may not sleep, may fail.
  bool on_interrupt(unsigned Id) {
    SpinGuard G(Lock);
    CacheBox<Request> R = Requests.alloc(Request{Id, 64}, GFP_ATOMIC);
    if (!R)
      return false; // dropped, as a driver would
    if (!Pending.push(Id, GFP_ATOMIC))
      return false;
    Done += R->Len;
    return true;
  }

  /// Deferred work: process context, may sleep.
  bool process() {
    KVec<unsigned> Batch;
    {
      SpinGuard G(Lock);
      Batch = std::move(Pending);
    }
    Result<KVVec<unsigned char>> Buf = KVVec<unsigned char>::with_capacity(Batch.size() * 4096, GFP_KERNEL);
    if (!Buf)
      return false;
    for (unsigned Id : Batch)
      if (!Buf->resize(Buf->size() + 4096, static_cast<unsigned char>(Id), GFP_KERNEL))
        return false;
    Bytes += Buf->size();
    return true;
  }

  unsigned long bytes() const { return Bytes; }
  unsigned long done() const { return Done; }

private:
  SpinLock Lock;
  KmemCache<Request> Requests;
  KVec<unsigned> Pending;
  unsigned long Bytes = 0, Done = 0;
};

int main() {
  Device D;
  for (unsigned Round = 0; Round < 8; ++Round) {
    for (unsigned I = 0; I < 100; ++I)
      if (!D.on_interrupt(Round * 100 + I))
        std::printf("interrupt %u dropped\n", I);
    if (!D.process())
      std::printf("round %u: out of memory\n", Round);
  }
  std::printf("processed %lu bytes, %lu request bytes\n", D.bytes(), D.done());
  return D.bytes() == 8 * 100 * 4096 ? 0 : 1;
}
