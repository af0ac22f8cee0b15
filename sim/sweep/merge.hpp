// The merge step of a sweep: DIR/summary.csv from every job's result (one row
// per job, plus one merged row per sharded table), and the plots of
// scripts/sweep_plot.py (docs/sweeps.md).
#pragma once

#include <string>

namespace interpsim::sweep {

// Writes DIR/summary.csv and the plots; returns 0 when every job has a result
// and every check passed, 1 otherwise.
int merge(const std::string& dir);

}  // namespace interpsim::sweep
