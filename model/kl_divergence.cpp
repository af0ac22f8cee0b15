#include "model/kl_divergence.hpp"

#include <cmath>
#include <cstddef>

namespace interpsim {

namespace {
constexpr double kSmoothing = 1e-4;
}  // namespace

bool smooth_and_normalize(std::vector<double>& dist) {
  double total = 0;
  size_t empty = 0;
  for (const double v : dist) {
    total += v;
    if (v == 0) ++empty;
  }
  if (total <= 0 || empty == dist.size()) return false;
  const double eps = kSmoothing * total / static_cast<double>(dist.size());
  const double taken = eps * static_cast<double>(empty) / static_cast<double>(dist.size() - empty);
  for (double& v : dist) v = (v == 0 ? eps : v - taken) / total;
  return true;
}

double kl_divergence(const std::vector<double>& p, const std::vector<double>& q) {
  double sum = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    if (p[i] > 0) sum += p[i] * std::log(p[i] / q[i]);
  }
  return sum;
}

}  // namespace interpsim
