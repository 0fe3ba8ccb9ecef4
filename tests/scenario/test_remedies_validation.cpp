// Scenario loader: every validation rule of the remedies (stockpiles, quotas,
// priorities, substitution) rejects a scenario with a message naming file, line,
// key path and what was expected; as test_validation_rules.cpp does for the rest.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "host/scenario/document.hpp"
#include "host/scenario/input_error.hpp"
#include "tests/support/scenario_texts.hpp"

namespace chokepoint {
namespace {

using testing::error_of;
using testing::kBase;
using testing::line_of;

// The base scenario (materials dy and sm, regimes open and strict, industry auto
// needing both) plus an industry that needs dy only (its need of sm is 0).
const std::string kRemediesBase = kBase + R"(
[[industry]]
id = "defence"
need = { dy = 0.1, sm = 0 }
inventory_days = 60
review_days = 14
)";

std::string add(const std::string& extra) {
  return kRemediesBase + extra;
}

// A stockpile of dy with `extra` lines.
std::string stockpile(const std::string& extra) {
  return add("\n[[stockpile]]\nid = \"eu_dy\"\nmaterial = \"dy\"\ntonnes = 150\n" + extra);
}

// A quota on dy with `extra` lines.
std::string quota(const std::string& extra) {
  return add("\n[[quota]]\nmaterial = \"dy\"\ntonnes_per_period = 40\nperiod_days = 30\n" + extra);
}

// The industry auto (the last line of kBase's [[industry]] is `review_days = 7`).
std::string auto_with(const std::string& lines) {
  return testing::with(kRemediesBase, "review_days = 7\n", "review_days = 7\n" + lines + "\n");
}

struct RuleCase {
  const char* name;
  std::string text;
  std::vector<std::string> expect;  // substrings of the message
  std::string line_needle;          // the message must say test.toml:<line of this>:
};

std::ostream& operator<<(std::ostream& out, const RuleCase& c) {
  return out << c.name;
}

class RemediesRule : public ::testing::TestWithParam<RuleCase> {};

TEST_P(RemediesRule, IsRejectedWithLocationKeyPathAndExpectation) {
  const RuleCase& c = GetParam();
  const std::string message = error_of(c.text);
  for (const std::string& part : c.expect) {
    EXPECT_NE(message.find(part), std::string::npos) << "missing '" << part << "' in: " << message;
  }
  const std::string prefix = "test.toml:" + std::to_string(line_of(c.text, c.line_needle)) + ":";
  EXPECT_EQ(message.rfind(prefix, 0), 0u) << "expected prefix " << prefix << " in: " << message;
  EXPECT_NE(message.find("expected"), std::string::npos) << message;
}

std::vector<RuleCase> rule_cases() {
  return {
      // [[stockpile]]: the table and its id
      {"stockpile_not_an_array",
       add("\n[stockpile]\nid = \"eu_dy\"\nmaterial = \"dy\"\ntonnes = 1\n"),
       {"stockpile: got a table; expected an array of tables, written [[stockpile]]"},
       "[stockpile]"},
      {"stockpile_unknown_key",
       stockpile("relese_to = [\"auto\"]"),
       {"stockpile[eu_dy].relese_to: unknown key (did you mean release_to?); expected one of id, "
        "material, tonnes, release_to"},
       "relese_to"},
      {"stockpile_id_missing",
       add("\n[[stockpile]]\nmaterial = \"dy\"\ntonnes = 1\n"),
       {"stockpile[0].id: missing; expected id = an id of lowercase letters"},
       "[[stockpile]]"},
      {"stockpile_id_invalid",
       add("\n[[stockpile]]\nid = \"EU-dy\"\nmaterial = \"dy\"\ntonnes = 1\n"),
       {"stockpile[0].id: \"EU-dy\" is not a valid id", "unique among the [[stockpile]] tables"},
       "id = \"EU-dy\""},
      {"stockpile_id_duplicate",
       stockpile("\n[[stockpile]]\nid = \"eu_dy\"\nmaterial = \"sm\"\ntonnes = 1\n"),
       {"stockpile[1].id: duplicate id: \"eu_dy\" is already the id of stockpile[0] (test.toml:"},
       "id = \"eu_dy\"\nmaterial = \"sm\""},
      {"stockpile_header_by_id",
       stockpile("\n[stockpile.eu_dy]\ntonnes = 3\n"),
       {"stockpile[eu_dy].eu_dy: [stockpile.eu_dy] does not name the stockpile \"eu_dy\"",
        "expected these keys in the [[stockpile]] table with id = \"eu_dy\" itself"},
       "[stockpile.eu_dy]"},
      // material and tonnes
      {"stockpile_material_missing",
       add("\n[[stockpile]]\nid = \"eu_dy\"\ntonnes = 1\n"),
       {"stockpile[eu_dy].material: missing; expected material = the id of the material it holds"},
       "[[stockpile]]"},
      {"stockpile_material_unknown",
       add("\n[[stockpile]]\nid = \"eu_dy\"\nmaterial = \"dyy\"\ntonnes = 1\n"),
       {"stockpile[eu_dy].material: no material has the id \"dyy\" (did you mean dy?); expected "
        "one of dy or sm"},
       "material = \"dyy\""},
      {"stockpile_material_not_text",
       add("\n[[stockpile]]\nid = \"eu_dy\"\nmaterial = 3\ntonnes = 1\n"),
       {"stockpile[eu_dy].material: got the integer 3; expected a material id in quotes"},
       "material = 3"},
      {"stockpile_tonnes_missing",
       add("\n[[stockpile]]\nid = \"eu_dy\"\nmaterial = \"dy\"\n"),
       {"stockpile[eu_dy].tonnes: missing; expected tonnes = the tonnes held on day 0"},
       "[[stockpile]]"},
      {"stockpile_tonnes_negative",
       add("\n[[stockpile]]\nid = \"eu_dy\"\nmaterial = \"dy\"\ntonnes = -5\n"),
       {"stockpile[eu_dy].tonnes: -5 is negative; expected tonnes held on day 0, a number from 0 "
        "to 1e9"},
       "tonnes = -5"},
      {"stockpile_tonnes_nan",
       add("\n[[stockpile]]\nid = \"eu_dy\"\nmaterial = \"dy\"\ntonnes = nan\n"),
       {"stockpile[eu_dy].tonnes: nan (not a number) is not allowed"},
       "tonnes = nan"},
      {"stockpile_tonnes_inf",
       add("\n[[stockpile]]\nid = \"eu_dy\"\nmaterial = \"dy\"\ntonnes = inf\n"),
       {"stockpile[eu_dy].tonnes: infinity is not allowed; expected tonnes held on day 0"},
       "tonnes = inf"},
      {"stockpile_tonnes_absurd",
       add("\n[[stockpile]]\nid = \"eu_dy\"\nmaterial = \"dy\"\ntonnes = 2e9\n"),
       {"stockpile[eu_dy].tonnes: 2000000000 is out of range"},
       "tonnes = 2e9"},
      {"stockpile_tonnes_text",
       add("\n[[stockpile]]\nid = \"eu_dy\"\nmaterial = \"dy\"\ntonnes = \"150 t\"\n"),
       {"stockpile[eu_dy].tonnes: got the text \"150 t\"; expected tonnes held on day 0"},
       "tonnes = \"150"},
      // release_to
      {"release_to_unknown_industry",
       stockpile("release_to = [\"auto\", \"defense\"]"),
       {"stockpile[eu_dy].release_to[1]: no industry has the id \"defense\" (did you mean "
        "defence?); expected one of auto or defence"},
       "release_to"},
      {"release_to_industry_without_need",
       add("\n[[stockpile]]\nid = \"eu_sm\"\nmaterial = \"sm\"\ntonnes = 10\nrelease_to = "
           "[\"auto\", \"defence\"]\n"),
       {"stockpile[eu_sm].release_to[1]: industry defence does not need sm (its need of it is 0 "
        "or not given); expected industries that need it: auto"},
       "release_to"},
      {"release_to_twice",
       stockpile("release_to = [\"defence\", \"defence\"]"),
       {"stockpile[eu_dy].release_to[1]: \"defence\" is already listed at "
        "stockpile[eu_dy].release_to[0]; expected each industry at most once"},
       "release_to"},
      {"release_to_not_a_list",
       stockpile("release_to = \"auto\""),
       {"stockpile[eu_dy].release_to: got the text \"auto\"; expected a list of industry ids that "
        "need dy"},
       "release_to"},
      {"release_to_number_entry",
       stockpile("release_to = [1]"),
       {"stockpile[eu_dy].release_to[0]: got the integer 1; expected an industry id in quotes"},
       "release_to"},
      // rates and regimes
      {"max_release_negative",
       stockpile("max_release_tonnes_per_day = -1"),
       {"stockpile[eu_dy].max_release_tonnes_per_day: -1 is negative; expected tonnes per day, a "
        "number from 0 to 1e9, or inf (no cap)"},
       "max_release"},
      {"max_release_minus_inf",
       stockpile("max_release_tonnes_per_day = -inf"),
       {"stockpile[eu_dy].max_release_tonnes_per_day: -inf is negative"},
       "max_release"},
      {"max_release_nan",
       stockpile("max_release_tonnes_per_day = nan"),
       {"stockpile[eu_dy].max_release_tonnes_per_day: nan (not a number) is not allowed"},
       "max_release"},
      {"refill_negative",
       stockpile("refill_tonnes_per_day = -0.5"),
       {"stockpile[eu_dy].refill_tonnes_per_day: -0.5 is negative; expected tonnes per day"},
       "refill_tonnes"},
      {"refill_nan",
       stockpile("refill_tonnes_per_day = nan"),
       {"stockpile[eu_dy].refill_tonnes_per_day: nan (not a number) is not allowed"},
       "refill_tonnes"},
      {"release_regimes_unknown",
       stockpile("release_regimes = [\"strict\", \"strct\"]"),
       {"stockpile[eu_dy].release_regimes[1]: no regime has the id \"strct\" (did you mean "
        "strict?); expected one of open or strict"},
       "release_regimes"},
      {"release_regimes_not_a_list",
       stockpile("release_regimes = \"strict\""),
       {"stockpile[eu_dy].release_regimes: got the text \"strict\"; expected a list of regime ids "
        "such as [\"open\"]"},
       "release_regimes"},
      {"refill_regimes_unknown",
       stockpile("refill_regimes = [\"truce\"]"),
       {"stockpile[eu_dy].refill_regimes[0]: no regime has the id \"truce\"; expected one of open "
        "or strict"},
       "refill_regimes"},
      {"refill_regimes_twice",
       stockpile("refill_regimes = [\"open\", \"open\"]"),
       {"stockpile[eu_dy].refill_regimes[1]: \"open\" is already listed"},
       "refill_regimes"},
      // [[quota]]
      {"quota_unknown_key",
       quota("period = 7"),
       {"quota[0].period: unknown key (did you mean period_days?); expected one of material, "
        "tonnes_per_period, period_days or regimes"},
       "period = 7"},
      {"quota_material_missing",
       add("\n[[quota]]\ntonnes_per_period = 40\nperiod_days = 30\n"),
       {"quota[0].material: missing; expected material = the id of the material it limits"},
       "[[quota]]"},
      {"quota_material_unknown",
       add("\n[[quota]]\nmaterial = \"tb\"\ntonnes_per_period = 40\nperiod_days = 30\n"),
       {"quota[0].material: no material has the id \"tb\"; expected one of dy or sm"},
       "material = \"tb\""},
      {"quota_tonnes_missing",
       add("\n[[quota]]\nmaterial = \"dy\"\nperiod_days = 30\n"),
       {"quota[0].tonnes_per_period: missing; expected tonnes_per_period = "},
       "[[quota]]"},
      {"quota_tonnes_negative",
       add("\n[[quota]]\nmaterial = \"dy\"\ntonnes_per_period = -40\nperiod_days = 30\n"),
       {"quota[0].tonnes_per_period: -40 is negative; expected tonnes per period, a number from 0 "
        "to 1e9, or inf (no limit)"},
       "tonnes_per_period = -40"},
      {"quota_tonnes_nan",
       add("\n[[quota]]\nmaterial = \"dy\"\ntonnes_per_period = nan\nperiod_days = 30\n"),
       {"quota[0].tonnes_per_period: nan (not a number) is not allowed"},
       "tonnes_per_period = nan"},
      {"quota_period_missing",
       add("\n[[quota]]\nmaterial = \"dy\"\ntonnes_per_period = 40\n"),
       {"quota[0].period_days: missing; expected period_days = the length of a period"},
       "[[quota]]"},
      {"quota_period_zero",
       add("\n[[quota]]\nmaterial = \"dy\"\ntonnes_per_period = 40\nperiod_days = 0\n"),
       {"quota[0].period_days: 0 is out of range; expected a whole number of days from 1 to "
        "100000"},
       "period_days = 0"},
      {"quota_period_fraction",
       add("\n[[quota]]\nmaterial = \"dy\"\ntonnes_per_period = 40\nperiod_days = 7.5\n"),
       {"quota[0].period_days: 7.5 is not a whole number of days"},
       "period_days = 7.5"},
      {"quota_period_negative",
       add("\n[[quota]]\nmaterial = \"dy\"\ntonnes_per_period = 40\nperiod_days = -30\n"),
       {"quota[0].period_days: -30 is negative"},
       "period_days = -30"},
      {"quota_regimes_unknown",
       quota("regimes = [\"tightened\"]"),
       {"quota[0].regimes[0]: no regime has the id \"tightened\"; expected one of open or strict"},
       "regimes ="},
      {"quota_regimes_overlap_by_default",
       quota("\n[[quota]]\nmaterial = \"dy\"\ntonnes_per_period = 10\nperiod_days = 7\n"),
       {"quota[1].regimes: quota[0] (test.toml:",
        ") and quota[1] are both quotas on dy in regime "
        "open; expected quotas of one material to list disjoint regimes"},
       "[[quota]]\nmaterial = \"dy\"\ntonnes_per_period = 10"},
      {"quota_regimes_overlap",
       quota("regimes = [\"open\"]\n\n[[quota]]\nmaterial = \"sm\"\ntonnes_per_period = 1\n"
             "period_days = 1\n\n[[quota]]\nmaterial = \"dy\"\ntonnes_per_period = 10\n"
             "period_days = 7\nregimes = [\"strict\", \"open\"]\n"),
       {"quota[2].regimes: quota[0] (test.toml:" +
        std::to_string(line_of(quota("regimes"), "regimes")) +
        ":11) and quota[2] are both quotas on dy in regime open"},
       "regimes = [\"strict\""},
      // industry priority
      {"priority_fraction",
       auto_with("priority = 1.5"),
       {"industry[auto].priority: 1.5 is not a whole number; expected a whole number of any sign "
        "(lower is served first"},
       "priority"},
      {"priority_text",
       auto_with("priority = \"high\""),
       {"industry[auto].priority: got the text \"high\"; expected a whole number of any sign"},
       "priority"},
      {"priority_nan",
       auto_with("priority = nan"),
       {"industry[auto].priority: nan (not a number) is not allowed"},
       "priority"},
      {"priority_bool",
       auto_with("priority = true"),
       {"industry[auto].priority: got the value true"},
       "priority"},
      {"priority_huge_float",
       auto_with("priority = 1e18"),
       {"industry[auto].priority: 1e+18 is too large to be read exactly as a float",
        "written as an integer (no decimal point or exponent) beyond 1e15"},
       "priority"},
      // industry substitution
      {"substitution_not_table",
       auto_with("substitution = 0.6"),
       {"industry[auto].substitution: got the number 0.6; expected a table by material id, such "
        "as { dy = { delay_days = 180, need_factor = 0.6 } }"},
       "substitution"},
      {"substitution_unknown_material",
       auto_with("substitution = { tb = { delay_days = 0, need_factor = 0.5 } }"),
       {"industry[auto].substitution.tb: no material has the id \"tb\"; expected one of dy or sm"},
       "substitution"},
      {"substitution_material_not_needed",
       testing::with(kRemediesBase, "review_days = 14\n",
                     "review_days = 14\nsubstitution = { sm = { delay_days = 0, need_factor = 0.5 "
                     "} }\n"),
       {"industry[defence].substitution.sm: industry defence does not need sm (its need of it is "
        "0 or not given), so it cannot substitute it; expected a material the industry needs: dy"},
       "substitution"},
      {"substitution_entry_not_table",
       auto_with("substitution = { dy = 0.5 }"),
       {"industry[auto].substitution.dy: got the number 0.5; expected a table { delay_days = d, "
        "need_factor = phi }"},
       "substitution"},
      {"substitution_unknown_key",
       auto_with("substitution = { dy = { delay = 3, delay_days = 3, need_factor = 0.5 } }"),
       {"industry[auto].substitution.dy.delay: unknown key (did you mean delay_days?); expected "
        "one of delay_days or need_factor"},
       "substitution"},
      {"substitution_delay_missing",
       auto_with("substitution = { dy = { need_factor = 0.5 } }"),
       {"industry[auto].substitution.dy.delay_days: missing; expected delay_days = the days from "
        "the first shortage because of dy"},
       "substitution"},
      {"substitution_factor_missing",
       auto_with("substitution = { dy = { delay_days = 30 } }"),
       {"industry[auto].substitution.dy.need_factor: missing; expected need_factor = a need "
        "factor from 0 to 1"},
       "substitution"},
      {"substitution_delay_negative",
       auto_with("substitution = { dy = { delay_days = -1, need_factor = 0.5 } }"),
       {"industry[auto].substitution.dy.delay_days: -1 is negative; expected a whole number of "
        "days from 0 to 100000"},
       "substitution"},
      {"substitution_delay_fraction",
       auto_with("substitution = { dy = { delay_days = 2.5, need_factor = 0.5 } }"),
       {"industry[auto].substitution.dy.delay_days: 2.5 is not a whole number of days"},
       "substitution"},
      {"substitution_factor_above_one",
       auto_with("substitution = { dy = { delay_days = 0, need_factor = 1.2 } }"),
       {"industry[auto].substitution.dy.need_factor: 1.2 is outside [0, 1]; expected a need "
        "factor from 0 to 1 (the share of the need of dy left after substitution; 0: no longer "
        "needed)"},
       "substitution"},
      {"substitution_factor_negative",
       auto_with("substitution = { dy = { delay_days = 0, need_factor = -0.1 } }"),
       {"industry[auto].substitution.dy.need_factor: -0.1 is outside [0, 1]"},
       "substitution"},
      {"substitution_factor_nan",
       auto_with("substitution = { dy = { delay_days = 0, need_factor = nan } }"),
       {"industry[auto].substitution.dy.need_factor: nan (not a number) is not allowed"},
       "substitution"},
      {"substitution_header_by_id",
       add("\n[industry.defence.substitution.dy]\ndelay_days = 1\nneed_factor = 0.5\n"),
       {"industry[defence].defence: [industry.defence.substitution.dy] does not name the industry "
        "\"defence\"",
        "expected [industry.substitution.dy] right after the [[industry]] table with id = "
        "\"defence\""},
       "[industry.defence"},
      // [[sweep]] keys of the new addresses
      {"sweep_key_unknown_stockpile",
       stockpile("\n[[sweep]]\nkey = \"stockpile.us_dy.tonnes\"\nvalues = [0, 100]\n"),
       {"sweep[0].key: \"stockpile.us_dy.tonnes\": no such address; did you mean "
        "stockpile.eu_dy.tonnes?"},
       "key ="},
      {"sweep_key_stockpile_field",
       stockpile("\n[[sweep]]\nkey = \"stockpile.eu_dy.tonne\"\nvalues = [0, 100]\n"),
       {"sweep[0].key: \"stockpile.eu_dy.tonne\": no such address; did you mean "
        "stockpile.eu_dy.tonnes?"},
       "key ="},
      {"sweep_key_quota_index",
       quota("\n[[sweep]]\nkey = \"quota.1.tonnes_per_period\"\nvalues = [0, 100]\n"),
       {"sweep[0].key: \"quota.1.tonnes_per_period\": no such address; did you mean "
        "quota.0.tonnes_per_period?"},
       "key ="},
  };
}

INSTANTIATE_TEST_SUITE_P(Scenario, RemediesRule, ::testing::ValuesIn(rule_cases()),
                         [](const ::testing::TestParamInfo<RuleCase>& param_info) {
                           return std::string(param_info.param.name);
                         });

}  // namespace
}  // namespace chokepoint
