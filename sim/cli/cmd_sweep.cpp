// interpsim sweep: a manifest of axes -> one job per point (per shard), run
// locally (child processes) or as a Slurm job array, each job's result in
// DIR/results/<hash>.json, merged into DIR/summary.csv (docs/sweeps.md,
// docs/design.md section 15).
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/atomic_file.hpp"
#include "model/content_hash.hpp"
#include "model/float_text.hpp"
#include "model/functions.hpp"
#include "model/input_error.hpp"
#include "model/number_format.hpp"
#include "sim/cli/options.hpp"
#include "sim/common/ini_file.hpp"
#include "sim/common/json_text.hpp"
#include "sim/common/table_spec.hpp"
#include "sim/simd/simd_config.hpp"

#ifndef INTERPSIM_VERSION
#define INTERPSIM_VERSION "unknown"
#endif
#ifndef INTERPSIM_SWEEP_PLOT
#define INTERPSIM_SWEEP_PLOT ""
#endif

namespace interpsim::cli {

namespace {

namespace fs = std::filesystem;

// ---------------------------------------------------------------- manifest

struct Axis {
  std::string key;
  std::vector<std::string> values;
  int line = 0;
};

struct Manifest {
  std::string path;
  std::string kind;  // verify | simd
  std::vector<Axis> axes;
  std::map<std::string, std::pair<std::string, int>> settings;  // key -> (value, line)
};

// Keys that are single values (settings), not axes, per kind.
const std::set<std::string> kVerifySettings = {"exhaustive", "shards", "random",
                                               "corners",    "seed",   "threads"};
const std::set<std::string> kVerifyAxes = {"func", "segments", "format", "kb",   "a",
                                           "m",    "edges",    "derivative", "table"};
// Axes whose values are input files (their contents are hashed).
const std::set<std::string> kFileAxes = {"table", "trace", "config"};

std::string read_whole_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot read the file");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> split_list(const std::string& text, const std::string& where,
                                    const std::string& key) {
  std::vector<std::string> values;
  std::string item;
  std::istringstream in(text);
  while (std::getline(in, item, ',')) values.push_back(trim_blanks(item));
  if (!text.empty() && text.back() == ',') values.push_back("");
  if (values.empty()) throw InputError(where + ": " + key + ": empty list");
  for (const std::string& value : values) {
    if (value.empty()) throw InputError(where + ": " + key + ": empty value in '" + text + "'");
    if (value.find_first_of("\t\n") != std::string::npos) {
      throw InputError(where + ": " + key + ": a tab in '" + value + "'");
    }
  }
  std::set<std::string> seen;
  for (const std::string& value : values) {
    if (!seen.insert(value).second) {
      throw InputError(where + ": " + key + ": '" + value + "' given twice");
    }
  }
  return values;
}

// A value of a ParamTable key, checked by the table's own setter (the errors
// of simd --KEY / INI keys), named FILE:LINE.
template <typename Config>
bool check_param(const ParamTable<Config>& table, const std::string& key, const std::string& value,
                 const std::string& where) {
  for (const auto& param : table.params()) {
    if (param.key != key) continue;
    Config config;
    param.set(config, value, where);
    return true;
  }
  return false;
}

std::optional<long long> parse_count(const std::string& text) {
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos ||
      text.size() > 18) {
    return std::nullopt;
  }
  return std::stoll(text);
}

bool parse_bool(const std::string& text, const std::string& where, const std::string& key) {
  if (text == "true" || text == "1") return true;
  if (text == "false" || text == "0") return false;
  throw InputError(where + ": " + key + ": '" + text + "' is not true or false");
}

// A file named by the manifest: relative to the manifest's folder, made absolute.
std::string resolve_file(const Manifest& manifest, const std::string& value) {
  fs::path path(value);
  if (path.is_relative()) path = fs::path(manifest.path).parent_path() / path;
  return fs::absolute(path).lexically_normal().string();
}

void check_value(const Manifest& manifest, const std::string& key, const std::string& value,
                 const std::string& where) {
  if (kFileAxes.count(key) != 0 && !(key == "trace" && value == "builtin")) {
    const std::string path = resolve_file(manifest, value);
    std::ifstream in(path);
    if (!in) throw InputError(where + ": " + key + ": cannot read '" + path + "'");
    return;
  }
  if (manifest.kind == "verify") {
    if (key == "func") {
      try {
        find_function(value);
      } catch (const std::exception& error) {
        throw InputError(where + ": func: " + error.what());
      }
    } else if (key == "derivative") {
      parse_bool(value, where, key);
    } else if (key == "segments") {
      const std::optional<long long> n = parse_count(value);
      if (!n || *n < 1 || *n > 65536 || (*n & (*n - 1)) != 0) {
        throw InputError(where + ": segments: '" + value +
                         "' is not a power of two in 1..65536 (the RTL holds n <= 16)");
      }
    } else {
      check_param(table_shape_params(), key, value, where);
    }
    return;
  }
  check_param(simd::simd_params(), key, value, where);
}

Manifest read_manifest(const std::string& path) {
  Manifest manifest;
  manifest.path = path;
  std::ifstream in(path);
  if (!in) throw InputError(path + ": cannot open the sweep manifest");
  std::stringstream contents;
  contents << in.rdbuf();
  std::set<std::string> seen;
  std::vector<std::tuple<std::string, std::string, int>> entries;
  for (const IniLine& line : parse_ini_lines(path, contents.str())) {
    const std::string& key = line.key;
    const std::string& value = line.value;
    const std::string& where = line.where;
    const int number = line.line;
    if (!seen.insert(key).second) throw InputError(where + ": key '" + key + "' given twice");
    if (value.empty()) throw InputError(where + ": " + key + ": empty list");
    if (key == "run") {
      if (value == "table") {
        throw InputError(where + ": run: 'table' sweeps are not supported yet (use verify or simd)");
      }
      if (value != "verify" && value != "simd") {
        throw InputError(where + ": run: '" + value + "' is not one of verify, simd");
      }
      manifest.kind = value;
      continue;
    }
    entries.emplace_back(key, value, number);
  }
  if (manifest.kind.empty()) throw InputError(path + ": no 'run = verify|simd' line");
  const po::options_description simd_options = simd::simd_params().options();
  for (const auto& [key, value, line_number] : entries) {
    const std::string where = path + ":" + std::to_string(line_number);
    const bool setting = manifest.kind == "verify" && kVerifySettings.count(key) != 0;
    const bool axis = manifest.kind == "verify"
                          ? kVerifyAxes.count(key) != 0
                          : (key == "config" || simd_options.find_nothrow(key, false) != nullptr);
    if (!setting && !axis) {
      throw InputError(where + ": unknown key '" + key + "' for run = " + manifest.kind);
    }
    if (setting) {
      if (value.find(',') != std::string::npos) {
        throw InputError(where + ": " + key + ": takes one value, not a list");
      }
      if (key == "exhaustive" || key == "corners") {
        parse_bool(value, where, key);
      } else {
        const std::optional<long long> count = parse_count(value);
        const long long hi = key == "shards" ? (1 << 20) : key == "threads" ? 4096 : (1LL << 40);
        if (!count || *count < (key == "seed" ? 0 : 1) || *count > hi) {
          throw InputError(where + ": " + key + ": '" + value + "' is not an integer in " +
                           (key == "seed" ? "0" : "1") + ".." + std::to_string(hi));
        }
      }
      manifest.settings[key] = {value, line_number};
      continue;
    }
    Axis a{key, split_list(value, where, key), line_number};
    for (const std::string& v : a.values) check_value(manifest, key, v, where);
    manifest.axes.push_back(std::move(a));
  }
  if (manifest.kind == "verify") {
    auto has = [&](const std::string& key) {
      for (const Axis& a : manifest.axes)
        if (a.key == key) return true;
      return false;
    };
    auto flag = [&](const std::string& key) {
      auto it = manifest.settings.find(key);
      return it != manifest.settings.end() &&
             parse_bool(it->second.first, path + ":" + std::to_string(it->second.second), key);
    };
    if (has("table") == has("func")) {
      throw InputError(path + ": give 'func' (with 'segments') or 'table', not both or neither");
    }
    if (has("func") && !has("segments")) throw InputError(path + ": 'func' needs 'segments'");
    const int sources = int{flag("exhaustive")} + int{flag("corners")} +
                        int{manifest.settings.count("random") != 0};
    if (sources != 1) {
      throw InputError(path +
                       ": give exactly one input source: exhaustive = true, corners = true or "
                       "random = COUNT");
    }
    if (manifest.settings.count("shards") != 0 && !flag("exhaustive")) {
      throw InputError(path + ":" + std::to_string(manifest.settings["shards"].second) +
                       ": shards: needs exhaustive = true");
    }
    if (manifest.settings.count("shards") != 0) {
      const long long shards = std::stoll(manifest.settings["shards"].first);
      for (const Axis& a : manifest.axes) {
        if (a.key != "format") continue;
        for (const std::string& format : a.values) {
          const long long patterns = 1LL << format_bits(*number_format_names().parse(format));
          if (shards > patterns) {
            throw InputError(path + ":" + std::to_string(manifest.settings["shards"].second) +
                             ": shards: " + std::to_string(shards) + " is more than the " +
                             std::to_string(patterns) + " inputs of " + format);
          }
        }
      }
    }
  }
  // Every job is a line of jobs.txt and a task of one Slurm array: a bound
  // keeps a slip (a digit too many in shards) from writing a job list that
  // takes minutes, and stays within what clusters allow (MaxArraySize).
  constexpr long long kMaxJobs = 1LL << 16;
  long long job_count = 1;
  for (const Axis& a : manifest.axes) {
    job_count = std::min(job_count * static_cast<long long>(a.values.size()), kMaxJobs + 1);
  }
  if (manifest.settings.count("shards") != 0) {
    job_count = std::min(job_count * std::stoll(manifest.settings["shards"].first), kMaxJobs + 1);
  }
  if (job_count > kMaxJobs) {
    throw InputError(path + ": more than " + std::to_string(kMaxJobs) +
                     " jobs (axes x shards); split the sweep into several manifests");
  }
  return manifest;
}

// ---------------------------------------------------------------- jobs

struct Job {
  std::string hash;
  std::string kind;
  std::string shard;  // "I/K" or "-"
  std::string point;  // key=value;key=value
  std::vector<std::string> args;
};

std::string point_text(const std::vector<std::pair<std::string, std::string>>& point) {
  std::string text;
  for (const auto& [key, value] : point) text += (text.empty() ? "" : ";") + key + "=" + value;
  return text;
}

std::string job_hash(const std::vector<std::string>& args, const std::vector<std::string>& files) {
  std::string text = std::string("interpsim ") + INTERPSIM_VERSION + "\n";
  for (const std::string& arg : args) text += arg + "\n";
  for (const std::string& file : files) text += "file " + file + "\n" + read_whole_file(file) + "\n";
  return fnv1a64_hex(text);
}

std::vector<Job> expand(const Manifest& manifest) {
  std::vector<Job> jobs;
  std::vector<size_t> index(manifest.axes.size(), 0);
  while (true) {
    std::vector<std::pair<std::string, std::string>> point;
    std::vector<std::string> args{manifest.kind};
    std::vector<std::string> files;
    for (size_t i = 0; i < manifest.axes.size(); ++i) {
      const Axis& a = manifest.axes[i];
      std::string value = a.values[index[i]];
      point.emplace_back(a.key, value);
      if (kFileAxes.count(a.key) != 0 && !(a.key == "trace" && value == "builtin")) {
        value = resolve_file(manifest, value);
        files.push_back(value);
      }
      if (manifest.kind == "verify" && a.key == "segments") {
        int n = 0;
        while ((1LL << n) < std::stoll(value)) ++n;
        args.insert(args.end(), {"--n", std::to_string(n)});
      } else if (manifest.kind == "verify" && a.key == "derivative") {
        if (value == "true" || value == "1") args.push_back("--derivative");
      } else {
        args.insert(args.end(), {"--" + a.key, value});
      }
    }
    long long shards = 0;
    if (manifest.kind == "verify") {
      auto setting = [&](const std::string& key) {
        auto it = manifest.settings.find(key);
        return it == manifest.settings.end() ? std::string() : it->second.first;
      };
      if (setting("exhaustive") == "true" || setting("exhaustive") == "1") {
        args.push_back("--exhaustive");
        if (!setting("shards").empty()) shards = std::stoll(setting("shards"));
      }
      if (setting("corners") == "true" || setting("corners") == "1") args.push_back("--corners");
      if (!setting("random").empty()) {
        args.insert(args.end(), {"--random", setting("random")});
        if (!setting("seed").empty()) args.insert(args.end(), {"--seed", setting("seed")});
      }
      if (!setting("threads").empty()) args.insert(args.end(), {"--threads", setting("threads")});
    }
    for (long long s = 0; s < std::max(1LL, shards); ++s) {
      Job job;
      job.kind = manifest.kind;
      job.point = point_text(point);
      job.args = args;
      job.shard = "-";
      if (shards > 0) {
        job.shard = std::to_string(s) + "/" + std::to_string(shards);
        job.args.insert(job.args.end(), {"--shard", job.shard});
      }
      job.hash = job_hash(job.args, files);
      jobs.push_back(std::move(job));
    }
    size_t i = manifest.axes.size();
    while (i > 0) {
      --i;
      if (++index[i] < manifest.axes[i].values.size()) break;
      index[i] = 0;
      if (i == 0) return jobs;
    }
    if (manifest.axes.empty()) return jobs;
  }
}

constexpr const char* kJobsHeader =
    "# interpsim sweep jobs, one per line, tab-separated: hash, kind, shard, point, then the "
    "arguments of 'interpsim' (the sweep adds --json DIR/results/<hash>.json)\n";

std::string jobs_text(const std::vector<Job>& jobs) {
  std::string text = kJobsHeader;
  for (const Job& job : jobs) {
    text += job.hash + "\t" + job.kind + "\t" + job.shard + "\t" + job.point;
    for (const std::string& arg : job.args) text += "\t" + arg;
    text += "\n";
  }
  return text;
}

std::vector<Job> read_jobs(const std::string& dir) {
  const std::string path = dir + "/jobs.txt";
  std::ifstream in(path);
  if (!in) throw InputError(path + ": cannot read the job list (is '" + dir + "' a sweep folder?)");
  std::vector<Job> jobs;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> fields;
    std::string field;
    std::istringstream fields_in(line);
    while (std::getline(fields_in, field, '\t')) fields.push_back(field);
    if (fields.size() < 5 || fields[0].size() != 16) {
      throw InputError(path + ":" + std::to_string(number) + ": not a job line");
    }
    Job job{fields[0], fields[1], fields[2], fields[3], {fields.begin() + 4, fields.end()}};
    jobs.push_back(std::move(job));
  }
  return jobs;
}

std::string result_path(const std::string& dir, const Job& job) {
  return dir + "/results/" + job.hash + ".json";
}

// A job is done when its result exists and parses as the command's JSON.
std::optional<nlohmann::json> read_result(const std::string& dir, const Job& job) {
  std::ifstream in(result_path(dir, job));
  if (!in) return std::nullopt;
  try {
    nlohmann::json json = nlohmann::json::parse(in);
    if (!json.is_object()) return std::nullopt;
    return json;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::string self_path() {
  std::error_code error;
  const fs::path path = fs::read_symlink("/proc/self/exe", error);
  return error ? std::string("interpsim") : path.string();
}

std::vector<std::string> job_argv(const std::string& dir, const Job& job) {
  std::vector<std::string> argv{self_path()};
  argv.insert(argv.end(), job.args.begin(), job.args.end());
  argv.insert(argv.end(), {"--json", result_path(dir, job)});
  return argv;
}

[[noreturn]] void exec_argv(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  ::execv(argv[0], argv.data());
  std::perror("interpsim sweep: execv");
  ::_exit(127);
}

// ---------------------------------------------------------------- merge

std::string csv_field(const nlohmann::json& value) {
  if (value.is_null()) return "";
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_number_float()) {
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", value.get<double>());
    return text;
  }
  return json_text(value);
}

std::vector<std::pair<std::string, std::string>> split_point(const std::string& point) {
  std::vector<std::pair<std::string, std::string>> out;
  std::istringstream in(point);
  std::string item;
  while (std::getline(in, item, ';')) {
    const size_t equals = item.find('=');
    out.emplace_back(item.substr(0, equals), item.substr(equals + 1));
  }
  return out;
}

void plot(const std::string& dir) {
  const char* env = std::getenv("INTERPSIM_SWEEP_PLOT");
  const std::string script = env != nullptr ? env : INTERPSIM_SWEEP_PLOT;
  if (script.empty() || ::access(script.c_str(), R_OK) != 0 ||
      ::access("/usr/bin/python3", X_OK) != 0) {
    std::cerr << "sweep: no plot (scripts/sweep_plot.py or /usr/bin/python3 not found)\n";
    return;
  }
  const std::string command = "/usr/bin/python3 '" + script + "' '" + dir + "/summary.csv' '" +
                              dir + "/pareto.png' 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  std::string output;
  char buffer[512];
  while (pipe != nullptr && std::fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  const int status = pipe != nullptr ? ::pclose(pipe) : -1;
  if (!output.empty() && output.back() == '\n') output.pop_back();
  if (status != 0) {
    std::cerr << "sweep: no plot: " << (output.empty() ? "the plot script failed" : output) << "\n";
  } else if (!output.empty()) {
    std::cerr << output << "\n";
  }
}

// Writes DIR/summary.csv; returns 0 when every job has a result and every
// check passed, 1 otherwise.
int merge(const std::string& dir) {
  const std::vector<Job> jobs = read_jobs(dir);
  std::vector<std::string> axes;
  if (!jobs.empty()) {
    for (const auto& [key, value] : split_point(jobs.front().point)) axes.push_back(key);
  }
  const std::string kind = jobs.empty() ? "verify" : jobs.front().kind;
  const std::vector<std::string> fields =
      kind == "verify"
          ? std::vector<std::string>{"inputs", "input_patterns", "mismatches", "pass", "seconds"}
          : std::vector<std::string>{"elements",         "cycles",
                                     "elements_per_cycle", "lane_utilization",
                                     "bank_conflict_cycles", "mismatches",
                                     "array_table_memory_bytes", "sim_seconds"};
  std::string csv = "hash,kind";
  for (const std::string& a : axes) csv += "," + a;
  csv += kind == "verify" ? ",shard,status" : ",status";
  for (const std::string& f : fields) csv += "," + f;
  csv += "\n";
  size_t missing = 0, failed = 0;
  // Sharded verify: per point, sums over its shards.
  struct Merged {
    std::string point;
    long long shards = 0, results = 0, inputs = 0, mismatches = 0;
    long long patterns = 0;
    double seconds = 0;
    bool pass = true;
  };
  std::vector<Merged> merged;
  for (const Job& job : jobs) {
    const std::optional<nlohmann::json> result = read_result(dir, job);
    csv += job.hash + "," + job.kind;
    for (const auto& [key, value] : split_point(job.point)) csv += "," + value;
    if (kind == "verify") csv += "," + job.shard;
    csv += result ? ",done" : ",missing";
    for (const std::string& f : fields) {
      csv += "," + (result && result->contains(f) ? csv_field((*result)[f]) : std::string());
    }
    csv += "\n";
    if (!result) {
      ++missing;
    } else if (result->value("mismatches", 0ull) != 0 || !result->value("pass", true)) {
      ++failed;
    }
    if (kind == "verify" && job.shard != "-") {
      if (merged.empty() || merged.back().point != job.point) merged.push_back({job.point});
      Merged& m = merged.back();
      ++m.shards;
      if (result) {
        ++m.results;
        m.inputs += result->value("inputs", 0ll);
        m.mismatches += result->value("mismatches", 0ll);
        m.patterns = result->value("input_patterns", 0ll);
        m.seconds += result->value("seconds", 0.0);
        m.pass = m.pass && result->value("pass", false);
      }
    }
  }
  for (const Merged& m : merged) {
    const bool complete = m.results == m.shards && m.inputs == m.patterns;
    csv += ",verify-merged";
    for (const auto& [key, value] : split_point(m.point)) csv += "," + value;
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.6g", m.seconds);
    csv += "," + std::to_string(m.shards) + " shards," + (complete ? "complete" : "incomplete") +
           "," + std::to_string(m.inputs) + "," + std::to_string(m.patterns) + "," +
           std::to_string(m.mismatches) + "," + (complete && m.pass ? "true" : "false") + "," +
           seconds + "\n";
  }
  write_file_atomically(dir + "/summary.csv", csv);
  std::cout << "wrote " << dir << "/summary.csv: " << jobs.size() << " jobs, "
            << jobs.size() - missing << " with results, " << missing << " missing, " << failed
            << " failed checks\n";
  if (kind == "simd") plot(dir);
  return missing == 0 && failed == 0 ? 0 : 1;
}

// ---------------------------------------------------------------- backends

std::string seconds_text(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f s", seconds);
  return text;
}

void draw_bar(size_t done, size_t failed, size_t running, size_t total) {
  const int width = 30;
  const int filled = total == 0 ? width : static_cast<int>(width * (done + failed) / total);
  std::cerr << "\rsweep: [" << std::string(filled, '#') << std::string(width - filled, ' ') << "] "
            << done + failed << "/" << total << " jobs, " << running << " running, " << failed
            << " failed " << std::flush;
}

// Runs `pending` jobs, `parallel` at once; returns the count that failed.
size_t run_local(const std::string& dir, const std::vector<Job>& jobs,
                 const std::vector<size_t>& pending, unsigned parallel) {
  const bool tty = ::isatty(STDERR_FILENO) != 0;
  const auto start = std::chrono::steady_clock::now();
  std::map<pid_t, size_t> running;
  size_t next = 0, done = 0, failed = 0;
  while (next < pending.size() || !running.empty()) {
    while (next < pending.size() && running.size() < parallel) {
      const Job& job = jobs[pending[next]];
      const std::vector<std::string> argv = job_argv(dir, job);
      const std::string log = dir + "/logs/" + job.hash + ".log";
      const pid_t pid = ::fork();
      if (pid < 0) throw std::runtime_error("fork failed");
      if (pid == 0) {
        const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0) {
          ::dup2(fd, STDOUT_FILENO);
          ::dup2(fd, STDERR_FILENO);
          ::close(fd);
        }
        exec_argv(argv);
      }
      running[pid] = pending[next++];
    }
    if (tty) draw_bar(done, failed, running.size(), pending.size());
    int status = 0;
    const pid_t pid = ::waitpid(-1, &status, 0);
    if (pid < 0) break;
    auto it = running.find(pid);
    if (it == running.end()) continue;
    const Job& job = jobs[it->second];
    running.erase(it);
    const bool ok = read_result(dir, job).has_value();
    ok ? ++done : ++failed;
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!tty || !ok) {
      if (tty) std::cerr << "\r\033[K";
      std::cerr << "sweep: [" << done + failed << "/" << pending.size() << "] "
                << (ok ? "done " : "FAILED (no result; see logs/" + job.hash + ".log) ")
                << job.hash << " " << job.kind << " " << job.point
                << (job.shard != "-" ? " shard " + job.shard : "") << " at " << seconds_text(elapsed)
                << "\n";
    }
  }
  if (tty) {
    draw_bar(done, failed, 0, pending.size());
    std::cerr << "\n";
  }
  return failed;
}

std::string find_on_path(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::istringstream in(path != nullptr ? path : "");
  std::string folder;
  while (std::getline(in, folder, ':')) {
    const std::string candidate = (folder.empty() ? "." : folder) + "/" + name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "";
}

std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// "0-3,5,7-9" for sorted indices.
std::string index_ranges(const std::vector<size_t>& indices) {
  std::string text;
  for (size_t i = 0; i < indices.size();) {
    size_t j = i;
    while (j + 1 < indices.size() && indices[j + 1] == indices[j] + 1) ++j;
    text += (text.empty() ? "" : ",") + std::to_string(indices[i]);
    if (j > i) text += "-" + std::to_string(indices[j]);
    i = j + 1;
  }
  return text;
}

std::pair<int, std::string> run_capture(const std::string& command) {
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return {-1, ""};
  std::string output;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  const int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

// Submits the array, waits unless no_wait; returns false when the queue could
// not be read (the controller went away).
bool run_slurm(const std::string& dir, const std::vector<size_t>& pending, unsigned limit,
               bool no_wait, std::string& job_id) {
  std::string script =
      "#!/bin/bash\n"
      "# interpsim sweep: Slurm array task I runs line I of jobs.txt (not counting '#' lines)\n"
      "# through the same interpsim binary, which writes results/<hash>.json atomically.\n"
      "#SBATCH --job-name=interpsim-sweep\n"
      "#SBATCH --array=" +
      index_ranges(pending) + (limit > 0 ? "%" + std::to_string(limit) : std::string()) +
      "\n"
      "#SBATCH --output=" +
      dir + "/logs/%A_%a.out\n" + "#SBATCH --cpus-per-task=1\n" +
      "exec " + shell_quote(self_path()) + " sweep --job " + shell_quote(dir) +
      " \"$SLURM_ARRAY_TASK_ID\"\n";
  write_file_atomically(dir + "/sweep.sbatch", script);
  const auto [status, output] =
      run_capture("sbatch --parsable " + shell_quote(dir + "/sweep.sbatch"));
  if (status != 0) throw std::runtime_error("sbatch failed: " + trim_blanks(output));
  job_id = trim_blanks(output.substr(0, output.find_first_of(";\n")));
  std::cerr << "sweep: submitted Slurm job " << job_id << " (" << pending.size() << " array tasks";
  std::cerr << (limit > 0 ? ", at most " + std::to_string(limit) + " at once" : std::string())
            << ")\n";
  if (no_wait) return true;
  const bool tty = ::isatty(STDERR_FILENO) != 0;
  std::string last;
  const auto start = std::chrono::steady_clock::now();
  while (true) {
    const auto [code, queue] = run_capture("squeue -h -r -j " + job_id + " -o %T");
    if (code != 0) {
      if (tty) std::cerr << "\n";
      std::cerr << "sweep: squeue failed: " << trim_blanks(queue) << "\n";
      return false;
    }
    std::map<std::string, int> states;
    std::istringstream lines(queue);
    std::string state;
    while (std::getline(lines, state)) {
      if (!trim_blanks(state).empty()) ++states[trim_blanks(state)];
    }
    if (states.empty()) break;
    std::string text;
    for (const auto& [name, count] : states) {
      text += (text.empty() ? "" : ", ") + std::to_string(count) + " " + name;
    }
    if (text != last || tty) {
      const double elapsed =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      std::cerr << (tty ? "\r\033[K" : "") << "sweep: job " << job_id << ": " << text << " ("
                << seconds_text(elapsed) << ")" << (tty ? "" : "\n") << std::flush;
      last = text;
    }
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  if (tty) std::cerr << "\n";
  return true;
}

}  // namespace

int run_sweep(int argc, char** argv) {
  po::options_description options;
  options.add_options()  //
      ("manifest", po::value<std::string>()->value_name("MANIFEST.ini"),
       "the sweep manifest (docs/sweeps.md); also the first positional argument")  //
      ("out", po::value<std::string>()->value_name("DIR"), "the sweep folder (created if missing)")  //
      ("backend", po::value<std::string>()->default_value("local"), "local or slurm")  //
      ("jobs", po::value<unsigned>()->value_name("N"),
       "jobs at once (local default: the machine's cores; slurm: the array's %LIMIT, default none)")  //
      ("resume", po::bool_switch(),
       "skip jobs whose result exists (also the default: a result is never recomputed)")  //
      ("no-wait", po::bool_switch(), "slurm: submit and return; merge later with --merge DIR")  //
      ("merge", po::value<std::string>()->value_name("DIR"),
       "only merge DIR's results into DIR/summary.csv")  //
      ("job", po::value<std::vector<std::string>>()->multitoken()->value_name("DIR I"),
       "run job I of DIR/jobs.txt (what each Slurm array task runs)");
  const CommandHelp help{
      "interpsim sweep MANIFEST.ini --out DIR [--backend local|slurm] [--jobs N] [--resume]\n"
      "                [--no-wait]\n"
      "interpsim sweep --merge DIR",
      "Expands a manifest's axes into jobs (interpsim verify or simd runs, one per point\n"
      "and shard), runs those without a result in DIR/results/<hash>.json, locally or as a\n"
      "Slurm job array, and merges the results into DIR/summary.csv (and, for simd\n"
      "sweeps, DIR/pareto.png when python3 with matplotlib is there). docs/sweeps.md."};
  // The manifest may come first, as a positional argument.
  std::vector<char*> args(argv, argv + argc);
  static char manifest_flag[] = "--manifest";
  if (argc > 1 && argv[1][0] != '-') args.insert(args.begin() + 1, manifest_flag);
  po::variables_map values;
  if (!parse_options(static_cast<int>(args.size()), args.data(), help, options, values)) return 0;

  if (values.count("job") != 0) {
    const std::vector<std::string> job = values["job"].as<std::vector<std::string>>();
    if (job.size() != 2) throw_bad_option("job", "expected DIR I");
    const std::vector<Job> jobs = read_jobs(job[0]);
    const std::optional<long long> index = parse_count(job[1]);
    if (!index || *index >= static_cast<long long>(jobs.size())) {
      throw_bad_option("job", "'" + job[1] + "' is not a job of " + job[0] + "/jobs.txt");
    }
    const Job& chosen = jobs[static_cast<size_t>(*index)];
    std::cout << "sweep job " << *index << ": " << chosen.hash << " " << chosen.point << " "
              << chosen.shard << std::endl;
    exec_argv(job_argv(job[0], chosen));
  }
  if (values.count("merge") != 0) {
    if (values.count("manifest") != 0 || values.count("out") != 0) {
      throw UsageError("--merge DIR takes no manifest and no --out");
    }
    return merge(values["merge"].as<std::string>());
  }
  if (values.count("manifest") == 0) throw UsageError("the manifest (MANIFEST.ini) is missing");
  if (values.count("out") == 0) throw UsageError("the option '--out' is required but missing");
  const std::string backend = values["backend"].as<std::string>();
  if (backend != "local" && backend != "slurm") {
    throw_bad_option("backend", "'" + backend + "' is not one of local, slurm");
  }
  if (values["no-wait"].as<bool>() && backend != "slurm") {
    throw_bad_option("no-wait", "only with --backend slurm");
  }
  unsigned parallel = 0;
  if (values.count("jobs") != 0) {
    parallel = values["jobs"].as<unsigned>();
    if (parallel == 0) throw_bad_option("jobs", "must be at least 1");
  }
  // Everything is read and checked before anything is written.
  const Manifest manifest = read_manifest(values["manifest"].as<std::string>());
  const std::vector<Job> jobs = expand(manifest);
  if (backend == "slurm" && (find_on_path("sbatch").empty() || find_on_path("squeue").empty())) {
    throw InputError("--backend slurm: sbatch or squeue is not on PATH");
  }
  std::string dir = values["out"].as<std::string>();
  std::error_code error;
  fs::create_directories(fs::path(dir) / "results", error);
  if (!error) fs::create_directories(fs::path(dir) / "logs", error);
  if (error) throw InputError(dir + ": cannot create the sweep folder: " + error.message());
  dir = fs::canonical(dir).string();
  write_file_atomically(dir + "/jobs.txt", jobs_text(jobs));

  std::vector<size_t> pending;
  for (size_t i = 0; i < jobs.size(); ++i) {
    if (!read_result(dir, jobs[i])) pending.push_back(i);
  }
  std::cerr << "sweep: " << jobs.size() << " jobs, " << jobs.size() - pending.size()
            << " already done, " << pending.size() << " to run (" << backend << ")\n";
  const auto start = std::chrono::steady_clock::now();
  if (!pending.empty()) {
    if (backend == "local") {
      if (parallel == 0) parallel = std::max(1u, std::thread::hardware_concurrency());
      run_local(dir, jobs, pending, parallel);
    } else {
      std::string job_id;
      if (!run_slurm(dir, pending, parallel, values["no-wait"].as<bool>(), job_id)) return 1;
      if (values["no-wait"].as<bool>()) {
        std::cout << job_id << "\n";
        std::cerr << "sweep: merge when it is done: interpsim sweep --merge " << dir << "\n";
        return 0;
      }
    }
  }
  std::cerr << "sweep: ran " << pending.size() << " jobs in "
            << seconds_text(std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
                                .count())
            << "\n";
  return merge(dir);
}

}  // namespace interpsim::cli
