// The uniform interpolation table of Algorithm 1 (docs/design.md section 3).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/number_format.hpp"

namespace interpsim {

enum class EdgeMode { kExtrapolate, kSaturate, kAsymptote };

// "extrapolate" (alias "paper"), "saturate", "asymptote"; throws std::invalid_argument.
EdgeMode parse_edge_mode(const std::string& name);
std::string edge_mode_name(EdgeMode mode);

constexpr int kMaxSegmentBits = 20;

// log2(segments) when `segments` is a power of two in 1..2^kMaxSegmentBits.
std::optional<int> segment_bits(long long segments);
// Why another segment count is refused: the text after "segments: " in every
// front end (CLI options, Python arguments).
std::string segments_refusal(long long segments);
// segment_bits(segments), or InputError "segments: <refusal>".
int require_segment_bits(long long segments);

// K[0..N-1], B[0..N-1] are segments; index N is the below-range edge entry
// (x <= a), index N+1 the above-range edge entry (x >= b).
struct UniformTable {
  std::string func;
  float a = 0.0f;
  int m = 0;
  int n = 0;
  EdgeMode edges = EdgeMode::kExtrapolate;
  // io format of x, a, b, y and the format of K, B (docs/design.md section 12).
  NumberFormat format = NumberFormat::kFp32;
  KbFormat kb = KbFormat::kFp32;
  // Values of the entry format (float holds every value of every format).
  std::vector<float> k;  // size N + 2
  std::vector<float> b;  // size N + 2
  // Header keys beyond func/a/m/n/edges, kept for round trips.
  std::map<std::string, std::string> extra_header;

  size_t segments() const { return size_t{1} << n; }
  size_t rows() const { return segments() + 2; }
  // b = a + 2^m, exact by the validity rules.
  float upper() const;
  // Segment width w = 2^(m-n).
  double width() const;
  // The format K and B are stored in.
  NumberFormat entries() const { return entry_format(format, kb); }
};

// Checks docs/design.md section 3's validity rules for a, m, n: 0 <= n <= 20,
// w = 2^(m-n) a normal float32, a finite and an integer multiple of w, every
// breakpoint a + i*w and b exactly representable in float32. For another io
// format (section 12) also: a and b representable in it, w a normal number
// of it (so a subnormal x - a lies in segment 0), and in a format without
// infinities (fp8e4m3) 2^m a value of it (so x - a cannot saturate). The breakpoints need not be
// values of a narrow format: segments without a value in them are unreachable
// (reachable_segments in model/format_lookup.hpp counts them).
// Returns an empty string when valid, otherwise the reason (one line).
std::string check_table_params(float a, int m, int n, NumberFormat format = NumberFormat::kFp32);

}  // namespace interpsim
