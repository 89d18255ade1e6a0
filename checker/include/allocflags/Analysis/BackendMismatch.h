//===- BackendMismatch.h - memory freed by the wrong allocator --*- C++ -*-===//
//
// The analysis behind allocflags-backend-mismatch: memory freed or resized by
// a function that cannot take its allocator family (kfree() on kvmalloc or
// vmalloc memory, vfree() on kmalloc memory, krealloc() on vmalloc memory, an
// object freed to another kmem_cache, device-managed memory freed by hand).
//
// Provenance (Provenance.cpp) is followed through locals, fields (what the
// whole program stores into a record field), returns and parameters (what
// callers pass in, also across translation units).  A local whose value may
// come from several families is reported when one of them cannot be freed
// there; memory known only through a field is reported when none can (the
// field does not say which store a given free sees).  kvfree() takes kmalloc
// and vmalloc memory and is never reported for it; is_vmalloc_addr() refines
// what a pointer is on each branch.
//
// Kernel-version-dependent rules (kfree() of slab objects, legal since 6.4)
// use the analysed tree's LINUX_VERSION_CODE, or option KernelVersion; an
// unknown version is taken to be recent.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCFLAGS_ANALYSIS_BACKENDMISMATCH_H
#define ALLOCFLAGS_ANALYSIS_BACKENDMISMATCH_H

namespace allocflags {
class Reporter;
class SummaryStore;
class TUContext;

/// Records what the TU's functions store into record fields (the first pass
/// of the check; also exported to the summary store).
void collectFieldStores(TUContext &TU);

} // namespace allocflags

#endif
