// Records the library's run-time violations instead of aborting.
#ifndef KALLOC_TEST_RECORDER_H
#define KALLOC_TEST_RECORDER_H

#include <kalloc/report.h>

#include <string>
#include <vector>

struct Recorded {
  kalloc::Violation Kind;
  std::string Message;
};

/// Installed while alive; the violations seen, in order.
class Recorder {
public:
  Recorder() { Old = kalloc::set_violation_handler(&record); Seen().clear(); }
  ~Recorder() { kalloc::set_violation_handler(Old); }
  static std::vector<Recorded> &Seen() {
    static std::vector<Recorded> V;
    return V;
  }

private:
  static void record(kalloc::Violation K, std::string_view M) { Seen().push_back({K, std::string(M)}); }
  kalloc::ViolationHandler Old;
};

#endif
