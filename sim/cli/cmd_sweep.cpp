// interpsim sweep: a manifest of axes -> one job per point (per shard), run
// locally (child processes) or as a Slurm job array, each job's result in
// DIR/results/<hash>.json, merged into DIR/summary.csv (sim/sweep/,
// docs/sweeps.md, docs/design.md section 15).
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "model/atomic_file.hpp"
#include "model/input_error.hpp"
#include "model/usable_cores.hpp"
#include "sim/cli/options.hpp"
#include "sim/sweep/backends.hpp"
#include "sim/sweep/jobs.hpp"
#include "sim/sweep/manifest.hpp"
#include "sim/sweep/merge.hpp"
#include "sim/sweep/run_kinds.hpp"

namespace interpsim::cli {

namespace fs = std::filesystem;
using namespace interpsim::sweep;

int run_sweep(int argc, char** argv) {
  po::options_description options;
  options.add_options()  //
      ("manifest", po::value<std::string>()->value_name("MANIFEST.ini"),
       "the sweep manifest (docs/sweeps.md); also the first positional argument")  //
      ("out", po::value<std::string>()->value_name("DIR"),
       "the sweep folder (created if missing)")                                        //
      ("backend", po::value<std::string>()->default_value("local"), "local or slurm")  //
      ("jobs", po::value<unsigned>()->value_name("N"),
       "jobs at once (local default: the cores it may run on; slurm: the array's %LIMIT, default "
       "none)")  //
      ("resume", po::bool_switch(),
       "skip jobs whose result exists (also the default: a result is never recomputed)")        //
      ("no-wait", po::bool_switch(), "slurm: submit and return; merge later with --merge DIR")  //
      ("merge", po::value<std::string>()->value_name("DIR"),
       "only merge DIR's results into DIR/summary.csv")  //
      ("job", po::value<std::vector<std::string>>()->multitoken()->value_name("DIR I"),
       "run job I of DIR/jobs.txt (what each Slurm array task runs)");
  const CommandHelp help{
      "interpsim sweep MANIFEST.ini --out DIR [--backend local|slurm] [--jobs N] [--resume]\n"
      "                [--no-wait]\n"
      "interpsim sweep --merge DIR",
      "Expands a manifest's axes into jobs (interpsim verify, table, simd or simt runs, one\n"
      "per point and shard), runs those without a result in DIR/results/<hash>.json, locally\n"
      "or as a Slurm job array, and merges the results into DIR/summary.csv (and, for table,\n"
      "simd and simt sweeps, DIR/pareto.png when python3 with matplotlib is there).\n"
      "docs/sweeps.md."};
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
    const bool digits = !job[1].empty() && job[1].size() <= 18 &&
                        job[1].find_first_not_of("0123456789") == std::string::npos;
    if (!digits || std::stoull(job[1]) >= jobs.size()) {
      throw_bad_option("job", "'" + job[1] + "' is not a job of " + job[0] + "/jobs.txt");
    }
    const size_t index = std::stoull(job[1]);
    const Job& chosen = jobs[index];
    std::cout << "sweep job " << index << ": " << chosen.hash << " " << chosen.point << " "
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
      if (parallel == 0) parallel = usable_cores();
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
            << seconds_text(
                   std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count())
            << "\n";
  return merge(dir);
}

}  // namespace interpsim::cli
