// --vary specs and sweep points (docs/scenario-reference.md, "Sweeps").
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "host/scenario/document.hpp"
#include "host/scenario/input_error.hpp"

namespace chokepoint {
namespace {

using Values = std::vector<std::string>;

std::string vary_error(const std::string& spec) {
  try {
    parse_vary(spec);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(ParseVary, ListOfValues) {
  const Sweep s = parse_vary("regime.truce.approval_prob=0.5,0.7, 0.9");
  EXPECT_EQ(s.key, "regime.truce.approval_prob");
  EXPECT_EQ(s.values, (Values{"0.5", "0.7", "0.9"}));
  EXPECT_EQ(parse_vary("simulation.horizon_days=30").values, (Values{"30"}));
}

TEST(ParseVary, WordsBecomeQuotedStrings) {
  EXPECT_EQ(parse_vary("regime.truce.licence=none,\"banned\",required").values,
            (Values{"\"none\"", "\"banned\"", "\"required\""}));
}

TEST(ParseVary, CommasInsideQuotesAndBracketsDoNotSplit) {
  EXPECT_EQ(parse_vary("scenario.name=\"a,b\",c").values, (Values{"\"a,b\"", "\"c\""}));
  EXPECT_EQ(parse_vary("regime.truce.review_days={dist=\"uniform\",min=1,max=5},7").values,
            (Values{"{dist=\"uniform\",min=1,max=5}", "7"}));
  EXPECT_EQ(parse_vary("output.quantiles=[0.5,0.9],[0.99]").values,
            (Values{"[0.5,0.9]", "[0.99]"}));
  // A colon inside quotes is not a range.
  EXPECT_EQ(parse_vary("scenario.name=\"a:b:c\"").values, (Values{"\"a:b:c\""}));
}

TEST(ParseVary, IntegerRangeIncludesStop) {
  EXPECT_EQ(parse_vary("simulation.horizon_days=30:90:30").values, (Values{"30", "60", "90"}));
  EXPECT_EQ(parse_vary("simulation.horizon_days=30:100:30").values, (Values{"30", "60", "90"}));
  EXPECT_EQ(parse_vary("x=10:0:-5").values, (Values{"10", "5", "0"}));
  EXPECT_EQ(parse_vary("x=5:5:1").values, (Values{"5"}));
  // Integral floats for start and step give integers (counts accept them).
  EXPECT_EQ(parse_vary("x=1.0:3.0:1.0").values, (Values{"1", "2", "3"}));
}

TEST(ParseVary, FloatRangeIncludesStopReachedWithinRoundingError) {
  // 0.1 + 2 * 0.1 lands just off 0.3; (0.3 - 0.1) / 0.1 = 1.9999999999999998.
  EXPECT_EQ(parse_vary("x=0.1:0.3:0.1").values, (Values{"0.1", "0.2", "0.3"}));
  const Sweep eleven = parse_vary("event.0.probability=0:1:0.1");
  ASSERT_EQ(eleven.values.size(), 11u);
  EXPECT_EQ(eleven.values[0], "0.0");
  EXPECT_EQ(eleven.values[3], "0.3");  // start + 3 * step, without the 4e-17 of noise
  EXPECT_EQ(eleven.values[10], "1.0");
  EXPECT_EQ(parse_vary("x=0:1:0.3").values, (Values{"0.0", "0.3", "0.6", "0.9"}));
  EXPECT_EQ(parse_vary("x=1:0:-0.25").values, (Values{"1.0", "0.75", "0.5", "0.25", "0.0"}));
}

TEST(ParseVary, Errors) {
  EXPECT_NE(vary_error("x=0:1:0").find("--vary x=0:1:0: the step is 0"), std::string::npos);
  EXPECT_NE(vary_error("x=0:1:-0.1").find("the step -0.1 goes away from 1"), std::string::npos);
  EXPECT_NE(vary_error("x=1:0:1").find("goes away from 0"), std::string::npos);
  EXPECT_NE(vary_error("regime.truce.approval_prob")
                .find("no KEY=...; expected KEY=V1,V2,... or KEY=START:STOP:STEP"),
            std::string::npos);
  EXPECT_NE(vary_error("=1,2").find("no KEY=..."), std::string::npos);
  EXPECT_NE(vary_error("x=1,,2").find("an empty value"), std::string::npos);
  EXPECT_NE(vary_error("x=").find("an empty value"), std::string::npos);
  EXPECT_NE(vary_error("x=1:2").find("is not a range of three numbers"), std::string::npos);
  EXPECT_NE(vary_error("x=a:b:c").find("is not a range of three numbers"), std::string::npos);
  EXPECT_NE(vary_error("x=0:1000000:1").find("expected at most 100000"), std::string::npos);
  EXPECT_NE(vary_error("x=0:inf:1").find("finite"), std::string::npos);
}

TEST(SweepPoints, NoSweepsIsOneEmptyPoint) {
  const auto points = sweep_points({});
  ASSERT_EQ(points.size(), 1u);
  EXPECT_TRUE(points[0].empty());
}

TEST(SweepPoints, CartesianProductWithTheLastVaryingFastest) {
  const auto points = sweep_points({{"a", {"1", "2"}}, {"b", {"x", "y", "z"}}});
  const std::vector<std::vector<std::pair<std::string, std::string>>> expected = {
      {{"a", "1"}, {"b", "x"}}, {{"a", "1"}, {"b", "y"}}, {{"a", "1"}, {"b", "z"}},
      {{"a", "2"}, {"b", "x"}}, {{"a", "2"}, {"b", "y"}}, {{"a", "2"}, {"b", "z"}}};
  EXPECT_EQ(points, expected);
}

TEST(SweepPoints, Errors) {
  EXPECT_THROW(sweep_points({{"a", {}}}), InputError);
  EXPECT_THROW(sweep_points({{"a", {"1"}}, {"a", {"2"}}}), InputError);
  const Sweep big{"a", std::vector<std::string>(1001, "1")};
  EXPECT_THROW(sweep_points({big, big, Sweep{"b", big.values}}), InputError);
}

TEST(SweepPoints, PointsApplyToADocument) {
  const std::string text = R"([scenario]
name = "sweep"
[[material]]
id = "dy"
[[regime]]
id = "open"
licence = "required"
approval_prob = 0.5
review_days = 3
[[industry]]
id = "auto"
need = { dy = 1 }
inventory_days = 10
review_days = 7
[[sweep]]
key = "regime.open.approval_prob"
from = 0.25
to = 0.75
step = 0.25
)";
  const ScenarioDocument base = ScenarioDocument::from_string(text, "sweep.toml");
  std::vector<Sweep> sweeps = base.resolve().sweeps;
  sweeps.push_back(parse_vary("regime.open.review_days=1,{dist=\"uniform\",min=2,max=4}"));
  const auto points = sweep_points(sweeps);
  ASSERT_EQ(points.size(), 6u);
  std::vector<double> approval;
  for (const auto& point : points) {
    ScenarioDocument d = base;
    for (const auto& [key, value] : point) d.set(key, value);
    const Scenario s = d.resolve();
    approval.push_back(*s.regimes[0].terms.approval_prob);
    EXPECT_EQ(s.regimes[0].terms.review_days->kind,
              point[1].second == "1" ? DayDistKind::Fixed : DayDistKind::Uniform);
  }
  EXPECT_EQ(approval, (std::vector<double>{0.25, 0.25, 0.5, 0.5, 0.75, 0.75}));
}

}  // namespace
}  // namespace chokepoint
