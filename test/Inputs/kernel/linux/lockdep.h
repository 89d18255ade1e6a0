#ifndef __LINUX_LOCKDEP_H
#define __LINUX_LOCKDEP_H
/* without CONFIG_LOCKDEP, as in most builds: the argument is only evaluated */
#define lockdep_assert_held(l)                                                                     \
  do {                                                                                             \
    (void)(l);                                                                                     \
  } while (0)
#define lockdep_assert_held_once(l) lockdep_assert_held(l)
#endif
