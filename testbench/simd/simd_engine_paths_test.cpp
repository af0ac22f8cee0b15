// The SIMD array's two engines (`engine = fast | cycle`, sim/simd/simd_engine.hpp):
// on every shipped SIMD config, with model lanes of every lookup design it
// admits, under memory settings that make the lanes stall (narrow and
// fractional bandwidth, shallow queues, no latency) and over traces of odd
// lengths and shorter than the lanes, the steady-state skip must give the
// cycle-by-cycle path's cycles, whole stats JSON (less wall time and the
// engine key itself) and output bits. Where the skip can engage (every table
// read granted; shipped memory or unlimited) it must also have skipped
// clocks, so the comparison covers it; with arbitrated tables it must not.
// The RTL lanes' two paths (RtlLanePaths): on every shipped SIMD config the
// lanes as slices of interp_lane_array models (one and two threads) give the
// per-lane verilated interp_lanes' and the model lanes' cycles, stats and
// output bits.
// Each test runs in its own process (gtest_discover_tests): SystemC elaborates
// once per process.
#include <dirent.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "model/float_format.hpp"
#include "model/input_error.hpp"
#include "model/lane_cycle_model.hpp"
#include "model/value_lut_lane_cycle_model.hpp"
#include "sim/simd/simd_array.hpp"
#include "sim/simd/simd_config.hpp"
#include "sim/simd/simd_engine.hpp"
#include "sim/simd/simd_stats.hpp"
#include "sim/simd/softmax.hpp"
#include "testbench/rtl/input_sets.hpp"

namespace interpsim::simd {
namespace {

// Whether the model lanes of `design` have what the steady-state skip needs
// (SkipsSteadyState); the value LUT's lane model does not, so its runs go
// clock by clock, and only their equality is checked.
bool lanes_can_skip(LookupDesign design) {
  switch (design) {
    case LookupDesign::kUniform:
    case LookupDesign::kNonuniform:
      return SkipsSteadyState<InterpLaneCycleModel>::value;
    case LookupDesign::kBsearch:
      return SkipsSteadyState<BsearchLaneCycleModel>::value;
    case LookupDesign::kValue:
      return SkipsSteadyState<ValueLutLaneCycleModel>::value;
  }
  return false;
}

const std::string kConfigs = INTERPSIM_CONFIGS_DIR;
const std::vector<std::string> kShippedSimdConfigs = {
    "diannao-16seg.ini",    "nvdla-256seg.ini",    "nvdla-value-lut-257.ini",
    "simd-64-banked16.ini", "simd-64-fp8e4m3.ini", "simd-64-private.ini"};

// Inputs in the table's io format: values around the function's interval in
// fp32 (a few NaN, infinities and edges among them), any byte in fp8.
std::vector<uint32_t> make_input(NumberFormat format, size_t count, uint64_t seed) {
  if (format == NumberFormat::kFp32) {
    std::vector<uint32_t> bits = rtl_test::trace_like(-0.5f, 2.0f, count, seed);
    const std::vector<uint32_t> corners = rtl_test::ieee_corners(-5.0f, 3.0f);
    for (size_t i = 0; i < corners.size() && i * 37 < bits.size(); ++i) bits[i * 37] = corners[i];
    return bits;
  }
  std::mt19937_64 random(seed);
  const uint32_t mask = (1u << format_bits(format)) - 1;
  std::vector<uint32_t> bits(count);
  for (uint32_t& b : bits) b = static_cast<uint32_t>(random()) & mask;
  return bits;
}

// The stats JSON less what may differ between the engines.
nlohmann::json comparable_stats(const SimdConfig& config, const MapResult& result) {
  nlohmann::json stats =
      stats_json(config, result.stats, result.mismatches, result.checked, result.sim_seconds);
  stats.erase("sim_seconds");
  stats.erase("sim_elements_per_second");
  stats["config"].erase("engine");
  return stats;
}

// Runs `config` with both engines over inputs of each length; returns the
// clocks the fast engine skipped in all.
uint64_t expect_same_on_both_engines(SimdConfig config, const std::vector<size_t>& counts,
                                     const std::string& what) {
  LookupTables tables = build_lookup_tables(config.table);
  uint64_t skipped = 0;
  for (size_t count : counts) {
    const std::vector<uint32_t> input = make_input(tables.uniform.format, count, count * 7 + 1);
    config.engine = EngineMode::kCycle;
    const MapResult cycle = run_map_bits(config, tables, input);
    config.engine = EngineMode::kFast;
    const MapResult fast = run_map_bits(config, tables, input);
    const std::string where = what + ", " + std::to_string(count) + " elements";
    EXPECT_EQ(cycle.skipped_cycles, 0u) << where;
    EXPECT_EQ(fast.stats.cycles, cycle.stats.cycles) << where;
    EXPECT_EQ(comparable_stats(config, fast), comparable_stats(config, cycle)) << where;
    EXPECT_TRUE(fast.output_bits == cycle.output_bits) << where << ": outputs differ";
    EXPECT_EQ(cycle.output_bits.size(), count) << where;
    skipped += fast.skipped_cycles;
  }
  return skipped;
}

class EnginePaths : public ::testing::TestWithParam<std::string> {};

TEST_P(EnginePaths, FastEqualsCycleByCycle) {
  const SimdConfig shipped = simd_params().from_file(kConfigs + "/" + GetParam());
  const bool fp32 = shipped.table.format == NumberFormat::kFp32;
  std::vector<LookupDesign> designs = {shipped.table.design};
  // The other designs where they can run: fp32 only, bsearch on private tables.
  if (fp32) {
    for (LookupDesign design : {LookupDesign::kUniform, LookupDesign::kNonuniform,
                                LookupDesign::kBsearch, LookupDesign::kValue}) {
      if (design != shipped.table.design) designs.push_back(design);
    }
  }
  const int lanes = shipped.lanes;
  const int element_bytes = format_bits(shipped.table.format) / 8;
  // Long enough for steady states, odd, one short of a lane multiple, shorter
  // than the lanes, a single element.
  const std::vector<size_t> counts = {20011, 4099, static_cast<size_t>(lanes) * 9 - 1,
                                      static_cast<size_t>(lanes) / 2 + 1, 1};
  struct Memory {
    const char* name;
    double bytes_per_cycle;
    int latency;
    int fifo_depth;
    // The skip must engage here (a period of at most 64 clocks). Memory-bound
    // settings may have longer periods (then the run is clock by clock).
    bool must_skip;
  };
  const std::vector<Memory> memories = {
      {"shipped", shipped.memory_bytes_per_cycle, shipped.memory_latency, shipped.lane_fifo_depth,
       true},
      {"half bandwidth", lanes * element_bytes * 1.0, shipped.memory_latency, 64, false},
      {"fractional bandwidth, shallow queues", lanes * element_bytes * 0.7 + 0.3, 5, 2, false},
      {"no latency, one-entry queues", lanes * element_bytes * 2.0, 0, 1, true},
  };
  for (LookupDesign design : designs) {
    for (const Memory& memory : memories) {
      SimdConfig config = shipped;
      config.lane_impl = LaneImpl::kModel;
      config.check = false;
      config.table.design = design;
      if (design == LookupDesign::kBsearch) config.table_org = TableOrg::kPrivate;
      config.memory_bytes_per_cycle = memory.bytes_per_cycle;
      config.memory_latency = memory.latency;
      config.lane_fifo_depth = memory.fifo_depth;
      const std::string what =
          GetParam() + ", " + lookup_design_names().name(design) + ", " + memory.name;
      const uint64_t skipped = expect_same_on_both_engines(config, counts, what);
      const bool all_granted =
          design == LookupDesign::kBsearch || config.table_org == TableOrg::kPrivate;
      if (all_granted && memory.must_skip && lanes_can_skip(design)) {
        EXPECT_GT(skipped, 0u) << what << ": the fast engine never skipped";
      } else if (!all_granted) {
        EXPECT_EQ(skipped, 0u) << what << ": skipped clocks of arbitrated table reads";
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(ShippedConfigs, EnginePaths, ::testing::ValuesIn(kShippedSimdConfigs),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param.substr(0, info.param.size() - 4);
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

// Model lanes, per-lane verilated interp_lanes and the lane-array path (one
// and two threads) on `shipped` and a memory that stalls the lanes.
void expect_rtl_lane_paths_agree(SimdConfig shipped, const std::string& name) {
  const LookupTables tables = build_lookup_tables(shipped.table);
  const int lanes = shipped.lanes;
  const int element_bytes = format_bits(shipped.table.format) / 8;
  // The shipped memory, one that starves the lanes (fractional bandwidth,
  // one-entry queues: memory stalls), and one without latency whose
  // in-order writes hold results back (output stalls where lanes stall
  // unequally, as on banked tables: out_ready_i changes).
  struct Memory {
    double bytes_per_cycle;
    int fifo_depth;
    int latency;
  };
  const std::vector<Memory> memories = {
      {shipped.memory_bytes_per_cycle, shipped.lane_fifo_depth, shipped.memory_latency},
      {lanes * element_bytes * 0.7 + 0.3, 1, shipped.memory_latency},
      {lanes * element_bytes * 0.4, 2, 0}};
  for (const auto& [bytes_per_cycle, fifo_depth, latency] : memories) {
    // The longest runs 600 clocks and more: the two-thread split rebalances
    // every 256 (RtlLaneArray::balance), so lanes change threads mid-run.
    for (size_t count :
         {size_t{3001}, static_cast<size_t>(lanes) / 2 + 1, static_cast<size_t>(lanes) * 600}) {
      SimdConfig config = shipped;
      config.check = false;
      config.memory_bytes_per_cycle = bytes_per_cycle;
      config.lane_fifo_depth = fifo_depth;
      config.memory_latency = latency;
      const std::vector<uint32_t> input = make_input(tables.uniform.format, count, count + 5);
      const std::string where = name + ", " + std::to_string(bytes_per_cycle) +
                                " bytes/cycle, latency " + std::to_string(latency) + ", " +
                                std::to_string(count) + " elements";
      config.lane_impl = LaneImpl::kModel;
      const MapResult model = run_map_bits(config, tables, input);
      config.lane_impl = LaneImpl::kRtl;
      config.rtl_lane_array = false;
      const MapResult per_lane = run_map_bits(config, tables, input);
      config.rtl_lane_array = true;
      for (int threads : {1, 2}) {
        config.rtl_lane_threads = threads;
        const MapResult array = run_map_bits(config, tables, input);
        const std::string what = where + ", " + std::to_string(threads) + " thread(s)";
        EXPECT_EQ(array.stats.cycles, per_lane.stats.cycles) << what;
        EXPECT_EQ(array.stats.cycles, model.stats.cycles) << what;
        EXPECT_EQ(comparable_stats(config, array), comparable_stats(config, per_lane)) << what;
        EXPECT_EQ(comparable_stats(config, array), comparable_stats(config, model)) << what;
        EXPECT_TRUE(array.output_bits == per_lane.output_bits) << what << ": outputs differ";
        EXPECT_TRUE(array.output_bits == model.output_bits) << what << ": outputs differ";
        EXPECT_EQ(array.output_bits.size(), count) << what;
      }
    }
  }
}

class RtlLanePaths : public ::testing::TestWithParam<std::string> {};

TEST_P(RtlLanePaths, LaneArrayEqualsPerLaneModelsAndModelLanes) {
  const SimdConfig file_config = simd_params().from_file(kConfigs + "/" + GetParam());
  // The shipped design, and the uniform design (the lane-array path) in the
  // config's lane count and table organization where the format is fp32.
  std::vector<LookupDesign> designs = {file_config.table.design};
  if (file_config.table.format == NumberFormat::kFp32 &&
      file_config.table.design != LookupDesign::kUniform) {
    designs.push_back(LookupDesign::kUniform);
  }
  for (LookupDesign design : designs) {
    SimdConfig shipped = file_config;
    shipped.table.design = design;
    expect_rtl_lane_paths_agree(shipped, GetParam() + ", " + lookup_design_names().name(design));
  }
}

INSTANTIATE_TEST_SUITE_P(ShippedConfigs, RtlLanePaths, ::testing::ValuesIn(kShippedSimdConfigs),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param.substr(0, info.param.size() - 4);
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

// The list above is every config the simd command accepts.
TEST(EnginePathsList, CoversEveryShippedSimdConfig) {
  std::set<std::string> accepted;
  DIR* dir = opendir(kConfigs.c_str());
  ASSERT_NE(dir, nullptr) << kConfigs;
  while (const dirent* entry = readdir(dir)) {
    const std::string name = entry->d_name;
    if (name.size() < 4 || name.compare(name.size() - 4, 4, ".ini") != 0) continue;
    try {
      simd_params().from_file(kConfigs + "/" + name);
      accepted.insert(name);
    } catch (const InputError&) {
      // Another command's config (simt).
    }
  }
  closedir(dir);
  EXPECT_EQ(accepted,
            std::set<std::string>(kShippedSimdConfigs.begin(), kShippedSimdConfigs.end()));
}

// Softmax runs its phases through the same array: the same on both engines.
TEST(EnginePathsSoftmax, FastEqualsCycleByCycle) {
  SimdConfig config = simd_params().from_file(kConfigs + "/simd-64-private.ini");
  config.lane_impl = LaneImpl::kModel;
  config.operation = Operation::kSoftmax;
  const size_t rows = 7;
  const size_t cols = 3001;
  std::vector<float> logits(rows * cols);
  std::mt19937_64 random(5);
  std::normal_distribution<float> normal(0.0f, 3.0f);
  for (float& x : logits) x = normal(random);
  const SoftmaxTables tables = build_softmax_tables(config);
  config.engine = EngineMode::kCycle;
  const SoftmaxResult cycle = run_softmax(config, tables, logits, rows, cols);
  config.engine = EngineMode::kFast;
  const SoftmaxResult fast = run_softmax(config, tables, logits, rows, cols);
  EXPECT_TRUE(fast.stats == cycle.stats);
  EXPECT_EQ(fast.phases, cycle.phases);
  EXPECT_EQ(fast.mismatches, cycle.mismatches);
  ASSERT_EQ(fast.output.size(), cycle.output.size());
  EXPECT_EQ(
      0, std::memcmp(fast.output.data(), cycle.output.data(), fast.output.size() * sizeof(float)));
}

}  // namespace
}  // namespace interpsim::simd
