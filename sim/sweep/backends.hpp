// The two ways a sweep runs its pending jobs (docs/sweeps.md): child
// processes on this machine, or one Slurm job array.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "sim/sweep/jobs.hpp"

namespace interpsim::sweep {

// Runs the jobs `pending` (indices into `jobs`), `parallel` at once, each
// writing its log to DIR/logs/<hash>.log; a progress bar on a terminal.
// Returns how many ended without a result.
size_t run_local(const std::string& dir, const std::vector<Job>& jobs,
                 const std::vector<size_t>& pending, unsigned parallel);

// Writes DIR/sweep.sbatch (array task I runs job I), submits it with at most
// `limit` tasks at once (0: no limit) and, unless no_wait, polls squeue until
// the array is gone. Sets job_id; returns false when the queue could not be
// read. Throws when sbatch fails.
bool run_slurm(const std::string& dir, const std::vector<size_t>& pending, unsigned limit,
               bool no_wait, std::string& job_id);

// The program's full path when `name` is on PATH, else "".
std::string find_on_path(const std::string& name);

// "12.3 s".
std::string seconds_text(double seconds);

}  // namespace interpsim::sweep
