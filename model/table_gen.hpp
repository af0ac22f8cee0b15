// Generation of uniform tables (docs/design.md section 3, eq. 5 with its sign corrected).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "model/functions.hpp"
#include "model/table.hpp"

namespace interpsim {

// Header key that marks a table of f' (the backward pass): "derivative=1".
// The func name stays the function's own name, so .tbl files round-trip.
constexpr const char* kDerivativeKey = "derivative";

// Builds the 2^n-segment chord table of `func` (or of its derivative) on
// [a, a + 2^m]. Each K[i], B[i] is computed in float64 and rounded once:
//   K = (f(x1) - f(x0)) / (x1 - x0),  B = (x1*f(x0) - x0*f(x1)) / (x1 - x0).
// Edge rows follow `edges` (extrapolate, saturate, asymptote; asymptote falls
// back to extrapolation on a side where the function has no asymptote; the
// derivative table uses the derivative's asymptotes).
// In another number format (docs/design.md section 12) the float64 entries
// are rounded once to the entry format (kb: float32, or the io format).
// Throws std::invalid_argument for invalid a/m/n (check_table_params) or an
// unknown function.
UniformTable generate_table(const std::string& func, float a, int m, int n, EdgeMode edges,
                            bool derivative = false, NumberFormat format = NumberFormat::kFp32,
                            KbFormat kb = KbFormat::kFp32);

// True when the table carries derivative=1 in its header.
bool is_derivative_table(const UniformTable& table);

// The float64 function the table approximates (f or f').
RealFunction reference_of(const UniformTable& table);

// A line y = k * x + b in float64.
struct ChordLine {
  double k;
  double b;
};

// The float64 chord of f on [x0, x1] (eq. 5, sign corrected).
ChordLine chord_line(RealFunction f, double x0, double x1);

// The below-range and above-range edge lines per `edges` in float64, given
// the first and last segments' lines (what extrapolation repeats).
std::pair<ChordLine, ChordLine> edge_lines(const std::string& func, bool derivative, EdgeMode edges,
                                           double lo, double hi, ChordLine first, ChordLine last);

// The float64 chord of f on [x0, x1], rounded once to the entry format
// (float32 by default; shared with the breakpoint and non-uniform generators).
void chord_entry(RealFunction f, double x0, double x1, float& slope, float& intercept,
                 NumberFormat entries = NumberFormat::kFp32);

// Fills rows N and N+1 of k/b (already holding N segment rows) per `edges`,
// their values rounded once to the entry format.
void fill_edge_rows(const std::string& func, bool derivative, EdgeMode edges, double lo, double hi,
                    std::vector<float>& k, std::vector<float>& b,
                    NumberFormat entries = NumberFormat::kFp32);

}  // namespace interpsim
