// Configuration parameters of the array models, declared once each (as gem5
// declares its SimObject parameters): key, type, validation and help in one
// line of a ParamTable; the default is the configuration struct's own member
// initializer. From that one declaration come the INI keys, the command-line
// options (--KEY VALUE), the parsing with errors that name the file or option,
// and the `config` object of the stats (every key, defaults included, so a run
// can be repeated from its stats file alone).
#pragma once

#include <functional>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

#include "model/enum_names.hpp"
#include "model/float_text.hpp"
#include "model/input_error.hpp"
#include "sim/common/ini_file.hpp"

namespace interpsim {

// "<where>: <key>: <reason>" as an InputError (exit status 2).
[[noreturn]] inline void throw_bad_param(const std::string& where, const std::string& key,
                                         const std::string& reason) {
  throw InputError(where + ": " + key + ": " + reason);
}

// Problems of a configuration as a whole, found after its keys were read
// (the table spec, the array models), are InputErrors worded
// "config: <key>: <reason>". The command that read the configuration runs its
// work through this, so that the message names the source instead: the INI
// file, or "command line" when there is none.
// Where a command's configuration came from: its --config file, else
// "command line".
inline std::string config_source(const boost::program_options::variables_map& values) {
  return values.count("config") != 0 ? values["config"].as<std::string>() : "command line";
}

template <typename Body>
decltype(auto) naming_config_source(const std::string& source, Body&& body) {
  static const std::string prefix = "config: ";
  try {
    return body();
  } catch (const InputError& error) {
    const std::string text = error.what();
    if (text.compare(0, prefix.size(), prefix) != 0) throw;
    throw InputError(source + ": " + text.substr(prefix.size()));
  }
}

template <typename Config>
class ParamTable {
 public:
  // Reads `text` into the config or throws naming `where` and the key.
  using Setter = std::function<void(Config&, const std::string& text, const std::string& where)>;
  using Getter = std::function<nlohmann::json(const Config&)>;
  // A rule over several keys, checked after every key is read.
  using Check = std::function<void(const Config&, const std::string& source)>;

  struct Param {
    std::string key;
    std::string help;
    Getter get;
    Setter set;
  };

  // An integer in lo..hi; `power_of_two` adds that rule.
  template <typename Int>
  ParamTable& integer(const char* key, Int Config::*field, long long lo, long long hi,
                      const char* help, bool power_of_two = false) {
    return add(
        key, help, [field](const Config& c) { return nlohmann::json(c.*field); },
        [=](Config& c, const std::string& text, const std::string& where) {
          const std::optional<long long> value = parse_integer(text);
          if (!value) throw_bad_param(where, key, "'" + text + "' is not an integer");
          if (*value < lo || *value > hi) {
            throw_bad_param(where, key,
                            std::to_string(*value) + " is outside " + std::to_string(lo) + ".." +
                                std::to_string(hi));
          }
          if (power_of_two && (*value & (*value - 1)) != 0) {
            throw_bad_param(where, key, std::to_string(*value) + " is not a power of two");
          }
          c.*field = static_cast<Int>(*value);
        });
  }

  // A real number in lo..hi.
  ParamTable& real(const char* key, double Config::*field, double lo, double hi, const char* help) {
    return add(
        key, help, [field](const Config& c) { return nlohmann::json(c.*field); },
        [=](Config& c, const std::string& text, const std::string& where) {
          const std::optional<double> value = parse_real(text);
          if (!value) throw_bad_param(where, key, "'" + text + "' is not a number");
          if (!(*value >= lo && *value <= hi)) {
            std::ostringstream range;
            range << lo << ".." << hi;
            throw_bad_param(where, key, text + " is outside " + range.str());
          }
          c.*field = *value;
        });
  }

  // Free text; `required` rejects the empty string.
  ParamTable& text(const char* key, std::string Config::*field, const char* help,
                   bool required = false) {
    return add(
        key, help, [field](const Config& c) { return nlohmann::json(c.*field); },
        [=](Config& c, const std::string& text, const std::string& where) {
          if (required && text.empty()) throw_bad_param(where, key, "empty");
          c.*field = text;
        });
  }

  // true | false (also 1 | 0).
  ParamTable& flag(const char* key, bool Config::*field, const char* help) {
    return add(
        key, help, [field](const Config& c) { return nlohmann::json(c.*field); },
        [=](Config& c, const std::string& text, const std::string& where) {
          if (text == "true" || text == "1") {
            c.*field = true;
          } else if (text == "false" || text == "0") {
            c.*field = false;
          } else {
            throw_bad_param(where, key, "'" + text + "' is not true or false");
          }
        });
  }

  // One of the names of `names` (the table must outlive this one).
  template <typename Enum>
  ParamTable& choice(const char* key, Enum Config::*field, const EnumNames<Enum>& names,
                     const char* help) {
    const EnumNames<Enum>* table = &names;
    return add(
        key, std::string(help) + ": " + names.choices(),
        [field, table](const Config& c) { return nlohmann::json(table->name(c.*field)); },
        [=](Config& c, const std::string& text, const std::string& where) {
          const std::optional<Enum> value = table->parse(text);
          if (!value) {
            throw_bad_param(where, key, "'" + text + "' is not one of " + table->choices());
          }
          c.*field = *value;
        });
  }

  // Every parameter of `inner`, stored in the member `field` (a group of keys
  // that several configurations share, e.g. the table keys).
  template <typename Inner>
  ParamTable& group(Inner Config::*field, const ParamTable<Inner>& inner) {
    for (const auto& param : inner.params()) {
      add(
          param.key, param.help,
          [field, get = param.get](const Config& c) { return get(c.*field); },
          [field, set = param.set](Config& c, const std::string& text, const std::string& where) {
            set(c.*field, text, where);
          });
    }
    for (const auto& check : inner.checks()) {
      checks_.push_back(
          [field, check](const Config& c, const std::string& source) { check(c.*field, source); });
    }
    return *this;
  }

  ParamTable& add(const std::string& key, const std::string& help, Getter get, Setter set) {
    params_.push_back(Param{key, help, std::move(get), std::move(set)});
    return *this;
  }

  ParamTable& check(Check rule) {
    checks_.push_back(std::move(rule));
    return *this;
  }

  const std::vector<Param>& params() const { return params_; }
  const std::vector<Check>& checks() const { return checks_; }

  // The options, every default printed from `defaults`. Values are taken as
  // text, so INI and command line are parsed (and their errors worded) alike.
  boost::program_options::options_description options(const Config& defaults = Config{}) const {
    boost::program_options::options_description options(
        "Configuration (INI keys; each also --KEY VALUE)");
    for (const Param& param : params_) {
      options.add_options()(
          param.key.c_str(),
          boost::program_options::value<std::string>()->default_value(as_text(param.get(defaults))),
          param.help.c_str());
    }
    return options;
  }

  // Reads every key from `values`; errors name "command line" for keys in
  // `command_line_keys`, else `source` (the INI file) or "default".
  Config from_values(const boost::program_options::variables_map& values, const std::string& source,
                     const std::set<std::string>& command_line_keys = {},
                     Config config = Config{}) const {
    for (const Param& param : params_) {
      if (values.count(param.key) == 0) continue;
      const auto& value = values[param.key];
      const std::string where = command_line_keys.count(param.key) != 0 ? "command line"
                                : value.defaulted()                     ? "default"
                                                                        : source;
      param.set(config, trim_blanks(value.template as<std::string>()), where);
    }
    for (const Check& rule : checks_) rule(config, source);
    return config;
  }

  // The `config` object of the stats.
  nlohmann::json to_json(const Config& config) const {
    nlohmann::json json = nlohmann::json::object();
    for (const Param& param : params_) json[param.key] = param.get(config);
    return json;
  }

  // The same as INI text (`key = value` lines) that reads back to `config`.
  std::string to_ini(const Config& config) const {
    std::string text;
    for (const Param& param : params_)
      text += param.key + " = " + as_text(param.get(config)) + "\n";
    return text;
  }

  // A value as an INI file or the command line writes it.
  static std::string as_text(const nlohmann::json& value) {
    return value.is_string() ? value.template get<std::string>() : value.dump();
  }

  // A command's configuration: `values` holds the parsed command line
  // (`options()` among its options); the INI file named by `config_key`, if
  // given, is read below it (the command line wins).
  Config from_command_line(const boost::program_options::options_description& options,
                           boost::program_options::variables_map& values,
                           const std::string& config_key = "config") const {
    std::set<std::string> command_line_keys;
    for (const auto& [key, value] : values) {
      if (!value.defaulted()) command_line_keys.insert(key);
    }
    std::string source = "command line";
    if (values.count(config_key) != 0) {
      source = values[config_key].template as<std::string>();
      read_ini_file(source, options, values);
    }
    return from_values(values, source, command_line_keys);
  }

  // A configuration file alone, defaults for missing keys.
  Config from_file(const std::string& path) const {
    const boost::program_options::options_description described = options();
    boost::program_options::variables_map values;
    read_ini_file(path, described, values);
    boost::program_options::notify(values);
    return from_values(values, path);
  }

 private:
  std::vector<Param> params_;
  std::vector<Check> checks_;
};

}  // namespace interpsim
