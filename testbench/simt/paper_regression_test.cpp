// `interpsim paper`'s predictions against the committed golden file
// (testbench/simt/paper_golden.json; with PAPER_ALL_HARNESSES every harness,
// testbench/simt/paper_harnesses_golden.json), so that any change to the SIMT
// model's predictions of the paper's Tables 3, 11 and 12 is deliberate.
// Regenerate after an intended change (docs/simt.md, "Regression"):
//   build/sim/interpsim paper --json testbench/simt/paper_golden.json
//   build/sim/interpsim paper --harness all --json testbench/simt/paper_harnesses_golden.json
#include <cmath>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "sim/simt/paper.hpp"

#ifndef PAPER_GOLDEN
#define PAPER_GOLDEN "testbench/simt/paper_golden.json"
#endif
#include "sim/simt/simt_config.hpp"

namespace interpsim::simt {
namespace {

void expect_close(const nlohmann::json& got, const nlohmann::json& want, const std::string& what) {
  const double g = got.get<double>(), w = want.get<double>();
  EXPECT_LE(std::fabs(g - w), 1e-9 * std::max(1.0, std::fabs(w)))
      << what << ": " << g << " vs " << w;
}

// One harness's tables and targets against the golden's.
void expect_tables(const nlohmann::json& got, const nlohmann::json& golden) {
  EXPECT_EQ(got["gpu"], golden["gpu"]);
  for (const char* table : {"table3", "table11", "table12"}) {
    ASSERT_EQ(got[table].size(), golden[table].size()) << table;
    for (size_t i = 0; i < got[table].size(); ++i) {
      for (const auto& [key, value] : golden[table][i].items()) {
        const std::string what = std::string(table) + "[" + std::to_string(i) + "]." + key;
        ASSERT_TRUE(got[table][i].contains(key)) << what;
        if (value.is_number_float()) {
          expect_close(got[table][i][key], value, what);
        } else if (!value.is_object()) {
          EXPECT_EQ(got[table][i][key], value) << what;
        }
      }
    }
  }
  EXPECT_EQ(got["targets"], golden["targets"]);
}

TEST(PaperRegression, PredictionsEqualTheGoldenFile) {
  std::ifstream in(std::string(INTERPSIM_SOURCE_DIR) + "/" PAPER_GOLDEN);
  ASSERT_TRUE(in) << PAPER_GOLDEN " missing";
  const nlohmann::json golden = nlohmann::json::parse(in);
  const SimtConfig v100 = load_simt_config(default_configs_dir() + "/v100.ini");
#ifdef PAPER_ALL_HARNESSES
  const nlohmann::json got =
      predict_paper_tables(v100, golden["elements"].get<long long>(), nullptr, paper_harnesses());
  ASSERT_EQ(got["harnesses"].size(), golden["harnesses"].size());
  for (size_t h = 0; h < got["harnesses"].size(); ++h) {
    SCOPED_TRACE(golden["harnesses"][h]["harness"].get<std::string>());
    EXPECT_EQ(got["harnesses"][h]["harness"], golden["harnesses"][h]["harness"]);
    expect_tables(got["harnesses"][h], golden["harnesses"][h]);
  }
#else
  const nlohmann::json got =
      predict_paper_tables(v100, golden["elements"].get<long long>(), nullptr);
  expect_tables(got, golden);
#endif
  // Every simulated kernel: the same cycle count, outputs checked where a
  // golden model exists (mismatches would have thrown).
  ASSERT_EQ(got["runs"].size(), golden["runs"].size());
  for (size_t i = 0; i < got["runs"].size(); ++i) {
    EXPECT_EQ(got["runs"][i]["kernel"], golden["runs"][i]["kernel"]);
    EXPECT_EQ(got["runs"][i]["cycles"], golden["runs"][i]["cycles"])
        << golden["runs"][i]["kernel"] << " " << golden["runs"][i]["func"] << " "
        << golden["runs"][i]["segments"];
  }
}

}  // namespace
}  // namespace interpsim::simt
