// Scenario texts drawn at random from the whole schema, for the tests that
// check one implementation against another on scenarios nobody wrote by hand:
// 1 to 5 regimes (absorbing or not, with overrides per material and industry),
// every licence rule, every day distribution, general licences, inspections,
// outages, 1 to 10 materials, alternative capacity as a number, a ramp or inf,
// events (on day 0 too), warm-ups, zero transit, reviews longer than the
// horizon, needs of zero. Every text is a valid scenario; the same seed gives
// the same text.
//
// With `remedies` on, the draw adds the model's remedies: industry priorities
// of both signs, substitutions (delays 0 to 60, need factors 0 to 1),
// stockpiles (with and without a release cap, with refills, regime lists) and
// quotas (disjoint regime lists, periods 1 to 90). They come from a second
// generator, so the rest of the text is exactly the scenario drawn without
// them from the same seed, and the series without remedies is unchanged.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <initializer_list>
#include <limits>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "host/scenario/scenario.hpp"

namespace chokepoint::testing {

//! The remedies of a drawn scenario as the plain structs of the scenario,
//! for tests that build a Scenario from the text without them.
struct DrawnRemedies {
  std::vector<int64_t> priority;                        //!< [I]
  std::vector<std::vector<Substitution>> substitution;  //!< [I]
  std::vector<Stockpile> stockpiles;
  std::vector<Quota> quotas;

  //! Adds these remedies to `s`, the scenario of the text drawn without them.
  void apply(Scenario& s) const {
    for (size_t i = 0; i < priority.size(); ++i) {
      s.industries[i].priority = priority[i];
      s.industries[i].substitution = substitution[i];
    }
    s.stockpiles = stockpiles;
    s.quotas = quotas;
  }
};

//! Draws one scenario's text.
class ScenarioDraw {
 public:
  explicit ScenarioDraw(uint64_t seed, bool remedies = false)
      : rng_(seed), remedies_on_(remedies), extra_(seed ^ 0x9e3779b97f4a7c15u) {}

  //! The remedies of the last text(), when drawn with them.
  const DrawnRemedies& remedies() const { return remedies_; }

  std::string text() {
    const int regimes = between(1, 5), industries = between(1, 3);
    const int materials = chance(0.15) ? between(5, 10) : between(1, 4);
    horizon_ = chance(0.2) ? between(1, 20) : chance(0.1) ? between(401, 1500) : between(21, 400);
    std::ostringstream s;
    s << "[scenario]\nname = \"random\"\n\n[simulation]\n";
    s << "horizon_days = " << horizon_ << "\n";
    s << "seed = " << between(0, 1000000) << "\n";
    s << "report_interval_days = " << between(1, horizon_) << "\n";
    if (chance(0.6))
      s << "warmup_days = " << (chance(0.5) ? between(1, 30) : between(31, 900)) << "\n";
    if (regimes > 1 && chance(0.5)) {
      s << "initial_regime = { ";
      const std::vector<int> w = weights(regimes);
      for (int r = 0; r < regimes; ++r) s << (r ? ", " : "") << "r" << r << " = " << eighth(w[r]);
      s << " }\n";
    } else {
      s << "initial_regime = \"r" << between(0, regimes - 1) << "\"\n";
    }
    // Thresholds no day's shortfall can equal by accident: with round ones
    // (0.5), a partial day of exactly half a day's need ties, and the oracle's
    // doubles and the engine's 2^-38 units round such a tie to either side.
    if (chance(0.3)) {
      s << "\n[output]\nshortage_threshold = " << pick({"0.0", "0.0513", "0.4871"}) << "\n";
    }
    for (int m = 0; m < materials; ++m) {
      s << "\n[[material]]\nid = \"m" << m << "\"\n";
      if (chance(0.5)) {
        s << "alt_outage = { mean_days_between = " << between(5, 400)
          << ", duration_days = " << days(1, 60) << " }\n";
      }
      switch (between(0, 4)) {
        case 0:
          break;  // default 1
        case 1:
          s << "alt_capacity = " << pick({"0", "0.5", "1.0", "2", "inf"}) << "\n";
          break;
        case 2:
        case 3: {
          const int a = between(-100, 200), b = a + between(1, 300);
          s << "alt_capacity = { day = [" << a << ", " << b << "], factor = ["
            << pick({"0.0", "0.5", "1.0"}) << ", " << pick({"1.0", "1.5", "3.0"}) << "] }\n";
          break;
        }
        default:
          s << "alt_capacity = { day = [" << between(-50, 50) << "], factor = [1.25] }\n";
      }
    }
    for (int r = 0; r < regimes; ++r) {
      s << "\n[[regime]]\nid = \"r" << r << "\"\n";
      if (regimes > 1 && chance(0.75)) {
        s << "mean_duration_days = " << pick({"1", "2.5", "10", "45", "200", "1000"}) << "\n";
        std::vector<int> w = weights(regimes - 1);
        s << "next = { ";
        for (int k = 0, other = 0; other < regimes; ++other) {
          if (other == r) continue;
          s << (k ? ", " : "") << "r" << other << " = " << eighth(w[static_cast<size_t>(k)]);
          ++k;
        }
        s << " }\n";
      }
      licence_terms(s, pick({"none", "required", "required", "banned"}));
      if (chance(0.5)) s << "general_licences = true\n";
      if (chance(0.5)) {
        s << "inspection_prob = " << pick({"0.0", "0.1", "0.5", "1.0"}) << "\n";
        s << "inspection_days = " << days(0, 40) << "\n";
      }
      for (int m = 0; m < materials; ++m) {
        if (!chance(0.2)) continue;
        s << "  [regime.materials.m" << m << "]\n";
        licence_terms(s, pick({"none", "required", "banned"}));
      }
      for (int i = 0; i < industries; ++i) {
        if (!chance(0.15)) continue;
        s << "  [regime.industries.i" << i << "]\n";
        licence_terms(s, pick({"none", "required", "banned"}));
      }
    }
    if (chance(0.6)) {
      const int validity = between(1, 200);
      s << "\n[general_licence]\ngrant_prob = " << pick({"0.0", "0.3", "0.8", "1.0"})
        << "\nreview_days = " << days(0, 40) << "\nvalidity_days = " << validity
        << "\nrenew_before_days = " << between(0, validity - 1)
        << "\nretry_days = " << between(1, 60) << "\n";
    }
    for (int i = 0; i < industries; ++i) {
      s << "\n[[industry]]\nid = \"i" << i
        << "\"\nbuyers = " << (chance(0.1) ? between(7, 40) : between(1, 6)) << "\n";
      const int needed = between(0, materials - 1);  // one that surely has need > 0
      s << "need = { ";
      needs_.emplace_back();
      for (int m = 0; m < materials; ++m) {
        const char* need =
            m == needed ? pick({"0.5", "1.0", "3.0"}) : pick({"0.0", "0.2", "1.0", "2.0"});
        s << (m ? ", " : "") << "m" << m << " = " << need;
        needs_.back().push_back(std::string(need) != "0.0");
      }
      s << " }\n";
      if (chance(0.5)) {
        s << "china_share = " << pick({"0.0", "0.3", "0.9", "1.0"}) << "\n";
      } else if (chance(0.5)) {
        s << "china_share = { m0 = " << pick({"0.0", "0.5", "1.0"}) << " }\n";
      }
      if (chance(0.7)) {
        s << "inventory_days = " << pick({"0", "3", "10.5", "30", "90"}) << "\n";
      } else {  // a table needs every material
        s << "inventory_days = { ";
        for (int m = 0; m < materials; ++m) {
          s << (m ? ", " : "") << "m" << m << " = " << pick({"0", "5", "12.25", "40"});
        }
        s << " }\n";
      }
      if (chance(0.4)) {
        s << "target_days = " << pick({"0", "7", "30", "60", "120"}) << "\n";
      } else if (chance(0.3)) {
        s << "target_days = { ";
        for (int m = 0; m < materials; ++m) {
          s << (m ? ", " : "") << "m" << m << " = " << pick({"0", "8", "30.5", "75"});
        }
        s << " }\n";
      }
      s << "review_days = " << (chance(0.1) ? between(horizon_, horizon_ + 500) : between(1, 45))
        << "\n";
      s << "transit_days = " << (chance(0.2) ? 0 : between(1, 40)) << "\n";
      if (chance(0.5)) {
        s << "general_licence_adoption = " << pick({"0.0", "0.5", "1.0"}) << "\n";
      }
      if (remedies_on_) industry_remedies(s, i, materials);
    }
    for (int e = between(0, 3); e > 0; --e) {
      s << "\n[[event]]\nday = " << (chance(0.3) ? 0 : between(0, horizon_ - 1)) << "\nto = \"r"
        << between(0, regimes - 1) << "\"\n";
      if (chance(0.5)) {
        s << "from = [\"r" << between(0, regimes - 1) << "\"";
        if (regimes > 1 && chance(0.4)) s << ", \"r" << between(0, regimes - 1) << "\"";
        s << "]\n";
      }
      if (chance(0.5)) s << "probability = " << pick({"0.0", "0.5", "1.0"}) << "\n";
    }
    if (remedies_on_) shared_remedies(s, regimes, industries, materials);
    return s.str();
  }

 private:
  int between(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
  const char* pick(std::initializer_list<const char*> options) {
    return options.begin()[between(0, static_cast<int>(options.size()) - 1)];
  }
  //! n positive weights in eighths that sum to exactly 1.
  std::vector<int> weights(int n) {
    std::vector<int> w(static_cast<size_t>(n), 1);
    for (int k = n; k < 8; ++k) ++w[static_cast<size_t>(between(0, n - 1))];
    return w;
  }
  static std::string eighth(int w) {
    std::ostringstream s;
    s << w / 8.0;
    return s.str();
  }
  //! A day distribution with values in about [lo, hi].
  std::string days(int lo, int hi) {
    std::ostringstream s;
    const int a = between(lo, hi), b = between(a, hi);
    switch (between(0, 5)) {
      case 0:
        s << a;
        break;
      case 1:
        s << "{ dist = \"uniform\", min = " << a << ", max = " << b << " }";
        break;
      case 2:
        s << "{ dist = \"triangular\", min = " << a << ", mode = " << between(a, b)
          << ", max = " << b << " }";
        break;
      case 3:
        s << "{ dist = \"lognormal\", median = " << a + 1
          << ", sigma = " << pick({"0.1", "0.5", "1.5"}) << ", max = " << b + 1 << " }";
        break;
      case 4:
        s << "{ dist = \"empirical\", values = [" << a << ", " << b << ", " << between(lo, hi)
          << "], weights = [1, " << between(0, 3) << ", 2] }";
        break;
      default:
        s << "{ dist = \"fixed\", value = " << b << " }";
    }
    return s.str();
  }
  void licence_terms(std::ostringstream& s, const std::string& licence) {
    s << "licence = \"" << licence << "\"\n";
    if (licence == "required" || chance(0.3)) {
      s << "approval_prob = " << pick({"0.0", "0.3", "0.7", "1.0"}) << "\n";
      s << "review_days = " << (chance(0.1) ? days(horizon_, horizon_ + 100) : days(0, 90)) << "\n";
    }
  }

  // The remedies, from extra_ only.
  int more(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(extra_); }
  bool maybe(double p) { return std::uniform_real_distribution<double>(0, 1)(extra_) < p; }
  const char* choose(std::initializer_list<const char*> options) {
    return options.begin()[more(0, static_cast<int>(options.size()) - 1)];
  }
  static double value_of(const std::string& text) {
    return text == "inf" ? std::numeric_limits<double>::infinity() : std::stod(text);
  }
  //! A random subset of the regimes r0 .. r{R-1}, written as a TOML array.
  std::vector<std::string> some_regimes(int regimes) {
    std::vector<std::string> ids;
    for (int r = 0; r < regimes; ++r) {
      if (maybe(0.5)) ids.push_back("r" + std::to_string(r));
    }
    return ids;
  }
  static std::string array(const std::vector<std::string>& ids) {
    std::string a = "[";
    for (size_t k = 0; k < ids.size(); ++k) a += (k ? ", \"" : "\"") + ids[k] + "\"";
    return a + "]";
  }

  void industry_remedies(std::ostringstream& s, int i, int materials) {
    remedies_.priority.push_back(0);
    remedies_.substitution.emplace_back();
    if (maybe(0.6)) {
      remedies_.priority.back() = more(-3, 3);
      s << "priority = " << remedies_.priority.back() << "\n";
    }
    std::ostringstream entries;
    for (int m = 0; m < materials; ++m) {
      if (!needs_[static_cast<size_t>(i)][static_cast<size_t>(m)] || !maybe(0.35)) continue;
      const int delay = maybe(0.2) ? 0 : more(0, 60);
      const std::string factor = choose({"0.0", "0.25", "0.6", "1.0"});
      remedies_.substitution.back().push_back(
          Substitution{"m" + std::to_string(m), delay, value_of(factor)});
      entries << (entries.tellp() > 0 ? ", " : "") << "m" << m << " = { delay_days = " << delay
              << ", need_factor = " << factor << " }";
    }
    if (entries.tellp() > 0) s << "substitution = { " << entries.str() << " }\n";
  }

  void shared_remedies(std::ostringstream& s, int regimes, int industries, int materials) {
    for (int k = more(0, 3); k > 0; --k) {
      const int m = more(0, materials - 1);
      std::vector<std::string> users;  // industries that need m
      for (int i = 0; i < industries; ++i) {
        if (needs_[static_cast<size_t>(i)][static_cast<size_t>(m)])
          users.push_back("i" + std::to_string(i));
      }
      Stockpile p;
      p.id = "s" + std::to_string(remedies_.stockpiles.size());
      p.material = "m" + std::to_string(m);
      const std::string tonnes = choose({"0", "1.5", "10", "50", "300"});
      p.tonnes = value_of(tonnes);
      s << "\n[[stockpile]]\nid = \"" << p.id << "\"\nmaterial = \"" << p.material
        << "\"\ntonnes = " << tonnes << "\n";
      if (maybe(0.4)) {
        std::vector<std::string> to;
        for (const std::string& id : users) {
          if (maybe(0.6)) to.push_back(id);
        }
        p.release_to = to;
        s << "release_to = " << array(to) << "\n";
      }
      if (maybe(0.6)) {
        const std::string cap = choose({"0.25", "1", "5", "inf"});
        p.max_release_tonnes_per_day = value_of(cap);
        s << "max_release_tonnes_per_day = " << cap << "\n";
      }
      if (maybe(0.5)) {
        p.release_regimes = some_regimes(regimes);
        s << "release_regimes = " << array(*p.release_regimes) << "\n";
      }
      if (maybe(0.5)) {
        const std::string refill = choose({"0", "0.1", "2", "inf"});
        p.refill_tonnes_per_day = value_of(refill);
        p.refill_regimes = some_regimes(regimes);
        s << "refill_tonnes_per_day = " << refill
          << "\nrefill_regimes = " << array(p.refill_regimes) << "\n";
      }
      remedies_.stockpiles.push_back(p);
    }
    for (int m = 0; m < materials; ++m) {
      if (!maybe(0.3)) continue;
      // One quota for every regime, or up to three on disjoint sets of regimes.
      std::vector<std::optional<std::vector<std::string>>> sets;
      if (maybe(0.4)) {
        sets.emplace_back(std::nullopt);
      } else {
        const int count = more(1, 3);
        std::vector<std::vector<std::string>> parts(static_cast<size_t>(count));
        for (int r = 0; r < regimes; ++r) {
          const int part = more(-1, count - 1);  // -1: in no quota's list
          if (part >= 0) parts[static_cast<size_t>(part)].push_back("r" + std::to_string(r));
        }
        for (const auto& part : parts) sets.emplace_back(part);
      }
      for (const auto& set : sets) {
        Quota q;
        q.material = "m" + std::to_string(m);
        const std::string tonnes = choose({"0", "0.5", "2", "10", "40", "inf"});
        q.tonnes_per_period = value_of(tonnes);
        q.period_days = maybe(0.2) ? 1 : more(1, 90);
        q.regimes = set;
        s << "\n[[quota]]\nmaterial = \"" << q.material << "\"\ntonnes_per_period = " << tonnes
          << "\nperiod_days = " << q.period_days << "\n";
        if (set) s << "regimes = " << array(*set) << "\n";
        remedies_.quotas.push_back(q);
      }
    }
  }

  std::mt19937_64 rng_;
  int horizon_ = 365;
  bool remedies_on_ = false;
  std::mt19937_64 extra_;
  std::vector<std::vector<bool>> needs_;  //!< [I][M] need > 0
  DrawnRemedies remedies_;
};

//! How many random scenarios a test checks: CHOKEPOINT_RANDOM_SCENARIOS when
//! set (a longer search), else `usual`.
inline int random_scenario_count(int usual) {
  const char* n = std::getenv("CHOKEPOINT_RANDOM_SCENARIOS");
  return n != nullptr ? std::atoi(n) : usual;
}

//! The text of random scenario k of the tests' fixed series.
inline std::string random_scenario_text(int k) {
  return ScenarioDraw(0x5eed0000u + static_cast<uint64_t>(k)).text();
}

//! Random scenario k of the same series with remedies: its text, and the
//! remedies alone, which random_scenario_text(k) lacks (the rest of the text
//! is the same).
struct CoupledScenario {
  std::string text;
  DrawnRemedies remedies;
};
inline CoupledScenario random_coupled_scenario(int k) {
  ScenarioDraw draw(0x5eed0000u + static_cast<uint64_t>(k), /*remedies=*/true);
  CoupledScenario c;
  c.text = draw.text();
  c.remedies = draw.remedies();
  return c;
}

}  // namespace chokepoint::testing
