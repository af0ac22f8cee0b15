#include "sim/simt/isa.hpp"

#include <sstream>

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

std::string op_name(Op op) {
  switch (op) {
    case Op::kFadd:
      return "FADD";
    case Op::kFmul:
      return "FMUL";
    case Op::kFfma:
      return "FFMA";
    case Op::kFmin:
      return "FMIN";
    case Op::kFabs:
      return "FABS";
    case Op::kFneg:
      return "FNEG";
    case Op::kFsetLe:
      return "FSET.LE";
    case Op::kFsetGe:
      return "FSET.GE";
    case Op::kFsetLt:
      return "FSET.LT";
    case Op::kFsetNan:
      return "FSET.NAN";
    case Op::kFsetZero:
      return "FSET.ZERO";
    case Op::kIadd:
      return "IADD";
    case Op::kIaddI:
      return "IADD.I";
    case Op::kIsub:
      return "ISUB";
    case Op::kShl:
      return "SHL";
    case Op::kShr:
      return "SHR";
    case Op::kShrI:
      return "SHR.I";
    case Op::kAndI:
      return "AND.I";
    case Op::kOrI:
      return "OR.I";
    case Op::kIsetLt:
      return "ISET.LT";
    case Op::kIsetGeI:
      return "ISET.GE.I";
    case Op::kSel:
      return "SEL";
    case Op::kMov:
      return "MOV";
    case Op::kMovI:
      return "MOV.I";
    case Op::kFill:
      return "FILL";
    case Op::kOracle:
      return "ORACLE";
    case Op::kLdg:
      return "LDG";
    case Op::kStg:
      return "STG";
    case Op::kLds:
      return "LDS";
    case Op::kSts:
      return "STS";
    case Op::kBar:
      return "BAR";
    case Op::kInterp:
      return "INTERP";
  }
  return "?";
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

std::string disassemble(const Instr& instr) {
  std::ostringstream out;
  if (instr.guard != kNoReg) out << "@r" << int(instr.guard) << " ";
  out << op_name(instr.op);
  if (instr.op == Op::kFill) out << "." << unit_name(instr.unit);
  if (instr.width == 2) out << ".64";
  bool first = true;
  const auto reg = [&](uint8_t r) {
    if (r == kNoReg) return;
    out << (first ? " " : ", ") << "r" << int(r);
    first = false;
  };
  reg(instr.d);
  reg(instr.a);
  reg(instr.b);
  reg(instr.c);
  switch (instr.op) {
    case Op::kIaddI:
    case Op::kShrI:
    case Op::kAndI:
    case Op::kOrI:
    case Op::kIsetGeI:
    case Op::kMovI:
    case Op::kOracle:
    case Op::kLdg:
    case Op::kStg:
      out << (first ? " " : ", ") << "0x" << std::hex << instr.imm;
      break;
    default:
      break;
  }
  return out.str();
}

std::vector<int> unit_counts(const std::vector<Instr>& code) {
  std::vector<int> counts(kUnitCount, 0);
  for (const Instr& instr : code) ++counts[static_cast<int>(instr.unit)];
  return counts;
}

}  // namespace interpsim::simt
