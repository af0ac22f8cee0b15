// Algorithm 1 in any float format of docs/design.md section 12: the golden
// model for tables whose io format is not fp32 or whose entries are not
// float32. With format = kb = fp32 it is interp_uniform (uniform_lookup.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "model/table.hpp"

namespace interpsim {

// The row the lookup reads for x, a value of table.format (0..N+1); NaN gives -1.
int64_t format_row(const UniformTable& table, float x);

// y's bits in table.format for x's bits in table.format, section 12's
// steps 1-4: one rounding of the exact x*K + B, canonical NaN, overflow to
// inf (or +-448 in fp8e4m3).
uint32_t interp_format_bits(const UniformTable& table, uint32_t x_bits);

// How many of the 2^n segments hold at least one value of table.format in
// (a, b) (all of them for fp32, whose breakpoints are float32 values).
uint64_t reachable_segments(const UniformTable& table);

// The batch golden model of one table in its format. For 8- and 16-bit
// formats it tabulates interp_format_bits over every input pattern once
// (2^8 or 2^16 entries) and a batch is a gather; fp32 runs interp_uniform_batch.
class FormatLookup {
 public:
  explicit FormatLookup(const UniformTable& table);

  const UniformTable& table() const { return table_; }
  uint32_t operator()(uint32_t x_bits) const;

  void run(const uint8_t* input, uint8_t* output, size_t count) const;
  void run(const uint16_t* input, uint16_t* output, size_t count) const;
  void run(const float* input, float* output, size_t count) const;  // fp32 only

 private:
  UniformTable table_;
  std::vector<uint16_t> outputs_;  // every input pattern's output (8/16-bit formats)
};

}  // namespace interpsim
