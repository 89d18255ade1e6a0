// kalloc.h - the reference allocator library: everything.
#ifndef KALLOC_KALLOC_H
#define KALLOC_KALLOC_H

#include "kalloc/alloc.h"
#include "kalloc/box.h"
#include "kalloc/context.h"
#include "kalloc/fault.h"
#include "kalloc/flags.h"
#include "kalloc/kmem_cache.h"
#include "kalloc/report.h"
#include "kalloc/result.h"
#include "kalloc/vec.h"

#endif
