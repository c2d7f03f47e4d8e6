// sipspan CLI — SIGINT and SIGTERM during a capture run (interrupt.hpp).

#include "interrupt.hpp"

#include <csignal>

namespace sipspan::cli {

namespace {

volatile std::sig_atomic_t caught = 0;
struct sigaction saved_int {}, saved_term {};

extern "C" void on_signal(int sig) {
  if (caught) {  // the second one: as if no one had caught the first
    std::signal(sig, SIG_DFL);
    std::raise(sig);
    return;
  }
  caught = sig;
}

}  // namespace

interrupt_guard::interrupt_guard() {
  caught = 0;
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: a blocked read returns EINTR in the thread that got it
  sigaction(SIGINT, &sa, &saved_int);
  sigaction(SIGTERM, &sa, &saved_term);
}

interrupt_guard::~interrupt_guard() {
  sigaction(SIGINT, &saved_int, nullptr);
  sigaction(SIGTERM, &saved_term, nullptr);
}

int interrupted() noexcept { return caught; }

}  // namespace sipspan::cli
