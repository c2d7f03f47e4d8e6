// sipspan — the C API's opaque message type, shared by the core library's C
// entry points (sipspan_c.cpp) and the scorer's (score/score_c.cpp).
#pragma once

#include "sipspan/message.hpp"
#include "sipspan/sipspan.h"

struct sipspan_message {
  sipspan::message_view view;
};
