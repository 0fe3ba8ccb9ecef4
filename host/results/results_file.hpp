// The results file of a run (docs/results-format.md), written atomically: everything goes to
// a temporary file beside the target, which is renamed over the target only
// once complete. Layout documented in docs/results-format.md.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "host/model/model.hpp"
#include "host/results/hdf5_file.hpp"
#include "host/scenario/design.hpp"
#include "host/statistics/paired_moments.hpp"
#include "host/statistics/statistics.hpp"
#include "kernels/path_outputs.hpp"

namespace chokepoint {

inline constexpr const char* kResultsFormat = "chokepoint-results";
inline constexpr const char* kResultsFormatVersion = "1.0";
inline constexpr int kResultsFormatMajor = 1;

//! Run-level facts stored as root attributes.
struct RunMetadata {
  std::string scenario_name;
  uint64_t seed = 0;
  int64_t paths = 0;
  int64_t horizon_days = 0;
  int64_t report_interval_days = 0;
  int64_t warmup_days = 0;
  double shortage_threshold = 0;  //!< as given; theta = max(this, 1e-9) (per point when swept)
  std::optional<std::string> start_date;
  std::string backend, device, command_line, scenario_toml;
  double elapsed_seconds = 0;
  int64_t ranks = 1;  //!< MPI ranks that shared the paths (1 without MPI)
};

//! The axes of the file, fixed before the first point is written.
struct ResultsLayout {
  std::vector<std::string> industries, materials, regimes;
  std::vector<double> quantiles;
  int64_t histogram_bins = 0;
  std::vector<int64_t> interval_starts;
  int64_t paths = 0;
  std::vector<std::string> sweep_keys;
  //! sweep_values[k][p]: TOML text of key k's value at point p.
  std::vector<std::vector<std::string>> sweep_values;
  int64_t points = 1;
  bool save_paths = false;
  // The remedies' axes and groups (docs/results-format.md, "Remedies").
  std::vector<std::string> stockpiles;  //!< ids, the root coordinate `stockpile`
  bool quotas = false;                  //!< quota/ written
  bool substitution = false;            //!< substitution/share written (some point has one)
  //! A design's factors and rows: design/unit and sensitivity/ (host/results/sensitivity_file.cpp).
  std::optional<Design> design;
};

//! What a run stopped by precision targets adds (docs/results-format.md, "Precision").
struct PrecisionResult {
  int64_t max_paths = 0;
  std::vector<std::string> targets;  //!< as written, [F]
  std::string stopped_by;            //!< "precision" or "max_paths"
  //! Achieved 95% half-widths [P, I, F] and [P, M, F] (NaN where a target does not apply).
  std::vector<double> half_width, half_width_material;
};

class ResultsFile {
 public:
  //! Creates the temporary file beside `target`; a missing or unwritable
  //! directory fails here, before any simulation (Hdf5Error).
  ResultsFile(std::string target, ResultsLayout layout);
  ResultsFile(const ResultsFile&) = delete;
  ResultsFile& operator=(const ResultsFile&) = delete;
  //! Removes the temporary file unless committed.
  ~ResultsFile();

  //! The temporary file's path (for clean-up on signals).
  const std::string& temporary_path() const { return temporary_; }

  //! Stores the raw per-path values of `count` paths of `point` (--save-paths).
  void write_paths(int64_t point, int64_t first_path, int64_t count, const Model& model,
                   const PathOutputs& out);
  //! Records the statistics of `point` (written on commit).
  void add_point(PointStatistics stats);
  //! Records moments pairing paths across points (written on commit).
  void set_paired(PairedMomentsResult paired) { paired_ = std::move(paired); }
  //! Records the precision targets and their half-widths (written on commit).
  void set_precision(PrecisionResult precision) { precision_ = std::move(precision); }
  //! Writes the summaries and metadata, closes, and renames onto the target.
  void commit(const RunMetadata& meta);
  //! Closes and deletes the temporary file.
  void discard();

 private:
  void prepare();
  void write_coordinates();
  void write_statistics();
  void write_metadata(const RunMetadata& meta);
  // The remedies (host/results/results_remedies.cpp).
  void prepare_remedies();
  void write_remedies();
  void write_remedy_paths(int64_t point, int64_t first_path, int64_t count, const Model& model,
                          const PathOutputs& out);
  void write_sensitivity();
  void write_precision();  // results_precision.cpp
  void put(const std::string& path, const std::vector<uint64_t>& shape,
           const std::vector<double>& data, const std::vector<std::string>& dims,
           const std::string& units, const std::string& description);
  void put(const std::string& path, const std::vector<uint64_t>& shape,
           const std::vector<int64_t>& data, const std::vector<std::string>& dims,
           const std::string& units, const std::string& description);
  void label(const std::string& path, const std::vector<std::string>& dims,
             const std::string& units, const std::string& description);

  std::string target_, temporary_;
  ResultsLayout layout_;
  std::unique_ptr<Hdf5File> file_;
  std::vector<PointStatistics> points_;
  std::optional<PairedMomentsResult> paired_;
  std::optional<PrecisionResult> precision_;
  bool committed_ = false;
};

}  // namespace chokepoint
