#include "model/table.hpp"

#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "model/float_format.hpp"
#include "model/input_error.hpp"

namespace interpsim {

EdgeMode parse_edge_mode(const std::string& name) {
  if (name == "extrapolate" || name == "paper") return EdgeMode::kExtrapolate;
  if (name == "saturate") return EdgeMode::kSaturate;
  if (name == "asymptote") return EdgeMode::kAsymptote;
  throw std::invalid_argument("unknown edge mode '" + name +
                              "' (expected extrapolate, paper, saturate or asymptote)");
}

std::string edge_mode_name(EdgeMode mode) {
  switch (mode) {
    case EdgeMode::kExtrapolate:
      return "extrapolate";
    case EdgeMode::kSaturate:
      return "saturate";
    case EdgeMode::kAsymptote:
      return "asymptote";
  }
  return "extrapolate";
}

float UniformTable::upper() const {
  return static_cast<float>(static_cast<double>(a) + std::ldexp(1.0, m));
}

double UniformTable::width() const {
  return std::ldexp(1.0, m - n);
}

namespace {

// The format rules beyond float32's (a, b, w in the io format).
std::string check_format_params(float a, int m, int n, NumberFormat format) {
  const std::string name = number_format_names().name(format);
  std::ostringstream why;
  const FloatLayout layout = float_layout(format);
  if (m - n < layout.min_normal_exponent() || m - n > layout.max_exponent()) {
    why << "segment width 2^(m-n) = 2^" << (m - n) << " is not a normal " << name
        << " number (m=" << m << ", n=" << n << ")";
    return why.str();
  }
  // Without infinities x - a would saturate below 2^m and read a wrong
  // segment: there 2^m itself must be a value of the format.
  if (layout.finite_only && m > layout.max_exponent()) {
    why << "interval length 2^m = 2^" << m << " exceeds " << name
        << "'s range (x - a would saturate; m <= " << layout.max_exponent() << ")";
    return why.str();
  }
  if (!encode_exact(format, a)) {
    why << "a=" << a << " is not representable in " << name;
    return why.str();
  }
  const double upper = static_cast<double>(a) + std::ldexp(1.0, m);
  if (static_cast<double>(static_cast<float>(upper)) != upper ||
      !encode_exact(format, static_cast<float>(upper))) {
    why << "b = a + 2^m = " << upper << " is not representable in " << name;
    return why.str();
  }
  return "";
}

}  // namespace

std::string check_table_params(float a, int m, int n, NumberFormat format) {
  std::ostringstream why;
  if (n < 0 || n > kMaxSegmentBits) {
    why << "n=" << n << " is out of range (expected 0 <= n <= " << kMaxSegmentBits << ")";
    return why.str();
  }
  // w = 2^(m-n) must be a normal float32: exponent in [-126, 127].
  if (m - n < -126 || m - n > 127) {
    why << "segment width 2^(m-n) = 2^" << (m - n) << " is not a normal float32 (m=" << m
        << ", n=" << n << ")";
    return why.str();
  }
  if (!std::isfinite(a)) return "a is not finite";
  const double width = std::ldexp(1.0, m - n);
  const double quotient = static_cast<double>(a) / width;  // exact: w is a power of two
  if (quotient != std::floor(quotient)) {
    why << "a=" << a << " is not an integer multiple of the segment width 2^" << (m - n);
    return why.str();
  }
  // Quotients beyond 2^30 cannot give representable neighbours (float32 has 24 bits).
  if (std::fabs(quotient) > std::ldexp(1.0, 30)) {
    return "breakpoints a + i*w are not exactly representable in float32 (|a/w| too large)";
  }
  const int64_t segments = int64_t{1} << n;
  for (int64_t i = 0; i <= segments; ++i) {
    const double breakpoint = (quotient + static_cast<double>(i)) * width;  // exact in double
    const float rounded = static_cast<float>(breakpoint);
    if (!std::isfinite(rounded) || static_cast<double>(rounded) != breakpoint) {
      why << "breakpoint a + " << i << "*w = " << breakpoint
          << " is not exactly representable in float32";
      return why.str();
    }
  }
  if (format != NumberFormat::kFp32) return check_format_params(a, m, n, format);
  return "";
}

std::optional<int> segment_bits(long long segments) {
  for (int n = 0; n <= kMaxSegmentBits; ++n) {
    if ((1LL << n) == segments) return n;
  }
  return std::nullopt;
}

int require_segment_bits(long long segments) {
  const std::optional<int> n = segment_bits(segments);
  if (!n) throw InputError("segments: " + segments_refusal(segments));
  return *n;
}

std::string segments_refusal(long long segments) {
  return std::to_string(segments) + " is not a power of two in 1.." +
         std::to_string(1LL << kMaxSegmentBits);
}

}  // namespace interpsim
