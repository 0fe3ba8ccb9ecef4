// simulation.precision and simulation.precision_check_paths (docs/scenario-reference.md).
#include <algorithm>

#include "host/scenario/detail.hpp"
#include "host/scenario/precision_target.hpp"
#include "host/scenario/resolver.hpp"
#include "host/scenario/toml_text.hpp"

namespace chokepoint::detail {

void Resolver::read_precision() {
  const toml::node* section_node = root_.get("simulation");
  const toml::table* t = section_node != nullptr ? section_node->as_table() : nullptr;
  s_.precision_check_paths = std::min<int64_t>(4096, s_.paths);
  if (t == nullptr) return;
  if (const toml::node* n = t->get("precision")) {
    const std::string path = "simulation.precision";
    const std::string expected =
        "an array of targets such as [\"lost_output/mean=0.001\", \"lost_output/prob_any=2%\"]";
    const toml::array* list = n->as_array();
    if (list == nullptr) r_.fail(n, path, "got " + describe(*n) + "; expected " + expected);
    for (std::size_t k = 0; k < list->size(); ++k) {
      const std::string at = path + "[" + std::to_string(k) + "]";
      const std::string text = r_.text((*list)[k], at, "a target FIGURE=TARGET");
      PrecisionTarget target;
      std::string error;
      if (!parse_precision_target(text, s_.quantiles, &target, &error)) {
        r_.fail(&(*list)[k], at, error);
      }
      s_.precision.push_back(target);
    }
  }
  if (const toml::node* n = t->get("precision_check_paths")) {
    s_.precision_check_paths =
        r_.integer(*n, "simulation.precision_check_paths", 1, s_.paths,
                   "a whole number of paths between checkpoints from 1 to the path count " +
                       std::to_string(s_.paths) + " (simulation.paths, -n)");
  }
}

}  // namespace chokepoint::detail
