//===- fault.cpp - fault injection -----------------------------------------===//
#include "kalloc/fault.h"
#include "heap.h"

namespace ALLOCFLAGS_DISCIPLINED kalloc {
namespace {

struct ThreadFaults {
  unsigned Nth = 0;      ///< 0: off
  unsigned Attempts = 0;
  bool Fired = false;
  double P = 0;          ///< 0: off
  std::uint64_t State = 0;
};

thread_local ThreadFaults TF;

void rearm() { detail::FaultsArmed = TF.Nth != 0 || TF.P > 0; }

/// splitmix64: small, deterministic for a seed.
std::uint64_t next(std::uint64_t &S) {
  std::uint64_t Z = (S += 0x9e3779b97f4a7c15ull);
  Z = (Z ^ (Z >> 30)) * 0xbf58476d1ce4e5b9ull;
  Z = (Z ^ (Z >> 27)) * 0x94d049bb133111ebull;
  return Z ^ (Z >> 31);
}

} // namespace

constinit thread_local bool detail::FaultsArmed = false;

FailNth::FailNth(unsigned N) {
  TF.Nth = N;
  TF.Attempts = 0;
  TF.Fired = false;
  rearm();
}
FailNth::~FailNth() {
  TF.Nth = 0;
  rearm();
}
unsigned FailNth::attempts() const { return TF.Attempts; }
bool FailNth::fired() const { return TF.Fired; }

FailRandomly::FailRandomly(double P, std::uint64_t Seed) {
  TF.P = P;
  TF.State = Seed;
  rearm();
}
FailRandomly::~FailRandomly() {
  TF.P = 0;
  rearm();
}

bool detail::should_fail() {
  ThreadFaults &T = TF;
  if (T.Nth && ++T.Attempts == T.Nth) {
    T.Fired = true;
    return true;
  }
  if (T.P > 0)
    return double(next(T.State) >> 11) * 0x1.0p-53 < T.P;
  return false;
}

} // namespace kalloc
