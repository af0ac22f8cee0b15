#include "model/float_text.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>

#include "model/float_bits.hpp"

namespace interpsim {

namespace {

bool is_hex_digit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

}  // namespace

std::optional<float> parse_float32(const std::string& text) {
  if (text.empty()) return std::nullopt;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    if (text.size() > 10) return std::nullopt;
    for (size_t i = 2; i < text.size(); ++i) {
      if (!is_hex_digit(text[i])) return std::nullopt;
    }
    return bits_to_float(static_cast<uint32_t>(std::strtoul(text.c_str() + 2, nullptr, 16)));
  }
  // strtof would skip leading blanks; the whole text must be the number.
  if (text.front() == ' ' || text.front() == '\t') return std::nullopt;
  char* end = nullptr;
  const float value = std::strtof(text.c_str(), &end);
  if (end == text.c_str() || *end != '\0') return std::nullopt;
  return value;
}

std::optional<long long> parse_integer(const std::string& text) {
  if (text.empty() || text.front() == ' ' || text.front() == '\t') return std::nullopt;
  char* end = nullptr;
  errno = 0;
  const long long value = std::strtoll(text.c_str(), &end, 10);
  if (end == text.c_str() || *end != '\0' || errno != 0) return std::nullopt;
  return value;
}

std::optional<double> parse_real(const std::string& text) {
  if (text.empty() || text.front() == ' ' || text.front() == '\t') return std::nullopt;
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || *end != '\0') return std::nullopt;
  return value;
}

std::string shortest_decimal(float value) {
  char buffer[32];
  for (int precision = 1; precision <= 9; ++precision) {
    std::snprintf(buffer, sizeof buffer, "%.*g", precision, static_cast<double>(value));
    if (std::strtof(buffer, nullptr) == value) break;
  }
  return buffer;
}

}  // namespace interpsim
