// The SIMT model's per-thread instruction set (docs/simt.md, "ISA").
//
// A kernel is a short straight-line program per element (plus an optional
// per-block prologue); every thread has 32 registers of 32 bits. Each
// instruction runs on one execution unit of its scheduler; its functional
// effect is computed for the warp's active lanes at issue, so addresses, bank
// conflicts and results come from the real data.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace interpsim::simt {

// Execution units of one warp scheduler (SM sub-partition).
enum class Unit : uint8_t { kFp32, kInt, kSfu, kFp64, kLsu, kCtrl, kInterp, kCount };
constexpr int kUnitCount = static_cast<int>(Unit::kCount);
const char* unit_name(Unit unit);

enum class Op : uint8_t {
  // FP32 (IEEE binary32, round to nearest even).
  kFadd,      // d = a + b
  kFmul,      // d = a * b
  kFfma,      // d = fma(a, b, c)
  kFmin,      // d = fminf(a, b)
  kFabs,      // d = |a|
  kFneg,      // d = -a
  kFsetLe,    // d = (a <= b) ? 1 : 0
  kFsetGe,    // d = (a >= b) ? 1 : 0
  kFsetLt,    // d = (a < b) ? 1 : 0
  kFsetNan,   // d = isnan(a) ? 1 : 0
  kFsetZero,  // d = (a == +-0) ? 1 : 0
  // Half precision (HADD2/HFMA2/HSETP2 and their .BF16 forms, one element
  // per thread): operands and results are bit patterns of the format in imm
  // (a NumberFormat), each result rounded once to nearest even in it
  // (model/float_format's fused_multiply_add); NaN results are canonical.
  kHadd,      // d = round_F(a + b)
  kHfma,      // d = round_F(a * b + c), one rounding of the exact value
  kHsetLe,    // d = (a <= b) ? 1 : 0
  kHsetGe,    // d = (a >= b) ? 1 : 0
  kHsetNan,   // d = isnan(a) ? 1 : 0
  kHsetZero,  // d = (a == +-0) ? 1 : 0
  // Integer.
  kIadd,     // d = a + b
  kIaddI,    // d = a + imm
  kIsub,     // d = a - b
  kShl,      // d = a << b (b >= 32: 0)
  kShr,      // d = a >> b, logical (b >= 32: 0)
  kShrI,     // d = a >> imm
  kAndI,     // d = a & imm
  kOrI,      // d = a | imm
  kIsetLt,   // d = (int)a < (int)b
  kIsetGeI,  // d = (int)a >= (int)imm
  kSel,      // d = a ? b : c
  kMov,      // d = a
  kMovI,     // d = imm
  // Instruction-mix filler: occupies `unit` like one instruction of its
  // class; d = a (keeps a dependence chain, no other effect).
  kFill,
  // The function value of a native kernel: d = oracle(imm)(a), computed by
  // the C library (natives' timing comes from their instruction mix).
  kOracle,
  // Memory. Addresses are value indices into a buffer (imm = Buffer);
  // `width` 1 or 2 values (a two-value access fills d and d+1). A value is
  // Program::buffer_bytes of the buffer wide in memory (4 for fp32, 2 for
  // fp16/bf16, 1 for fp8) and one 32-bit register (the low bits) in a thread.
  kLdg,  // d = global[buffer][a * width ...]
  kStg,  // global[buffer][a] = b
  kLds,  // d = shared[a * width ...]
  kSts,  // shared[a * width ...] = b (and b+1)
  kBar,  // block barrier
  // The interpolation unit: d = interp(T, a), Algorithm 1 in hardware.
  kInterp,
};

// Global buffers a kernel addresses.
enum class Buffer : uint8_t { kInput, kOutput, kTable, kBreakpoints };

enum class OracleFn : uint8_t {
  kExp,
  kTanh,
  kSigmoid,
  kGeluNormcdf,
  kGeluErf,
  kIgeluF32,
  kIgeluI32,
  kGeluNormcdfF64
};

// The value of an oracle: the C library (natives) or model/igelu (i-GELU).
float evaluate_oracle(OracleFn fn, float x);

constexpr uint8_t kNoReg = 0xFF;

struct Instr {
  Op op;
  Unit unit;
  uint8_t d = kNoReg;
  uint8_t a = kNoReg, b = kNoReg, c = kNoReg;
  uint8_t guard = kNoReg;  // lanes whose guard register is 0 skip the instruction
  uint8_t width = 1;
  uint32_t imm = 0;
};

// Reads and writes of one instruction (for the scoreboard).
int source_registers(const Instr& instr, uint8_t* regs);  // returns the count (<= 4)
int dest_registers(const Instr& instr, uint8_t* regs);    // returns the count (<= 2)

// The unit an opcode runs on (kFill carries its own).
Unit unit_of(Op op);

struct Program {
  std::string name;
  std::vector<Instr> setup;     // once per warp: constants (hoisted out of the loop)
  std::vector<Instr> prologue;  // once per block, after setup (table staging, ends in BAR)
  std::vector<Instr> body;      // once per element (r0 holds the element index)
  int shared_bytes_per_block = 0;
  // Bytes of one value of each global buffer (indexed by Buffer) in memory:
  // the element width for input/output, the entry width for the table.
  std::array<int, 4> buffer_bytes{4, 4, 4, 4};
  int shared_value_bytes = 4;  // bytes of one value in shared memory (the staged table's entries)
};

// Instructions of a program per unit (body only).
std::vector<int> unit_counts(const std::vector<Instr>& code);

}  // namespace interpsim::simt
