// Scenario loader: every validation rule of SPEC §2/§3 rejects a scenario with a
// message naming file, line, key path and what was expected; a rich scenario
// resolves to the expected structs; defaults; to_toml round trip.
#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

#include "host/scenario/document.hpp"
#include "host/scenario/input_error.hpp"

namespace chokepoint {
namespace {

// Two materials, an absorbing and a licensing regime, one industry.
const std::string kBase = R"([scenario]
name = "base"

[[material]]
id = "dy"

[[material]]
id = "sm"

[[regime]]
id = "open"

[[regime]]
id = "strict"
mean_duration_days = 30
next = { open = 1.0 }
licence = "required"
approval_prob = 0.7
review_days = 10

[[industry]]
id = "auto"
need = { dy = 1.0, sm = 0.5 }
inventory_days = 30
review_days = 7
)";

// `text` with `from` replaced by `to` (which must occur).
std::string with(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  if (at == std::string::npos) {
    ADD_FAILURE() << "fixture text not found: " << from;
    return text;
  }
  return text.replace(at, from.size(), to);
}

// 1-based line of the first occurrence of `needle`.
int line_of(const std::string& text, const std::string& needle) {
  const std::size_t at = text.find(needle);
  if (at == std::string::npos) {
    ADD_FAILURE() << "needle not found: " << needle;
    return 0;
  }
  int line = 1;
  for (std::size_t i = 0; i < at; ++i) line += text[i] == '\n';
  return line;
}

std::string error_of(const std::string& text) {
  try {
    ScenarioDocument::from_string(text, "test.toml").resolve();
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

Scenario resolve(const std::string& text) {
  return ScenarioDocument::from_string(text, "test.toml").resolve();
}

struct RuleCase {
  const char* name;
  std::string text;
  std::vector<std::string> expect;  // substrings of the message
  std::string line_needle;          // the message must say test.toml:<line of this>:; "" = no line
};

std::ostream& operator<<(std::ostream& out, const RuleCase& c) {
  return out << c.name;
}

class ValidationRule : public ::testing::TestWithParam<RuleCase> {};

TEST_P(ValidationRule, IsRejectedWithLocationKeyPathAndExpectation) {
  const RuleCase& c = GetParam();
  const std::string message = error_of(c.text);
  for (const std::string& part : c.expect) {
    EXPECT_NE(message.find(part), std::string::npos) << "missing '" << part << "' in: " << message;
  }
  if (c.line_needle.empty()) {
    EXPECT_EQ(message.rfind("test.toml: ", 0), 0u) << message;
  } else {
    const std::string prefix = "test.toml:" + std::to_string(line_of(c.text, c.line_needle)) + ":";
    EXPECT_EQ(message.rfind(prefix, 0), 0u) << "expected prefix " << prefix << " in: " << message;
  }
  // Every message says what was expected.
  EXPECT_NE(message.find("expected"), std::string::npos) << message;
}

std::string add(const std::string& extra) {
  return kBase + extra;
}

std::vector<RuleCase> rule_cases() {
  std::vector<RuleCase> cases = {
      // TOML itself
      {"syntax_error",
       with(kBase, "review_days = 7", "review_days = = 7"),
       {"invalid TOML"},
       "review_days = = 7"},
      {"duplicate_key",
       with(kBase, "review_days = 7", "review_days = 7\nreview_days = 8"),
       {"invalid TOML", "review_days"},
       "review_days = 8"},
      {"unknown_top_level_key",
       add("[simulaton]\npaths = 5\n"),
       {"simulaton: unknown key (did you mean simulation?)", "expected one of scenario"},
       "simulaton"},
      {"top_level_wrong_type",
       with(kBase, "[scenario]\nname = \"base\"", "scenario = \"base\""),
       {"scenario: got the text \"base\"; expected a table"},
       "scenario ="},
      // [scenario]
      {"scenario_missing",
       with(kBase, "[scenario]\nname = \"base\"\n", ""),
       {"scenario: missing; expected a [scenario] table"},
       ""},
      {"name_missing",
       with(kBase, "name = \"base\"", "start_date = \"2025-01-01\""),
       {"scenario.name: missing"},
       "[scenario]"},
      {"name_empty",
       with(kBase, "name = \"base\"", "name = \"  \""),
       {"scenario.name: is empty"},
       "name ="},
      {"name_not_text",
       with(kBase, "name = \"base\"", "name = 5"),
       {"scenario.name: got the integer 5"},
       "name ="},
      {"start_date_not_a_date",
       with(kBase, "name = \"base\"", "name = \"b\"\nstart_date = \"2025-02-30\""),
       {"scenario.start_date: the text \"2025-02-30\" is not a calendar date", "YYYY-MM-DD"},
       "start_date"},
      {"unknown_key_scenario",
       with(kBase, "name = \"base\"", "name = \"b\"\nauthor = \"me\""),
       {"scenario.author: unknown key"},
       "author"},
      // ids
      {"no_materials",
       with(with(kBase, "[[material]]\nid = \"dy\"\n", ""), "[[material]]\nid = \"sm\"\n", ""),
       {"material: no [[material]] table; expected at least one"},
       ""},
      {"material_not_array",
       with(with(kBase, "[[material]]\nid = \"dy\"\n", "[material]\nid = \"dy\"\n"),
            "[[material]]\nid = \"sm\"\n", ""),
       {"material: got a table; expected an array of tables, written [[material]]"},
       "[material]"},
      {"invalid_id",
       with(kBase, "id = \"dy\"", "id = \"Dy\""),
       {"material[0].id: \"Dy\" is not a valid id", "lowercase"},
       "id = \"Dy\""},
      {"duplicate_material_id",
       with(kBase, "id = \"sm\"", "id = \"dy\""),
       {"material[1].id: duplicate id: \"dy\" is already the id of material[0] (test.toml:4:"},
       "id = \"dy\"\n\n[[regime]]"},
      {"duplicate_regime_id",
       with(kBase, "id = \"strict\"", "id = \"open\""),
       {"regime[1].id: duplicate id"},
       "id = \"open\"\nmean"},
      {"missing_id", with(kBase, "id = \"open\"\n", ""), {"regime[0].id: missing"}, "[[regime]]"},
      {"no_industries",
       with(kBase,
            "[[industry]]\nid = \"auto\"\nneed = { dy = 1.0, sm = 0.5 }\ninventory_days = "
            "30\nreview_days = 7\n",
            ""),
       {"industry: no [[industry]] table"},
       ""},
      // regimes
      {"probability_above_1",
       with(kBase, "approval_prob = 0.7", "approval_prob = 1.5"),
       {"regime[strict].approval_prob: 1.5 is outside [0, 1]; expected a probability between 0 and "
        "1"},
       "approval_prob = 1.5"},
      {"probability_negative",
       with(kBase, "approval_prob = 0.7", "approval_prob = -0.1"),
       {"regime[strict].approval_prob: -0.1 is outside [0, 1]"},
       "approval_prob"},
      {"probability_nan",
       with(kBase, "approval_prob = 0.7", "approval_prob = nan"),
       {"regime[strict].approval_prob: nan (not a number) is not allowed"},
       "approval_prob"},
      {"probability_text",
       with(kBase, "approval_prob = 0.7", "approval_prob = \"high\""),
       {"regime[strict].approval_prob: got the text \"high\"; expected a probability"},
       "approval_prob"},
      {"next_sum",
       with(kBase, "next = { open = 1.0 }", "next = { open = 0.9 }"),
       {"regime[strict].next: the probabilities sum to 0.9; expected them to sum to 1"},
       "next ="},
      {"next_self",
       with(kBase, "next = { open = 1.0 }", "next = { open = 0.5, strict = 0.5 }"),
       {"regime[strict].next.strict: a regime cannot move to itself"},
       "next ="},
      {"next_unknown",
       with(kBase, "next = { open = 1.0 }", "next = { opn = 1.0 }"),
       {"regime[strict].next.opn: no regime has the id \"opn\" (did you mean open?); expected one "
        "of open or strict"},
       "next ="},
      {"next_missing",
       with(kBase, "next = { open = 1.0 }\n", ""),
       {"regime[strict].next: missing; expected next = {", "mean_duration_days"},
       "[[regime]]\nid = \"strict\""},
      {"next_of_absorbing_regime_is_validated",
       with(kBase, "id = \"open\"", "id = \"open\"\nnext = { strict = 0.5 }"),
       {"regime[open].next: the probabilities sum to 0.5"},
       "next = { strict"},
      {"mean_duration_below_1",
       with(kBase, "mean_duration_days = 30", "mean_duration_days = 0.5"),
       {"regime[strict].mean_duration_days: 0.5 is out of range; expected the mean number of days "
        "the regime lasts, a number >= 1"},
       "mean_duration_days"},
      {"licence_unknown",
       with(kBase, "licence = \"required\"", "licence = \"forbidden\""),
       {"regime[strict].licence: \"forbidden\" is not a licence rule; expected \"none\", "
        "\"required\" or \"banned\""},
       "licence ="},
      {"required_without_approval_prob",
       with(kBase, "approval_prob = 0.7\n", ""),
       {"regime[strict].approval_prob: missing for industry auto and material dy",
        "regime strict is \"required\"", "[regime.materials.dy] or in [regime.industries.auto]"},
       "[[regime]]\nid = \"strict\""},
      {"required_without_review_days",
       with(kBase, "review_days = 10\n", ""),
       {"regime[strict].review_days: missing for industry auto and material dy"},
       "[[regime]]\nid = \"strict\""},
      {"required_by_material_override",
       with(kBase, "id = \"open\"",
            "id = \"open\"\n[regime.materials.sm]\nlicence = \"required\"\nreview_days = 3"),
       {"regime[open].approval_prob: missing for industry auto and material sm, whose licence in "
        "regime open is \"required\""},
       "[[regime]]\nid = \"open\""},
      {"required_by_industry_override",
       with(kBase, "id = \"open\"",
            "id = \"open\"\n[regime.industries.auto]\nlicence = \"required\"\napproval_prob = 0.5"),
       {"regime[open].review_days: missing for industry auto and material dy"},
       "[[regime]]\nid = \"open\""},
      {"inspection_days_missing",
       with(kBase, "review_days = 10", "review_days = 10\ninspection_prob = 0.2"),
       {"regime[strict].inspection_days: missing; expected inspection_days", "inspection_prob > 0"},
       "[[regime]]\nid = \"strict\""},
      {"override_unknown_material",
       add("\n[regime.materials.tb]\napproval_prob = 0.5\n"),
       {"regime[strict].materials.tb: no material has the id \"tb\"; expected one of dy or sm"},
       "[regime.materials.tb]"},
      {"override_unknown_industry",
       add("\n[regime.industries.autos]\napproval_prob = 0.5\n"),
       {"regime[strict].industries.autos: no industry has the id \"autos\" (did you mean auto?)"},
       "[regime.industries.autos]"},
      {"override_unknown_key",
       add("\n[regime.materials.sm]\naproval_prob = 0.5\n"),
       {"regime[strict].materials.sm.aproval_prob: unknown key (did you mean approval_prob?); "
        "expected one of licence, approval_prob or review_days"},
       "aproval_prob"},
      {"override_bad_probability",
       add("\n[regime.industries.auto]\napproval_prob = 2\n"),
       {"regime[strict].industries.auto.approval_prob: 2 is outside [0, 1]"},
       "approval_prob = 2"},
      {"general_licences_not_bool",
       with(kBase, "review_days = 10", "review_days = 10\ngeneral_licences = \"yes\""),
       {"regime[strict].general_licences: got the text \"yes\"; expected true or false"},
       "general_licences"},
      {"unknown_key_regime",
       with(kBase, "review_days = 10", "review_days = 10\nreview_dys = 3"),
       {"regime[strict].review_dys: unknown key (did you mean review_days?)"},
       "review_dys"},
      // distributions
      {"dist_min_above_max",
       with(kBase, "review_days = 10", "review_days = { dist = \"uniform\", min = 10, max = 5 }"),
       {"regime[strict].review_days.max: min (10) is greater than max (5); expected min <= max"},
       "dist = \"uniform\""},
      {"dist_negative_days",
       with(kBase, "review_days = 10", "review_days = -3"),
       {"regime[strict].review_days: -3 is negative; expected a whole number of days from 0 to "
        "100000"},
       "review_days = -3"},
      {"dist_fractional_days",
       with(kBase, "review_days = 10", "review_days = 2.5"),
       {"regime[strict].review_days: 2.5 is not a whole number of days"},
       "review_days = 2.5"},
      {"dist_absurd_days",
       with(kBase, "review_days = 10",
            "review_days = { dist = \"uniform\", min = 1, max = 200000 }"),
       {"regime[strict].review_days.max: 200000 days is beyond the limit of 100000 days"},
       "dist = \"uniform\""},
      {"dist_text",
       with(kBase, "review_days = 10", "review_days = \"ten\""),
       {"regime[strict].review_days: got the text \"ten\"; expected a whole number of days (e.g. "
        "30) or a distribution"},
       "review_days = \"ten\""},
      {"dist_unknown_kind",
       with(kBase, "review_days = 10", "review_days = { dist = \"poisson\", mean = 3 }"),
       {"regime[strict].review_days.dist: \"poisson\" is not a distribution; expected one of "
        "\"fixed\""},
       "poisson"},
      {"dist_missing_kind",
       with(kBase, "review_days = 10", "review_days = { min = 1, max = 3 }"),
       {"regime[strict].review_days.dist: missing; expected dist ="},
       "min = 1"},
      {"dist_unknown_key",
       with(kBase, "review_days = 10",
            "review_days = { dist = \"uniform\", min = 1, mode = 2, max = 3 }"),
       {"regime[strict].review_days.mode: unknown key; expected one of dist, min or max"},
       "dist = \"uniform\""},
      {"dist_fixed_missing_value",
       with(kBase, "review_days = 10", "review_days = { dist = \"fixed\" }"),
       {"regime[strict].review_days.value: missing"},
       "dist = \"fixed\""},
      {"triangular_mode_outside",
       with(kBase, "review_days = 10",
            "review_days = { dist = \"triangular\", min = 5, mode = 20.5, max = 10 }"),
       {"regime[strict].review_days.mode: 20.5 is outside [min, max] = [5, 10]; expected min <= "
        "mode <= max"},
       "triangular"},
      {"lognormal_sigma_zero",
       with(kBase, "review_days = 10",
            "review_days = { dist = \"lognormal\", median = 20, sigma = 0, max = 90 }"),
       {"regime[strict].review_days.sigma: 0 is not positive; expected sigma > 0"},
       "lognormal"},
      {"lognormal_median_zero",
       with(kBase, "review_days = 10",
            "review_days = { dist = \"lognormal\", median = 0, sigma = 0.5, max = 90 }"),
       {"regime[strict].review_days.median: 0 is out of range; expected the median number of days, "
        "a number > 0"},
       "lognormal"},
      {"lognormal_without_max",
       with(kBase, "review_days = 10",
            "review_days = { dist = \"lognormal\", median = 20, sigma = 0.5 }"),
       {"regime[strict].review_days.max: missing; expected max ="},
       "lognormal"},
      {"empirical_negative_value",
       with(kBase, "review_days = 10", "review_days = { dist = \"empirical\", values = [1, -2] }"),
       {"regime[strict].review_days.values[1]: -2 is negative"},
       "empirical"},
      {"empirical_weights_length",
       with(kBase, "review_days = 10",
            "review_days = { dist = \"empirical\", values = [1, 2], weights = [1] }"),
       {"regime[strict].review_days.weights: has 1 weights for 2 values"},
       "empirical"},
      {"empirical_negative_weight",
       with(kBase, "review_days = 10",
            "review_days = { dist = \"empirical\", values = [1, 2], weights = [1, -1] }"),
       {"regime[strict].review_days.weights[1]: -1 is out of range; expected a weight >= 0"},
       "empirical"},
      {"empirical_zero_weights",
       with(kBase, "review_days = 10",
            "review_days = { dist = \"empirical\", values = [1, 2], weights = [0, 0.0] }"),
       {"regime[strict].review_days.weights: the weights sum to 0; expected at least one positive "
        "weight"},
       "empirical"},
      {"empirical_values_not_array",
       with(kBase, "review_days = 10",
            "review_days = { dist = \"empirical\", values = { a = 1 } }"),
       {"regime[strict].review_days.values: got a table; expected an array"},
       "empirical"},
      // materials
      {"alt_outage_mean_below_1",
       with(kBase, "id = \"dy\"",
            "id = \"dy\"\nalt_outage = { mean_days_between = 0, duration_days = 5 }"),
       {"material[dy].alt_outage.mean_days_between: 0 is out of range"},
       "alt_outage"},
      {"alt_outage_duration_missing",
       with(kBase, "id = \"dy\"", "id = \"dy\"\nalt_outage = { mean_days_between = 100 }"),
       {"material[dy].alt_outage.duration_days: missing"},
       "alt_outage"},
      {"alt_outage_duration_dist_max",
       with(kBase, "id = \"dy\"",
            "id = \"dy\"\nalt_outage = { mean_days_between = 100, duration_days = { dist = "
            "\"uniform\", min = 9, max = 3 } }"),
       {"material[dy].alt_outage.duration_days.max: min (9) is greater than max (3)"},
       "alt_outage"},
      {"alt_outage_unknown_key",
       with(kBase, "id = \"dy\"",
            "id = \"dy\"\nalt_outage = { mean_days_between = 100, duration_days = 3, start = 1 }"),
       {"material[dy].alt_outage.start: unknown key"},
       "alt_outage"},
      {"warmup_negative",
       add("\n[simulation]\nwarmup_days = -1\n"),
       {"simulation.warmup_days: -1 is negative; expected a whole number of days from 0 to 3650"},
       "warmup_days"},
      {"warmup_too_long",
       add("\n[simulation]\nwarmup_days = 3651\n"),
       {"simulation.warmup_days: 3651 is out of range; expected a whole number of days from 0 to "
        "3650"},
       "warmup_days"},
      {"warmup_fraction",
       add("\n[simulation]\nwarmup_days = 2.5\n"),
       {"simulation.warmup_days: 2.5 is not a whole number of days"},
       "warmup_days"},
      {"warmup_text",
       add("\n[simulation]\nwarmup_days = \"30\"\n"),
       {"simulation.warmup_days: got the text"},
       "warmup_days"},
      {"threshold_one",
       add("\n[output]\nshortage_threshold = 1\n"),
       {"output.shortage_threshold: 1 is outside [0, 1); expected a shortfall from 0 (inclusive) "
        "to 1 (exclusive)"},
       "shortage_threshold"},
      {"threshold_negative",
       add("\n[output]\nshortage_threshold = -0.01\n"),
       {"output.shortage_threshold: -0.01 is outside [0, 1)"},
       "shortage_threshold"},
      {"threshold_nan",
       add("\n[output]\nshortage_threshold = nan\n"),
       {"output.shortage_threshold: nan (not a number) is not allowed"},
       "shortage_threshold"},
      {"threshold_text",
       add("\n[output]\nshortage_threshold = \"5%\"\n"),
       {"output.shortage_threshold: got the text"},
       "shortage_threshold"},
      {"alt_capacity_negative",
       with(kBase, "id = \"dy\"", "id = \"dy\"\nalt_capacity = -0.5"),
       {"material[dy].alt_capacity: -0.5 is negative; expected a number >= 0"},
       "alt_capacity"},
      {"alt_capacity_minus_inf",
       with(kBase, "id = \"dy\"", "id = \"dy\"\nalt_capacity = -inf"),
       {"material[dy].alt_capacity: -inf is negative"},
       "alt_capacity"},
      {"alt_capacity_nan",
       with(kBase, "id = \"dy\"", "id = \"dy\"\nalt_capacity = nan"),
       {"material[dy].alt_capacity: nan (not a number) is not allowed"},
       "alt_capacity"},
      {"alt_capacity_text",
       with(kBase, "id = \"dy\"", "id = \"dy\"\nalt_capacity = \"lots\""),
       {"material[dy].alt_capacity: got the text"},
       "alt_capacity"},
      {"alt_capacity_ramp_lengths",
       with(kBase, "id = \"dy\"", "id = \"dy\"\nalt_capacity = { day = [0, 10], factor = [1.0] }"),
       {"material[dy].alt_capacity.factor: day has 2 entries, factor has 1; expected one factor "
        "per day"},
       "alt_capacity"},
      {"alt_capacity_ramp_empty",
       with(kBase, "id = \"dy\"", "id = \"dy\"\nalt_capacity = { day = [], factor = [] }"),
       {"material[dy].alt_capacity.day: is empty; expected an array of whole days"},
       "alt_capacity"},
      {"alt_capacity_ramp_factor_empty",
       with(kBase, "id = \"dy\"", "id = \"dy\"\nalt_capacity = { day = [0], factor = [] }"),
       {"material[dy].alt_capacity.factor: is empty; expected an array of factors"},
       "alt_capacity"},
      {"alt_capacity_ramp_days_repeat",
       with(kBase, "id = \"dy\"",
            "id = \"dy\"\nalt_capacity = { day = [0, 10, 10], factor = [1, 1, 2] }"),
       {"material[dy].alt_capacity.day[2]: 10 does not come after 10; expected an array of whole "
        "days in strictly increasing order"},
       "alt_capacity"},
      {"alt_capacity_ramp_days_decrease",
       with(kBase, "id = \"dy\"", "id = \"dy\"\nalt_capacity = { day = [5, -5], factor = [1, 2] }"),
       {"material[dy].alt_capacity.day[1]: -5 does not come after 5"},
       "alt_capacity"},
      {"alt_capacity_ramp_day_fraction",
       with(kBase, "id = \"dy\"",
            "id = \"dy\"\nalt_capacity = { day = [0, 1.5], factor = [1, 2] }"),
       {"material[dy].alt_capacity.day[1]: 1.5 is not a whole number of days"},
       "alt_capacity"},
      {"alt_capacity_ramp_day_text",
       with(kBase, "id = \"dy\"",
            "id = \"dy\"\nalt_capacity = { day = [0, \"x\"], factor = [1, 2] }"),
       {"material[dy].alt_capacity.day[1]: got the text"},
       "alt_capacity"},
      {"alt_capacity_ramp_factor_negative",
       with(kBase, "id = \"dy\"",
            "id = \"dy\"\nalt_capacity = { day = [0, 10], factor = [1, -2] }"),
       {"material[dy].alt_capacity.factor[1]: -2 is out of range; expected a finite factor >= 0"},
       "alt_capacity"},
      {"alt_capacity_ramp_factor_inf",
       with(kBase, "id = \"dy\"",
            "id = \"dy\"\nalt_capacity = { day = [0, 10], factor = [1, inf] }"),
       {"material[dy].alt_capacity.factor[1]: infinity is not allowed; expected a finite factor >= "
        "0"},
       "alt_capacity"},
      {"alt_capacity_ramp_factor_nan",
       with(kBase, "id = \"dy\"",
            "id = \"dy\"\nalt_capacity = { day = [0, 10], factor = [nan, 1] }"),
       {"material[dy].alt_capacity.factor[0]: nan (not a number) is not allowed"},
       "alt_capacity"},
      {"alt_capacity_ramp_missing_factor",
       with(kBase, "id = \"dy\"", "id = \"dy\"\nalt_capacity = { day = [0] }"),
       {"material[dy].alt_capacity.factor: missing"},
       "alt_capacity"},
      {"alt_capacity_ramp_day_not_array",
       with(kBase, "id = \"dy\"", "id = \"dy\"\nalt_capacity = { day = 0, factor = [1] }"),
       {"material[dy].alt_capacity.day: got the integer 0; expected an array"},
       "alt_capacity"},
      {"alt_capacity_ramp_unknown_key",
       with(kBase, "id = \"dy\"",
            "id = \"dy\"\nalt_capacity = { day = [0], factor = [1], slope = 2 }"),
       {"material[dy].alt_capacity.slope: unknown key"},
       "alt_capacity"},
      {"unknown_key_material",
       with(kBase, "id = \"dy\"", "id = \"dy\"\nprice = 3"),
       {"material[dy].price: unknown key; expected one of id, alt_outage or alt_capacity"},
       "price"},
      // industries
      {"need_unknown_material",
       with(kBase, "need = { dy = 1.0, sm = 0.5 }", "need = { dy = 1.0, tb = 0.5 }"),
       {"industry[auto].need.tb: no material has the id \"tb\"; expected one of dy or sm"},
       "need ="},
      {"need_negative",
       with(kBase, "need = { dy = 1.0, sm = 0.5 }", "need = { dy = -1.0 }"),
       {"industry[auto].need.dy: -1 is out of range; expected tonnes per day"},
       "need ="},
      {"need_none_positive",
       with(kBase, "need = { dy = 1.0, sm = 0.5 }", "need = { dy = 0, sm = 0.0 }"),
       {"industry[auto].need: no material has a need above 0; expected at least one positive "
        "entry"},
       "need ="},
      {"need_empty",
       with(kBase, "need = { dy = 1.0, sm = 0.5 }", "need = {}"),
       {"industry[auto].need: no material has a need above 0"},
       "need ="},
      {"need_missing",
       with(kBase, "need = { dy = 1.0, sm = 0.5 }\n", ""),
       {"industry[auto].need: missing"},
       "[[industry]]"},
      {"need_not_table",
       with(kBase, "need = { dy = 1.0, sm = 0.5 }", "need = 1.0"),
       {"industry[auto].need: got the number 1; expected a table of tonnes per day by material id"},
       "need ="},
      {"china_share_above_1",
       with(kBase, "inventory_days = 30", "inventory_days = 30\nchina_share = 1.2"),
       {"industry[auto].china_share: 1.2 is outside [0, 1]"},
       "china_share"},
      {"china_share_entry_above_1",
       with(kBase, "inventory_days = 30", "inventory_days = 30\nchina_share = { sm = 1.01 }"),
       {"industry[auto].china_share.sm: 1.01 is outside [0, 1]"},
       "china_share"},
      {"china_share_unknown_material",
       with(kBase, "inventory_days = 30", "inventory_days = 30\nchina_share = { tb = 0.5 }"),
       {"industry[auto].china_share.tb: no material has the id \"tb\""},
       "china_share"},
      {"china_share_array",
       with(kBase, "inventory_days = 30", "inventory_days = 30\nchina_share = [0.5]"),
       {"industry[auto].china_share: got an array; expected a number for every material, or a "
        "table by material id"},
       "china_share"},
      {"inventory_missing",
       with(kBase, "inventory_days = 30\n", ""),
       {"industry[auto].inventory_days: missing"},
       "[[industry]]"},
      {"inventory_negative",
       with(kBase, "inventory_days = 30", "inventory_days = -5"),
       {"industry[auto].inventory_days: -5 is out of range; expected days of need, a number from 0 "
        "to 100000"},
       "inventory_days"},
      {"inventory_absurd",
       with(kBase, "inventory_days = 30", "inventory_days = 1e7"),
       {"industry[auto].inventory_days: 10000000 is out of range"},
       "inventory_days"},
      {"inventory_table_misses_needed_material",
       with(kBase, "inventory_days = 30", "inventory_days = { dy = 30 }"),
       {"industry[auto].inventory_days.sm: missing; expected an entry for sm, which the industry "
        "needs"},
       "inventory_days"},
      {"inventory_unknown_material",
       with(kBase, "inventory_days = 30", "inventory_days = { dy = 30, sm = 3, tb = 3 }"),
       {"industry[auto].inventory_days.tb: no material has the id"},
       "inventory_days"},
      {"target_unknown_material",
       with(kBase, "inventory_days = 30", "inventory_days = 30\ntarget_days = { tb = 3 }"),
       {"industry[auto].target_days.tb: no material has the id"},
       "target_days"},
      {"review_days_fractional",
       with(kBase, "review_days = 7", "review_days = 7.5"),
       {"industry[auto].review_days: 7.5 is not a whole number of days; expected a whole number of "
        "days from 1 to 100000"},
       "review_days = 7.5"},
      {"review_days_zero",
       with(kBase, "review_days = 7", "review_days = 0"),
       {"industry[auto].review_days: 0 is out of range; expected a whole number of days from 1"},
       "review_days = 0"},
      {"review_days_missing",
       with(kBase, "review_days = 7\n", ""),
       {"industry[auto].review_days: missing"},
       "[[industry]]"},
      {"transit_negative",
       with(kBase, "review_days = 7", "review_days = 7\ntransit_days = -1"),
       {"industry[auto].transit_days: -1 is negative"},
       "transit_days"},
      {"buyers_zero",
       with(kBase, "review_days = 7", "review_days = 7\nbuyers = 0"),
       {"industry[auto].buyers: 0 is out of range; expected a whole number of buyers (firms) from "
        "1 to 4096"},
       "buyers"},
      {"buyers_too_many",
       with(kBase, "review_days = 7", "review_days = 7\nbuyers = 5000"),
       {"industry[auto].buyers: 5000 is out of range"},
       "buyers"},
      {"buyers_float",
       with(kBase, "review_days = 7", "review_days = 7\nbuyers = 2.0"),
       {"industry[auto].buyers: got the number 2, written as a float"},
       "buyers"},
      {"adoption_above_1",
       with(kBase, "review_days = 7", "review_days = 7\ngeneral_licence_adoption = 2"),
       {"industry[auto].general_licence_adoption: 2 is outside [0, 1]"},
       "general_licence_adoption"},
      {"unknown_key_industry",
       with(kBase, "review_days = 7", "review_days = 7\nbuyer = 3"),
       {"industry[auto].buyer: unknown key (did you mean buyers?)"},
       "buyer ="},
      // [general_licence]
      {"gl_grant_prob",
       add("[general_licence]\ngrant_prob = 1.1\n"),
       {"general_licence.grant_prob: 1.1 is outside [0, 1]"},
       "grant_prob"},
      {"gl_validity_zero",
       add("[general_licence]\nvalidity_days = 0\n"),
       {"general_licence.validity_days: 0 is out of range"},
       "validity_days"},
      {"gl_renew_not_below_validity",
       add("[general_licence]\nvalidity_days = 60\nrenew_before_days = 60\n"),
       {"general_licence.renew_before_days: renew_before_days (60) is not less than validity_days "
        "(60); expected 0 <= renew_before_days < validity_days"},
       "renew_before_days"},
      {"gl_validity_below_default_renew",
       add("[general_licence]\nvalidity_days = 20\n"),
       {"general_licence.validity_days: renew_before_days (30) is not less than validity_days "
        "(20)"},
       "validity_days"},
      {"gl_retry_zero",
       add("[general_licence]\nretry_days = 0\n"),
       {"general_licence.retry_days: 0 is out of range"},
       "retry_days"},
      {"gl_review_dist",
       add("[general_licence]\nreview_days = { dist = \"uniform\", min = 3 }\n"),
       {"general_licence.review_days.max: missing"},
       "review_days = { dist"},
      {"gl_unknown_key",
       add("[general_licence]\nvalidity = 3\n"),
       {"general_licence.validity: unknown key (did you mean validity_days?)"},
       "validity ="},
      // [simulation]
      {"paths_zero",
       add("[simulation]\npaths = 0\n"),
       {"simulation.paths: 0 is out of range; expected a whole number of paths from 1"},
       "paths"},
      {"paths_float",
       add("[simulation]\npaths = 1e6\n"),
       {"simulation.paths: got the number 1000000, written as a float",
        "without a decimal point or exponent"},
       "paths"},
      {"horizon_zero",
       add("[simulation]\nhorizon_days = 0\n"),
       {"simulation.horizon_days: 0 is out of range; expected a whole number of days from 1 to "
        "3650"},
       "horizon_days"},
      {"horizon_too_long",
       add("[simulation]\nhorizon_days = 3651\n"),
       {"simulation.horizon_days: 3651 is out of range"},
       "horizon_days"},
      {"seed_negative",
       add("[simulation]\nseed = -1\n"),
       {"simulation.seed: -1 is out of range; expected a whole number from 0 to "
        "18446744073709551615"},
       "seed"},
      {"seed_text",
       add("[simulation]\nseed = \"abc\"\n"),
       {"simulation.seed: the text \"abc\" is not a 64-bit seed"},
       "seed"},
      {"seed_text_too_large",
       add("[simulation]\nseed = \"18446744073709551616\"\n"),
       {"simulation.seed: the text \"18446744073709551616\" is not a 64-bit seed"},
       "seed"},
      {"initial_regime_unknown",
       add("[simulation]\ninitial_regime = \"opn\"\n"),
       {"simulation.initial_regime: no regime has the id \"opn\" (did you mean open?)"},
       "initial_regime"},
      {"initial_regime_sum",
       add("[simulation]\ninitial_regime = { open = 0.5 }\n"),
       {"simulation.initial_regime: the probabilities sum to 0.5"},
       "initial_regime"},
      {"initial_regime_number",
       add("[simulation]\ninitial_regime = 1\n"),
       {"simulation.initial_regime: got the integer 1; expected a regime id"},
       "initial_regime"},
      {"report_interval_above_horizon",
       add("[simulation]\nhorizon_days = 30\nreport_interval_days = 31\n"),
       {"simulation.report_interval_days: 31 is out of range; expected a whole number of days from "
        "1 to 30"},
       "report_interval_days"},
      {"report_interval_zero",
       add("[simulation]\nreport_interval_days = 0\n"),
       {"simulation.report_interval_days: 0 is out of range"},
       "report_interval_days"},
      {"unknown_key_simulation",
       add("[simulation]\npath = 5\n"),
       {"simulation.path: unknown key (did you mean paths?)"},
       "path ="},
      // [output]
      {"quantiles_unsorted",
       add("[output]\nquantiles = [0.9, 0.5]\n"),
       {"output.quantiles[1]: 0.5 does not come after 0.9; expected levels in increasing order"},
       "quantiles"},
      {"quantiles_repeated",
       add("[output]\nquantiles = [0.5, 0.5]\n"),
       {"output.quantiles[1]: 0.5 does not come after 0.5"},
       "quantiles"},
      {"quantiles_above_1",
       add("[output]\nquantiles = [0.5, 1.5]\n"),
       {"output.quantiles[1]: 1.5 is out of range; expected a quantile level between 0 and 1"},
       "quantiles"},
      {"quantiles_table",
       add("[output]\nquantiles = { a = 0.5 }\n"),
       {"output.quantiles: got a table; expected an array of quantile levels"},
       "quantiles"},
      {"quantiles_empty",
       add("[output]\nquantiles = []\n"),
       {"output.quantiles: empty"},
       "quantiles"},
      {"histogram_bins_zero",
       add("[output]\nhistogram_bins = 0\n"),
       {"output.histogram_bins: 0 is out of range; expected a whole number of bins from 1 to "
        "100000"},
       "histogram_bins"},
      // [[event]]
      {"event_day_outside_horizon",
       add("[[event]]\nday = 365\nto = \"open\"\n"),
       {"event[0].day: day 365 is outside the horizon; expected a day from 0 to 364 "
        "(simulation.horizon_days = 365)"},
       "day = 365"},
      {"event_day_negative",
       add("[[event]]\nday = -1\nto = \"open\"\n"),
       {"event[0].day: -1 is negative"},
       "day = -1"},
      {"event_date_without_start",
       add("[[event]]\ndate = \"2026-01-01\"\nto = \"open\"\n"),
       {"event[0].date: a date needs scenario.start_date"},
       "date ="},
      {"event_date_outside_horizon",
       with(kBase, "name = \"base\"", "name = \"b\"\nstart_date = \"2025-12-18\"") +
           "[[event]]\ndate = \"2026-12-18\"\nto = \"open\"\n",
       {"event[0].date: 2026-12-18 is day 365, outside the horizon; expected a date from "
        "2025-12-18 to 2026-12-17"},
       "date = \"2026"},
      {"event_date_before_start",
       with(kBase, "name = \"base\"", "name = \"b\"\nstart_date = \"2025-12-18\"") +
           "[[event]]\ndate = 2025-12-17\nto = \"open\"\n",
       {"event[0].date: 2025-12-17 is day -1, outside the horizon"},
       "date = 2025"},
      {"event_day_and_date",
       with(kBase, "name = \"base\"", "name = \"b\"\nstart_date = \"2025-12-18\"") +
           "[[event]]\nday = 3\ndate = \"2026-01-01\"\nto = \"open\"\n",
       {"event[0].date: both day and date are given; expected only one of them"},
       "date = \"2026"},
      {"event_no_day",
       add("[[event]]\nto = \"open\"\n"),
       {"event[0].day: missing; expected day = N"},
       "[[event]]"},
      {"event_from_unknown",
       add("[[event]]\nday = 3\nfrom = [\"open\", \"strct\"]\nto = \"open\"\n"),
       {"event[0].from[1]: no regime has the id \"strct\" (did you mean strict?)"},
       "from ="},
      {"event_from_text",
       add("[[event]]\nday = 3\nfrom = \"open\"\nto = \"open\"\n"),
       {"event[0].from: got the text \"open\"; expected a list of regime ids"},
       "from ="},
      {"event_from_empty",
       add("[[event]]\nday = 3\nfrom = []\nto = \"open\"\n"),
       {"event[0].from: empty list"},
       "from ="},
      {"event_to_unknown",
       add("[[event]]\nday = 3\nto = \"closed\"\n"),
       {"event[0].to: no regime has the id \"closed\""},
       "to = \"closed\""},
      {"event_to_missing", add("[[event]]\nday = 3\n"), {"event[0].to: missing"}, "[[event]]"},
      {"event_probability",
       add("[[event]]\nday = 3\nto = \"open\"\nprobability = 2\n"),
       {"event[0].probability: 2 is outside [0, 1]"},
       "probability"},
      {"event_unknown_key",
       add("[[event]]\nday = 3\nto = \"open\"\nprob = 1\n"),
       {"event[0].prob: unknown key (did you mean probability?); expected one of day, date, from, "
        "to or probability"},
       "prob = 1"},
      // [[sweep]]
      {"sweep_key_addresses_nothing",
       add("[[sweep]]\nkey = \"regime.strict.aproval_prob\"\nvalues = [0.5]\n"),
       {"sweep[0].key: \"regime.strict.aproval_prob\": no such address; did you mean "
        "regime.strict.approval_prob?; expected a parameter address"},
       "key ="},
      {"sweep_key_unknown_element",
       add("[[sweep]]\nkey = \"regime.lax.approval_prob\"\nvalues = [0.5]\n"),
       {"sweep[0].key: \"regime.lax.approval_prob\": no such address"},
       "key ="},
      {"sweep_both_forms",
       add("[[sweep]]\nkey = \"regime.strict.approval_prob\"\nvalues = [0.5]\nfrom = 0\nto = "
           "1\nstep = 0.5\n"),
       {"sweep[0].values: both values and from/to/step are given"},
       "values ="},
      {"sweep_no_values",
       add("[[sweep]]\nkey = \"regime.strict.approval_prob\"\n"),
       {"sweep[0].values: missing; expected values = [...], or from, to and step"},
       "[[sweep]]"},
      {"sweep_step_zero",
       add("[[sweep]]\nkey = \"regime.strict.approval_prob\"\nfrom = 0\nto = 1\nstep = 0\n"),
       {"sweep[0].step: the step is 0"},
       "step"},
      {"sweep_step_wrong_sign",
       add("[[sweep]]\nkey = \"regime.strict.approval_prob\"\nfrom = 0\nto = 1\nstep = -0.5\n"),
       {"sweep[0].step: the step -0.5 goes away from 1"},
       "step"},
      {"sweep_range_incomplete",
       add("[[sweep]]\nkey = \"regime.strict.approval_prob\"\nfrom = 0\nto = 1\n"),
       {"sweep[0].step: missing"},
       "[[sweep]]"},
      {"sweep_values_table",
       add("[[sweep]]\nkey = \"regime.strict.approval_prob\"\nvalues = { a = 1 }\n"),
       {"sweep[0].values: got a table; expected a non-empty array"},
       "values ="},
      {"sweep_duplicate_key",
       add("[[sweep]]\nkey = \"regime.strict.approval_prob\"\nvalues = [0.5]\n[[sweep]]\nkey = "
           "'regime.strict.approval_prob'\nvalues = [0.6]\n"),
       {"sweep[1].key: regime.strict.approval_prob is already swept by sweep[0]"},
       "key = 'regime"},
  };
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Scenario, ValidationRule, ::testing::ValuesIn(rule_cases()),
                         [](const ::testing::TestParamInfo<RuleCase>& param_info) {
                           return std::string(param_info.param.name);
                         });

TEST(ScenarioValidation, MinimalScenarioGetsEveryDefault) {
  const Scenario s =
      resolve(with(kBase,
                   "id = \"strict\"\nmean_duration_days = 30\nnext = { open = 1.0 }\nlicence = "
                   "\"required\"\napproval_prob = 0.7\nreview_days = 10\n",
                   "id = \"strict\"\n"));
  EXPECT_EQ(s.name, "base");
  EXPECT_FALSE(s.start_date);
  EXPECT_EQ(s.paths, 100000);
  EXPECT_EQ(s.horizon_days, 365);
  EXPECT_EQ(s.seed, 0u);
  ASSERT_EQ(s.initial_regime.size(), 1u);  // the first regime, written out
  EXPECT_EQ(s.initial_regime[0].first, "open");
  EXPECT_EQ(s.initial_regime[0].second, 1.0);
  EXPECT_EQ(s.report_interval_days, 7);
  EXPECT_EQ(s.quantiles, (std::vector<double>{0.5, 0.9, 0.95, 0.99, 0.999}));
  EXPECT_EQ(s.histogram_bins, 100);
  EXPECT_EQ(s.warmup_days, 0);
  EXPECT_EQ(s.shortage_threshold, 0.0);
  for (const Material& m : s.materials) {
    EXPECT_FALSE(m.alt_capacity.is_ramp) << m.id;
    EXPECT_EQ(m.alt_capacity.value, 1.0) << m.id;
  }
  EXPECT_EQ(s.general_licence.grant_prob, 1.0);
  EXPECT_EQ(s.general_licence.review_days.kind, DayDistKind::Fixed);
  EXPECT_EQ(s.general_licence.review_days.value, 0);
  EXPECT_EQ(s.general_licence.validity_days, 365);
  EXPECT_EQ(s.general_licence.renew_before_days, 30);
  EXPECT_EQ(s.general_licence.retry_days, 30);
  ASSERT_EQ(s.regimes.size(), 2u);
  for (const Regime& g : s.regimes) {
    EXPECT_EQ(g.terms.licence, LicenceRule::None) << g.id;
    EXPECT_FALSE(g.mean_duration_days);
    EXPECT_FALSE(g.general_licences);
    EXPECT_EQ(g.inspection_prob, 0.0);
  }
  const Industry& ind = s.industries.at(0);
  EXPECT_EQ(ind.buyers, 1);
  EXPECT_EQ(ind.transit_days, 0);
  EXPECT_EQ(ind.general_licence_adoption, 0.0);
  EXPECT_FALSE(ind.china_share.is_table);
  EXPECT_EQ(ind.china_share.scalar, 1.0);
  ASSERT_TRUE(ind.target_days);  // defaults to inventory_days, written out
  EXPECT_FALSE(ind.target_days->is_table);
  EXPECT_EQ(ind.target_days->scalar, 30.0);
  EXPECT_TRUE(s.events.empty());
  EXPECT_TRUE(s.sweeps.empty());
}

TEST(ScenarioValidation, ReportIntervalDefaultIsCappedAtTheHorizon) {
  EXPECT_EQ(resolve(add("[simulation]\nhorizon_days = 5\n")).report_interval_days, 5);
  EXPECT_EQ(resolve(add("[simulation]\nhorizon_days = 5\nreport_interval_days = 5\n"))
                .report_interval_days,
            5);
}

TEST(ScenarioValidation, IntegralFloatsAreWholeDays) {
  const Scenario s = resolve(
      with(with(kBase, "review_days = 7", "review_days = 7.0\ntransit_days = 2.0"),
           "review_days = 10", "review_days = { dist = \"uniform\", min = 1.0, max = 3e1 }") +
      "[simulation]\nhorizon_days = 30.0\n");
  EXPECT_EQ(s.industries[0].review_days, 7);
  EXPECT_EQ(s.industries[0].transit_days, 2);
  EXPECT_EQ(s.regimes[1].terms.review_days->min, 1);
  EXPECT_EQ(s.regimes[1].terms.review_days->max, 30);
  EXPECT_EQ(s.horizon_days, 30);
}

TEST(ScenarioValidation, FractionalMeanDurationAndAbsorbingNextAreAccepted) {
  const Scenario s =
      resolve(with(with(kBase, "mean_duration_days = 30", "mean_duration_days = 2.5"),
                   "id = \"open\"", "id = \"open\"\nnext = { strict = 1 }"));
  EXPECT_EQ(*s.regimes[1].mean_duration_days, 2.5);
  EXPECT_FALSE(s.regimes[0].mean_duration_days);  // absorbing, but carries a valid next
  ASSERT_EQ(s.regimes[0].next.size(), 1u);
  EXPECT_EQ(s.regimes[0].next[0].first, "strict");
}

TEST(ScenarioValidation, LicenceTermsAreRequiredOnlyWhereTheEffectiveLicenceIsRequired) {
  // The industry override wins over the regime's "required": no approval_prob needed.
  EXPECT_NO_THROW(resolve(with(kBase, "approval_prob = 0.7\nreview_days = 10\n",
                               "[regime.industries.auto]\nlicence = \"banned\"\n")));
  // The material override says "none" for sm, but dy still needs terms.
  EXPECT_NE(
      error_of(with(kBase, "approval_prob = 0.7\n", "[regime.materials.sm]\nlicence = \"none\"\n"))
          .find("missing for industry auto and material dy"),
      std::string::npos);
  // A material with need 0 needs no terms.
  EXPECT_NO_THROW(
      resolve(with(with(kBase, "need = { dy = 1.0, sm = 0.5 }", "need = { dy = 1.0, sm = 0 }"),
                   "review_days = 10\n", "[regime.materials.dy]\nreview_days = 3\n")));
  // Terms merge key by key: approval_prob from the industry, review_days from the material.
  EXPECT_NO_THROW(resolve(with(kBase, "approval_prob = 0.7\nreview_days = 10\n",
                               "[regime.industries.auto]\napproval_prob = 0.5\n"
                               "[regime.materials.dy]\nreview_days = 3\n"
                               "[regime.materials.sm]\nreview_days = 4\n")));
}

TEST(ScenarioValidation, TargetDaysTableFallsBackToInventoryPerMaterial) {
  const Scenario s =
      resolve(with(kBase, "inventory_days = 30",
                   "inventory_days = { dy = 30, sm = 45.5 }\ntarget_days = { dy = 60 }"));
  const PerMaterial& target = *s.industries[0].target_days;
  ASSERT_TRUE(target.is_table);
  ASSERT_EQ(target.entries.size(), 2u);
  EXPECT_EQ(target.entries[0], (std::pair<std::string, double>{"dy", 60}));
  EXPECT_EQ(target.entries[1], (std::pair<std::string, double>{"sm", 45.5}));
}

TEST(ScenarioValidation, DatesAcceptStringsAndTomlDatesAndCountLeapDays) {
  const std::string text = with(kBase, "name = \"base\"", "name = \"b\"\nstart_date = 2024-02-28") +
                           "[[event]]\ndate = \"2024-03-01\"\nto = \"open\"\n";
  const Scenario s = resolve(text);
  EXPECT_EQ(*s.start_date, "2024-02-28");
  EXPECT_EQ(s.events[0].day, 2);  // 2024 is a leap year
  EXPECT_EQ(*s.events[0].date, "2024-03-01");
  EXPECT_NE(error_of(with(kBase, "name = \"base\"", "name = \"b\"\nstart_date = \"2025-02-29\""))
                .find("is not a calendar date"),
            std::string::npos);
}

TEST(ScenarioValidation, SeedCoversTheFull64BitRange) {
  EXPECT_EQ(resolve(add("[simulation]\nseed = 9223372036854775807\n")).seed, 9223372036854775807u);
  EXPECT_EQ(resolve(add("[simulation]\nseed = \"18446744073709551615\"\n")).seed,
            18446744073709551615u);
}

TEST(ScenarioValidation, ByteOrderMarkBeforeAValidDocumentIsAccepted) {
  EXPECT_EQ(resolve("\xEF\xBB\xBF" + kBase).name, "base");
}

TEST(ScenarioValidation, EmpiricalWeightsAreNormalised) {
  const Scenario s = resolve(
      with(kBase, "review_days = 10",
           "review_days = { dist = \"empirical\", values = [5, 10, 20], weights = [1, 2, 1] }"));
  const DayDistribution& d = *s.regimes[1].terms.review_days;
  EXPECT_EQ(d.values, (std::vector<int64_t>{5, 10, 20}));
  EXPECT_EQ(d.weights, (std::vector<double>{0.25, 0.5, 0.25}));
  const Scenario equal = resolve(
      with(kBase, "review_days = 10", "review_days = { dist = \"empirical\", values = [5, 10] }"));
  EXPECT_EQ(equal.regimes[1].terms.review_days->weights, (std::vector<double>{0.5, 0.5}));
}

TEST(ScenarioValidation, MissingFileIsAnInputError) {
  try {
    ScenarioDocument::from_file("/nonexistent/scenario.toml");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/scenario.toml: cannot open"),
              std::string::npos)
        << e.what();
  }
}

// ---------------------------------------------------------------------------
// A scenario using every feature, and the structs it must resolve to.

const std::string kRich = R"([scenario]
name = "rich \"quoted\" scenario"
start_date = "2025-12-18"

[simulation]
paths = 5000
horizon_days = 365
seed = 20251218
initial_regime = { truce = 0.8, tightened = 0.2 }
report_interval_days = 30
warmup_days = 180.0

[output]
quantiles = [0.5, 0.9]
histogram_bins = 50
shortage_threshold = 0.05

[[material]]
id = "dysprosium"
alt_outage = { mean_days_between = 730, duration_days = { dist = "uniform", min = 14, max = 60 } }
alt_capacity = { day = [-30, 180, 365], factor = [1, 1.25, 2.5] }

[[material]]
id = "terbium"
alt_outage = { mean_days_between = 365.5, duration_days = { dist = "lognormal", median = 20, sigma = 0.5, max = 90 } }
alt_capacity = inf

[[material]]
id = "samarium"

[[regime]]
id = "truce"
mean_duration_days = 330
next = { tightened = 0.6, open = 0.4 }
licence = "required"
approval_prob = 0.7
review_days = { dist = "triangular", min = 20, mode = 40.5, max = 90 }
general_licences = true
inspection_prob = 0.2
inspection_days = { dist = "uniform", min = 30, max = 60 }
  [regime.materials.samarium]
  approval_prob = 0.5
  review_days = { dist = "empirical", values = [10, 20, 40], weights = [1, 1, 2] }
  [regime.industries.defence]
  licence = "banned"

[[regime]]
id = "tightened"
mean_duration_days = 90.5
next = { truce = 1 }
licence = "required"
approval_prob = 0.4
review_days = { dist = "lognormal", median = 45, sigma = 0.6, max = 180 }
inspection_days = { dist = "fixed", value = 3 }

[[regime]]
id = "open"
next = { truce = 1.0 }

[general_licence]
grant_prob = 0.8
review_days = 30
validity_days = 365
renew_before_days = 30
retry_days = 60

[[industry]]
id = "automotive"
buyers = 12
need = { dysprosium = 0.8, terbium = 0.15 }
china_share = 0.95
inventory_days = 30
target_days = 60
review_days = 30
transit_days = 21
general_licence_adoption = 0.4

[[industry]]
id = "defence"
buyers = 3
need = { dysprosium = 0.1, samarium = 0.05, terbium = 0 }
china_share = { dysprosium = 0.9 }
inventory_days = { dysprosium = 90, samarium = 120.5 }
target_days = { dysprosium = 100 }
review_days = 14.0

[[event]]
date = "2026-11-10"
from = ["truce"]
to = "tightened"
probability = 0.5

[[event]]
day = 0
to = "open"

[[sweep]]
key = "regime.truce.approval_prob"
values = [0.5, 0.7]

[[sweep]]
key = "simulation.horizon_days"
from = 30
to = 90
step = 30

[[sweep]]
key = "regime.truce.licence"
values = ["none", "banned"]
)";

TEST(ScenarioValidation, RichScenarioResolvesToTheExpectedStructs) {
  const Scenario s = resolve(kRich);
  EXPECT_EQ(s.name, "rich \"quoted\" scenario");
  EXPECT_EQ(*s.start_date, "2025-12-18");
  EXPECT_EQ(s.paths, 5000);
  EXPECT_EQ(s.seed, 20251218u);
  EXPECT_EQ(s.initial_regime,
            (std::vector<std::pair<std::string, double>>{{"truce", 0.8}, {"tightened", 0.2}}));
  EXPECT_EQ(s.report_interval_days, 30);
  EXPECT_EQ(s.quantiles, (std::vector<double>{0.5, 0.9}));
  EXPECT_EQ(s.histogram_bins, 50);
  EXPECT_EQ(s.warmup_days, 180);
  EXPECT_EQ(s.shortage_threshold, 0.05);

  ASSERT_EQ(s.materials.size(), 3u);
  EXPECT_TRUE(s.materials[0].alt_capacity.is_ramp);
  EXPECT_EQ(s.materials[0].alt_capacity.day, (std::vector<int64_t>{-30, 180, 365}));
  EXPECT_EQ(s.materials[0].alt_capacity.factor, (std::vector<double>{1, 1.25, 2.5}));
  EXPECT_EQ(s.materials[0].alt_capacity.at(-100), 1.0);
  EXPECT_EQ(s.materials[0].alt_capacity.at(75), 1.125);  // halfway from -30 to 180
  EXPECT_EQ(s.materials[0].alt_capacity.at(365), 2.5);
  EXPECT_FALSE(s.materials[1].alt_capacity.is_ramp);
  EXPECT_EQ(s.materials[1].alt_capacity.value, std::numeric_limits<double>::infinity());
  EXPECT_FALSE(s.materials[2].alt_capacity.is_ramp);
  EXPECT_EQ(s.materials[2].alt_capacity.value, 1.0);  // the default
  const AltOutage& dy = *s.materials[0].alt_outage;
  EXPECT_EQ(dy.mean_days_between, 730);
  EXPECT_EQ(dy.duration_days.kind, DayDistKind::Uniform);
  EXPECT_EQ(dy.duration_days.min, 14);
  EXPECT_EQ(dy.duration_days.max, 60);
  const AltOutage& tb = *s.materials[1].alt_outage;
  EXPECT_EQ(tb.mean_days_between, 365.5);
  EXPECT_EQ(tb.duration_days.kind, DayDistKind::Lognormal);
  EXPECT_EQ(tb.duration_days.median, 20);
  EXPECT_EQ(tb.duration_days.sigma, 0.5);
  EXPECT_EQ(tb.duration_days.max, 90);
  EXPECT_FALSE(s.materials[2].alt_outage);

  ASSERT_EQ(s.regimes.size(), 3u);
  const Regime& truce = s.regimes[0];
  EXPECT_EQ(*truce.mean_duration_days, 330);
  EXPECT_EQ(truce.next,
            (std::vector<std::pair<std::string, double>>{{"tightened", 0.6}, {"open", 0.4}}));
  EXPECT_EQ(truce.terms.licence, LicenceRule::Required);
  EXPECT_EQ(truce.terms.approval_prob, 0.7);
  EXPECT_EQ(truce.terms.review_days->kind, DayDistKind::Triangular);
  EXPECT_EQ(truce.terms.review_days->min, 20);
  EXPECT_EQ(truce.terms.review_days->mode, 40.5);
  EXPECT_EQ(truce.terms.review_days->max, 90);
  EXPECT_TRUE(truce.general_licences);
  EXPECT_EQ(truce.inspection_prob, 0.2);
  EXPECT_EQ(truce.inspection_days->kind, DayDistKind::Uniform);
  ASSERT_EQ(truce.material_overrides.size(), 1u);
  EXPECT_EQ(truce.material_overrides[0].first, "samarium");
  const LicenceTerms& sm = truce.material_overrides[0].second;
  EXPECT_FALSE(sm.licence);
  EXPECT_EQ(sm.approval_prob, 0.5);
  EXPECT_EQ(sm.review_days->kind, DayDistKind::Empirical);
  EXPECT_EQ(sm.review_days->values, (std::vector<int64_t>{10, 20, 40}));
  EXPECT_EQ(sm.review_days->weights, (std::vector<double>{0.25, 0.25, 0.5}));
  ASSERT_EQ(truce.industry_overrides.size(), 1u);
  EXPECT_EQ(truce.industry_overrides[0].first, "defence");
  EXPECT_EQ(truce.industry_overrides[0].second.licence, LicenceRule::Banned);
  EXPECT_FALSE(truce.industry_overrides[0].second.approval_prob);

  const Regime& tightened = s.regimes[1];
  EXPECT_EQ(*tightened.mean_duration_days, 90.5);
  EXPECT_EQ(tightened.terms.review_days->kind, DayDistKind::Lognormal);
  EXPECT_EQ(tightened.inspection_prob, 0.0);
  EXPECT_EQ(tightened.inspection_days->kind, DayDistKind::Fixed);
  EXPECT_EQ(tightened.inspection_days->value, 3);
  const Regime& open = s.regimes[2];
  EXPECT_FALSE(open.mean_duration_days);
  EXPECT_EQ(open.terms.licence, LicenceRule::None);
  EXPECT_FALSE(open.terms.approval_prob);

  EXPECT_EQ(s.general_licence.grant_prob, 0.8);
  EXPECT_EQ(s.general_licence.review_days.value, 30);
  EXPECT_EQ(s.general_licence.retry_days, 60);

  ASSERT_EQ(s.industries.size(), 2u);
  const Industry& automotive = s.industries[0];
  EXPECT_EQ(automotive.buyers, 12);
  EXPECT_EQ(automotive.need,
            (std::vector<std::pair<std::string, double>>{{"dysprosium", 0.8}, {"terbium", 0.15}}));
  EXPECT_EQ(automotive.china_share.scalar, 0.95);
  EXPECT_EQ(automotive.inventory_days.scalar, 30);
  EXPECT_EQ(automotive.target_days->scalar, 60);
  EXPECT_EQ(automotive.review_days, 30);
  EXPECT_EQ(automotive.transit_days, 21);
  EXPECT_EQ(automotive.general_licence_adoption, 0.4);
  const Industry& defence = s.industries[1];
  EXPECT_EQ(defence.need.size(), 3u);  // in file order, zero entries kept
  EXPECT_EQ(defence.need[1].first, "samarium");
  EXPECT_TRUE(defence.china_share.is_table);
  EXPECT_EQ(defence.china_share.entries,
            (std::vector<std::pair<std::string, double>>{{"dysprosium", 0.9}}));
  EXPECT_EQ(defence.inventory_days.entries,
            (std::vector<std::pair<std::string, double>>{{"dysprosium", 90}, {"samarium", 120.5}}));
  EXPECT_EQ(defence.target_days->entries, (std::vector<std::pair<std::string, double>>{
                                              {"dysprosium", 100}, {"samarium", 120.5}}));
  EXPECT_EQ(defence.review_days, 14);

  ASSERT_EQ(s.events.size(), 2u);
  EXPECT_EQ(s.events[0].day, 327);  // 2026-11-10 is day 327 after 2025-12-18 (SPEC §2)
  EXPECT_EQ(*s.events[0].date, "2026-11-10");
  EXPECT_EQ(s.events[0].from, (std::vector<std::string>{"truce"}));
  EXPECT_EQ(s.events[0].to, "tightened");
  EXPECT_EQ(s.events[0].probability, 0.5);
  EXPECT_EQ(s.events[1].day, 0);
  EXPECT_FALSE(s.events[1].date);
  EXPECT_TRUE(s.events[1].from.empty());
  EXPECT_EQ(s.events[1].probability, 1.0);

  ASSERT_EQ(s.sweeps.size(), 3u);
  EXPECT_EQ(s.sweeps[0].key, "regime.truce.approval_prob");
  EXPECT_EQ(s.sweeps[0].values, (std::vector<std::string>{"0.5", "0.7"}));
  EXPECT_EQ(s.sweeps[1].values, (std::vector<std::string>{"30", "60", "90"}));
  EXPECT_EQ(s.sweeps[2].values, (std::vector<std::string>{"\"none\"", "\"banned\""}));
}

// ---------------------------------------------------------------------------
// to_toml round trip: field-by-field equality of two scenarios.

void expect_same(const DayDistribution& a, const DayDistribution& b, const std::string& where) {
  SCOPED_TRACE(where);
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.value, b.value);
  EXPECT_EQ(a.min, b.min);
  EXPECT_EQ(a.max, b.max);
  EXPECT_EQ(a.mode, b.mode);
  EXPECT_EQ(a.median, b.median);
  EXPECT_EQ(a.sigma, b.sigma);
  EXPECT_EQ(a.values, b.values);
  EXPECT_EQ(a.weights, b.weights);
}

void expect_same(const std::optional<DayDistribution>& a, const std::optional<DayDistribution>& b,
                 const std::string& where) {
  ASSERT_EQ(a.has_value(), b.has_value()) << where;
  if (a) expect_same(*a, *b, where);
}

void expect_same(const LicenceTerms& a, const LicenceTerms& b, const std::string& where) {
  EXPECT_EQ(a.licence, b.licence) << where;
  EXPECT_EQ(a.approval_prob, b.approval_prob) << where;
  expect_same(a.review_days, b.review_days, where + ".review_days");
}

void expect_same(const PerMaterial& a, const PerMaterial& b, const std::string& where) {
  EXPECT_EQ(a.is_table, b.is_table) << where;
  EXPECT_EQ(a.scalar, b.scalar) << where;
  EXPECT_EQ(a.entries, b.entries) << where;
}

void expect_same(const Scenario& a, const Scenario& b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.start_date, b.start_date);
  EXPECT_EQ(a.paths, b.paths);
  EXPECT_EQ(a.horizon_days, b.horizon_days);
  EXPECT_EQ(a.seed, b.seed);
  EXPECT_EQ(a.initial_regime, b.initial_regime);
  EXPECT_EQ(a.report_interval_days, b.report_interval_days);
  EXPECT_EQ(a.quantiles, b.quantiles);
  EXPECT_EQ(a.histogram_bins, b.histogram_bins);
  EXPECT_EQ(a.warmup_days, b.warmup_days);
  EXPECT_EQ(a.shortage_threshold, b.shortage_threshold);
  ASSERT_EQ(a.materials.size(), b.materials.size());
  for (std::size_t i = 0; i < a.materials.size(); ++i) {
    EXPECT_EQ(a.materials[i].id, b.materials[i].id);
    EXPECT_EQ(a.materials[i].alt_capacity.is_ramp, b.materials[i].alt_capacity.is_ramp);
    EXPECT_EQ(a.materials[i].alt_capacity.value, b.materials[i].alt_capacity.value);
    EXPECT_EQ(a.materials[i].alt_capacity.day, b.materials[i].alt_capacity.day);
    EXPECT_EQ(a.materials[i].alt_capacity.factor, b.materials[i].alt_capacity.factor);
    ASSERT_EQ(a.materials[i].alt_outage.has_value(), b.materials[i].alt_outage.has_value());
    if (a.materials[i].alt_outage) {
      EXPECT_EQ(a.materials[i].alt_outage->mean_days_between,
                b.materials[i].alt_outage->mean_days_between);
      expect_same(a.materials[i].alt_outage->duration_days,
                  b.materials[i].alt_outage->duration_days, a.materials[i].id);
    }
  }
  ASSERT_EQ(a.regimes.size(), b.regimes.size());
  for (std::size_t i = 0; i < a.regimes.size(); ++i) {
    const Regime& x = a.regimes[i];
    const Regime& y = b.regimes[i];
    EXPECT_EQ(x.id, y.id);
    EXPECT_EQ(x.mean_duration_days, y.mean_duration_days);
    EXPECT_EQ(x.next, y.next);
    expect_same(x.terms, y.terms, x.id);
    EXPECT_EQ(x.general_licences, y.general_licences);
    EXPECT_EQ(x.inspection_prob, y.inspection_prob);
    expect_same(x.inspection_days, y.inspection_days, x.id + ".inspection_days");
    ASSERT_EQ(x.material_overrides.size(), y.material_overrides.size());
    for (std::size_t j = 0; j < x.material_overrides.size(); ++j) {
      EXPECT_EQ(x.material_overrides[j].first, y.material_overrides[j].first);
      expect_same(x.material_overrides[j].second, y.material_overrides[j].second, x.id);
    }
    ASSERT_EQ(x.industry_overrides.size(), y.industry_overrides.size());
    for (std::size_t j = 0; j < x.industry_overrides.size(); ++j) {
      EXPECT_EQ(x.industry_overrides[j].first, y.industry_overrides[j].first);
      expect_same(x.industry_overrides[j].second, y.industry_overrides[j].second, x.id);
    }
  }
  EXPECT_EQ(a.general_licence.grant_prob, b.general_licence.grant_prob);
  expect_same(a.general_licence.review_days, b.general_licence.review_days, "gl");
  EXPECT_EQ(a.general_licence.validity_days, b.general_licence.validity_days);
  EXPECT_EQ(a.general_licence.renew_before_days, b.general_licence.renew_before_days);
  EXPECT_EQ(a.general_licence.retry_days, b.general_licence.retry_days);
  ASSERT_EQ(a.industries.size(), b.industries.size());
  for (std::size_t i = 0; i < a.industries.size(); ++i) {
    const Industry& x = a.industries[i];
    const Industry& y = b.industries[i];
    EXPECT_EQ(x.id, y.id);
    EXPECT_EQ(x.buyers, y.buyers);
    EXPECT_EQ(x.need, y.need);
    expect_same(x.china_share, y.china_share, x.id + ".china_share");
    expect_same(x.inventory_days, y.inventory_days, x.id + ".inventory_days");
    ASSERT_EQ(x.target_days.has_value(), y.target_days.has_value());
    if (x.target_days) expect_same(*x.target_days, *y.target_days, x.id + ".target_days");
    EXPECT_EQ(x.review_days, y.review_days);
    EXPECT_EQ(x.transit_days, y.transit_days);
    EXPECT_EQ(x.general_licence_adoption, y.general_licence_adoption);
  }
  ASSERT_EQ(a.events.size(), b.events.size());
  for (std::size_t i = 0; i < a.events.size(); ++i) {
    EXPECT_EQ(a.events[i].day, b.events[i].day);
    EXPECT_EQ(a.events[i].date, b.events[i].date);
    EXPECT_EQ(a.events[i].from, b.events[i].from);
    EXPECT_EQ(a.events[i].to, b.events[i].to);
    EXPECT_EQ(a.events[i].probability, b.events[i].probability);
  }
}

TEST(ScenarioToToml, RichScenarioRoundTripsToAnEqualScenario) {
  Scenario original = resolve(kRich);
  original.sweeps.clear();  // sweeps are not written: a point is written after they apply
  const std::string text = to_toml(original);
  const Scenario again = ScenarioDocument::from_string(text, "x").resolve();
  expect_same(original, again);
  EXPECT_TRUE(again.sweeps.empty());
  EXPECT_EQ(to_toml(again), text);  // a fixed point
}

TEST(ScenarioToToml, EveryDefaultIsWrittenOut) {
  const std::string text = to_toml(resolve(kBase));
  for (const char* key : {"[simulation]",
                          "paths = 100000",
                          "horizon_days = 365",
                          "seed = 0",
                          "initial_regime = \"open\"",
                          "report_interval_days = 7",
                          "warmup_days = 0",
                          "[output]",
                          "quantiles = [0.5, 0.9, 0.95, 0.99, 0.999]",
                          "histogram_bins = 100",
                          "shortage_threshold = 0.0",
                          "alt_capacity = 1.0",
                          "[general_licence]",
                          "grant_prob = 1.0",
                          "review_days = 0",
                          "validity_days = 365",
                          "renew_before_days = 30",
                          "retry_days = 30",
                          "licence = \"none\"",
                          "buyers = 1",
                          "china_share = 1.0",
                          "target_days = 30.0",
                          "transit_days = 0",
                          "general_licence_adoption = 0.0"}) {
    EXPECT_NE(text.find(key), std::string::npos) << key << " not in:\n" << text;
  }
}

TEST(ScenarioToToml, AwkwardValuesRoundTrip) {
  Scenario s = resolve(kBase);
  s.name = "tab\there, quote \" backslash \\ newline\n and ünïcödé";
  s.seed = 18446744073709551615u;  // above TOML's int64: written as a string
  s.regimes[1].terms.approval_prob = 0.1 + 0.2;
  s.industries[0].need[0].second = 1e-300;
  s.industries[0].inventory_days.scalar = 1.0 / 3.0;
  s.industries[0].target_days.reset();  // absent: written as inventory_days
  s.shortage_threshold = 0.1 + 0.2;
  s.materials[0].alt_capacity.value = 1.0 / 3.0;
  s.materials[1].alt_capacity.is_ramp = true;
  s.materials[1].alt_capacity.day = {-3650, 0, 1000000};
  s.materials[1].alt_capacity.factor = {0.0, 1e-300, 1.0 / 7.0};
  const Scenario again = ScenarioDocument::from_string(to_toml(s), "x").resolve();
  s.industries[0].target_days = s.industries[0].inventory_days;
  expect_same(s, again);
}

}  // namespace
}  // namespace chokepoint
