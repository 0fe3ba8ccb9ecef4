// Scenario texts drawn at random from the whole schema, for the tests that
// check one implementation against another on scenarios nobody wrote by hand:
// 1 to 5 regimes (absorbing or not, with overrides per material and industry),
// every licence rule, every day distribution, general licences, inspections,
// outages, 1 to 10 materials, alternative capacity as a number, a ramp or inf,
// events (on day 0 too), warm-ups, zero transit, reviews longer than the
// horizon, needs of zero. Every text is a valid scenario; the same seed gives
// the same text.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <initializer_list>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace chokepoint::testing {

//! Draws one scenario's text.
class ScenarioDraw {
 public:
  explicit ScenarioDraw(uint64_t seed) : rng_(seed) {}

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
      for (int m = 0; m < materials; ++m) {
        const char* need =
            m == needed ? pick({"0.5", "1.0", "3.0"}) : pick({"0.0", "0.2", "1.0", "2.0"});
        s << (m ? ", " : "") << "m" << m << " = " << need;
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

  std::mt19937_64 rng_;
  int horizon_ = 365;
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

}  // namespace chokepoint::testing
