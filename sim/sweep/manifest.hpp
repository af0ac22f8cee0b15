// A sweep manifest (docs/sweeps.md): `run = KIND`, axes (keys with a list of
// values) and settings (keys with one value), read and checked whole before
// a sweep writes anything.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace interpsim::sweep {

struct Axis {
  std::string key;
  std::vector<std::string> values;
  int line = 0;
};

struct Manifest {
  std::string path;
  std::string kind;  // a run kind's name (run_kinds.hpp)
  std::vector<Axis> axes;
  std::map<std::string, std::pair<std::string, int>> settings;  // key -> (value, line)

  bool has_axis(const std::string& key) const;
  // The setting's value, or "" when the manifest does not give it.
  std::string setting(const std::string& key) const;
  // A boolean setting (true | false | 1 | 0); false when absent.
  bool flag(const std::string& key) const;
  // "path:line" of a setting, for messages.
  std::string where(const std::string& key) const;
};

// Every sweep is at most this many jobs (axes x shards): each is a line of
// jobs.txt and a task of one Slurm array, and clusters bound array sizes
// (MaxArraySize); a slip (a digit too many in shards) fails at once.
constexpr long long kMaxJobs = 1LL << 16;

// Reads and checks the manifest; throws InputError naming FILE:LINE.
Manifest read_manifest(const std::string& path);

// Axes whose values are input files (their contents are part of a job's hash).
bool is_file_axis(const std::string& key, const std::string& value);

// A file named by the manifest: relative to the manifest's folder, made absolute.
std::string resolve_file(const Manifest& manifest, const std::string& value);

// Helpers the run kinds share, each throwing InputError naming `where`.
bool parse_bool(const std::string& text, const std::string& where, const std::string& key);
long long parse_count(const std::string& text, const std::string& where, const std::string& key,
                      long long lo, long long hi);

}  // namespace interpsim::sweep
