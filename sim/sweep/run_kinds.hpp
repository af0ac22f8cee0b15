// What a sweep can run at each point (`run = KIND` in a manifest): the keys
// it takes, how a value is checked and becomes command-line arguments of
// `interpsim KIND`, and which fields of its --json result go into
// summary.csv (docs/sweeps.md).
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "sim/sweep/manifest.hpp"

namespace interpsim::sweep {

// A summary.csv column: a field of the job's --json result (a JSON pointer).
struct ResultColumn {
  std::string name;
  std::string pointer;
};

// A key with one value: a boolean, or an integer in lo..hi.
struct SettingRule {
  bool boolean = false;
  long long lo = 0;
  long long hi = 0;
};

struct RunKind {
  std::string name;  // verify | table | simd | simt | ppa: the command it runs
  // The program of a job: empty for this binary (`interpsim NAME ARGS`), else
  // the command line that replaces `interpsim NAME` (ppa: python3 and
  // scripts/ppa.py, whose contents go into the job's hash).
  std::vector<std::string> program;
  std::map<std::string, SettingRule> settings;
  std::function<bool(const std::string& key)> is_axis;
  // Checks one value of an axis that is not a file; throws InputError naming `where`.
  std::function<void(const std::string& key, const std::string& value, const std::string& where)>
      check_value;
  // Checks the manifest as a whole (required axes, settings that go together).
  std::function<void(const Manifest& manifest)> check_manifest;
  // Appends the arguments of one axis value (file values already absolute).
  std::function<void(std::vector<std::string>& args, const std::string& key,
                     const std::string& value)>
      add_axis;
  // Appends the arguments the settings give every job (shards aside).
  std::function<void(std::vector<std::string>& args, const Manifest& manifest)> add_settings;
  std::vector<ResultColumn> columns;
};

// The kind named `name`, or nullptr.
const RunKind* find_run_kind(const std::string& name);

// "verify, table, simd, simt, ppa".
std::string run_kind_names();

}  // namespace interpsim::sweep
