// What the SIMT model's compute instructions do to a warp's lanes (isa.hpp's
// semantics): the ALU/SFU opcodes and INTERP. Timing is the scheduler's
// (simt_array.cpp). Inline: it runs for nearly every issued instruction, and
// the per-lane loops must vectorize in the scheduler's issue path.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <stdexcept>

#include "model/float_bits.hpp"
#include "model/float_format.hpp"
#include "sim/lanes/in_order_lane.hpp"
#include "sim/simt/isa.hpp"
#include "sim/simt/machine_state.hpp"

namespace interpsim::simt::detail {

// Computes ALU/SFU instruction `in` into the lanes of `mask` (the others keep
// their registers). logic_error for an opcode that is not an ALU/SFU one.
// always_inline: GCC leaves an inline function this size out of line, and the
// calls cost ~1.5% more instructions per simulated run (cachegrind, bsearch).
[[gnu::always_inline]] inline void execute_alu(RegisterFile& r, const Instr& in, uint32_t mask) {
  // Every lane is computed into `out` from read-only source rows (no
  // aliasing with the destination, so the loops vectorize and SEL needs no
  // data-dependent branch); only the active lanes are written back.
  // Inactive lanes may hold any bits: the operations have no side effects.
  uint32_t out[kWarpSize];
  const auto row = [&r](uint8_t reg) -> const uint32_t* { return r[reg].data(); };
  const auto each = [&out](auto&& fn) {
    for (int lane = 0; lane < kWarpSize; ++lane) out[lane] = fn(lane);
  };
  const auto unary = [&](auto&& fn) {
    const uint32_t* a = row(in.a);
    each([&](int l) { return fn(a[l]); });
  };
  const auto binary = [&](auto&& fn) {
    const uint32_t* a = row(in.a);
    const uint32_t* b = row(in.b);
    each([&](int l) { return fn(a[l], b[l]); });
  };
  const auto binary_float = [&](auto&& fn) {
    binary([&](uint32_t x, uint32_t y) { return fn(bits_to_float(x), bits_to_float(y)); });
  };
  switch (in.op) {
    case Op::kFadd:
      binary_float([](float x, float y) { return float_to_bits(x + y); });
      break;
    case Op::kFmul:
      binary_float([](float x, float y) { return float_to_bits(x * y); });
      break;
    case Op::kFfma: {
      const uint32_t* a = row(in.a);
      const uint32_t* b = row(in.b);
      const uint32_t* c = row(in.c);
      each([&](int l) {
        return float_to_bits(
            std::fma(bits_to_float(a[l]), bits_to_float(b[l]), bits_to_float(c[l])));
      });
      break;
    }
    case Op::kFmin:
      binary_float([](float x, float y) { return float_to_bits(std::fmin(x, y)); });
      break;
    case Op::kFabs:
      unary([](uint32_t x) { return x & 0x7FFFFFFFu; });
      break;
    case Op::kFneg:
      unary([](uint32_t x) { return x ^ 0x80000000u; });
      break;
    case Op::kFsetLe:
      binary_float([](float x, float y) { return static_cast<uint32_t>(x <= y); });
      break;
    case Op::kFsetGe:
      binary_float([](float x, float y) { return static_cast<uint32_t>(x >= y); });
      break;
    case Op::kFsetLt:
      binary_float([](float x, float y) { return static_cast<uint32_t>(x < y); });
      break;
    case Op::kFsetNan:
      unary([](uint32_t x) { return static_cast<uint32_t>((x & 0x7FFFFFFFu) > 0x7F800000u); });
      break;
    case Op::kFsetZero:
      unary([](uint32_t x) { return static_cast<uint32_t>((x & 0x7FFFFFFFu) == 0); });
      break;
    case Op::kHadd:
    case Op::kHfma: {
      // One rounding in the format (a call per lane: only the active lanes).
      const auto format = static_cast<NumberFormat>(in.imm);
      const uint32_t* a = row(in.a);
      const uint32_t* b = row(in.b);
      const bool fma = in.op == Op::kHfma;
      const uint32_t* c = fma ? row(in.c) : nullptr;
      for (uint32_t m = mask; m != 0; m &= m - 1) {
        const int lane = __builtin_ctz(m);
        const float x = decode_value(format, a[lane]);
        const float y = decode_value(format, b[lane]);
        out[lane] = fma ? fused_multiply_add(format, x, y, decode_value(format, c[lane]))
                        : fused_multiply_add(format, x, 1.0f, y);
      }
      break;
    }
    case Op::kHsetLe:
    case Op::kHsetGe: {
      const auto format = static_cast<NumberFormat>(in.imm);
      const bool le = in.op == Op::kHsetLe;
      binary([format, le](uint32_t x, uint32_t y) {
        const float u = decode_value(format, x);
        const float v = decode_value(format, y);
        return static_cast<uint32_t>(le ? u <= v : u >= v);
      });
      break;
    }
    case Op::kHsetNan: {
      const auto format = static_cast<NumberFormat>(in.imm);
      unary([format](uint32_t x) { return static_cast<uint32_t>(is_nan_in(format, x)); });
      break;
    }
    case Op::kHsetZero: {
      const uint32_t magnitude = float_layout(static_cast<NumberFormat>(in.imm)).magnitude_mask();
      unary([magnitude](uint32_t x) { return static_cast<uint32_t>((x & magnitude) == 0); });
      break;
    }
    case Op::kIadd:
      binary([](uint32_t x, uint32_t y) { return x + y; });
      break;
    case Op::kIaddI:
      unary([imm = in.imm](uint32_t x) { return x + imm; });
      break;
    case Op::kIsub:
      binary([](uint32_t x, uint32_t y) { return x - y; });
      break;
    case Op::kShl:
      binary([](uint32_t x, uint32_t y) { return y >= 32 ? 0u : x << (y & 31); });
      break;
    case Op::kShr:
      binary([](uint32_t x, uint32_t y) { return y >= 32 ? 0u : x >> (y & 31); });
      break;
    case Op::kShrI:
      unary([shift = in.imm & 31](uint32_t x) { return x >> shift; });
      break;
    case Op::kAndI:
      unary([imm = in.imm](uint32_t x) { return x & imm; });
      break;
    case Op::kOrI:
      unary([imm = in.imm](uint32_t x) { return x | imm; });
      break;
    case Op::kIsetLt:
      binary([](uint32_t x, uint32_t y) {
        return static_cast<uint32_t>(static_cast<int32_t>(x) < static_cast<int32_t>(y));
      });
      break;
    case Op::kIsetGeI:
      unary([imm = static_cast<int32_t>(in.imm)](uint32_t x) {
        return static_cast<uint32_t>(static_cast<int32_t>(x) >= imm);
      });
      break;
    case Op::kSel: {
      const uint32_t* cond = row(in.a);
      const uint32_t* if_set = row(in.b);
      const uint32_t* if_clear = row(in.c);
      each([&](int l) {  // a bit mask, not a branch: the conditions are data
        const uint32_t take = 0u - static_cast<uint32_t>(cond[l] != 0);
        return (if_set[l] & take) | (if_clear[l] & ~take);
      });
      break;
    }
    case Op::kMov:
      unary([](uint32_t x) { return x; });
      break;
    case Op::kMovI:
      each([imm = in.imm](int) { return imm; });
      break;
    case Op::kFill:
      if (in.d == kNoReg || in.a == kNoReg || in.d == in.a) return;
      unary([](uint32_t x) { return x; });
      break;
    case Op::kOracle: {
      // Expensive: only the active lanes.
      const auto fn = static_cast<OracleFn>(in.imm);
      for (uint32_t m = mask; m != 0; m &= m - 1) {
        const int lane = __builtin_ctz(m);
        out[lane] = float_to_bits(evaluate_oracle(fn, bits_to_float(r[in.a][lane])));
      }
      break;
    }
    default:
      throw std::logic_error("execute_alu: not an ALU instruction");
  }
  uint32_t* dest = r[in.d].data();
  if (mask == 0xFFFFFFFFu) {  // the common case: no divergence, no tail
    std::memcpy(dest, out, sizeof(out));
    return;
  }
  for (int lane = 0; lane < kWarpSize; ++lane) {
    dest[lane] = ((mask >> lane) & 1u) != 0 ? out[lane] : dest[lane];
  }
}

// INTERP: d = interp(T, a) on the lanes of `mask`, through the lane adapter
// (which takes the active elements packed). Returns how many lanes it ran.
inline int execute_interp(RegisterFile& r, const Instr& in, uint32_t mask,
                          lanes::InOrderLane& backend) {
  uint32_t x[kWarpSize] = {};
  uint32_t y[kWarpSize];
  int lanes[kWarpSize];
  int count = 0;
  for (uint32_t m = mask; m != 0; m &= m - 1) {
    const int lane = __builtin_ctz(m);
    lanes[count] = lane;
    x[count++] = r[in.a][lane];
  }
  backend.evaluate(x, y, count);
  for (int i = 0; i < count; ++i) r[in.d][lanes[i]] = y[i];
  return count;
}

}  // namespace interpsim::simt::detail
