//===- EntryContexts.h - contexts functions are entered with ---*- C++ -*-===//
//
// Top-down, the other half of the interprocedural analysis: which context a
// function runs in when it starts.
//  - Registrations: a callback handed to a model entry point
//    (request_irq(irq, handler, ...) -> hard-IRQ), or installed in a model
//    ops-table field (.ndo_select_queue = f -> RCU-bh), runs in that context.
//  - Calls: a function called while its caller holds an atomic context is
//    entered in it (the lock rewritten in the callee's parameters, constant
//    arguments passed along so `if (can_sleep)` is decided).  This flows down
//    call chains of any depth; the first context that reaches a function is
//    the one it is analysed with.
//  - The summary store: contexts found in other translation units.
// Contexts only flow into functions whose summary says they may sleep.
// Calls to functions without a body here are recorded as AtomicEntry facts
// for the standalone tool's whole-program pass.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCFLAGS_ANALYSIS_ENTRYCONTEXTS_H
#define ALLOCFLAGS_ANALYSIS_ENTRYCONTEXTS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"

namespace clang {
class FunctionDecl;
}

namespace allocflags {
class ContextAnalysis;
class SummaryStore;
class TUContext;

/// Computes the entry contexts of the TU's functions
/// (TUContext::entryContextOf), analysing \p Roots and every function a
/// context flows into.  \p OnAnalysed sees each analysis once it ran; a
/// function analysed again (a context reached it later) is seen again and
/// the later analysis is the one that counts.  When \p Out is given,
/// contexts reaching functions outside this TU are added to it.
void computeEntryContexts(TUContext &TU, llvm::ArrayRef<const clang::FunctionDecl *> Roots, SummaryStore *Out,
                          llvm::function_ref<void(const clang::FunctionDecl *, ContextAnalysis &)> OnAnalysed);

} // namespace allocflags

#endif
