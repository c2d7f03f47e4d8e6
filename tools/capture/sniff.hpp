// sipspan — capture: the sniff machine's view of its declarations
// (grammar/sniff.rl includes this name); they live in the public header.
#pragma once

#include "sipspan/capture_sniff.hpp"
