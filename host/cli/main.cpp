// The chokepoint command line: parses arguments and calls the library.
// Exit codes: 0 success, 1 runtime failure, 2 bad usage or input, 130/143 interrupted.
#include <CLI/CLI.hpp>

#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "host/backend/backend.hpp"
#include "host/cli/summary.hpp"
#include "host/results/hdf5_file.hpp"
#include "host/results/version.hpp"
#include "host/run/cluster.hpp"
#include "host/run/run.hpp"
#include "host/run/run_plan.hpp"
#include "host/scenario/input_error.hpp"

namespace {

using namespace chokepoint;

std::string joined_command_line(int argc, char** argv) {
  std::string text;
  for (int k = 0; k < argc; ++k) text += (k ? " " : "") + std::string(argv[k]);
  return text;
}

int print_info() {
  std::printf("chokepoint %s (revision %s)\n", kVersion, kGitRevision);
  std::printf("backends: cpu (OpenMP)%s\n", cuda_compiled() ? ", cuda" : "");
  std::printf("CUDA support: %s\n", cuda_compiled() ? "compiled in" : "not compiled in");
  if (cuda_compiled()) {
    const auto devices = cuda_devices();
    if (devices.empty()) std::printf("GPUs: none found\n");
    for (size_t k = 0; k < devices.size(); ++k) std::printf("GPU %zu: %s\n", k, devices[k].c_str());
  }
  return 0;
}

int validate(const PlanRequest& request) {
  const RunPlan plan = make_plan(request);
  for (const auto& w : plan.warnings) std::fprintf(stderr, "chokepoint: warning: %s\n", w.c_str());
  std::fputs(plan.resolved_toml.c_str(), stdout);
  const std::string points = plan.design ? std::to_string(plan.points.size()) + " design points"
                             : plan.sweeps.empty()
                                 ? "no sweeps"
                                 : std::to_string(plan.points.size()) + " sweep point" +
                                       (plan.points.size() == 1 ? "" : "s");
  std::fprintf(stderr, "chokepoint: %s is valid (%s)\n", describe_source(request).c_str(),
               points.c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // A file-size limit (ulimit -f) must make writes fail with an error we report
  // and clean up after, not kill the process with a half-written file.
  std::signal(SIGXFSZ, SIG_IGN);
  CLI::App app{"chokepoint: Monte Carlo model of supply risk under export licensing"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("chokepoint ") + kVersion);

  RunOptions run_options;
  auto* run_cmd = app.add_subcommand("run", "simulate a scenario and write results (HDF5)");
  std::string scenario;
  run_cmd->add_option("scenario", scenario, "scenario file (TOML); default: the built-in scenario");
  run_cmd->add_option("-o,--output", run_options.output,
                      "results file (default results/<stem>.h5)");
  run_cmd
      ->add_option("-n,--paths", run_options.plan.paths, "number of paths (overrides the scenario)")
      ->check(CLI::Range(int64_t{1}, int64_t{1} << 62));
  run_cmd->add_option("--seed", run_options.plan.seed, "random seed (overrides the scenario)");
  run_cmd->add_option("--backend", run_options.backend, "auto, cpu or cuda")
      ->check(CLI::IsMember({"auto", "cpu", "cuda"}));
  run_cmd->add_option("--threads", run_options.threads, "CPU threads (default: all cores)")
      ->check(CLI::Range(1, 4096));
  run_cmd->add_option("--device", run_options.device, "GPU index")->check(CLI::NonNegativeNumber);
  run_cmd->add_option("--set", run_options.plan.sets, "KEY=VALUE: override a scenario value");
  run_cmd->add_option("--vary", run_options.plan.varies,
                      "KEY=V1,V2,... or KEY=START:STOP:STEP: sweep a value");
  run_cmd->add_option("--design", run_options.plan.design,
                      "METHOD[:SAMPLES]: an experiment design (oat, morris, sobol, lhs)");
  run_cmd->add_option("--factor", run_options.plan.factors,
                      "KEY=LOW:HIGH: a factor of the design, uniform on [LOW, HIGH]");
  run_cmd->add_option("--precision", run_options.plan.precision,
                      "FIGURE=TARGET: stop once its 95% half-width is reached (-n: the maximum)");
  run_cmd->add_flag("--save-paths", run_options.save_paths, "store every path's figures too");
  run_cmd->add_flag("!--no-reuse", run_options.reuse,
                    "simulate every industry at every point (no reuse of an industry's outputs "
                    "where its inputs equal those of an earlier point; for checks)");
  run_cmd->add_option("--memory-budget", run_options.memory_budget,
                      "SIZE (e.g. 1GB, 500MB): memory per process for the order statistics; "
                      "beyond it they come from replays of the paths (default: 80% of RAM)");
  run_cmd->add_flag("-q,--quiet", run_options.quiet, "no progress or messages");

  PlanRequest validate_request;
  auto* validate_cmd = app.add_subcommand("validate", "check a scenario and print it resolved");
  std::string validate_scenario;
  validate_cmd->add_option("scenario", validate_scenario,
                           "scenario file (TOML); default: the built-in scenario");
  validate_cmd->add_option("--set", validate_request.sets, "KEY=VALUE: override a scenario value");
  validate_cmd->add_option("--vary", validate_request.varies, "KEY=SPEC: sweep a value");
  validate_cmd->add_option("--design", validate_request.design, "METHOD[:SAMPLES]: a design");
  validate_cmd->add_option("--factor", validate_request.factors, "KEY=LOW:HIGH: a design factor");

  std::string summary_file;
  bool summary_csv = false;
  auto* summary_cmd = app.add_subcommand("summary", "per-industry table of a results file");
  summary_cmd->add_option("file", summary_file, "results file (HDF5)")->required();
  summary_cmd->add_flag("--csv", summary_csv,
                        "comma-separated values for spreadsheets (remedies: one more table each, "
                        "after a blank line)");
  std::vector<int64_t> diff_points;
  summary_cmd
      ->add_option("--diff", diff_points,
                   "A B: change of each figure from point A to point B, with paired "
                   "standard errors")
      ->expected(2);

  auto* info_cmd = app.add_subcommand("info", "version, backends and GPUs found");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // One line, like every other message, naming the help of the command at hand.
    std::string help = "chokepoint";
    for (const CLI::App* sub : app.get_subcommands()) help += " " + sub->get_name();
    std::string message = e.what();
    if (app.get_subcommands().empty() && message == "A subcommand is required") {
      message =
          (argc > 1 && argv[1][0] != '-' ? std::string(argv[1]) + " is not a command; " : "") +
          "expected a command: run, validate, summary or info";
    }
    std::fprintf(stderr, "chokepoint: error: %s (see %s --help)\n", message.c_str(), help.c_str());
    return 2;
  }

  try {
    if (*run_cmd) {
      if (!scenario.empty()) run_options.plan.scenario_path = scenario;
      run_options.command_line = joined_command_line(argc, argv);
      run_options.device_given = run_cmd->count("--device") > 0;
      return run(run_options);
    }
    if (*validate_cmd) {
      if (!validate_scenario.empty()) validate_request.scenario_path = validate_scenario;
      return validate(validate_request);
    }
    if (*summary_cmd) {
      if (diff_points.size() == 2) {
        print_difference(summary_file, diff_points[0], diff_points[1], summary_csv, std::cout);
      } else {
        print_summary(summary_file, summary_csv, std::cout);
      }
      return 0;
    }
    if (*info_cmd) return print_info();
  } catch (const QuietExit& e) {
    return e.code;  // another MPI rank reported the failure
  } catch (const InputError& e) {
    std::fprintf(stderr, "chokepoint: error: %s\n", e.what());
    return 2;
  } catch (const ResultsReadError& e) {
    std::fprintf(stderr, "chokepoint: error: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "chokepoint: failed: %s\n", e.what());
    return 1;
  }
  return 0;
}
