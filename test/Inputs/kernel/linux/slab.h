#ifndef _LINUX_SLAB_H
#define _LINUX_SLAB_H
#include <linux/gfp.h>

struct kmem_cache;
void kfree(const void *objp);
void kfree_sensitive(const void *objp);
void kvfree(const void *addr);
void *__kmalloc(size_t size, gfp_t flags) __attribute__((alloc_size(1)));
void *kmalloc_trace(struct kmem_cache *s, gfp_t flags, size_t size);
void *kmem_cache_alloc(struct kmem_cache *s, gfp_t flags);
void kmem_cache_free(struct kmem_cache *s, void *objp);
struct kmem_cache *kmem_cache_create(const char *name, unsigned int size, unsigned int align,
                                     unsigned long flags, void (*ctor)(void *));
void kmem_cache_destroy(struct kmem_cache *s);
void *kmemdup(const void *src, size_t len, gfp_t gfp);
char *kstrdup(const char *s, gfp_t gfp);
void *krealloc(const void *objp, size_t new_size, gfp_t flags);
void *kvmalloc_node(size_t size, gfp_t flags, int node);

#ifndef AF_NEWER_KERNEL
/* Linux 6.1: inline functions */
static __always_inline void *kmalloc(size_t size, gfp_t flags) {
  if (__builtin_constant_p(size) && size > 8192)
    return kmalloc_trace((struct kmem_cache *)0, flags, size);
  return __kmalloc(size, flags);
}
static inline void *kzalloc(size_t size, gfp_t flags) { return kmalloc(size, flags | __GFP_ZERO); }
static inline void *kmalloc_array(size_t n, size_t size, gfp_t flags) {
  size_t bytes;
  if (__builtin_mul_overflow(n, size, &bytes))
    return NULL;
  return __kmalloc(bytes, flags);
}
static inline void *kcalloc(size_t n, size_t size, gfp_t flags) {
  return kmalloc_array(n, size, flags | __GFP_ZERO);
}
static inline void *kmem_cache_zalloc(struct kmem_cache *k, gfp_t flags) {
  return kmem_cache_alloc(k, flags | __GFP_ZERO);
}
static inline void *kvmalloc(size_t size, gfp_t flags) { return kvmalloc_node(size, flags, -1); }
static inline void *kvzalloc(size_t size, gfp_t flags) { return kvmalloc(size, flags | __GFP_ZERO); }
static inline void *kvmalloc_array(size_t n, size_t size, gfp_t flags) {
  return kvmalloc(n * size, flags);
}
static inline void *kvcalloc(size_t n, size_t size, gfp_t flags) {
  return kvmalloc_array(n, size, flags | __GFP_ZERO);
}
#else
/* Linux 6.10+: memory-allocation profiling wraps every allocator in a macro */
struct alloc_tag;
struct alloc_tag *alloc_tag_save(struct alloc_tag *tag);
void alloc_tag_restore(struct alloc_tag *tag, struct alloc_tag *old);
#define DEFINE_ALLOC_TAG(_alloc_tag) static struct alloc_tag *_alloc_tag = NULL
#define alloc_hooks_tag(_tag, _do_alloc)                                                           \
  ({                                                                                               \
    struct alloc_tag *_old = alloc_tag_save(_tag);                                                 \
    __typeof__(_do_alloc) _res = _do_alloc;                                                        \
    alloc_tag_restore(_tag, _old);                                                                 \
    _res;                                                                                          \
  })
#define alloc_hooks(_do_alloc)                                                                     \
  ({                                                                                               \
    DEFINE_ALLOC_TAG(_alloc_tag);                                                                  \
    alloc_hooks_tag(_alloc_tag, _do_alloc);                                                        \
  })
void *__kmalloc_noprof(size_t size, gfp_t flags);
static __always_inline void *kmalloc_noprof(size_t size, gfp_t flags) {
  return __kmalloc_noprof(size, flags);
}
#define kmalloc(...) alloc_hooks(kmalloc_noprof(__VA_ARGS__))
static inline void *kzalloc_noprof(size_t size, gfp_t flags) {
  return kmalloc_noprof(size, flags | __GFP_ZERO);
}
#define kzalloc(...) alloc_hooks(kzalloc_noprof(__VA_ARGS__))
static inline void *kmalloc_array_noprof(size_t n, size_t size, gfp_t flags) {
  return __kmalloc_noprof(n * size, flags);
}
#define kmalloc_array(...) alloc_hooks(kmalloc_array_noprof(__VA_ARGS__))
#define kcalloc(n, size, flags) kmalloc_array(n, size, (flags) | __GFP_ZERO)
void *kmem_cache_alloc_noprof(struct kmem_cache *s, gfp_t flags);
#undef kmem_cache_alloc
#define kmem_cache_alloc(...) alloc_hooks(kmem_cache_alloc_noprof(__VA_ARGS__))
#define kmem_cache_zalloc(_k, _flags) kmem_cache_alloc(_k, (_flags) | __GFP_ZERO)
void *kvmalloc_node_noprof(size_t size, gfp_t flags, int node);
#define kvmalloc(_size, _flags) alloc_hooks(kvmalloc_node_noprof(_size, _flags, -1))
#define kvzalloc(_size, _flags) kvmalloc(_size, (_flags) | __GFP_ZERO)
#define kvmalloc_array(_n, _size, _flags) kvmalloc((_n) * (_size), _flags)
#define kvcalloc(_n, _size, _flags) kvmalloc_array(_n, _size, (_flags) | __GFP_ZERO)
#endif
#endif
