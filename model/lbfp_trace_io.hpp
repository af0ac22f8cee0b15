// The LBFP8 trace file (docs/design.md section 12, "Decision (LBFP8 input to
// the unit)"): a .npy of dtype '|u1' and shape (blocks, 1 + B), one row per
// block: the block exponent E as an int8's byte, then the block's B elements
// {sign, L}; a last block shorter than B is padded with zeros (0x7F).
#pragma once

#include <string>

#include "model/lbfp.hpp"

namespace interpsim {

// Throws InputError naming the file for another dtype, rank or a row of
// fewer than 2 bytes.
LbfpTrace read_lbfp8_trace(const std::string& path);

// Writes `trace` (padding its last block), via a temporary name.
void write_lbfp8_trace(const std::string& path, const LbfpTrace& trace);

}  // namespace interpsim
