// Non-uniform tables (paper Sec. 4.5, docs/design.md section 4): contiguous
// power-of-two sub-intervals, each a valid uniform table with its own n_j;
// binary search over the sub-interval starts, then Algorithm 1 inside.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "model/table.hpp"

namespace interpsim {

struct NonuniformTable {
  std::string func;
  EdgeMode edges = EdgeMode::kExtrapolate;
  // parts[j] covers [parts[j].a, parts[j].upper()); parts[j+1].a == parts[j].upper().
  // The first part's row N is the overall below edge, the last part's row N+1
  // the overall above edge; inner edge rows extrapolate their own segments.
  std::vector<UniformTable> parts;
  std::map<std::string, std::string> extra_header;  // e.g. derivative=1

  float lower() const { return parts.front().a; }
  float upper() const { return parts.back().upper(); }
  size_t segments() const;
  // Table memory: (N_j + 2) rows of K, B (8 bytes) per part, plus one 8-byte
  // descriptor per part (float32 start a_j, m_j, n_j).
  size_t memory_bytes() const;
  // Only the K, B segment rows (8 bytes per segment), as the paper's Table 13 counts.
  size_t segment_memory_bytes() const { return segments() * 8; }
};

// Splits [a, a + 2^m] into power-of-two sub-intervals whose total segment count
// is exactly `total_segments`, equalizing the max chord error: starting from
// the coarsest valid uniform mesh, repeatedly halve the segment with the
// largest error; then group runs of equal-width segments into parts
// (docs/algorithm.md). Segments are not split below width 2^(m-20) or below
// the smallest normal float32, so a budget that would need finer segments
// stops short of it. Throws std::invalid_argument for invalid a/m, an
// unknown function, or a budget below the coarsest valid mesh.
NonuniformTable generate_nonuniform(const std::string& func, float a, int m, int total_segments,
                                    EdgeMode edges, bool derivative = false);

// Throws std::invalid_argument unless parts are non-empty, valid, contiguous.
void check_nonuniform(const NonuniformTable& table);

// The part used for x: the largest j with parts[j].a <= x, 0 below the first
// start; -1 for NaN.
int64_t nonuniform_part(const NonuniformTable& table, float x);

// interp_uniform(parts[j], x) for j = nonuniform_part(x); NaN -> 0x7FC00000.
float interp_nonuniform(const NonuniformTable& table, float x);

void interp_nonuniform_batch(const NonuniformTable& table, const float* input, float* output,
                             size_t count);

}  // namespace interpsim
