#include "sim/sweep/manifest.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <tuple>

#include "model/input_error.hpp"
#include "sim/common/ini_file.hpp"
#include "sim/sweep/run_kinds.hpp"

namespace interpsim::sweep {

namespace fs = std::filesystem;

namespace {

std::vector<std::string> split_list(const std::string& text, const std::string& where,
                                    const std::string& key) {
  std::vector<std::string> values;
  std::string item;
  std::istringstream in(text);
  while (std::getline(in, item, ',')) values.push_back(trim_blanks(item));
  if (!text.empty() && text.back() == ',') values.push_back("");
  if (values.empty()) throw InputError(where + ": " + key + ": empty list");
  std::set<std::string> seen;
  for (const std::string& value : values) {
    if (value.empty()) throw InputError(where + ": " + key + ": empty value in '" + text + "'");
    if (value.find_first_of("\t\n") != std::string::npos) {
      throw InputError(where + ": " + key + ": a tab in '" + value + "'");
    }
    if (!seen.insert(value).second) {
      throw InputError(where + ": " + key + ": '" + value + "' given twice");
    }
  }
  return values;
}

void check_setting(const SettingRule& rule, const std::string& key, const std::string& value,
                   const std::string& where) {
  if (value.find(',') != std::string::npos) {
    throw InputError(where + ": " + key + ": takes one value, not a list");
  }
  if (rule.boolean) {
    parse_bool(value, where, key);
  } else {
    parse_count(value, where, key, rule.lo, rule.hi);
  }
}

}  // namespace

bool Manifest::has_axis(const std::string& key) const {
  return std::any_of(axes.begin(), axes.end(), [&](const Axis& a) { return a.key == key; });
}

std::string Manifest::setting(const std::string& key) const {
  const auto it = settings.find(key);
  return it == settings.end() ? std::string() : it->second.first;
}

bool Manifest::flag(const std::string& key) const {
  const std::string value = setting(key);
  return value == "true" || value == "1";
}

std::string Manifest::where(const std::string& key) const {
  const auto it = settings.find(key);
  return path + (it == settings.end() ? "" : ":" + std::to_string(it->second.second));
}

bool parse_bool(const std::string& text, const std::string& where, const std::string& key) {
  if (text == "true" || text == "1") return true;
  if (text == "false" || text == "0") return false;
  throw InputError(where + ": " + key + ": '" + text + "' is not true or false");
}

long long parse_count(const std::string& text, const std::string& where, const std::string& key,
                      long long lo, long long hi) {
  const bool digits = !text.empty() && text.size() <= 18 &&
                      text.find_first_not_of("0123456789") == std::string::npos;
  const long long value = digits ? std::stoll(text) : -1;
  if (!digits || value < lo || value > hi) {
    throw InputError(where + ": " + key + ": '" + text + "' is not an integer in " +
                     std::to_string(lo) + ".." + std::to_string(hi));
  }
  return value;
}

bool is_file_axis(const std::string& key, const std::string& value) {
  // trace: a .npy file, or the builtin trace of simd, the uniform trace of simt.
  return key == "table" || key == "config" ||
         (key == "trace" && value != "builtin" && value != "uniform");
}

std::string resolve_file(const Manifest& manifest, const std::string& value) {
  fs::path path(value);
  if (path.is_relative()) path = fs::path(manifest.path).parent_path() / path;
  return fs::absolute(path).lexically_normal().string();
}

Manifest read_manifest(const std::string& path) {
  Manifest manifest;
  manifest.path = path;
  std::ifstream in(path);
  if (!in) throw InputError(path + ": cannot open the sweep manifest");
  std::stringstream contents;
  contents << in.rdbuf();
  std::set<std::string> seen;
  std::vector<IniLine> entries;
  for (const IniLine& line : parse_ini_lines(path, contents.str())) {
    if (!seen.insert(line.key).second) {
      throw InputError(line.where + ": key '" + line.key + "' given twice");
    }
    if (line.value.empty()) throw InputError(line.where + ": " + line.key + ": empty list");
    if (line.key != "run") {
      entries.push_back(line);
      continue;
    }
    if (find_run_kind(line.value) == nullptr) {
      throw InputError(line.where + ": run: '" + line.value + "' is not one of " +
                       run_kind_names());
    }
    manifest.kind = line.value;
  }
  if (manifest.kind.empty()) {
    throw InputError(path + ": no 'run = KIND' line (KIND: " + run_kind_names() + ")");
  }
  const RunKind& kind = *find_run_kind(manifest.kind);
  for (const IniLine& line : entries) {
    const auto setting = kind.settings.find(line.key);
    if (setting != kind.settings.end()) {
      check_setting(setting->second, line.key, line.value, line.where);
      manifest.settings[line.key] = {line.value, line.line};
      continue;
    }
    const bool file_axis = line.key == "table" || line.key == "config" || line.key == "trace";
    if (!kind.is_axis(line.key)) {
      throw InputError(line.where + ": unknown key '" + line.key + "' for run = " + kind.name);
    }
    Axis axis{line.key, split_list(line.value, line.where, line.key), line.line};
    for (const std::string& value : axis.values) {
      if (file_axis && is_file_axis(line.key, value)) {
        const std::string file = resolve_file(manifest, value);
        if (!std::ifstream(file)) {
          throw InputError(line.where + ": " + line.key + ": cannot read '" + file + "'");
        }
      } else {
        kind.check_value(line.key, value, line.where);
      }
    }
    manifest.axes.push_back(std::move(axis));
  }
  kind.check_manifest(manifest);
  long long job_count = 1;
  for (const Axis& axis : manifest.axes) {
    job_count = std::min(job_count * static_cast<long long>(axis.values.size()), kMaxJobs + 1);
  }
  if (!manifest.setting("shards").empty()) {
    job_count = std::min(job_count * std::stoll(manifest.setting("shards")), kMaxJobs + 1);
  }
  if (job_count > kMaxJobs) {
    throw InputError(path + ": more than " + std::to_string(kMaxJobs) +
                     " jobs (axes x shards); split the sweep into several manifests");
  }
  return manifest;
}

}  // namespace interpsim::sweep
