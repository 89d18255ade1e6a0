//===- StoreFuzzer.cpp - the summary store and cache record readers -------===//
//
// libFuzzer target (docs/fuzzing.md).  An input is a summary store file
// (--summaries) or, when it has no "allocflags_summaries" key, a TU's
// summaries as the tool's cache and shards keep them (toRecord).  Whatever
// reads must then survive what the tool does with a store: the
// whole-program resolution and writing it out again.  A store is input from
// disk (a stale, truncated or hand-edited file), so a crash here is a crash
// of `allocflags --summaries` or of clang-tidy with a store.
//
//===----------------------------------------------------------------------===//
#include "allocflags/Summary/Summary.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

using namespace allocflags;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
  llvm::Expected<SummaryStore> Store = llvm::createStringError(llvm::inconvertibleErrorCode(), "no store");
  if (Text.contains("\"allocflags_summaries\"")) {
    Store = SummaryStore::parseJSON(Text, "fuzz-store.json");
  } else {
    llvm::Expected<llvm::json::Value> Doc = llvm::json::parse(Text);
    if (!Doc) {
      llvm::consumeError(Doc.takeError());
      return 0;
    }
    Store = SummaryStore::fromRecord(*Doc, "fuzz-record");
  }
  if (!Store) {
    llvm::consumeError(Store.takeError());
    return 0;
  }
  // A store meets itself in the merge, as two TUs that include one header do.
  SummaryStore Program, Again = *Store;
  Program.merge(std::move(*Store));
  Program.merge(std::move(Again));
  Program.resolve(/*MaxCallDepth=*/64);
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  OS << Program.toJSON();
  return 0;
}
