//===- Records.h - a TU's result as JSON ------------------------*- C++ -*-===//
//
// What the cache (Cache.h) and the shards of a split run (allocflags
// summarise / merge / report) keep of a TU: its findings, messages and, in
// phase 1, its summaries (SummaryStore::toRecord) -- not its inputs or
// questions, which the cache keeps beside it.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCFLAGS_TOOL_RECORDS_H
#define ALLOCFLAGS_TOOL_RECORDS_H

#include "Findings.h"
#include <optional>

namespace allocflags::tool {

llvm::json::Value resultRecord(const TUResult &R, bool Summaries);
/// The result \p Record holds; none when it is not one (\p What names it
/// in the summaries' errors, which are dropped: a bad record is a miss).
std::optional<TUResult> readResultRecord(const llvm::json::Value *Record, const std::string &What);

} // namespace allocflags::tool

#endif
