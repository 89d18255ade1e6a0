#ifndef _LINUX_SCHED_MM_H
#define _LINUX_SCHED_MM_H
#include <linux/gfp.h>
/* Allocation scopes: every allocation until the restore is made as if
   without __GFP_FS (nofs) or __GFP_IO (noio). */
unsigned int memalloc_nofs_save(void);
void memalloc_nofs_restore(unsigned int flags);
unsigned int memalloc_noio_save(void);
void memalloc_noio_restore(unsigned int flags);
#endif
