// LBFP8, logarithmic block floating point (docs/design.md section 12, after
// "LBFP: logarithmic block floating point arithmetic for deep neural
// networks", APCCAS 2020): a block of elements shares one exponent E; each
// element is a sign and a 7-bit log2 magnitude code L with 4 fractional bits,
// value (-1)^s * 2^(E - L/16), L = 0..126; L = 127 is zero.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace interpsim {

constexpr int kLbfpFractionBits = 4;  // L counts sixteenths of an octave
constexpr uint8_t kLbfpZeroCode = 127;
constexpr int kLbfpMinExponent = -128;  // E is stored as int8
constexpr int kLbfpMaxExponent = 127;

// The value of an element: (-1)^s * 2^(E - L/16) in float64, 0 for L = 127.
double lbfp8_decode(uint8_t element, int exponent);

// The element nearest x in the log domain for the block exponent E:
// |x| >= 2^E saturates to L = 0; else L = round-half-even(16 * (E - log2|x|))
// in float64, and L >= 127 is zero (0x7F). x must be finite.
uint8_t lbfp8_encode(double x, int exponent);

// The smallest E with max|x| <= 2^E over a block's finite elements, clamped
// to the int8 range; kLbfpMinExponent for an all-zero block.
int lbfp8_block_max_exponent(const float* x, size_t count);

// A trace in LBFP8: blocks of `block` consecutive elements (the last may be
// shorter), each with E = its max exponent - offset (offset >= 0 trades the
// largest values, which saturate, for the small ones, which would flush).
struct LbfpTrace {
  size_t block = 16;
  int offset = 0;
  std::vector<uint8_t> elements;
  std::vector<int8_t> exponents;  // one per block
};

// Encodes finite values (throws InputError naming `source` and the element
// for a NaN or an infinity).
LbfpTrace lbfp8_encode_trace(const std::vector<float>& values, size_t block, int offset,
                             const std::string& source);
std::vector<double> lbfp8_decode_trace(const LbfpTrace& trace);

struct LbfpCalibration {
  int offset = 0;
  double kl = 0;                     // at the chosen offset (kl)
  std::vector<double> kl_by_offset;  // offsets 0..8 (kl)
  double mean_relative_error = 0;    // over the nonzero inputs, at the chosen offset
  size_t flushed = 0;                // nonzero inputs encoded as zero
  size_t saturated = 0;              // inputs above their block's 2^E
};

// The block exponent offset: 0 (max), or the offset in 0..8 whose decoded
// values' histogram is closest (KL divergence) to the inputs' (kl): both
// histograms in the log domain, as the format is (a bin for zero, then 16
// bins per octave over the 32 octaves below max|x|, smaller magnitudes in
// the lowest), smoothed as the fixed-point calibration's, P the inputs', Q
// the decoded values'.
LbfpCalibration lbfp8_calibrate(const std::vector<float>& values, size_t block, bool use_kl,
                                const std::string& source);

}  // namespace interpsim
