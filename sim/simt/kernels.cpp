#include "sim/simt/kernels.hpp"

#include <fstream>
#include <mutex>
#include <optional>

#include <nlohmann/json.hpp>

#include "model/float_bits.hpp"
#include "model/float_format.hpp"
#include "model/functions.hpp"
#include "model/input_error.hpp"

namespace interpsim::simt {

namespace {

// Register conventions of every program (docs/simt.md).
constexpr uint8_t kElement = 0;  // set by the simulator: element index
constexpr uint8_t kThread = 1;   // set by the simulator: thread index in the block
constexpr uint8_t kX = 2;
constexpr uint8_t kNegA = 20, kShiftBase = 21, kLastSeg = 22, kBelowRow = 23, kAboveRow = 24;
constexpr uint8_t kA = 25, kB = 26, kNanBits = 27, kZero = 28, kRows = 29;
constexpr uint8_t kChain0 = 30, kChain1 = 31;
constexpr uint8_t kPadShift = 10;  // formats: 23 - mantissa bits (the padded mantissa)

Instr make(Op op, uint8_t d, uint8_t a = kNoReg, uint8_t b = kNoReg, uint8_t c = kNoReg,
           uint32_t imm = 0) {
  Instr instr;
  instr.op = op;
  instr.unit = unit_of(op);
  instr.d = d;
  instr.a = a;
  instr.b = b;
  instr.c = c;
  instr.imm = imm;
  return instr;
}

Instr memory(Op op, uint8_t d, uint8_t index, uint8_t value, Buffer buffer, int width) {
  Instr instr = make(op, d, index, value, kNoReg, static_cast<uint32_t>(buffer));
  instr.width = static_cast<uint8_t>(width);
  return instr;
}

Instr filler(Unit unit, uint8_t chain) {
  Instr instr = make(Op::kFill, chain, chain);
  instr.unit = unit;
  return instr;
}

// Adds filler so that every unit's count reaches `target` (never removes).
void pad_to_mix(std::vector<Instr>& body, const UnitMix& target, size_t insert_at) {
  const std::vector<int> have = unit_counts(body);
  std::vector<Instr> fill;
  for (int u = 0; u < kUnitCount; ++u) {
    for (int i = have[u]; i < target[u]; ++i) fill.push_back(filler(static_cast<Unit>(u), 0));
  }
  // Two interleaved chains starting from x: some ILP, as compiled code has.
  for (size_t i = 0; i < fill.size(); ++i) {
    const uint8_t chain = (i % 2 == 0) ? kChain0 : kChain1;
    fill[i].d = chain;
    fill[i].a = (i < 2) ? kX : chain;
  }
  body.insert(body.begin() + static_cast<long>(insert_at), fill.begin(), fill.end());
}

// The class -> unit folding (docs/simt.md): move and uniform run on the
// integer pipe, conversions on the SFU/XU (quarter rate on Volta), loads and
// stores on the LSU, branches, barriers and constant loads take an issue slot.
Unit unit_of_class(const std::string& name) {
  if (name == "fp32") return Unit::kFp32;
  if (name == "fp64") return Unit::kFp64;
  if (name == "sfu" || name == "conversion") return Unit::kSfu;
  if (name == "int" || name == "move" || name == "uniform") return Unit::kInt;
  if (name == "load_global" || name == "store_global" || name == "load_shared" ||
      name == "store_shared" || name == "local") {
    return Unit::kLsu;
  }
  return Unit::kCtrl;  // branch, sync, load_const, other
}

// Per-element instruction counts of one kernel, by issue unit (a vector
// loop's body / 4 may be fractional; the count is truncated as before). A
// kernel's body is a few dozen instructions: a bound keeps a mistyped count
// from building a program of billions.
UnitMix fold(const nlohmann::json& classes) {
  constexpr double kMaxCount = 1 << 16;
  if (!classes.is_object()) {
    throw std::invalid_argument("expected an object of instruction classes, got " +
                                std::string(classes.type_name()));
  }
  UnitMix mix{};
  for (const auto& [name, count] : classes.items()) {
    if (!count.is_number() || !(count.get<double>() >= 0.0 && count.get<double>() <= kMaxCount)) {
      throw std::invalid_argument("class '" + name + "': count " + count.dump() +
                                  " is not a number in 0..65536");
    }
    mix[static_cast<int>(unit_of_class(name))] += count.get<int>();
  }
  return mix;
}

// The table-free part shared by both Algorithm 1 programs: segment index
// into r8 from x in r2 (docs/design.md section 3), r11/r13 the edge flags.
void append_alg1_index(std::vector<Instr>& code) {
  code.push_back(make(Op::kFadd, 4, kX, kNegA));              // xn = x - a
  code.push_back(make(Op::kShrI, 5, 4, kNoReg, kNoReg, 23));  // biased exponent (xn > 0)
  code.push_back(make(Op::kAndI, 6, 4, kNoReg, kNoReg, 0x7FFFFF));
  code.push_back(make(Op::kOrI, 6, 6, kNoReg, kNoReg, 0x800000));  // mantissa with hidden 1
  code.push_back(make(Op::kIsub, 7, kShiftBase, 5));               // shift = m - E
  code.push_back(make(Op::kShr, 8, 6, 7));                         // mant >> shift (>= 32: 0)
  code.push_back(make(Op::kAndI, 8, 8, kNoReg, kNoReg, 0x7FFFFF));
}

// The same index from xn's fields in a narrow format F (E exponent bits, M
// mantissa bits, a half-precision kernel's integer ops on the 16-bit
// pattern): the significand padded to float32's 24 bits, then section 3's
// shifts, so n may exceed what F's mantissa addresses. A subnormal xn (its
// hidden bit wrongly set) still gives 0: w is a normal of F, so xn < w.
void append_format_index(std::vector<Instr>& code, NumberFormat format) {
  const FloatLayout f = float_layout(format);
  code.push_back(make(Op::kHadd, 4, kX, kNegA, kNoReg, static_cast<uint32_t>(format)));
  code.push_back(make(Op::kShrI, 5, 4, kNoReg, kNoReg, static_cast<uint32_t>(f.mantissa_bits)));  // biased exponent
  code.push_back(make(Op::kAndI, 6, 4, kNoReg, kNoReg, f.mantissa_mask()));
  code.push_back(make(Op::kOrI, 6, 6, kNoReg, kNoReg, f.mantissa_mask() + 1));  // hidden 1
  code.push_back(make(Op::kShl, 6, 6, kPadShift));  // padded to 24 significant bits
  code.push_back(make(Op::kIsub, 7, kShiftBase, 5));  // shift = m - E
  code.push_back(make(Op::kShr, 8, 6, 7));            // mant >> shift (>= 32: 0)
  code.push_back(make(Op::kAndI, 8, 8, kNoReg, kNoReg, 0x7FFFFF));
}

// Comparisons, FMA and the NaN/zero tests of the apply step: fp32 or a
// format's half-precision forms.
struct FloatOps {
  Op set_le = Op::kFsetLe, set_ge = Op::kFsetGe, fma = Op::kFfma, set_zero = Op::kFsetZero,
     set_nan = Op::kFsetNan;
  uint32_t imm = 0;  // the NumberFormat of the half-precision forms
};

FloatOps float_ops(NumberFormat format) {
  FloatOps ops;
  if (format == NumberFormat::kFp32) return ops;
  ops = {Op::kHsetLe, Op::kHsetGe, Op::kHfma, Op::kHsetZero, Op::kHsetNan,
         static_cast<uint32_t>(format)};
  return ops;
}

void append_edges_and_row(std::vector<Instr>& code, uint8_t row, const FloatOps& ops = {}) {
  code.push_back(make(ops.set_le, 11, kX, kA, kNoReg, ops.imm));  // x <= a
  code.push_back(make(ops.set_ge, 13, kX, kB, kNoReg, ops.imm));  // x >= b
  code.push_back(make(Op::kSel, row, 13, kAboveRow, row));
  code.push_back(make(Op::kSel, row, 11, kBelowRow, row));
}

// y = fma(x, K, B); an edge row with K = +-0 gives B; NaN -> canonical.
void append_apply(std::vector<Instr>& code, uint8_t k, uint8_t b, const FloatOps& ops = {}) {
  code.push_back(make(ops.fma, 18, kX, k, b, ops.imm));
  code.push_back(make(ops.set_zero, 19, k, kNoReg, kNoReg, ops.imm));
  code.push_back(make(Op::kIadd, 14, 11, 13));        // edge = below + above
  code.push_back(make(Op::kSel, 15, 14, 19, kZero));  // edge && K == 0
  code.push_back(make(Op::kSel, 18, 15, b, 18));
  code.push_back(make(ops.set_nan, 16, 18, kNoReg, kNoReg, ops.imm));
  code.push_back(make(Op::kSel, 18, 16, kNanBits, 18));
}

// Bits of a value of the io format (a, b, -a are values of it: the table's
// validity rules).
uint32_t format_value_bits(NumberFormat format, float value) {
  if (format == NumberFormat::kFp32) return float_to_bits(value);
  const std::optional<uint32_t> bits = encode_exact(format, value);
  if (!bits) {
    throw InputError("config: a/m: " + std::to_string(value) + " is not a value of " +
                     number_format_names().name(format));
  }
  return *bits;
}

void append_constants(std::vector<Instr>& setup, const TableShape& s, int rows,
                      NumberFormat format) {
  const uint32_t n_seg = 1u << s.n;
  const FloatLayout f = float_layout(format);
  const auto set = [&setup](uint8_t reg, uint32_t value) {
    setup.push_back(make(Op::kMovI, reg, kNoReg, kNoReg, kNoReg, value));
  };
  set(kNegA, format_value_bits(format, -s.a));
  set(kShiftBase, static_cast<uint32_t>(s.m + f.bias()));
  set(kLastSeg, n_seg - 1);
  set(kBelowRow, n_seg);
  set(kAboveRow, n_seg + 1);
  set(kA, format_value_bits(format, s.a));
  set(kB, format_value_bits(format, s.b));
  set(kNanBits, f.canonical_nan);
  set(kZero, 0);
  set(kRows, static_cast<uint32_t>(rows));
  if (format != NumberFormat::kFp32) set(kPadShift, static_cast<uint32_t>(23 - f.mantissa_bits));
}

const std::vector<KernelInfo> kKernels = {
    {"native_exp", "exp", KernelKind::kNative, LookupDesign::kUniform,
     "expf (instruction mix of gpu_ref's kernel)"},
    {"native_tanh", "tanh", KernelKind::kNative, LookupDesign::kUniform, "tanhf (instruction mix)"},
    {"native_sigmoid", "sigmoid", KernelKind::kNative, LookupDesign::kUniform,
     "1/(1+expf(-x)) (instruction mix)"},
    {"native_gelu_normcdf", "gelu", KernelKind::kNative, LookupDesign::kUniform,
     "x*normcdff(x), the paper's GELU (instruction mix)"},
    {"native_gelu_normcdf_f64", "gelu", KernelKind::kNative, LookupDesign::kUniform,
     "x*normcdf(x) in double: the paper's ::normcdf read literally (instruction mix)"},
    {"native_gelu_erf", "gelu", KernelKind::kNative, LookupDesign::kUniform,
     "GELU with erff (instruction mix)"},
    {"alg1_global", "", KernelKind::kTable, LookupDesign::kUniform,
     "software Algorithm 1, table in global memory"},
    {"alg1_shared", "", KernelKind::kTable, LookupDesign::kUniform,
     "software Algorithm 1, table staged in shared memory per block"},
    {"bsearch", "", KernelKind::kTable, LookupDesign::kBsearch,
     "software binary-search LUT, breakpoints and rows in global memory"},
    {"igelu_f32", "gelu", KernelKind::kNative, LookupDesign::kUniform,
     "I-BERT i-GELU float32 (instruction mix)"},
    {"igelu_i32", "gelu", KernelKind::kNative, LookupDesign::kUniform,
     "I-BERT i-GELU INT32 (instruction mix)"},
    {"interp", "", KernelKind::kTable, LookupDesign::kUniform,
     "hardware INTERP instruction (interpolation unit)"},
    {"copy", "gelu", KernelKind::kCopy, LookupDesign::kUniform, "y = x (DRAM-bound micro-kernel)"},
};

OracleFn oracle_of(const std::string& kernel) {
  if (kernel == "native_exp") return OracleFn::kExp;
  if (kernel == "native_tanh") return OracleFn::kTanh;
  if (kernel == "native_sigmoid") return OracleFn::kSigmoid;
  if (kernel == "native_gelu_normcdf") return OracleFn::kGeluNormcdf;
  if (kernel == "native_gelu_erf") return OracleFn::kGeluErf;
  if (kernel == "igelu_f32") return OracleFn::kIgeluF32;
  if (kernel == "native_gelu_normcdf_f64") return OracleFn::kGeluNormcdfF64;
  return OracleFn::kIgeluI32;
}

}  // namespace

KernelMix read_kernel_mix(const std::string& path, const std::string& set,
                          const std::string& kernel) {
  // Parsed once per path; interpsim paper builds programs from several threads.
  static std::mutex mutex;
  const std::lock_guard<std::mutex> lock(mutex);
  static std::string cached_path;
  static nlohmann::json cached;
  if (cached_path != path) {
    std::ifstream in(path);
    if (!in) throw InputError(path + ": cannot open the instruction-mix file");
    try {
      cached = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& error) {
      throw InputError(path + ": not valid JSON: " + error.what());
    }
    cached_path = path;
  }
  if (!cached.contains("mixes") || !cached["mixes"].contains(set)) {
    throw InputError(path + ": instruction_mix_set: no mix set '" + set + "'");
  }
  const nlohmann::json& mixes = cached["mixes"][set];
  if (!mixes.contains(kernel)) {
    throw InputError(path + ": mix set '" + set + "' has no kernel '" + kernel + "'");
  }
  KernelMix mix;
  try {
    // at(), not operator[]: the const operator[] of a missing key is
    // undefined behaviour in nlohmann::json (found by testbench/fuzz).
    const nlohmann::json& entry = mixes.at(kernel);
    mix.per_element = fold(entry.at("per_element"));
    if (entry.contains("loop_body") && entry.at("loop_body").is_object()) {
      mix.loop_body = fold(entry.at("loop_body"));
    }
  } catch (const std::exception& error) {
    // A count of the wrong type or size, or a class list that is not an object.
    throw InputError(path + ": mix set '" + set + "', kernel '" + kernel + "': " + error.what());
  }
  return mix;
}

const std::vector<KernelInfo>& all_kernels() {
  return kKernels;
}

const KernelInfo& find_kernel(const std::string& name, const std::string& where) {
  for (const KernelInfo& kernel : kKernels) {
    if (kernel.name == name) return kernel;
  }
  throw InputError(where + ": kernel: '" + name + "' is not one of " + kernel_names());
}

std::string kernel_names() {
  std::string names;
  for (const KernelInfo& kernel : kKernels) names += (names.empty() ? "" : " | ") + kernel.name;
  return names;
}

void paper_interval(const std::string& func, float& a, int& m) {
  if (func == "exp") {
    a = -16.0f, m = 4;
  } else if (func == "tanh") {
    a = -4.0f, m = 3;
  } else if (func == "sigmoid") {
    a = -8.0f, m = 4;
  } else if (func == "gelu") {
    a = -5.0f, m = 3;
  } else {
    const FunctionInfo& info = find_function(func);
    a = info.default_a;
    m = info.default_m;
  }
}

int bsearch_steps(int segments) {
  int steps = 0;
  for (int len = segments; len > 1; len -= len / 2) ++steps;
  return steps;
}

void check_kernel_format(const KernelInfo& kernel, const SimtConfig& config) {
  const NumberFormat format = config.table.format;
  if (format == NumberFormat::kFp32) return;  // kb = io is fp32 entries too
  const std::string name = number_format_names().name(format);
  const std::string where = "format: kernel " + kernel.name + " ";
  if (kernel.kind == KernelKind::kNative) {
    throw InputError(where + "runs in fp32 only (format=" + name +
                     "; the natives' instruction mixes are fp32 kernels')");
  }
  if (kernel.name == "bsearch") {
    throw InputError(where + "runs in fp32 only (format=" + name +
                     " takes kernel alg1_global, alg1_shared or interp)");
  }
  if (kernel.name == "alg1_global" || kernel.name == "alg1_shared") {
    if (format == NumberFormat::kFp8E5M2 || format == NumberFormat::kFp8E4M3) {
      throw InputError(where + "needs fp8 add and FMA instructions, which GPU ALUs lack (format=" +
                       name + " takes kernel interp)");
    }
    if (config.table.kb == KbFormat::kFp32) {
      throw InputError(where + "with format=" + name +
                       " and kb=fp32 needs one rounding of x*K+B with fp32 K and B into " + name +
                       ", a mixed FMA GPU ALUs lack (use kb=io, HFMA in " + name +
                       ", or kernel interp)");
    }
  }
}

Program build_program(const KernelInfo& kernel, const TableShape& shape, const SimtConfig& config) {
  check_kernel_format(kernel, config);
  const NumberFormat format = config.table.format;
  const NumberFormat entries = entry_format(format, config.table.kb);
  Program program;
  program.name = kernel.name;
  const int element_bytes = format_bits(format) / 8;
  const int entry_bytes = format_bits(entries) / 8;
  program.buffer_bytes[static_cast<int>(Buffer::kInput)] = element_bytes;
  program.buffer_bytes[static_cast<int>(Buffer::kOutput)] = element_bytes;
  program.buffer_bytes[static_cast<int>(Buffer::kTable)] = entry_bytes;
  program.shared_value_bytes = entry_bytes;
  const FloatOps ops = float_ops(format);
  const std::string mix_path =
      config.instruction_mix.empty() ? default_instruction_mix_path() : config.instruction_mix;
  const int rows = (1 << shape.n) + 2;
  std::vector<Instr>& body = program.body;
  body.push_back(memory(Op::kLdg, kX, kElement, kNoReg, Buffer::kInput, 1));
  const size_t fill_at = 1;

  if (kernel.kind == KernelKind::kNative) {
    // Natives and i-GELU: timing from the measured mix, value from the oracle.
    const KernelMix mix = read_kernel_mix(mix_path, config.instruction_mix_set, kernel.name);
    Instr oracle =
        make(Op::kOracle, 3, kX, kChain0, kChain1, static_cast<uint32_t>(oracle_of(kernel.name)));
    if (mix.per_element[static_cast<int>(Unit::kSfu)] == 0) oracle.unit = Unit::kFp32;
    body.push_back(oracle);
    body.push_back(memory(Op::kStg, kNoReg, kElement, 3, Buffer::kOutput, 1));
    pad_to_mix(body, mix.per_element, fill_at);
    return program;
  }
  if (kernel.kind == KernelKind::kCopy) {
    body.push_back(memory(Op::kStg, kNoReg, kElement, kX, Buffer::kOutput, 1));
    return program;
  }

  append_constants(program.setup, shape, rows, format);
  if (kernel.name == "interp") {
    body.push_back(make(Op::kInterp, 3, kX));
    body.push_back(memory(Op::kStg, kNoReg, kElement, 3, Buffer::kOutput, 1));
    return program;  // no gpu_ref kernel to take a mix from: the bare loop
  }

  UnitMix target{};
  if (kernel.name == "bsearch") {
    const KernelMix mix = read_kernel_mix(mix_path, config.instruction_mix_set, "bsearch");
    const int steps = bsearch_steps(1 << shape.n);
    // gpu_ref's search: lo = 0; for (len = N; len > 1; len -= len/2)
    //   lo = (t[lo + len/2] <= x) ? lo + len/2 : lo.  The step count is
    //   uniform, so it is unrolled here; the addresses come from the data.
    body.push_back(make(Op::kMov, 8, kZero));
    for (int len = 1 << shape.n; len > 1; len -= len / 2) {
      body.push_back(make(Op::kIaddI, 9, 8, kNoReg, kNoReg, static_cast<uint32_t>(len / 2)));
      body.push_back(memory(Op::kLdg, 10, 9, kNoReg, Buffer::kBreakpoints, 1));
      body.push_back(make(Op::kFsetLe, 12, 10, kX));
      body.push_back(make(Op::kSel, 8, 12, 9, 8));
    }
    append_edges_and_row(body, 8);
    target = mix.per_element;
    for (int u = 0; u < kUnitCount; ++u) target[u] += (steps - 1) * mix.loop_body[u];
  } else {
    // A format kernel takes the fp32 kernel's measured mix: the same code
    // with HADD/HFMA/HSETP in place of FADD/FFMA/FSETP (docs/simt.md).
    const KernelMix mix = read_kernel_mix(mix_path, config.instruction_mix_set, kernel.name);
    if (format == NumberFormat::kFp32) {
      append_alg1_index(body);
    } else {
      append_format_index(body, format);
    }
    const int biased_limit = shape.m + float_layout(format).bias();
    body.push_back(make(Op::kShrI, 8, 8, kNoReg, kNoReg, static_cast<uint32_t>(23 - shape.n)));
    body.push_back(make(Op::kIsetGeI, 9, 5, kNoReg, kNoReg, static_cast<uint32_t>(biased_limit)));
    body.push_back(make(Op::kSel, 8, 9, kLastSeg, 8));  // xn rounded up to 2^m
    append_edges_and_row(body, 8, ops);
    target = mix.per_element;
  }
  const bool shared = kernel.name == "alg1_shared";
  body.push_back(memory(shared ? Op::kLds : Op::kLdg, 16, 8, kNoReg, Buffer::kTable, 2));
  append_apply(body, 16, 17, ops);
  body.push_back(memory(Op::kStg, kNoReg, kElement, 18, Buffer::kOutput, 1));
  pad_to_mix(body, target, fill_at);

  if (shared) {
    // Every thread copies rows t, t + T, ... into shared memory, then BAR.
    program.shared_bytes_per_block = rows * 2 * entry_bytes;
    const int per_thread = (rows + config.block_threads - 1) / config.block_threads;
    for (int k = 0; k < per_thread; ++k) {
      program.prologue.push_back(make(Op::kIaddI, 3, kThread, kNoReg, kNoReg,
                                      static_cast<uint32_t>(k * config.block_threads)));
      program.prologue.push_back(make(Op::kIsetLt, 4, 3, kRows));
      Instr load = memory(Op::kLdg, 5, 3, kNoReg, Buffer::kTable, 2);
      load.guard = 4;
      program.prologue.push_back(load);
      Instr store = memory(Op::kSts, kNoReg, 3, 5, Buffer::kTable, 2);
      store.guard = 4;
      program.prologue.push_back(store);
    }
    program.prologue.push_back(make(Op::kBar, kNoReg));
  }
  return program;
}

}  // namespace interpsim::simt
