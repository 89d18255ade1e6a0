//===- ImplicitAllocation.h - allocation without flags ----------*- C++ -*-===//
//
// The analysis behind allocflags-implicit-allocation, for flag-disciplined
// C++: code that must say how every allocation may block (the discipline
// Rust-for-Linux's alloc API enforces), marked by ALLOCFLAGS_DISCIPLINED on a
// namespace, class (template) or function, or by the DisciplinedNamespaces
// and DisciplinedPaths options.
//
// Model.  An expression allocates implicitly when it is a non-placement
// new, a throw (the exception object), a call to a function the model lists
// under `cxx_functions` (malloc, std::make_shared, ::operator new), or an
// operation on a type the model lists under `cxx_types` (std::vector,
// std::string, std::function): a growing member, copy assignment, or any
// construction but the default and move constructors.  A call reaches an
// implicit allocation when its callee, defined in this TU, is not
// disciplined and allocates implicitly itself or through its own callees
// (a memoised depth-first walk of the TU's call graph; the first violation
// kept per function gives the note chain, as SemaFunctionEffects does).
//
// One root cause, one finding: a disciplined callee's allocations are
// reported inside it, so calls to it are silent.  A callee that takes gfp
// flags is a flags-taking API: calls to it are how the caller says how.
//
// Limits.  Functions in system headers are opaque: what the standard
// library allocates is what the model says, never what its bodies seem to
// do.  Functions without a body in this TU are silent (no cross-TU
// summaries yet).  Uninstantiated templates are not checked; their
// instantiations are.  Captures copied into a lambda are not looked at.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCFLAGS_ANALYSIS_IMPLICITALLOCATION_H
#define ALLOCFLAGS_ANALYSIS_IMPLICITALLOCATION_H

// The pass: makeImplicitAllocationPass() in CheckPass.h.

#endif
