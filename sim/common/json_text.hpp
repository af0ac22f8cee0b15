// JSON text for the files the commands write (stats, results).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace interpsim {

// Strings from users' files may hold bytes that are not UTF-8 (a .tbl's func
// name, an INI value): they are written with U+FFFD in their place rather than
// failing the run after its work is done (nlohmann::json throws by default).
inline std::string json_text(const nlohmann::json& value, int indent = -1) {
  return value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace interpsim
