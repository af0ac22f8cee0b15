// Numbers from text (options, configuration keys, file headers): the one
// parser every reader uses, so "-5", "0xC0A00000" and "1e-3" mean the same
// everywhere.
#pragma once

#include <optional>
#include <string>

namespace interpsim {

// A float32 written as decimal text (rounded once, to nearest even) or as
// 0x followed by 1..8 hex digits (the bits). nullopt unless the whole text is
// one of these. Infinities and NaN are returned as read: callers that need a
// finite value check it.
std::optional<float> parse_float32(const std::string& text);

// A decimal integer, the whole text (no blanks, no trailing characters).
std::optional<long long> parse_integer(const std::string& text);

// A decimal real number, the whole text.
std::optional<double> parse_real(const std::string& text);

// The shortest decimal text that reads back (parse_float32) as `value`.
std::string shortest_decimal(float value);

}  // namespace interpsim
