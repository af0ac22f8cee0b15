#include "model/nonuniform.hpp"

#include <algorithm>
#include <cmath>
#include <queue>
#include <stdexcept>

#include "model/float_bits.hpp"
#include "model/functions.hpp"
#include "model/table_gen.hpp"
#include "model/uniform_lookup.hpp"

namespace interpsim {
namespace {

// One segment of the adaptive dyadic mesh: [start, start + 2^(m - level)).
struct MeshSegment {
  double start;
  int level;
  double error;
};

struct LargerError {
  bool operator()(const MeshSegment& lhs, const MeshSegment& rhs) const {
    return lhs.error < rhs.error;  // max-heap on error
  }
};

constexpr int kChordErrorSamples = 32;

// Max |f - chord| over evenly spaced interior points, float64 chord (unrounded).
double chord_error(RealFunction f, double x0, double x1) {
  const double y0 = f(x0);
  const double y1 = f(x1);
  double worst = 0;
  for (int i = 1; i < kChordErrorSamples; ++i) {
    const double fraction = static_cast<double>(i) / kChordErrorSamples;
    const double x = x0 + (x1 - x0) * fraction;
    const double chord = y0 + (y1 - y0) * fraction;
    worst = std::max(worst, std::fabs(f(x) - chord));
  }
  return worst;
}

}  // namespace

size_t NonuniformTable::segments() const {
  size_t total = 0;
  for (const UniformTable& part : parts) total += part.segments();
  return total;
}

size_t NonuniformTable::memory_bytes() const {
  size_t bytes = 0;
  for (const UniformTable& part : parts) bytes += part.rows() * 8 + 8;
  return bytes;
}

void check_nonuniform(const NonuniformTable& table) {
  if (table.parts.empty()) throw std::invalid_argument("a non-uniform table needs a part");
  for (size_t j = 0; j < table.parts.size(); ++j) {
    const UniformTable& part = table.parts[j];
    const std::string why = check_table_params(part.a, part.m, part.n);
    if (!why.empty()) {
      throw std::invalid_argument("part " + std::to_string(j) + " is invalid: " + why);
    }
    if (part.k.size() != part.rows() || part.b.size() != part.rows()) {
      throw std::invalid_argument("part " + std::to_string(j) + " needs N+2 rows");
    }
    if (j > 0 && table.parts[j - 1].upper() != part.a) {
      throw std::invalid_argument("part " + std::to_string(j) +
                                  " does not start where the previous part ends");
    }
  }
}

NonuniformTable generate_nonuniform(const std::string& func, float a, int m, int total_segments,
                                    EdgeMode edges, bool derivative) {
  const RealFunction f = table_reference(func, derivative);
  int coarsest = -1;
  for (int n = 0; n <= kMaxSegmentBits && coarsest < 0; ++n) {
    if (check_table_params(a, m, n).empty()) coarsest = n;
  }
  if (coarsest < 0) {
    throw std::invalid_argument("invalid interval: " + check_table_params(a, m, kMaxSegmentBits));
  }
  if (total_segments < (1 << coarsest) || total_segments > (1 << kMaxSegmentBits)) {
    throw std::invalid_argument("segment budget " + std::to_string(total_segments) +
                                " is outside [" + std::to_string(1 << coarsest) + ", 2^" +
                                std::to_string(kMaxSegmentBits) + "] for this interval");
  }
  // Split the worst segment until the budget is spent: the max errors even out.
  std::priority_queue<MeshSegment, std::vector<MeshSegment>, LargerError> open;
  std::vector<MeshSegment> done;
  const auto add = [&](double start, int level) {
    const double width = std::ldexp(1.0, m - level);
    MeshSegment segment{start, level, chord_error(f, start, start + width)};
    // No part may exceed n = 20, and every width must stay a normal float32.
    if (level >= kMaxSegmentBits || m - level - 1 < -126) {
      done.push_back(segment);
    } else {
      open.push(segment);
    }
  };
  for (int i = 0; i < (1 << coarsest); ++i) {
    add(static_cast<double>(a) + i * std::ldexp(1.0, m - coarsest), coarsest);
  }
  int count = 1 << coarsest;
  while (count < total_segments && !open.empty()) {
    const MeshSegment worst = open.top();
    open.pop();
    const double half = std::ldexp(1.0, m - worst.level - 1);
    add(worst.start, worst.level + 1);
    add(worst.start + half, worst.level + 1);
    ++count;
  }
  while (!open.empty()) {
    done.push_back(open.top());
    open.pop();
  }
  std::sort(done.begin(), done.end(),
            [](const MeshSegment& lhs, const MeshSegment& rhs) { return lhs.start < rhs.start; });

  // Runs of equal-width segments become parts of 2^j segments, largest first.
  NonuniformTable table;
  table.func = func;
  table.edges = edges;
  if (derivative) table.extra_header[kDerivativeKey] = "1";
  size_t run_begin = 0;
  while (run_begin < done.size()) {
    size_t run_end = run_begin + 1;
    while (run_end < done.size() && done[run_end].level == done[run_begin].level) ++run_end;
    size_t remaining = run_end - run_begin;
    double start = done[run_begin].start;
    const int level = done[run_begin].level;
    while (remaining > 0) {
      int bits = 0;
      while ((size_t{2} << bits) <= remaining) ++bits;
      table.parts.push_back(generate_table(func, static_cast<float>(start), m - level + bits, bits,
                                           EdgeMode::kExtrapolate, derivative));
      start += std::ldexp(1.0, m - level + bits);
      remaining -= size_t{1} << bits;
    }
    run_begin = run_end;
  }
  // The overall edge rows follow `edges` on [a, b]; inner ones stay extrapolated.
  UniformTable& first = table.parts.front();
  UniformTable& last = table.parts.back();
  std::vector<float> k{first.k[0], last.k[last.segments() - 1]};
  std::vector<float> b{first.b[0], last.b[last.segments() - 1]};
  fill_edge_rows(func, derivative, edges, a, static_cast<double>(a) + std::ldexp(1.0, m), k, b);
  first.k[first.segments()] = k[2];
  first.b[first.segments()] = b[2];
  last.k[last.segments() + 1] = k[3];
  last.b[last.segments() + 1] = b[3];
  check_nonuniform(table);
  return table;
}

namespace {

// Largest j with starts[j] <= x, 0 below every start (x not NaN): a
// branch-free halving search, which random inputs do not mispredict.
inline size_t find_part(const std::vector<float>& starts, float x) {
  const float* base = starts.data();
  size_t length = starts.size();
  while (length > 1) {
    const size_t half = length / 2;
    base = (base[half] <= x) ? base + half : base;
    length -= half;
  }
  return static_cast<size_t>(base - starts.data());
}

std::vector<float> part_starts(const NonuniformTable& table) {
  std::vector<float> starts;
  starts.reserve(table.parts.size());
  for (const UniformTable& part : table.parts) starts.push_back(part.a);
  return starts;
}

}  // namespace

int64_t nonuniform_part(const NonuniformTable& table, float x) {
  if (std::isnan(x)) return -1;
  // Invariant: parts[low].a <= x, or low == 0 when x lies below every start.
  int64_t low = 0, high = static_cast<int64_t>(table.parts.size());
  while (high - low > 1) {
    const int64_t middle = (low + high) / 2;
    if (table.parts[middle].a <= x) {
      low = middle;
    } else {
      high = middle;
    }
  }
  return low;
}

float interp_nonuniform(const NonuniformTable& table, float x) {
  const int64_t part = nonuniform_part(table, x);
  if (part < 0) return bits_to_float(kCanonicalNanBits);
  return interp_uniform(table.parts[part], x);
}

void interp_nonuniform_batch(const NonuniformTable& table, const float* input, float* output,
                             size_t count) {
  const std::vector<float> starts = part_starts(table);
  for (size_t i = 0; i < count; ++i) {
    const float x = input[i];
    output[i] = std::isnan(x) ? bits_to_float(kCanonicalNanBits)
                              : interp_uniform(table.parts[find_part(starts, x)], x);
  }
}

}  // namespace interpsim
