// report.h - what the library's run-time checks say when code breaks the
// allocation rules.
//
// Every check ends in report_violation(): by default it prints
//   kalloc: BUG: <message>
// to stderr and aborts, like a kernel BUG() - the misuse stops there, never
// silently corrupts.  Tests install a handler that records instead; the
// library then leaves the offending memory alone (a leak, not corruption).
#ifndef KALLOC_REPORT_H
#define KALLOC_REPORT_H

#include "kalloc/annotations.h"

#include <string_view>

namespace ALLOCFLAGS_DISCIPLINED kalloc {

enum class Violation : unsigned char {
  SleepInAtomic,    ///< a sleeping call (or sleeping flags) in atomic context
  BackendMismatch,  ///< memory freed or resized through the wrong allocator
  WrongCache,       ///< an object freed into a cache it does not belong to
  CacheNotEmpty,    ///< a cache destroyed while objects are still allocated
  BadPointer,       ///< a pointer no allocator of this library returned
};

const char *violation_name(Violation V);

using ViolationHandler = void (*)(Violation, std::string_view Message);
/// Installs \p H (nullptr: the default, print and abort); returns the old one.
ViolationHandler set_violation_handler(ViolationHandler H);
void report_violation(Violation V, std::string_view Message);

} // namespace kalloc

#endif
