// Generation of fixed-point tables (docs/design.md section 12, "Fixed
// point"): the float64 chords of the float tables, each entry rounded once to
// an integer at the scale with the most precision that cannot overflow.
#pragma once

#include <optional>
#include <string>

#include "model/fixed_point.hpp"
#include "model/functions.hpp"

namespace interpsim {

// The largest fractional bit count f (kMinFracBits..kMaxFracBits) for which
// every value of magnitude <= `magnitude` rounds into a signed `width`-bit
// integer: round(magnitude * 2^f) <= 2^(width-1) - 1. kMaxFracBits for 0.
int most_fraction_bits(double magnitude, int width);

// True when the width holds [a, a + 2^m] at fx: a an integer multiple of
// 2^-fx, |a|, |b| <= 2^(width-1-fx) (b may be one step past the largest value:
// x < b always holds) and m + fx <= width.
bool fixed_interval_fits(FixedFormat format, double a, int m, int fx);

// The default fx for an interval [a, a + 2^m]: the most fractional bits for
// which a is an integer multiple of 2^-fx and |a|, |b| <= 2^(width-1-fx)
// (b may be one step past the largest value: x < b always holds), and at
// least n - m (a segment at least one step wide). Throws
// std::invalid_argument, with the reason, when none exists.
int default_fx(FixedFormat format, double a, int m, int n);

// The 2^n-segment table of `func` (or f') on [a, a + 2^m] in `format`, with
// fx given or default_fx; fy from the largest |f| at the breakpoints, fk and
// fb from the largest |K| and |B| over all rows (edges included), then pulled
// within the exactness bounds of fixed_point.hpp. Throws std::invalid_argument
// for an unknown function or invalid parameters (check_fixed_table's reason).
FixedTable generate_fixed_table(const std::string& func, double a, int m, int n, EdgeMode edges,
                                FixedFormat format, std::optional<int> fx = std::nullopt,
                                bool derivative = false);

// The float64 function a fixed table approximates (f or f').
RealFunction reference_of(const FixedTable& table);

}  // namespace interpsim
