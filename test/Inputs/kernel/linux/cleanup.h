#ifndef _LINUX_CLEANUP_H
#define _LINUX_CLEANUP_H
/* Scope-based cleanup, shaped like Linux 6.5+ include/linux/cleanup.h */
#include <linux/compiler.h>

#define DEFINE_CLASS(_name, _type, _exit, _init, _init_args...)                                   \
  typedef _type class_##_name##_t;                                                                 \
  static inline void class_##_name##_destructor(_type *p) {                                        \
    _type _T = *p;                                                                                 \
    _exit;                                                                                         \
  }                                                                                                \
  static inline _type class_##_name##_constructor(_init_args) {                                    \
    _type t = _init;                                                                               \
    return t;                                                                                      \
  }
#define CLASS(_name, var)                                                                          \
  class_##_name##_t var __cleanup(class_##_name##_destructor) = class_##_name##_constructor

#define __DEFINE_UNLOCK_GUARD(_name, _type, _unlock, ...)                                         \
  typedef struct {                                                                                 \
    _type *lock;                                                                                   \
    __VA_ARGS__;                                                                                   \
  } class_##_name##_t;                                                                             \
  static inline void class_##_name##_destructor(class_##_name##_t *_T) {                           \
    if (_T->lock) {                                                                                \
      _unlock;                                                                                     \
    }                                                                                              \
  }
#define __DEFINE_LOCK_GUARD_1(_name, _type, _lock)                                                \
  static inline class_##_name##_t class_##_name##_constructor(_type *l) {                          \
    class_##_name##_t _t = {.lock = l}, *_T = &_t;                                                 \
    _lock;                                                                                         \
    return _t;                                                                                     \
  }
#define __DEFINE_LOCK_GUARD_0(_name, _lock)                                                       \
  static inline class_##_name##_t class_##_name##_constructor(void) {                              \
    class_##_name##_t _t = {.lock = (void *)1}, *_T __attribute__((unused)) = &_t;                 \
    _lock;                                                                                         \
    return _t;                                                                                     \
  }
#define DEFINE_LOCK_GUARD_1(_name, _type, _lock, _unlock, ...)                                    \
  __DEFINE_UNLOCK_GUARD(_name, _type, _unlock, __VA_ARGS__)                                        \
  __DEFINE_LOCK_GUARD_1(_name, _type, _lock)
#define DEFINE_LOCK_GUARD_0(_name, _lock, _unlock, ...)                                           \
  __DEFINE_UNLOCK_GUARD(_name, void, _unlock, __VA_ARGS__)                                         \
  __DEFINE_LOCK_GUARD_0(_name, _lock)

#define guard(_name) CLASS(_name, __UNIQUE_ID(guard))
#define scoped_guard(_name, args...)                                                               \
  for (CLASS(_name, scope)(args), *done = NULL; !done; done = (void *)1)
#endif
