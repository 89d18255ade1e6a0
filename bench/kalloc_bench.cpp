// Speed of the kalloc library against the C++ and C allocators, same
// machine, same run.  Prints Google Benchmark's table, then the ratios the
// library's goals are stated in (docs/kalloc.md):
//   KVec<int>::push / std::vector<int>::push_back      goal <= 1.05
//   malloc+free / KmemCache alloc+free                  goal >= 2
//   new+delete / KmemCache alloc+free                   goal >= 2
//   kmalloc+kfree(64) / malloc+free(64)                 (reported)
#include <kalloc/kalloc.h>

#include <benchmark/benchmark.h>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

using namespace kalloc;

namespace {

constexpr int Pushes = 1 << 16;

void BM_StdVectorPushBack(benchmark::State &S) {
  for (auto _ : S) {
    std::vector<int> V;
    for (int I = 0; I < Pushes; ++I)
      V.push_back(I);
    benchmark::DoNotOptimize(V.data());
  }
  S.SetItemsProcessed(S.iterations() * Pushes);
}
BENCHMARK(BM_StdVectorPushBack);

void BM_KVecPush(benchmark::State &S) {
  for (auto _ : S) {
    KVec<int> V;
    for (int I = 0; I < Pushes; ++I)
      if (!V.push(I, GFP_KERNEL))
        std::abort();
    benchmark::DoNotOptimize(V.data());
  }
  S.SetItemsProcessed(S.iterations() * Pushes);
}
BENCHMARK(BM_KVecPush);

struct Request {
  long Id;
  char Payload[56];
};

void BM_MallocFree64(benchmark::State &S) {
  for (auto _ : S) {
    void *P = std::malloc(sizeof(Request));
    benchmark::DoNotOptimize(P);
    std::free(P);
  }
}
BENCHMARK(BM_MallocFree64);

void BM_NewDelete64(benchmark::State &S) {
  for (auto _ : S) {
    auto *P = new Request;
    benchmark::DoNotOptimize(P);
    delete P;
  }
}
BENCHMARK(BM_NewDelete64);

void BM_KmemCacheAllocFree(benchmark::State &S) {
  KmemCache<Request> Cache("bench_request");
  for (auto _ : S) {
    CacheBox<Request> R = Cache.alloc(Request{}, GFP_KERNEL);
    benchmark::DoNotOptimize(R.get());
  }
}
BENCHMARK(BM_KmemCacheAllocFree);

void BM_KmallocKfree64(benchmark::State &S) {
  for (auto _ : S) {
    void *P = kmalloc(64, GFP_KERNEL);
    benchmark::DoNotOptimize(P);
    kfree(P);
  }
}
BENCHMARK(BM_KmallocKfree64);

/// Keeps each benchmark's time per iteration for the ratios.
class RatioReporter : public benchmark::ConsoleReporter {
public:
  void ReportRuns(const std::vector<Run> &Runs) override {
    ConsoleReporter::ReportRuns(Runs);
    for (const Run &R : Runs)
      if (R.run_type == Run::RT_Iteration)
        Times[R.benchmark_name()] = R.GetAdjustedRealTime();
  }
  double time(const std::string &Name) const {
    auto It = Times.find(Name);
    return It == Times.end() ? 0 : It->second;
  }

private:
  std::map<std::string, double> Times;
};

} // namespace

int main(int argc, char **argv) {
  benchmark::Initialize(&argc, argv);
  RatioReporter R;
  benchmark::RunSpecifiedBenchmarks(&R);
  auto Ratio = [&](const char *What, const char *A, const char *B, const char *Goal) {
    double TA = R.time(A), TB = R.time(B);
    if (TA > 0 && TB > 0)
      std::printf("ratio %-48s %6.2f   (goal %s)\n", What, TA / TB, Goal);
  };
  std::printf("\n");
  Ratio("KVec<int>::push / std::vector<int>::push_back", "BM_KVecPush", "BM_StdVectorPushBack", "<= 1.05");
  Ratio("malloc+free / KmemCache alloc+free", "BM_MallocFree64", "BM_KmemCacheAllocFree", ">= 2");
  Ratio("new+delete / KmemCache alloc+free", "BM_NewDelete64", "BM_KmemCacheAllocFree", ">= 2");
  Ratio("kmalloc+kfree(64) / malloc+free(64)", "BM_KmallocKfree64", "BM_MallocFree64", "reported");
  benchmark::Shutdown();
  return 0;
}
