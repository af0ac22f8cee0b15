#include "sim/simd/simd_config.hpp"

#include <cmath>

namespace interpsim::simd {

const EnumNames<TableOrg>& table_org_names() {
  static const EnumNames<TableOrg> names{{TableOrg::kPrivate, "private"},
                                         {TableOrg::kBanked, "banked"},
                                         {TableOrg::kMultiport, "multiport"}};
  return names;
}

const EnumNames<Operation>& operation_names() {
  static const EnumNames<Operation> names{{Operation::kMap, "map"},
                                          {Operation::kSoftmax, "softmax"}};
  return names;
}

const EnumNames<EngineMode>& engine_mode_names() {
  static const EnumNames<EngineMode> names{{EngineMode::kFast, "fast"},
                                           {EngineMode::kCycle, "cycle"}};
  return names;
}

namespace {

const EnumNames<Arbitration> kArbitrations{{Arbitration::kRoundRobin, "round_robin"},
                                           {Arbitration::kFixed, "fixed"}};
const EnumNames<ReciprocalImpl> kReciprocals{{ReciprocalImpl::kUnit, "unit"},
                                             {ReciprocalImpl::kDivider, "divider"}};

// softmax_exp_a: the exp table covers [a, 0], so a must be -2^k.
void set_softmax_exp_a(SimdConfig& c, const std::string& text, const std::string& where) {
  const std::optional<float> a = parse_float32(text);
  const bool power = a && *a < 0 && std::isfinite(*a) &&
                     std::ldexp(1.0, std::ilogb(-*a)) == -static_cast<double>(*a) && *a >= -0x1p30f;
  if (!power) {
    throw_bad_param(where, "softmax_exp_a",
                    "'" + text + "' is not -2^k (the exp table covers [a, 0])");
  }
  c.softmax_exp_a = *a;
}

void set_subword(SimdConfig& c, const std::string& text, const std::string& where) {
  if (text != "32" && text != "16" && text != "8") {
    throw_bad_param(where, "subword", "'" + text + "' is not 32, 16 or 8");
  }
  c.subword = std::stoi(text);
}

}  // namespace

const ParamTable<SimdConfig>& simd_params() {
  static const ParamTable<SimdConfig> params = [] {
    using C = SimdConfig;
    ParamTable<C> p;
    p.integer("lanes", &C::lanes, 1, 4096, "number of lanes L")
        .add(
            "subword", "bits per sub-word slot of a 32-bit lane: 32, 16 or 8 (32/subword slots)",
            [](const C& c) { return nlohmann::json(c.subword); }, set_subword)
        .choice("lane_impl", &C::lane_impl, lanes::lane_impl_names(),
                "lanes: verilated RTL or the C++ cycle model")
        .group(&C::table, table_design_params())
        .choice("table_org", &C::table_org, table_org_names(), "table organization")
        .integer("banks", &C::banks, 1, 4096, "banks B of a banked table", true)
        .integer("read_ports", &C::read_ports, 1, 4096, "read ports R of a multiport table")
        .choice("arbitration", &C::arbitration, kArbitrations,
                "who wins a bank or port (fixed: lowest lane first)")
        .real("memory_bytes_per_cycle", &C::memory_bytes_per_cycle, 0.01, 1e9,
              "memory bandwidth shared by input reads and output writes (bytes/cycle)")
        .integer("memory_latency", &C::memory_latency, 0, 1000000, "cycles from a read to its data")
        .integer("lane_fifo_depth", &C::lane_fifo_depth, 1, 1 << 24,
                 "input and output queue entries per lane")
        .choice("operation", &C::operation, operation_names(), "operation")
        .text("trace", &C::trace, "input trace: a .npy file or 'builtin'", true)
        .integer("trace_count", &C::trace_count, 1, 1LL << 32, "elements of the builtin trace")
        .integer("softmax_cols", &C::softmax_cols, 1, 1LL << 30,
                 "softmax row length for a 1-D trace")
        .add(
            "softmax_exp_a", "exp table interval start, -2^k (table on [a, 0])",
            [](const C& c) { return nlohmann::json(shortest_decimal(c.softmax_exp_a)); },
            set_softmax_exp_a)
        .choice("reciprocal", &C::reciprocal, kReciprocals,
                "softmax 1/sum (unit: reciprocal table on [1, 2))")
        .integer("reciprocal_segments", &C::reciprocal_segments, 1, 1 << 16,
                 "segments of the reciprocal table", true)
        .integer("divider_latency", &C::divider_latency, 1, 1000, "cycles of the divider")
        .integer("vcd_lanes", &C::vcd_lanes, 0, 4096, "lanes traced by --vcd")
        .flag("check", &C::check, "compare outputs with the golden model")
        .integer("rtl_lane_threads", &C::rtl_lane_threads, 1, 2,
                 "host threads evaluating RTL lane models (same cycles and stats)")
        .choice("engine", &C::engine, engine_mode_names(),
                "fast skips steady-state clocks of model lanes (same cycles and stats), cycle "
                "steps every clock");
    return p;
  }();
  return params;
}

}  // namespace interpsim::simd
