//===- GfpNotForwarded.h - gfp flags not passed on -------------*- C++ -*-===//
//
// The analysis behind allocflags-gfp-not-forwarded.  A function that takes
// gfp_t flags lets its callers say how it may allocate; a call inside it that
// passes constant flags allowing blocking (GFP_KERNEL) instead of them
// ignores that, and breaks every caller that passed GFP_ATOMIC.  Calls made
// where the function's own flags are known to allow blocking
// (`if (gfpflags_allow_blocking(gfp))`) are not reported.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCFLAGS_ANALYSIS_GFPNOTFORWARDED_H
#define ALLOCFLAGS_ANALYSIS_GFPNOTFORWARDED_H

// The pass: makeGfpNotForwardedPass() in CheckPass.h.

#endif
