// ScenarioDocument::set and addresses(): docs/scenario-reference.md, "Parameter addresses" and the
// --set paragraph of docs/model.md.
#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <string>
#include <vector>

#include "host/scenario/document.hpp"
#include "host/scenario/input_error.hpp"

namespace chokepoint {
namespace {

const std::string kDoc = R"([scenario]
name = "set"

[[material]]
id = "dy"

[[material]]
id = "sm"

[[material]]
id = "tb"

[[regime]]
id = "open"

[[regime]]
id = "strict"
mean_duration_days = 30
next = { open = 1.0 }
licence = "required"
approval_prob = 0.7
review_days = { dist = "uniform", min = 5, max = 10 }

[[industry]]
id = "auto"
need = { dy = 1.0, sm = 0.5 }
china_share = 0.9
inventory_days = 30
review_days = 7

[[industry]]
id = "defence"
need = { dy = 0.1 }
inventory_days = { dy = 60 }
review_days = 14

[[event]]
day = 10
to = "strict"
probability = 0.5
)";

ScenarioDocument doc() {
  return ScenarioDocument::from_string(kDoc, "set.toml");
}

Scenario after(const std::string& key, const std::string& value) {
  ScenarioDocument d = doc();
  d.set(key, value);
  return d.resolve();
}

std::string set_error(const std::string& key, const std::string& value = "1") {
  ScenarioDocument d = doc();
  try {
    d.set(key, value);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

std::string resolve_error(const ScenarioDocument& d) {
  try {
    d.resolve();
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

using Entries = std::vector<std::pair<std::string, double>>;

TEST(ScenarioSet, RegimeScalar) {
  EXPECT_EQ(after("regime.strict.approval_prob", "0.25").regimes[1].terms.approval_prob, 0.25);
  EXPECT_EQ(after("regime.strict.mean_duration_days", "12.5").regimes[1].mean_duration_days, 12.5);
  EXPECT_TRUE(after("regime.strict.general_licences", "true").regimes[1].general_licences);
}

TEST(ScenarioSet, KeyAbsentFromTheFileButInTheSchema) {
  const Scenario s = after("regime.open.inspection_prob", "0");
  EXPECT_EQ(s.regimes[0].inspection_prob, 0.0);
  EXPECT_EQ(after("simulation.seed", "42").seed, 42u);  // no [simulation] in the file
  EXPECT_EQ(after("simulation.horizon_days", "30").horizon_days, 30);
  EXPECT_EQ(after("output.histogram_bins", "50").histogram_bins, 50);
}

TEST(ScenarioSet, MaterialOverrideTableIsCreated) {
  const Scenario s = after("regime.strict.materials.sm.approval_prob", "0.2");
  ASSERT_EQ(s.regimes[1].material_overrides.size(), 1u);
  EXPECT_EQ(s.regimes[1].material_overrides[0].first, "sm");
  EXPECT_EQ(s.regimes[1].material_overrides[0].second.approval_prob, 0.2);
  EXPECT_FALSE(s.regimes[1].material_overrides[0].second.licence);
}

TEST(ScenarioSet, IndustryOverrideTakesABareWordAsAString) {
  const Scenario s = after("regime.strict.industries.defence.licence", "banned");
  ASSERT_EQ(s.regimes[1].industry_overrides.size(), 1u);
  EXPECT_EQ(s.regimes[1].industry_overrides[0].first, "defence");
  EXPECT_EQ(s.regimes[1].industry_overrides[0].second.licence, LicenceRule::Banned);
}

TEST(ScenarioSet, NumberOrTableFieldBecomesATableForEveryMaterial) {
  const Scenario s = after("industry.auto.china_share.dy", "0.5");
  const PerMaterial& share = s.industries[0].china_share;
  ASSERT_TRUE(share.is_table);
  // Every material of the scenario keeps the old scalar, except the one addressed.
  EXPECT_EQ(share.entries, (Entries{{"dy", 0.5}, {"sm", 0.9}, {"tb", 0.9}}));
}

TEST(ScenarioSet, AbsentNumberOrTableFieldBecomesAOneEntryTable) {
  // defence has no china_share: the missing entries keep meaning 1.
  const Scenario s = after("industry.defence.china_share.dy", "0.3");
  EXPECT_EQ(s.industries[1].china_share.entries, (Entries{{"dy", 0.3}}));
  // target_days absent: the other materials keep inventory_days.
  const Scenario t = after("industry.auto.target_days.sm", "90");
  EXPECT_EQ(t.industries[0].target_days->entries, (Entries{{"sm", 90}, {"dy", 30}}));
}

TEST(ScenarioSet, TableFieldEntryAndWholeField) {
  EXPECT_EQ(after("industry.defence.inventory_days.dy", "75").industries[1].inventory_days.entries,
            (Entries{{"dy", 75}}));
  const Scenario s = after("industry.auto.inventory_days", "{ dy = 10, sm = 20 }");
  EXPECT_EQ(s.industries[0].inventory_days.entries, (Entries{{"dy", 10}, {"sm", 20}}));
  EXPECT_EQ(after("industry.auto.need.sm", "0").industries[0].need,
            (Entries{{"dy", 1.0}, {"sm", 0}}));
  EXPECT_EQ(after("industry.auto.buyers", "12").industries[0].buyers, 12);
}

TEST(ScenarioSet, DistributionWholeAndByKey) {
  const Scenario s = after("regime.strict.review_days", "{dist=\"fixed\",value=3}");
  EXPECT_EQ(s.regimes[1].terms.review_days->kind, DayDistKind::Fixed);
  EXPECT_EQ(s.regimes[1].terms.review_days->value, 3);
  EXPECT_EQ(after("regime.strict.review_days.max", "40").regimes[1].terms.review_days->max, 40);
  // A bare number of days has no keys to address.
  ScenarioDocument d = doc();
  d.set("regime.strict.review_days", "7");
  try {
    d.set("regime.strict.review_days.max", "9");
    FAIL() << "no error";
  } catch (const InputError& e) {
    const std::string message = e.what();
    EXPECT_NE(
        message.find(
            "--set regime.strict.review_days.max=9: here review_days is a fixed number of days"),
        std::string::npos)
        << message;
  }
}

TEST(ScenarioSet, NextAndInitialRegimeByRegimeId) {
  ScenarioDocument d = doc();
  d.set("regime.open.next.strict", "1");
  d.set("simulation.initial_regime", "strict");
  Scenario s = d.resolve();
  EXPECT_EQ(s.regimes[0].next, (Entries{{"strict", 1}}));
  EXPECT_EQ(s.initial_regime, (Entries{{"strict", 1}}));
  // An initial regime given by id becomes a table when one regime is addressed.
  d.set("simulation.initial_regime.open", "0.25");
  d.set("simulation.initial_regime.strict", "0.75");
  s = d.resolve();
  ASSERT_EQ(s.initial_regime.size(), 2u);
  EXPECT_EQ(std::count(s.initial_regime.begin(), s.initial_regime.end(),
                       std::pair<std::string, double>{"open", 0.25}),
            1);
}

TEST(ScenarioSet, GeneralLicenceTableIsCreated) {
  ScenarioDocument d = doc();
  d.set("general_licence.grant_prob", "0.3");
  d.set("general_licence.review_days.dist", "uniform");
  d.set("general_licence.review_days.min", "2");
  d.set("general_licence.review_days.max", "4");
  const Scenario s = d.resolve();
  EXPECT_EQ(s.general_licence.grant_prob, 0.3);
  EXPECT_EQ(s.general_licence.review_days.kind, DayDistKind::Uniform);
  EXPECT_EQ(s.general_licence.review_days.max, 4);
  EXPECT_EQ(s.general_licence.validity_days, 365);
}

TEST(ScenarioSet, EventByIndexAndScenarioName) {
  EXPECT_EQ(after("event.0.probability", "0.25").events[0].probability, 0.25);
  EXPECT_EQ(after("event.0.from", "[\"open\"]").events[0].from, (std::vector<std::string>{"open"}));
  EXPECT_EQ(after("scenario.name", "My run, v2").name, "My run, v2");
}

TEST(ScenarioSet, MaterialOutageIsCreatedAndThenValidated) {
  ScenarioDocument d = doc();
  d.set("material.dy.alt_outage.mean_days_between", "100");
  EXPECT_NE(resolve_error(d).find("set.toml: material[dy].alt_outage.duration_days (after --set "
                                  "material.dy.alt_outage.mean_days_between=100): missing"),
            std::string::npos)
      << resolve_error(d);
  d.set("material.dy.alt_outage.duration_days.dist", "\"uniform\"");
  d.set("material.dy.alt_outage.duration_days.min", "1");
  d.set("material.dy.alt_outage.duration_days.max", "3");
  EXPECT_EQ(d.resolve().materials[0].alt_outage->duration_days.max, 3);
}

TEST(ScenarioSet, WarmupAndThreshold) {
  EXPECT_EQ(after("simulation.warmup_days", "90").warmup_days, 90);
  EXPECT_EQ(after("output.shortage_threshold", "0.05").shortage_threshold, 0.05);
}

TEST(ScenarioSet, AltCapacityWholeAndByRampEntry) {
  EXPECT_EQ(after("material.dy.alt_capacity", "inf").materials[0].alt_capacity.value,
            std::numeric_limits<double>::infinity());
  EXPECT_EQ(after("material.sm.alt_capacity", "2.5").materials[1].alt_capacity.value, 2.5);
  ScenarioDocument d = doc();
  d.set("material.dy.alt_capacity", "{ day = [0, 100], factor = [1.0, 2.0] }");
  d.set("material.dy.alt_capacity.factor.1", "3.5");
  d.set("material.dy.alt_capacity.day.0", "-20");
  const AltCapacity c = d.resolve().materials[0].alt_capacity;
  EXPECT_TRUE(c.is_ramp);
  EXPECT_EQ(c.day, (std::vector<int64_t>{-20, 100}));
  EXPECT_EQ(c.factor, (std::vector<double>{1.0, 3.5}));
  d.set("material.dy.alt_capacity.factor", "[0.5, 0.5]");  // a whole array
  EXPECT_EQ(d.resolve().materials[0].alt_capacity.factor, (std::vector<double>{0.5, 0.5}));
  const std::vector<std::string> all = d.addresses();
  for (const char* key : {"material.dy.alt_capacity", "material.dy.alt_capacity.day.0",
                          "material.dy.alt_capacity.day.1", "material.dy.alt_capacity.factor.1",
                          "material.sm.alt_capacity"}) {
    EXPECT_TRUE(std::binary_search(all.begin(), all.end(), key)) << key;
  }
  EXPECT_FALSE(std::binary_search(all.begin(), all.end(), "material.dy.alt_capacity.day.2"));
  EXPECT_FALSE(std::binary_search(all.begin(), all.end(), "material.sm.alt_capacity.day.0"));
  // A set ramp entry is validated like the file's.
  d.set("material.dy.alt_capacity.day.1", "-30");
  EXPECT_NE(resolve_error(d).find("material[dy].alt_capacity.day[1]: -30 does not come after -20"),
            std::string::npos)
      << resolve_error(d);
}

TEST(ScenarioSet, AltCapacityEntriesNeedARamp) {
  EXPECT_NE(
      set_error("material.dy.alt_capacity.factor.0")
          .find("here alt_capacity is not given (a single factor, 1), not a ramp; set the whole "
                "ramp instead, e.g. material.dy.alt_capacity={day=[0,180],factor=[1.0,2.5]}"),
      std::string::npos)
      << set_error("material.dy.alt_capacity.factor.0");
  ScenarioDocument d = doc();
  d.set("material.dy.alt_capacity", "2");
  try {
    d.set("material.dy.alt_capacity.day.0", "1");
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("here alt_capacity is a single factor, not a ramp"),
              std::string::npos)
        << e.what();
  }
  d.set("material.dy.alt_capacity", "{ day = [0], factor = [1.0] }");
  for (const char* key : {"material.dy.alt_capacity.day.1", "material.dy.alt_capacity.factor.x",
                          "material.dy.alt_capacity.factor.-1", "material.dy.alt_capacity.slope.0",
                          "material.dy.alt_capacity.factor.0.1", "material.xx.alt_capacity"}) {
    try {
      d.set(key, "1");
      ADD_FAILURE() << key << ": no error";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("no such address"), std::string::npos)
          << key << ": " << e.what();
    }
  }
}

TEST(ScenarioSet, ValuesAreNotValidatedUntilResolve) {
  ScenarioDocument d = doc();
  EXPECT_NO_THROW(d.set("regime.strict.approval_prob", "2"));
  // A set value is not in the file: the message names the option and its text.
  EXPECT_EQ(resolve_error(d),
            "--set regime.strict.approval_prob=2: 2 is outside [0, 1]; expected a probability "
            "between 0 and 1");
}

TEST(ScenarioSet, ErrorsInSetValuesNameTheOption) {
  // The origin given by the caller (a sweep point) stands in for --set.
  ScenarioDocument d = doc();
  d.set("regime.strict.approval_prob", "1.5",
        "--vary regime.strict.approval_prob=0.5,1.5, value 1.5");
  EXPECT_EQ(resolve_error(d),
            "--vary regime.strict.approval_prob=0.5,1.5, value 1.5: 1.5 is outside [0, 1]; "
            "expected a probability between 0 and 1");
  // A part of a set value: the option, then the key path of the part.
  ScenarioDocument part = doc();
  part.set("regime.strict.review_days", "{dist=\"uniform\",min=9,max=2}");
  EXPECT_EQ(resolve_error(part).rfind("--set regime.strict.review_days={dist=\"uniform\",min=9,"
                                      "max=2}: regime[strict].review_days.max: min (9) is greater "
                                      "than max (2)",
                                      0),
            0u)
      << resolve_error(part);
  ScenarioDocument key = doc();
  key.set("regime.strict.review_days", "{dist=\"uniform\",mn=1,max=2}");
  EXPECT_NE(
      resolve_error(key).find("--set regime.strict.review_days={dist=\"uniform\",mn=1,max=2}: "
                              "regime[strict].review_days.mn: unknown key (did you mean min?)"),
      std::string::npos)
      << resolve_error(key);
  ScenarioDocument missing = doc();
  missing.set("regime.strict.review_days", "{dist=\"uniform\",max=2}");
  EXPECT_NE(resolve_error(missing).find("regime[strict].review_days.min: missing"),
            std::string::npos)
      << resolve_error(missing);
  // A table of the file that a --set made invalid: its position, and the option.
  ScenarioDocument sum = doc();
  sum.set("regime.strict.next.open", "0.9");
  EXPECT_EQ(resolve_error(sum),
            "set.toml:19:8: regime[strict].next (after --set regime.strict.next.open=0.9): the "
            "probabilities sum to 0.9; expected them to sum to 1 (±1e-9)");
  // A word that is not TOML is a string from the option too.
  ScenarioDocument word = doc();
  word.set("regime.strict.licence", "baned");
  EXPECT_EQ(resolve_error(word),
            "--set regime.strict.licence=baned: \"baned\" is not a licence rule (did you mean "
            "\"banned\"?); expected \"none\", \"required\" or \"banned\"");
  // The file's own values keep their line and column, with a set elsewhere and in a copy.
  std::string text = kDoc;
  text.replace(text.find("approval_prob = 0.7"), 19, "approval_prob = 1.7");
  ScenarioDocument file = ScenarioDocument::from_string(text, "set.toml");
  file.set("regime.strict.inspection_prob", "0");
  EXPECT_EQ(resolve_error(ScenarioDocument(file))
                .rfind("set.toml:21:17: regime[strict].approval_prob: 1.7", 0),
            0u)
      << resolve_error(file);
}

TEST(ScenarioSet, UnknownAddressesSuggestTheNearest) {
  EXPECT_EQ(set_error("regime.strct.approval_prob"),
            "--set regime.strct.approval_prob=1: no such address; did you mean "
            "regime.strict.approval_prob?");
  EXPECT_NE(
      set_error("regime.strict.aproval_prob").find("did you mean regime.strict.approval_prob"),
      std::string::npos);
  EXPECT_NE(set_error("simulation.horizon").find("did you mean simulation.horizon_days"),
            std::string::npos);
  EXPECT_NE(set_error("general_licence.grnt_prob").find("did you mean general_licence.grant_prob"),
            std::string::npos);
  // Up to three suggestions.
  const std::string three = set_error("industry.auto.china_share.xx");
  EXPECT_NE(three.find("did you mean industry.auto.china_share.dy, industry.auto.china_share.sm or "
                       "industry.auto.china_share.tb?"),
            std::string::npos)
      << three;
  // Nothing close: a generic hint.
  EXPECT_NE(
      set_error("foo.bar").find("--set foo.bar=1: no such address; expected a parameter address"),
      std::string::npos);
}

TEST(ScenarioSet, AddressesOutsideTheSchemaAreRejected) {
  for (const char* key :
       {"regime.strict.id", "regime.strict", "regime", "",
        "regime.strict.materials.xx.approval_prob", "regime.strict.materials.sm.inspection_prob",
        "regime.strict.approval_prob.x", "regime.strict.review_days.maximum",
        "industry.auto.need.xx", "event.1.probability", "event.x.probability",
        "event.-1.probability", "simulation.initial_regime.closed", "material.dy.alt_outage.start",
        "sweep.0.key", "scenario..name"}) {
    EXPECT_NE(set_error(key).find("no such address"), std::string::npos)
        << key << ": " << set_error(key);
  }
}

TEST(ScenarioSet, FailedSetLeavesTheDocumentUnchanged) {
  ScenarioDocument d = doc();
  const std::vector<std::string> before = d.addresses();
  EXPECT_THROW(d.set("general_licence.grnt_prob", "0.1"), InputError);
  EXPECT_THROW(d.set("regime.strict.materials.sm.aproval", "0.1"), InputError);
  EXPECT_EQ(d.addresses(), before);
  EXPECT_TRUE(d.resolve().regimes[1].material_overrides.empty());
}

TEST(ScenarioSet, CopiesKeepSetsAndLineNumbers) {
  ScenarioDocument d = doc();
  d.set("regime.strict.approval_prob", "0.3");
  const ScenarioDocument copy = d;
  EXPECT_EQ(copy.resolve().regimes[1].terms.approval_prob, 0.3);
  ScenarioDocument assigned = doc();
  assigned = copy;
  EXPECT_EQ(assigned.resolve().regimes[1].terms.approval_prob, 0.3);

  // A value from the file keeps its line in a copy (toml++ drops positions on copy;
  // the document parses its text again).
  std::string text = kDoc;
  text.replace(text.find("approval_prob = 0.7"), 19, "approval_prob = 1.7");
  ScenarioDocument original = ScenarioDocument::from_string(text, "set.toml");
  original.set("event.0.probability", "0.1");
  const ScenarioDocument copied = original;
  EXPECT_EQ(resolve_error(copied).rfind("set.toml:21:17: regime[strict].approval_prob: 1.7", 0), 0u)
      << resolve_error(copied);
}

TEST(ScenarioSet, ValueTextsParseAsToml) {
  EXPECT_EQ(after("output.quantiles", "[0.25, 0.75]").quantiles, (std::vector<double>{0.25, 0.75}));
  EXPECT_EQ(after("regime.strict.licence", "\"banned\"").regimes[1].terms.licence,
            LicenceRule::Banned);
  // Not TOML: taken as a string.
  EXPECT_EQ(after("scenario.name", "a = b").name, "a = b");
}

TEST(ScenarioAddresses, ListEveryScalarAndSettableKeySorted) {
  const std::vector<std::string> all = doc().addresses();
  EXPECT_TRUE(std::is_sorted(all.begin(), all.end()));
  for (const char* key : {"scenario.name",
                          "scenario.start_date",
                          "simulation.paths",
                          "simulation.seed",
                          "simulation.initial_regime.strict",
                          "output.quantiles",
                          "general_licence.grant_prob",
                          "general_licence.review_days",
                          "regime.strict.approval_prob",
                          "regime.strict.review_days.min",
                          "regime.strict.review_days.max",
                          "regime.strict.next.open",
                          "regime.open.inspection_days",
                          "regime.strict.materials.sm.approval_prob",
                          "regime.open.industries.defence.licence",
                          "regime.open.materials.tb.review_days",
                          "industry.auto.china_share.tb",
                          "industry.defence.inventory_days.dy",
                          "industry.auto.target_days",
                          "industry.auto.need.tb",
                          "material.dy.alt_outage.mean_days_between",
                          "material.sm.alt_outage.duration_days",
                          "event.0.probability",
                          "event.0.date"}) {
    EXPECT_TRUE(std::binary_search(all.begin(), all.end(), key)) << key;
  }
  for (const char* key : {"regime.strict.id", "regime.strict.review_days.mode", "event.1.day",
                          "regime.strict.materials"}) {
    EXPECT_FALSE(std::binary_search(all.begin(), all.end(), key)) << key;
  }
}

TEST(ScenarioAddresses, EveryListedAddressIsSettable) {
  for (const std::string& key : doc().addresses()) {
    ScenarioDocument d = doc();
    EXPECT_NO_THROW(d.set(key, "1")) << key;
  }
}

}  // namespace
}  // namespace chokepoint
