// KL divergence of histograms, as the calibrations use it (docs/design.md
// section 12): TensorRT's smoothing, then sum p log(p / q).
#pragma once

#include <vector>

namespace interpsim {

// Empty bins get `eps` = 1e-4 of the total mass spread over all bins, taken
// evenly from the non-empty ones; then normalized to sum 1. Returns false
// (leaving `dist` as it was) when every bin is empty.
bool smooth_and_normalize(std::vector<double>& dist);

// sum p[i] log(p[i] / q[i]) over p[i] > 0 (q smoothed: no zero where p is not).
double kl_divergence(const std::vector<double>& p, const std::vector<double>& q);

}  // namespace interpsim
