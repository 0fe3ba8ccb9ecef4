// The remedies as input: [[stockpile]], [[quota]], industry priority and
// substitution read into the scenario structs with their defaults, written back
// by to_toml to the same scenario, and addressed by --set, --vary and [[sweep]].
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "host/scenario/document.hpp"
#include "host/scenario/input_error.hpp"
#include "tests/support/scenario_texts.hpp"

namespace chokepoint {
namespace {

using testing::error_of;
using testing::kBase;
using testing::resolve;

constexpr double kInf = std::numeric_limits<double>::infinity();
using Ids = std::vector<std::string>;

// Every key of the remedies, with values other than the defaults where there are any.
const std::string kRemedies = R"([scenario]
name = "remedies"

[[material]]
id = "dysprosium"

[[material]]
id = "terbium"

[[regime]]
id = "truce"

[[regime]]
id = "tightened"
mean_duration_days = 90
next = { truce = 1.0 }
licence = "required"
approval_prob = 0.4
review_days = 45

[[regime]]
id = "expanded"
mean_duration_days = 60
next = { truce = 1.0 }
licence = "banned"

[[industry]]
id = "wind"
buyers = 4
need = { dysprosium = 0.5, terbium = 0.1 }
inventory_days = 30
review_days = 30
priority = 2
substitution = { dysprosium = { delay_days = 180, need_factor = 0.6 }, terbium = { delay_days = 0.0, need_factor = 0 } }

[[industry]]
id = "defence_aerospace"
need = { dysprosium = 0.05 }
inventory_days = 90
review_days = 14
priority = -3

[[industry]]
id = "medical"
need = { dysprosium = 0.01, terbium = 0.002 }
inventory_days = 60
review_days = 7
priority = 2.0
  [industry.substitution.terbium]
  delay_days = 30
  need_factor = 0.25

[[stockpile]]
id = "eu_dysprosium"
material = "dysprosium"
tonnes = 150
release_to = ["defence_aerospace", "medical"]
max_release_tonnes_per_day = 2.5
release_regimes = ["expanded", "tightened"]
refill_tonnes_per_day = 0.1
refill_regimes = ["truce"]

[[stockpile]]
id = "dysprosium"
material = "dysprosium"
tonnes = 0.5

[[stockpile]]
id = "jp_terbium"
material = "terbium"
tonnes = 20
release_to = []
max_release_tonnes_per_day = inf
release_regimes = []
refill_tonnes_per_day = inf
refill_regimes = []

[[quota]]
material = "dysprosium"
tonnes_per_period = 40
period_days = 30
regimes = ["tightened"]

[[quota]]
material = "dysprosium"
tonnes_per_period = inf
period_days = 7.0
regimes = ["expanded", "truce"]

[[quota]]
material = "terbium"
tonnes_per_period = 0
period_days = 1
)";

TEST(RemediesInput, EveryKeyIsRead) {
  const Scenario s = resolve(kRemedies);
  ASSERT_EQ(s.industries.size(), 3u);
  const Industry& wind = s.industries[0];
  EXPECT_EQ(wind.priority, 2);
  ASSERT_EQ(wind.substitution.size(), 2u);  // file order
  EXPECT_EQ(wind.substitution[0].material, "dysprosium");
  EXPECT_EQ(wind.substitution[0].delay_days, 180);
  EXPECT_EQ(wind.substitution[0].need_factor, 0.6);
  EXPECT_EQ(wind.substitution[1].material, "terbium");
  EXPECT_EQ(wind.substitution[1].delay_days, 0);  // 0.0: a whole number of days
  EXPECT_EQ(wind.substitution[1].need_factor, 0.0);
  EXPECT_EQ(s.industries[1].priority, -3);
  EXPECT_TRUE(s.industries[1].substitution.empty());
  EXPECT_EQ(s.industries[2].priority, 2);              // 2.0: a whole number, accepted like days
  ASSERT_EQ(s.industries[2].substitution.size(), 1u);  // written as a sub-table header
  EXPECT_EQ(s.industries[2].substitution[0].material, "terbium");
  EXPECT_EQ(s.industries[2].substitution[0].delay_days, 30);
  EXPECT_EQ(s.industries[2].substitution[0].need_factor, 0.25);

  ASSERT_EQ(s.stockpiles.size(), 3u);
  const Stockpile& eu = s.stockpiles[0];
  EXPECT_EQ(eu.id, "eu_dysprosium");
  EXPECT_EQ(eu.material, "dysprosium");
  EXPECT_EQ(eu.tonnes, 150.0);
  EXPECT_EQ(eu.release_to, (Ids{"defence_aerospace", "medical"}));
  EXPECT_EQ(eu.max_release_tonnes_per_day, 2.5);
  EXPECT_EQ(eu.release_regimes, (Ids{"expanded", "tightened"}));  // as written, not sorted
  EXPECT_EQ(eu.refill_tonnes_per_day, 0.1);
  EXPECT_EQ(eu.refill_regimes, (Ids{"truce"}));
  // Stockpile ids are their own namespace: one may be a material's id.
  EXPECT_EQ(s.stockpiles[1].id, "dysprosium");
  const Stockpile& jp = s.stockpiles[2];
  ASSERT_TRUE(jp.release_to.has_value());
  EXPECT_TRUE(jp.release_to->empty());  // [] is valid: it releases to none
  EXPECT_EQ(jp.max_release_tonnes_per_day, kInf);
  ASSERT_TRUE(jp.release_regimes.has_value());
  EXPECT_TRUE(jp.release_regimes->empty());  // [] is valid: it never releases
  EXPECT_EQ(jp.refill_tonnes_per_day, kInf);
  EXPECT_TRUE(jp.refill_regimes.empty());

  ASSERT_EQ(s.quotas.size(), 3u);
  EXPECT_EQ(s.quotas[0].material, "dysprosium");
  EXPECT_EQ(s.quotas[0].tonnes_per_period, 40.0);
  EXPECT_EQ(s.quotas[0].period_days, 30);
  EXPECT_EQ(s.quotas[0].regimes, (Ids{"tightened"}));
  EXPECT_EQ(s.quotas[1].tonnes_per_period, kInf);
  EXPECT_EQ(s.quotas[1].period_days, 7);
  EXPECT_EQ(s.quotas[1].regimes, (Ids{"expanded", "truce"}));  // disjoint from quota 0's
  EXPECT_EQ(s.quotas[2].material, "terbium");
  EXPECT_EQ(s.quotas[2].tonnes_per_period, 0.0);
  EXPECT_FALSE(s.quotas[2].regimes.has_value());  // every regime: no other quota on terbium
}

TEST(RemediesInput, DefaultsWhenLeftOut) {
  const Scenario base = resolve(kBase);
  EXPECT_TRUE(base.stockpiles.empty());
  EXPECT_TRUE(base.quotas.empty());
  EXPECT_EQ(base.industries[0].priority, 0);
  EXPECT_TRUE(base.industries[0].substitution.empty());

  const Scenario s = resolve(kBase +
                             "\n[[stockpile]]\nid = \"s\"\nmaterial = \"dy\"\ntonnes = 0\n"
                             "\n[[quota]]\nmaterial = \"sm\"\ntonnes_per_period = 1\nperiod_days "
                             "= 10\n");
  ASSERT_EQ(s.stockpiles.size(), 1u);
  const Stockpile& p = s.stockpiles[0];
  EXPECT_EQ(p.tonnes, 0.0);
  EXPECT_FALSE(p.release_to.has_value());  // every industry with need > 0 of dy
  EXPECT_EQ(p.max_release_tonnes_per_day, kInf);
  EXPECT_FALSE(p.release_regimes.has_value());  // every regime
  EXPECT_EQ(p.refill_tonnes_per_day, 0.0);
  EXPECT_TRUE(p.refill_regimes.empty());  // none
  ASSERT_EQ(s.quotas.size(), 1u);
  EXPECT_FALSE(s.quotas[0].regimes.has_value());  // every regime

  // An empty substitution table is valid and substitutes nothing.
  const Scenario empty =
      resolve(testing::with(kBase, "review_days = 7\n", "review_days = 7\nsubstitution = {}\n"));
  EXPECT_TRUE(empty.industries[0].substitution.empty());
}

TEST(RemediesInput, PriorityTakesAnyInt64) {
  const auto priority = [](const std::string& text) {
    return resolve(testing::with(kBase, "review_days = 7\n",
                                 "review_days = 7\npriority = " + text + "\n"))
        .industries[0]
        .priority;
  };
  EXPECT_EQ(priority("-9223372036854775808"), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(priority("9223372036854775807"), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(priority("-7.0"), -7);
  EXPECT_EQ(priority("1e3"), 1000);
  EXPECT_NE(error_of(testing::with(kBase, "review_days = 7\n",
                                   "review_days = 7\npriority = "
                                   "-0.5\n"))
                .find("industry[auto].priority: -0.5 is not a whole number"),
            std::string::npos);
}

TEST(RemediesInput, QuotasOnOneMaterialWithDisjointRegimesOrOnOtherMaterials) {
  // The same regime for two materials is fine; one material in two disjoint lists too.
  const Scenario s =
      resolve(kBase +
              "\n[[quota]]\nmaterial = \"dy\"\ntonnes_per_period = 1\nperiod_days = 1\n"
              "\n[[quota]]\nmaterial = \"sm\"\ntonnes_per_period = 1\nperiod_days = 1\n"
              "\n[[quota]]\nmaterial = \"sm\"\ntonnes_per_period = 1\nperiod_days = 1\n"
              "regimes = []\n");
  EXPECT_EQ(s.quotas.size(), 3u);
  EXPECT_NE(
      error_of(kBase + "\n[[quota]]\nmaterial = \"sm\"\ntonnes_per_period = 1\nperiod_days = 1\n"
                       "regimes = [\"open\"]\n"
                       "\n[[quota]]\nmaterial = \"sm\"\ntonnes_per_period = 2\nperiod_days = 3\n")
          .find("quota[1].regimes: quota[0] (test.toml:"),
      std::string::npos);
}

// ---------------------------------------------------------------------------
// to_toml writes the remedies so that they read back to the same scenario.

void expect_same_remedies(const Scenario& a, const Scenario& b) {
  ASSERT_EQ(a.industries.size(), b.industries.size());
  for (std::size_t i = 0; i < a.industries.size(); ++i) {
    SCOPED_TRACE(a.industries[i].id);
    EXPECT_EQ(a.industries[i].priority, b.industries[i].priority);
    ASSERT_EQ(a.industries[i].substitution.size(), b.industries[i].substitution.size());
    for (std::size_t j = 0; j < a.industries[i].substitution.size(); ++j) {
      const Substitution& x = a.industries[i].substitution[j];
      const Substitution& y = b.industries[i].substitution[j];
      EXPECT_EQ(x.material, y.material);
      EXPECT_EQ(x.delay_days, y.delay_days);
      EXPECT_EQ(x.need_factor, y.need_factor);
      EXPECT_EQ(std::signbit(x.need_factor), std::signbit(y.need_factor));
    }
  }
  ASSERT_EQ(a.stockpiles.size(), b.stockpiles.size());
  for (std::size_t k = 0; k < a.stockpiles.size(); ++k) {
    const Stockpile& x = a.stockpiles[k];
    const Stockpile& y = b.stockpiles[k];
    SCOPED_TRACE(x.id);
    EXPECT_EQ(x.id, y.id);
    EXPECT_EQ(x.material, y.material);
    EXPECT_EQ(x.tonnes, y.tonnes);
    EXPECT_EQ(x.release_to, y.release_to);
    EXPECT_EQ(x.max_release_tonnes_per_day, y.max_release_tonnes_per_day);
    EXPECT_EQ(x.release_regimes, y.release_regimes);
    EXPECT_EQ(x.refill_tonnes_per_day, y.refill_tonnes_per_day);
    EXPECT_EQ(x.refill_regimes, y.refill_regimes);
  }
  ASSERT_EQ(a.quotas.size(), b.quotas.size());
  for (std::size_t j = 0; j < a.quotas.size(); ++j) {
    SCOPED_TRACE("quota " + std::to_string(j));
    EXPECT_EQ(a.quotas[j].material, b.quotas[j].material);
    EXPECT_EQ(a.quotas[j].tonnes_per_period, b.quotas[j].tonnes_per_period);
    EXPECT_EQ(a.quotas[j].period_days, b.quotas[j].period_days);
    EXPECT_EQ(a.quotas[j].regimes, b.quotas[j].regimes);
  }
}

TEST(RemediesToToml, RoundTripsToTheSameScenario) {
  const Scenario original = resolve(kRemedies);
  const std::string text = to_toml(original);
  const Scenario again = ScenarioDocument::from_string(text, "x").resolve();
  expect_same_remedies(original, again);
  EXPECT_EQ(to_toml(again), text);  // a fixed point
  for (const char* line :
       {"priority = 2\n", "priority = -3\n",
        "substitution = { dysprosium = { delay_days = 180, need_factor = 0.6 }, terbium = { "
        "delay_days = 0, need_factor = 0 } }\n",
        "[[stockpile]]\nid = \"eu_dysprosium\"\nmaterial = \"dysprosium\"\ntonnes = 150\n"
        "release_to = [\"defence_aerospace\", \"medical\"]\nmax_release_tonnes_per_day = 2.5\n"
        "release_regimes = [\"expanded\", \"tightened\"]\nrefill_tonnes_per_day = 0.1\n"
        "refill_regimes = [\"truce\"]\n",
        "tonnes = 0.5\n# release_to not given: every industry that needs dysprosium\n"
        "max_release_tonnes_per_day = inf\n# release_regimes not given: every regime\n"
        "refill_tonnes_per_day = 0\nrefill_regimes = []\n",
        "release_to = []\nmax_release_tonnes_per_day = inf\nrelease_regimes = []\n"
        "refill_tonnes_per_day = inf\n",
        "[[quota]]\nmaterial = \"dysprosium\"\ntonnes_per_period = 40\nperiod_days = 30\n"
        "regimes = [\"tightened\"]\n",
        "tonnes_per_period = inf\nperiod_days = 7\n",
        "[[quota]]\nmaterial = \"terbium\"\ntonnes_per_period = 0\nperiod_days = 1\n"
        "# regimes not given: every regime\n"}) {
    EXPECT_NE(text.find(line), std::string::npos) << line << " not in:\n" << text;
  }
}

TEST(RemediesToToml, AwkwardValuesRoundTrip) {
  Scenario s = resolve(kRemedies);
  s.industries[0].priority = std::numeric_limits<int64_t>::min();
  s.industries[1].priority = std::numeric_limits<int64_t>::max();
  s.industries[0].substitution[0].need_factor = 1.0 / 3.0;
  s.industries[0].substitution[1].need_factor = -0.0;
  s.stockpiles[0].tonnes = 1e-300;
  s.stockpiles[0].max_release_tonnes_per_day = 0.1 + 0.2;
  s.stockpiles[1].refill_tonnes_per_day = 1e9;
  s.quotas[0].tonnes_per_period = 1.0 / 7.0;
  const Scenario again = ScenarioDocument::from_string(to_toml(s), "x").resolve();
  expect_same_remedies(s, again);
}

TEST(RemediesToToml, PriorityIsWrittenOutAndNothingElseWithoutRemedies) {
  const std::string text = to_toml(resolve(kBase));
  EXPECT_NE(text.find("general_licence_adoption = 0\npriority = 0\n"), std::string::npos) << text;
  for (const char* absent : {"substitution", "[[stockpile]]", "[[quota]]"}) {
    EXPECT_EQ(text.find(absent), std::string::npos) << absent << " in:\n" << text;
  }
}

// ---------------------------------------------------------------------------
// Parameter addresses (--set, --vary, [[sweep]]).

ScenarioDocument remedies() {
  return ScenarioDocument::from_string(kRemedies, "r.toml");
}

Scenario after(const std::vector<std::pair<std::string, std::string>>& sets) {
  ScenarioDocument d = remedies();
  for (const auto& [key, value] : sets) d.set(key, value);
  return d.resolve();
}

std::string error_after(const std::vector<std::pair<std::string, std::string>>& sets) {
  try {
    after(sets);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(RemediesAddresses, StockpileScalars) {
  const Scenario s = after({{"stockpile.eu_dysprosium.tonnes", "400"},
                            {"stockpile.eu_dysprosium.max_release_tonnes_per_day", "inf"},
                            {"stockpile.eu_dysprosium.refill_tonnes_per_day", "0.5"},
                            {"stockpile.jp_terbium.release_regimes", "[\"expanded\"]"},
                            {"stockpile.jp_terbium.refill_regimes", "[\"truce\", \"tightened\"]"},
                            {"stockpile.jp_terbium.release_to", "[\"wind\"]"},
                            {"stockpile.dysprosium.material", "terbium"}});
  EXPECT_EQ(s.stockpiles[0].tonnes, 400.0);
  EXPECT_EQ(s.stockpiles[0].max_release_tonnes_per_day, kInf);
  EXPECT_EQ(s.stockpiles[0].refill_tonnes_per_day, 0.5);
  EXPECT_EQ(s.stockpiles[2].release_regimes, (Ids{"expanded"}));
  EXPECT_EQ(s.stockpiles[2].refill_regimes, (Ids{"truce", "tightened"}));
  EXPECT_EQ(s.stockpiles[2].release_to, (Ids{"wind"}));
  EXPECT_EQ(s.stockpiles[1].material, "terbium");
  // Keys not in the file are created.
  EXPECT_EQ(
      after({{"stockpile.dysprosium.refill_regimes", "[\"truce\"]"}}).stockpiles[1].refill_regimes,
      (Ids{"truce"}));
}

TEST(RemediesAddresses, QuotaScalarsByIndex) {
  const Scenario s = after({{"quota.0.tonnes_per_period", "12.5"},
                            {"quota.0.period_days", "14"},
                            {"quota.2.tonnes_per_period", "inf"},
                            {"quota.2.regimes", "[\"expanded\"]"}});
  EXPECT_EQ(s.quotas[0].tonnes_per_period, 12.5);
  EXPECT_EQ(s.quotas[0].period_days, 14);
  EXPECT_EQ(s.quotas[2].tonnes_per_period, kInf);
  EXPECT_EQ(s.quotas[2].regimes, (Ids{"expanded"}));
}

TEST(RemediesAddresses, PriorityAndSubstitution) {
  const Scenario s = after({{"industry.wind.priority", "-1"},
                            {"industry.defence_aerospace.priority", "5"},
                            {"industry.wind.substitution.dysprosium.need_factor", "0.3"},
                            {"industry.wind.substitution.dysprosium.delay_days", "90"}});
  EXPECT_EQ(s.industries[0].priority, -1);
  EXPECT_EQ(s.industries[1].priority, 5);
  EXPECT_EQ(s.industries[0].substitution[0].need_factor, 0.3);
  EXPECT_EQ(s.industries[0].substitution[0].delay_days, 90);
  // An industry without a substitution table gets one, entry by entry.
  const Scenario created =
      after({{"industry.defence_aerospace.substitution.dysprosium.need_factor", "0.5"},
             {"industry.defence_aerospace.substitution.dysprosium.delay_days", "60"}});
  ASSERT_EQ(created.industries[1].substitution.size(), 1u);
  EXPECT_EQ(created.industries[1].substitution[0].material, "dysprosium");
  EXPECT_EQ(created.industries[1].substitution[0].need_factor, 0.5);
  EXPECT_EQ(created.industries[1].substitution[0].delay_days, 60);
  // ... or whole.
  const Scenario whole = after(
      {{"industry.medical.substitution.dysprosium", "{ delay_days = 1, need_factor = 0.9 }"}});
  ASSERT_EQ(whole.industries[2].substitution.size(), 2u);
  EXPECT_EQ(whole.industries[2].substitution[1].material, "dysprosium");
  EXPECT_EQ(whole.industries[2].substitution[1].need_factor, 0.9);
}

TEST(RemediesAddresses, SetValuesAreValidatedLikeTheFile) {
  EXPECT_NE(error_after({{"stockpile.eu_dysprosium.tonnes", "-1"}})
                .find("--set stockpile.eu_dysprosium.tonnes=-1: -1 is negative; expected tonnes "
                      "held on day 0"),
            std::string::npos);
  EXPECT_NE(error_after({{"quota.1.period_days", "0.5"}})
                .find("--set quota.1.period_days=0.5: 0.5 is not a whole number of days"),
            std::string::npos);
  EXPECT_NE(error_after({{"industry.wind.priority", "0.5"}})
                .find("--set industry.wind.priority=0.5: 0.5 is not a whole number"),
            std::string::npos);
  EXPECT_NE(error_after({{"industry.wind.substitution.dysprosium.need_factor", "1.5"}})
                .find("--set industry.wind.substitution.dysprosium.need_factor=1.5: 1.5 is "
                      "outside [0, 1]"),
            std::string::npos);
  // A quota made to overlap another of its material.
  EXPECT_NE(error_after({{"quota.1.regimes", "[\"tightened\"]"}})
                .find("--set quota.1.regimes=[\"tightened\"]: quota[0] (r.toml:"),
            std::string::npos);
  // A substitution table created with one key lacks the other.
  const std::string missing =
      error_after({{"industry.defence_aerospace.substitution.dysprosium.need_factor", "0.5"}});
  EXPECT_NE(missing.find("industry[defence_aerospace].substitution.dysprosium.delay_days (after "
                         "--set industry.defence_aerospace.substitution.dysprosium.need_factor="
                         "0.5): missing; expected delay_days"),
            std::string::npos)
      << missing;
  // Released to an unknown industry, or to one that does not need the material.
  EXPECT_NE(error_after({{"stockpile.eu_dysprosium.release_to", "[\"wind\", \"nobody\"]"}})
                .find("no industry has the id \"nobody\""),
            std::string::npos);
  EXPECT_NE(error_after({{"stockpile.jp_terbium.release_to", "[\"defence_aerospace\"]"}})
                .find("industry defence_aerospace does not need terbium"),
            std::string::npos);
}

TEST(RemediesAddresses, AnAddressOfNothingIsAnError) {
  ScenarioDocument d = remedies();
  for (const char* key :
       {"stockpile.us_dysprosium.tonnes", "stockpile.eu_dysprosium.tonne",
        "stockpile.eu_dysprosium", "quota.3.tonnes_per_period", "quota.x.tonnes_per_period",
        "quota.0.tonnes", "industry.wind.substitution.neodymium.need_factor",
        "industry.wind.substitution.dysprosium.factor", "industry.wind.priority.x"}) {
    try {
      d.set(key, "1");
      ADD_FAILURE() << key << " accepted";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("no such address"), std::string::npos)
          << key << ": " << e.what();
    }
  }
}

TEST(RemediesAddresses, ListedForSuggestions) {
  const std::vector<std::string> all = remedies().addresses();
  for (const char* key :
       {"stockpile.eu_dysprosium.tonnes", "stockpile.eu_dysprosium.max_release_tonnes_per_day",
        "stockpile.eu_dysprosium.refill_tonnes_per_day", "stockpile.jp_terbium.release_to",
        "quota.0.tonnes_per_period", "quota.2.period_days", "industry.wind.priority",
        "industry.medical.substitution.terbium.need_factor",
        "industry.medical.substitution.dysprosium.delay_days"}) {
    EXPECT_NE(std::find(all.begin(), all.end(), key), all.end()) << key;
  }
}

TEST(RemediesAddresses, SweepsOfStockpileSizeAndQuota) {
  // "How large a stockpile?" as one sweep: each point sets the key like --set.
  const Sweep vary = parse_vary("stockpile.eu_dysprosium.tonnes=0:300:100");
  EXPECT_EQ(vary.values, (std::vector<std::string>{"0", "100", "200", "300"}));
  const auto points = sweep_points({vary, parse_vary("quota.0.tonnes_per_period=10,inf")});
  ASSERT_EQ(points.size(), 8u);
  std::vector<double> tonnes, quota;
  for (const auto& point : points) {
    ScenarioDocument d = remedies();
    for (const auto& [key, value] : point) d.set(key, value);
    const Scenario s = d.resolve();
    tonnes.push_back(s.stockpiles[0].tonnes);
    quota.push_back(s.quotas[0].tonnes_per_period);
  }
  EXPECT_EQ(tonnes, (std::vector<double>{0, 0, 100, 100, 200, 200, 300, 300}));
  EXPECT_EQ(quota, (std::vector<double>{10, kInf, 10, kInf, 10, kInf, 10, kInf}));

  // The same as [[sweep]] tables in the file.
  const Scenario s = resolve(kRemedies +
                             "\n[[sweep]]\nkey = \"stockpile.eu_dysprosium.tonnes\"\nfrom = 0\nto "
                             "= 200\nstep = 100\n"
                             "\n[[sweep]]\nkey = \"industry.wind.substitution.dysprosium."
                             "need_factor\"\nvalues = [1, 0.5]\n"
                             "\n[[sweep]]\nkey = \"industry.defence_aerospace.priority\"\nvalues "
                             "= [-3, 3]\n");
  ASSERT_EQ(s.sweeps.size(), 3u);
  EXPECT_EQ(s.sweeps[0].values, (std::vector<std::string>{"0", "100", "200"}));
  EXPECT_EQ(s.sweeps[2].values, (std::vector<std::string>{"-3", "3"}));
}

}  // namespace
}  // namespace chokepoint
