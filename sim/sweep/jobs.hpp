// A sweep's jobs: one per point of the manifest's axes (and per shard), each
// the arguments of one `interpsim` run whose --json result is
// DIR/results/<hash>.json, the hash covering everything the result depends
// on (docs/design.md section 15). DIR/jobs.txt lists them, one per line.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/sweep/manifest.hpp"

namespace interpsim::sweep {

struct Job {
  std::string hash;   // 16 hex digits
  std::string kind;   // verify | table | simd | simt
  std::string shard;  // "I/K" or "-"
  std::string point;  // key=value;key=value
  std::vector<std::string> args;
};

// Every job of the manifest, in axis order (the last axis varies fastest),
// shards of a point together.
std::vector<Job> expand(const Manifest& manifest);

// jobs.txt: a comment line, then hash, kind, shard, point, arguments, tab-separated.
std::string jobs_text(const std::vector<Job>& jobs);
// Reads DIR/jobs.txt; throws InputError naming the file (and line).
std::vector<Job> read_jobs(const std::string& dir);

// The point's key = value pairs, in axis order.
std::vector<std::pair<std::string, std::string>> split_point(const std::string& point);

std::string result_path(const std::string& dir, const Job& job);
// The job's result when it exists and parses as a JSON object (a job is done).
std::optional<nlohmann::json> read_result(const std::string& dir, const Job& job);

// This binary's path (what Slurm tasks and local jobs run).
std::string self_path();

// The command line of a job: this binary, its arguments, --json RESULT.
std::vector<std::string> job_argv(const std::string& dir, const Job& job);
// Replaces the process by `args` (argv[0] a path); exits 127 when exec fails.
[[noreturn]] void exec_argv(const std::vector<std::string>& args);

}  // namespace interpsim::sweep
