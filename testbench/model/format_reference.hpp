// A second, plain reference for docs/design.md section 12 (Algorithm 1 in the
// float formats fp32, fp16, bf16, fp8e5m2, fp8e4m3), written independently of
// model/: it reads only a UniformTable's fields (func, a, m, n, format, kb,
// k[], b[]) and shares no code with model/float_format or model/format_lookup.
//
// Every value is exact: NaN, +-inf, or (-1)^negative * magnitude * 2^exponent
// with an arbitrary-precision integer magnitude (boost::multiprecision::cpp_int).
// x - a and x*K + B are computed exactly and then rounded once, to nearest
// even, into the target format by this file's own code.
#pragma once

#include <boost/multiprecision/cpp_int.hpp>
#include <cstdint>

#include "model/table.hpp"

namespace interpsim::format_reference {

using boost::multiprecision::cpp_int;

// A binary float layout, written out from the table of docs/design.md
// section 12 (deliberately not model/number_format.hpp's float_layout).
struct Layout {
  int exponent_bits;
  int mantissa_bits;
  bool finite_only;  // fp8e4m3: no infinities, S.1111.111 is the only NaN, saturates at 448
  uint32_t canonical_nan;

  int width() const { return 1 + exponent_bits + mantissa_bits; }
  int bias() const { return (1 << (exponent_bits - 1)) - 1; }
};

Layout layout_of(NumberFormat format);

// An exact value. A finite zero has magnitude 0 and keeps its sign.
struct Exact {
  enum class Kind { kFinite, kInfinite, kNaN };
  Kind kind = Kind::kFinite;
  bool negative = false;
  cpp_int magnitude = 0;
  int exponent = 0;

  bool is_nan() const { return kind == Kind::kNaN; }
  bool is_infinite() const { return kind == Kind::kInfinite; }
  bool is_zero() const { return kind == Kind::kFinite && magnitude == 0; }
};

Exact finite(bool negative, const cpp_int& magnitude, int exponent);
Exact infinity(bool negative);
Exact not_a_number();

// The value of a bit pattern (the low width() bits) of `layout`.
Exact decode(const Layout& layout, uint32_t bits);
// The value of a float (through its IEEE binary32 bit pattern).
Exact exact_of_float(float value);
// The float that holds an exact value of any of the formats (exact; NaN -> quiet NaN).
float float_of_exact(const Exact& value);

Exact negate(Exact value);
// Exact sum and product with IEEE special cases: NaN in -> NaN, inf - inf and
// 0 * inf -> NaN; an exact zero sum is -0 only when both terms are zero-or-
// negative with the same sign (round-to-nearest rule), i.e. -0 + -0.
Exact add(const Exact& lhs, const Exact& rhs);
Exact multiply(const Exact& lhs, const Exact& rhs);
// -1, 0, 1; neither side may be NaN. -0 == +0.
int compare(const Exact& lhs, const Exact& rhs);

// Rounds to nearest even into `layout` with subnormals. Overflow gives +-inf,
// or +-448 in fp8e4m3 (which also takes +-inf to +-448); NaN gives the
// canonical NaN; a nonzero value that rounds to zero keeps its sign.
uint32_t round_to(const Layout& layout, const Exact& value);

// The canonical NaN for any NaN pattern, otherwise `bits` unchanged.
uint32_t canonicalize(const Layout& layout, uint32_t bits);

// Section 12's row for x's bits in table.format: N for x <= a, N+1 for
// x >= b, otherwise floor(round_F(x - a) / 2^(m-n)) (N-1 when the rounded
// difference reaches 2^m); -1 for NaN.
int64_t reference_row(const UniformTable& table, uint32_t x_bits);

// Section 12's y bits for x's bits in table.format (steps 1-4).
uint32_t reference_interp(const UniformTable& table, uint32_t x_bits);

}  // namespace interpsim::format_reference
