#include "sim/sweep/backends.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "model/atomic_file.hpp"
#include "sim/common/ini_file.hpp"

namespace interpsim::sweep {

namespace {

void draw_bar(size_t done, size_t failed, size_t running, size_t total) {
  const int width = 30;
  const int filled = total == 0 ? width : static_cast<int>(width * (done + failed) / total);
  std::cerr << "\rsweep: [" << std::string(filled, '#') << std::string(width - filled, ' ') << "] "
            << done + failed << "/" << total << " jobs, " << running << " running, " << failed
            << " failed " << std::flush;
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

}  // namespace

std::string seconds_text(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f s", seconds);
  return text;
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
                << (ok ? "done " : "FAILED (no result; see logs/" + job.hash + ".log) ") << job.hash
                << " " << job.kind << " " << job.point
                << (job.shard != "-" ? " shard " + job.shard : "") << " at "
                << seconds_text(elapsed) << "\n";
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
      dir + "/logs/%A_%a.out\n" + "#SBATCH --cpus-per-task=1\n" + "exec " +
      shell_quote(self_path()) + " sweep --job " + shell_quote(dir) + " \"$SLURM_ARRAY_TASK_ID\"\n";
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

}  // namespace interpsim::sweep
