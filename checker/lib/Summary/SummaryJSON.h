//===- SummaryJSON.h - summaries to and from JSON (private) -----*- C++ -*-===//
//
// The JSON of each part of a store (SummaryJSON.cpp), shared by the summary
// store file (SummaryStoreJSON.cpp) and the cache's records
// (SummaryRecord.cpp).  In the types' namespace, where
// llvm::json::ObjectMapper finds them.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCFLAGS_LIB_SUMMARY_SUMMARYJSON_H
#define ALLOCFLAGS_LIB_SUMMARY_SUMMARYJSON_H

#include "allocflags/Summary/Summary.h"
#include "llvm/Support/JSON.h"

namespace allocflags {

llvm::json::Value toJSON(const SourcePos &P);
bool fromJSON(const llvm::json::Value &V, SourcePos &P);
llvm::json::Value toJSON(const FunctionSummary &F);
bool fromJSON(const llvm::json::Value &V, FunctionSummary &F, llvm::json::Path P);
llvm::json::Value toJSON(const AtomicEntry &E);
bool fromJSON(const llvm::json::Value &V, AtomicEntry &E, llvm::json::Path P);
llvm::json::Value toJSON(const FieldFact &F);
bool fromJSON(const llvm::json::Value &V, FieldFact &F, llvm::json::Path P);
llvm::json::Value toJSON(const ProvenanceEntry &E);
bool fromJSON(const llvm::json::Value &V, ProvenanceEntry &E, llvm::json::Path P);
llvm::json::Value toJSON(const PointerTarget &T);
bool fromJSON(const llvm::json::Value &V, PointerTarget &T, llvm::json::Path P);

/// "<What>: malformed <Kind>: <where in the document>".
llvm::Error malformedJSON(llvm::StringRef What, llvm::StringRef Kind, llvm::json::Path::Root &Root);

} // namespace allocflags

#endif
