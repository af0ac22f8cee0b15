#include "sim/sweep/merge.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "model/atomic_file.hpp"
#include "sim/common/json_text.hpp"
#include "sim/sweep/jobs.hpp"
#include "sim/sweep/run_kinds.hpp"

#ifndef INTERPSIM_SWEEP_PLOT
#define INTERPSIM_SWEEP_PLOT ""
#endif

namespace interpsim::sweep {

namespace {

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

std::string column_field(const nlohmann::json& result, const ResultColumn& column) {
  const nlohmann::json::json_pointer pointer(column.pointer);
  return result.contains(pointer) ? csv_field(result.at(pointer)) : std::string();
}

// The plots are a convenience: a missing python3 or matplotlib is said, not an error.
void plot(const std::string& dir) {
  const char* env = std::getenv("INTERPSIM_SWEEP_PLOT");
  const std::string script = env != nullptr ? env : INTERPSIM_SWEEP_PLOT;
  if (script.empty() || ::access(script.c_str(), R_OK) != 0 ||
      ::access("/usr/bin/python3", X_OK) != 0) {
    std::cerr << "sweep: no plot (scripts/sweep_plot.py or /usr/bin/python3 not found)\n";
    return;
  }
  const std::string command =
      "/usr/bin/python3 '" + script + "' '" + dir + "/summary.csv' '" + dir + "/pareto.png' 2>&1";
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

// One sharded table's shards, summed.
struct MergedShards {
  std::string point;
  long long shards = 0, results = 0, inputs = 0, mismatches = 0, patterns = 0;
  double seconds = 0;
  bool pass = true;
};

std::string merged_row(const MergedShards& m) {
  const bool complete = m.results == m.shards && m.inputs == m.patterns;
  std::string row = ",verify-merged";
  for (const auto& [key, value] : split_point(m.point)) row += "," + value;
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.6g", m.seconds);
  return row + "," + std::to_string(m.shards) + " shards," +
         (complete ? "complete" : "incomplete") + "," + std::to_string(m.inputs) + "," +
         std::to_string(m.patterns) + "," + std::to_string(m.mismatches) + "," +
         (complete && m.pass ? "true" : "false") + "," + seconds + "\n";
}

}  // namespace

int merge(const std::string& dir) {
  const std::vector<Job> jobs = read_jobs(dir);
  std::vector<std::string> axes;
  if (!jobs.empty()) {
    for (const auto& [key, value] : split_point(jobs.front().point)) axes.push_back(key);
  }
  const RunKind& kind = *find_run_kind(jobs.empty() ? "verify" : jobs.front().kind);
  const bool verify = kind.name == "verify";
  std::string csv = "hash,kind";
  for (const std::string& axis : axes) csv += "," + axis;
  csv += verify ? ",shard,status" : ",status";
  for (const ResultColumn& column : kind.columns) {
    // A result named like an axis (simt's `elements`) gets its own column name.
    const bool axis = std::find(axes.begin(), axes.end(), column.name) != axes.end();
    csv += "," + column.name + (axis ? "_result" : "");
  }
  csv += "\n";
  size_t missing = 0, failed = 0;
  std::vector<MergedShards> merged;
  for (const Job& job : jobs) {
    const std::optional<nlohmann::json> result = read_result(dir, job);
    csv += job.hash + "," + job.kind;
    for (const auto& [key, value] : split_point(job.point)) csv += "," + value;
    if (verify) csv += "," + job.shard;
    csv += result ? ",done" : ",missing";
    for (const ResultColumn& column : kind.columns) {
      csv += "," + (result ? column_field(*result, column) : std::string());
    }
    csv += "\n";
    if (!result) {
      ++missing;
    } else if (result->value("mismatches", 0ull) != 0 || !result->value("pass", true)) {
      ++failed;
    }
    if (verify && job.shard != "-") {
      if (merged.empty() || merged.back().point != job.point) merged.push_back({job.point});
      MergedShards& m = merged.back();
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
  for (const MergedShards& m : merged) csv += merged_row(m);
  write_file_atomically(dir + "/summary.csv", csv);
  std::cout << "wrote " << dir << "/summary.csv: " << jobs.size() << " jobs, "
            << jobs.size() - missing << " with results, " << missing << " missing, " << failed
            << " failed checks\n";
  if (!verify) plot(dir);
  return missing == 0 && failed == 0 ? 0 : 1;
}

}  // namespace interpsim::sweep
