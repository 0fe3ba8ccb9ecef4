// The one exception type for bad input (scenario, --set, --vary, command line):
// main turns it into a message on stderr and exit code 2, before anything is written.
#pragma once

#include <stdexcept>
#include <string>

namespace chokepoint {

//! Bad input from the user; the message names file, line, column and key path
//! where they are known, and says what was expected.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace chokepoint
