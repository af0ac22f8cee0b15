// interp_unit in every format instance (Vinterp_unit_<io>_<kb>: io fp16, bf16,
// fp8e5m2, fp8e4m3 with kb fp32 or io; the list is rtl/formats.cmake's, read
// through the generated interp_unit_rtl_models.hpp) against the golden model
// of docs/design.md section 12 (model/format_lookup.hpp, interp_format_bits):
// for each of several tables, EVERY input bit pattern of the io format (2^8 or
// 2^16), at full rate (latency and II = 1 checked) and, for one table, under
// random input bubbles and output backpressure. Tables are loaded through the
// write port in the kb format's bits; one model instance serves all tables
// (reloaded without reset).
#include <gtest/gtest.h>
#include <verilated.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "interp_unit_rtl_models.hpp"
#include "model/float_format.hpp"
#include "model/format_lookup.hpp"
#include "model/number_format.hpp"
#include "model/table_gen.hpp"
#include "testbench/rtl/stream_driver.hpp"

namespace interpsim::rtl_test {
namespace {

constexpr unsigned kLatency = INTERPSIM_ADD_LATENCY + 3 + INTERPSIM_FMA_LATENCY;

struct TableCase {
  const char* func;
  float a;
  int m;
  int n;
  EdgeMode edges;
};

// gelu with its asymptote rows; tanh with saturated edges (K = 0 rows: the
// fma(+0, -0, B) path); sigmoid with n = 9 (more index bits than bf16 and
// fp8 have fraction bits: the index is the mantissa shifted left); exp at
// a = 0 (x - a = x: subnormal xn, segment 0); sigmoid at n = 12 and gelu at
// n = 16 where the format allows (w = 2^(m-n) normal).
const std::vector<TableCase>& table_cases() {
  static const std::vector<TableCase> cases = {
      {"gelu", -5.0f, 3, 6, EdgeMode::kAsymptote},
      {"tanh", -4.0f, 3, 4, EdgeMode::kSaturate},
      {"sigmoid", -8.0f, 4, 9, EdgeMode::kExtrapolate},
      {"exp", 0.0f, -2, 3, EdgeMode::kExtrapolate},
      {"sigmoid", -8.0f, 4, 12, EdgeMode::kAsymptote},
      {"gelu", -4.0f, 3, 16, EdgeMode::kExtrapolate},
  };
  return cases;
}

template <typename M>
struct Instance {
  using Model = M;
  NumberFormat io;
  KbFormat kb;
  const char* name;
};

template <typename Model>
void load_table(Model& model, StreamDriver<Model>& driver, const UniformTable& table) {
  const NumberFormat io = table.format;
  const NumberFormat entries = table.entries();
  const int kb_width = format_bits(entries);
  model.cfg_a_i = *encode_exact(io, table.a);
  model.cfg_b_i = *encode_exact(io, table.upper());
  model.cfg_m_i = static_cast<uint8_t>(table.m);
  model.cfg_n_i = static_cast<uint8_t>(table.n);
  for (size_t row = 0; row < table.rows(); ++row) {
    const std::optional<uint32_t> k = encode_exact(entries, table.k[row]);
    const std::optional<uint32_t> b = encode_exact(entries, table.b[row]);
    ASSERT_TRUE(k && b) << "row " << row << " not in the entry format";
    model.tbl_we_i = 1;
    model.tbl_addr_i = static_cast<uint32_t>(row);
    model.tbl_wdata_i = (uint64_t{*k} << kb_width) | *b;
    driver.tick();
  }
  model.tbl_we_i = 0;
}

template <typename Model>
void run_format(NumberFormat io, KbFormat kb, const std::string& name) {
  auto context = std::make_unique<VerilatedContext>();
  auto model = std::make_unique<Model>(context.get());
  StreamDriver<Model> driver(*model, 17);
  driver.reset();
  const int width = format_bits(io);
  std::vector<uint32_t> inputs(size_t{1} << width);
  for (size_t i = 0; i < inputs.size(); ++i) inputs[i] = static_cast<uint32_t>(i);

  int tables = 0;
  for (const TableCase& c : table_cases()) {
    if (!check_table_params(c.a, c.m, c.n, io).empty()) continue;
    const UniformTable table = generate_table(c.func, c.a, c.m, c.n, c.edges, false, io, kb);
    ASSERT_NO_FATAL_FAILURE(load_table(*model, driver, table));
    const std::string what = name + " " + c.func + " a=" + std::to_string(c.a) +
                             " m=" + std::to_string(c.m) + " n=" + std::to_string(c.n);
    for (int pass = 0; pass < (tables == 0 ? 2 : 1); ++pass) {
      const Traffic traffic = pass == 0 ? Traffic{} : Traffic{0.1, 0.2};
      const auto start = std::chrono::steady_clock::now();
      const StreamRun run = driver.run(inputs, traffic);
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (pass == 0 && tables == 0) {
        std::printf("%s: %zu inputs in %llu cycles, %.3f s, %.3g inputs/s\n", what.c_str(),
                    inputs.size(), static_cast<unsigned long long>(run.cycles), seconds,
                    inputs.size() / seconds);
      }
      ASSERT_TRUE(run.protocol_errors.empty()) << what << ": " << run.protocol_errors.front();
      ASSERT_EQ(run.outputs.size(), inputs.size()) << what;
      size_t mismatches = 0;
      std::string first;
      for (size_t i = 0; i < inputs.size(); ++i) {
        const uint32_t want = interp_format_bits(table, inputs[i]);
        if (run.outputs[i] == want) continue;
        if (++mismatches <= 8) {
          char line[96];
          std::snprintf(line, sizeof line, "x=%04X y=%04X want %04X\n", inputs[i],
                        run.outputs[i], want);
          first += line;
        }
      }
      EXPECT_EQ(mismatches, 0u) << what << (pass ? " (traffic)" : "") << "\n" << first;
      if (pass == 0) {
        EXPECT_EQ(run.refusals_without_backpressure, 0u) << what;
        for (size_t i = 0; i < run.output_cycles.size(); ++i) {
          if (run.output_cycles[i] - run.accept_cycles[i] != kLatency ||
              run.accept_cycles[i] != i) {
            ADD_FAILURE() << what << ": element " << i << " accepted at "
                          << run.accept_cycles[i] << ", out at " << run.output_cycles[i];
            break;
          }
        }
      }
    }
    ++tables;
  }
  EXPECT_GE(tables, 4) << name << ": too few valid tables";
}

#define INTERPSIM_UNIT_FORMAT_TEST(IO, KB)                                       \
  TEST(InterpUnitFormat, IO##_##KB##_EveryInputMatchesGoldenModel) {             \
    run_format<Vinterp_unit_##IO##_##KB>(*number_format_names().parse(#IO),      \
                                         *kb_format_names().parse(#KB), #IO "_" #KB); \
  }
INTERPSIM_FOR_EACH_INTERP_UNIT_RTL_FORMAT(INTERPSIM_UNIT_FORMAT_TEST)

// The list the header gives is the documented one: 4 io formats x 2 kb formats.
TEST(InterpUnitFormat, EveryFormatInstanceIsListed) {
  int count = 0;
#define INTERPSIM_COUNT(IO, KB) ++count;
  INTERPSIM_FOR_EACH_INTERP_UNIT_RTL_FORMAT(INTERPSIM_COUNT)
#undef INTERPSIM_COUNT
  EXPECT_EQ(count, 8);
}

}  // namespace
}  // namespace interpsim::rtl_test
