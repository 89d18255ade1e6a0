/* annotations.h - tell allocflags what a function does with memory and
 * context, in the source (docs/annotations.md).
 *
 * Each macro attaches one entry of the allocflags model format
 * (docs/model-format.md) to a function declaration, without its `names`:
 * the checker reads it exactly as it reads the model file, against the
 * model's context kinds and allocator families.  An annotation takes
 * precedence over the model entry of the same name.  Compilers other than
 * Clang see nothing.
 *
 * Works in C and C++; put the macro after the declarator:
 *
 *   void *pool_alloc(size_t n, gfp_t gfp) ALLOCFLAGS_ALLOCATES(kmalloc, 1);
 *   void pool_free(void *p) ALLOCFLAGS_FREES(0, kmalloc);
 */
#ifndef KALLOC_ANNOTATIONS_H
#define KALLOC_ANNOTATIONS_H

#if defined(__clang__)
/* The general form: "<model section>: {<entry fields>}". */
#define ALLOCFLAGS_ANNOTATE(entry) __attribute__((annotate("allocflags: " entry)))
#else
#define ALLOCFLAGS_ANNOTATE(entry)
#endif

/* Returns memory of FAMILY allocated with the flags in argument FLAGS_ARG
 * (0-based): it sleeps when those flags allow direct reclaim. */
#define ALLOCFLAGS_ALLOCATES(family, flags_arg) \
  ALLOCFLAGS_ANNOTATE("allocators: {family: " #family ", flags_arg: " #flags_arg "}")
/* Returns memory of FAMILY and takes no flags (vmalloc(): always GFP_KERNEL);
 * combine with ALLOCFLAGS_SLEEPS when it may sleep. */
#define ALLOCFLAGS_RETURNS(family) ALLOCFLAGS_ANNOTATE("allocators: {family: " #family "}")
/* Returns an object of the per-instance FAMILY (a cache) named by argument
 * CACHE_ARG, allocated with the flags in FLAGS_ARG. */
#define ALLOCFLAGS_CACHE_ALLOCATES(family, cache_arg, flags_arg)                                      \
  ALLOCFLAGS_ANNOTATE("allocators: {family: " #family ", cache_arg: " #cache_arg ", flags_arg: " #flags_arg \
                      "}")
/* Frees argument PTR_ARG, which must come from one of the listed families. */
#define ALLOCFLAGS_FREES(ptr_arg, ...) \
  ALLOCFLAGS_ANNOTATE("frees: {families: [" #__VA_ARGS__ "], ptr_arg: " #ptr_arg "}")
/* Frees argument PTR_ARG back to the cache in argument CACHE_ARG. */
#define ALLOCFLAGS_CACHE_FREES(family, cache_arg, ptr_arg) \
  ALLOCFLAGS_ANNOTATE("frees: {families: [" #family "], cache_arg: " #cache_arg ", ptr_arg: " #ptr_arg "}")
/* Resizes argument PTR_ARG, which must come from one of the listed families;
 * pair with ALLOCFLAGS_ALLOCATES for what it returns. */
#define ALLOCFLAGS_RESIZES(ptr_arg, ...) \
  ALLOCFLAGS_ANNOTATE("frees: {families: [" #__VA_ARGS__ "], ptr_arg: " #ptr_arg ", realloc: true}")
/* May sleep, whatever its arguments. */
#define ALLOCFLAGS_SLEEPS ALLOCFLAGS_ANNOTATE("sleeping: {}")
/* Enters / leaves context KIND (spin, rcu, preempt, irq, bh, ...); LOCK_ARG
 * is the argument naming the lock, or -1. */
#define ALLOCFLAGS_ENTERS(kind, lock_arg) ALLOCFLAGS_ANNOTATE("primitives: {enter: [" #kind "], lock_arg: " #lock_arg "}")
#define ALLOCFLAGS_LEAVES(kind, lock_arg) ALLOCFLAGS_ANNOTATE("primitives: {leave: [" #kind "], lock_arg: " #lock_arg "}")

/* Flag-disciplined code (C++): every allocation in it goes through an API
 * that takes gfp flags; allocflags-implicit-allocation reports new, malloc,
 * growing std containers and the like there.  Put it on a namespace
 * (`namespace ALLOCFLAGS_DISCIPLINED drv {`), a class or class template
 * (`struct ALLOCFLAGS_DISCIPLINED Ring {`) or a function
 * (`ALLOCFLAGS_DISCIPLINED void f();`).  Not an "allocflags:" entry: it says
 * how code must be written, not what a function does. */
#if defined(__clang__)
#define ALLOCFLAGS_DISCIPLINED __attribute__((annotate("allocflags-disciplined")))
#else
#define ALLOCFLAGS_DISCIPLINED
#endif

#endif
