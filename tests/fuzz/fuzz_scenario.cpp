// libFuzzer target on the scenario loader and validator (ScenarioDocument::from_string,
// resolve, set, parse_vary, sweep_points, to_toml) and the flattening into a Model.
// The steps and the input layout are in scenario_fuzz_steps.hpp, shared with the
// regression test tests/scenario/test_fuzz_regressions.cpp. Build and run: tests/fuzz/run_fuzz.sh.
//
// Only chokepoint::InputError is an expected exception; any other exception escapes
// and libFuzzer reports it as a crash. A broken invariant prints what broke and traps.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "tests/fuzz/scenario_fuzz_steps.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  chokepoint::fuzz::run_steps(data, size, [](const std::string& what) {
    std::fprintf(stderr, "\n==== invariant violated ====\n%s\n", what.c_str());
    std::fflush(stderr);
    __builtin_trap();
  });
  return 0;
}
