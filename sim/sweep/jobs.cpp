#include "sim/sweep/jobs.hpp"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "model/content_hash.hpp"
#include "model/input_error.hpp"
#include "sim/sweep/run_kinds.hpp"

#ifndef INTERPSIM_VERSION
#define INTERPSIM_VERSION "unknown"
#endif

namespace interpsim::sweep {

namespace fs = std::filesystem;

namespace {

constexpr const char* kJobsHeader =
    "# interpsim sweep jobs, one per line, tab-separated: hash, kind, shard, point, then the "
    "arguments of 'interpsim' (the sweep adds --json DIR/results/<hash>.json)\n";

std::string read_whole_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot read the file");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string point_text(const std::vector<std::pair<std::string, std::string>>& point) {
  std::string text;
  for (const auto& [key, value] : point) text += (text.empty() ? "" : ";") + key + "=" + value;
  return text;
}

// The hash covers the binary's version, the arguments and every input file's contents.
std::string job_hash(const std::vector<std::string>& args, const std::vector<std::string>& files) {
  std::string text = std::string("interpsim ") + INTERPSIM_VERSION + "\n";
  for (const std::string& arg : args) text += arg + "\n";
  for (const std::string& file : files)
    text += "file " + file + "\n" + read_whole_file(file) + "\n";
  return fnv1a64_hex(text);
}

}  // namespace

std::string self_path() {
  std::error_code error;
  const fs::path path = fs::read_symlink("/proc/self/exe", error);
  return error ? std::string("interpsim") : path.string();
}

std::vector<Job> expand(const Manifest& manifest) {
  const RunKind& kind = *find_run_kind(manifest.kind);
  const long long shards =
      manifest.setting("shards").empty() ? 0 : std::stoll(manifest.setting("shards"));
  std::vector<Job> jobs;
  std::vector<size_t> index(manifest.axes.size(), 0);
  while (true) {
    std::vector<std::pair<std::string, std::string>> point;
    std::vector<std::string> args{manifest.kind};
    std::vector<std::string> files;
    for (size_t i = 0; i < manifest.axes.size(); ++i) {
      const Axis& axis = manifest.axes[i];
      std::string value = axis.values[index[i]];
      point.emplace_back(axis.key, value);
      if (is_file_axis(axis.key, value)) {
        value = resolve_file(manifest, value);
        files.push_back(value);
      }
      kind.add_axis(args, axis.key, value);
    }
    kind.add_settings(args, manifest);
    // Another program (scripts/ppa.py): its text is an input of every job.
    if (kind.program.size() > 1) files.push_back(kind.program.back());
    for (long long s = 0; s < std::max(1LL, shards); ++s) {
      Job job{"", manifest.kind, "-", point_text(point), args};
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
    if (fields.size() < 5 || fields[0].size() != 16 || find_run_kind(fields[1]) == nullptr) {
      throw InputError(path + ":" + std::to_string(number) + ": not a job line");
    }
    jobs.push_back(
        {fields[0], fields[1], fields[2], fields[3], {fields.begin() + 4, fields.end()}});
  }
  return jobs;
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

std::string result_path(const std::string& dir, const Job& job) {
  return dir + "/results/" + job.hash + ".json";
}

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

std::vector<std::string> job_argv(const std::string& dir, const Job& job) {
  const RunKind& kind = *find_run_kind(job.kind);
  std::vector<std::string> argv{self_path()};
  auto args = job.args.begin();
  if (!kind.program.empty()) {
    argv = kind.program;  // replaces `interpsim NAME`
    ++args;
  }
  argv.insert(argv.end(), args, job.args.end());
  argv.insert(argv.end(), {"--json", result_path(dir, job)});
  return argv;
}

void exec_argv(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  ::execv(argv[0], argv.data());
  std::perror("interpsim sweep: execv");
  ::_exit(127);
}

}  // namespace interpsim::sweep
