// Names of enumerations in files, options, configurations and stats: one table
// per enum gives printing, parsing and the list of choices for --help.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace interpsim {

template <typename Enum>
class EnumNames {
 public:
  EnumNames(std::initializer_list<std::pair<Enum, const char*>> names) : names_(names) {}

  std::string name(Enum value) const {
    for (const auto& [entry, text] : names_) {
      if (entry == value) return text;
    }
    return "?";
  }
  std::optional<Enum> parse(const std::string& text) const {
    for (const auto& [entry, name] : names_) {
      if (text == name) return entry;
    }
    return std::nullopt;
  }
  // Every value, in the table's order.
  std::vector<Enum> values() const {
    std::vector<Enum> all;
    for (const auto& entry : names_) all.push_back(entry.first);
    return all;
  }
  // "a | b | c", for help texts and error messages.
  std::string choices() const {
    std::string text;
    for (const auto& entry : names_)
      text += (text.empty() ? "" : " | ") + std::string(entry.second);
    return text;
  }

 private:
  std::vector<std::pair<Enum, const char*>> names_;
};

}  // namespace interpsim
