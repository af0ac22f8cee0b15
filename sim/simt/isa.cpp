#include "sim/simt/isa.hpp"

namespace interpsim::simt {

const char* unit_name(Unit unit) {
  switch (unit) {
    case Unit::kFp32:
      return "fp32";
    case Unit::kInt:
      return "int";
    case Unit::kSfu:
      return "sfu";
    case Unit::kFp64:
      return "fp64";
    case Unit::kLsu:
      return "lsu";
    case Unit::kCtrl:
      return "ctrl";
    case Unit::kInterp:
      return "interp";
    default:
      return "?";
  }
}

Unit unit_of(Op op) {
  switch (op) {
    case Op::kFadd:
    case Op::kFmul:
    case Op::kFfma:
    case Op::kFmin:
    case Op::kFabs:
    case Op::kFneg:
    case Op::kFsetLe:
    case Op::kFsetGe:
    case Op::kFsetLt:
    case Op::kFsetNan:
    case Op::kFsetZero:
    case Op::kHadd:
    case Op::kHfma:
    case Op::kHsetLe:
    case Op::kHsetGe:
    case Op::kHsetNan:
    case Op::kHsetZero:
      return Unit::kFp32;
    case Op::kOracle:
      return Unit::kSfu;
    case Op::kLdg:
    case Op::kStg:
    case Op::kLds:
    case Op::kSts:
      return Unit::kLsu;
    case Op::kBar:
      return Unit::kCtrl;
    case Op::kInterp:
      return Unit::kInterp;
    default:
      return Unit::kInt;
  }
}

int source_registers(const Instr& instr, uint8_t* regs) {
  int count = 0;
  for (uint8_t r : {instr.a, instr.b, instr.c, instr.guard}) {
    if (r != kNoReg) regs[count++] = r;
  }
  // A 64-bit store reads b and b+1.
  if (instr.op == Op::kSts && instr.width == 2 && instr.b != kNoReg) regs[count++] = instr.b + 1;
  return count;
}

int dest_registers(const Instr& instr, uint8_t* regs) {
  if (instr.d == kNoReg) return 0;
  regs[0] = instr.d;
  if ((instr.op == Op::kLdg || instr.op == Op::kLds) && instr.width == 2) {
    regs[1] = instr.d + 1;
    return 2;
  }
  return 1;
}

std::vector<int> unit_counts(const std::vector<Instr>& code) {
  std::vector<int> counts(kUnitCount, 0);
  for (const Instr& instr : code) ++counts[static_cast<int>(instr.unit)];
  return counts;
}

}  // namespace interpsim::simt
