// sipspan CLI — Ctrl-C (SIGINT) and kill (SIGTERM) during a capture run: the
// run stops reading, finishes the batch at hand and writes its summary and
// report, instead of dying with nothing written.
#pragma once

namespace sipspan::cli {

// While one lives, SIGINT and SIGTERM set a flag instead of ending the
// process; the handlers before it are put back when it goes (a second signal
// after the first ends the process as usual, for a run that cannot stop).
class interrupt_guard {
 public:
  interrupt_guard();
  ~interrupt_guard();
  interrupt_guard(const interrupt_guard&) = delete;
  interrupt_guard& operator=(const interrupt_guard&) = delete;
};

// The signal that came (SIGINT or SIGTERM), or 0.
int interrupted() noexcept;

}  // namespace sipspan::cli
