#include "sim/simt/interp_backend.hpp"

#include <stdexcept>

namespace interpsim::simt {

ModelLaneBackend::ModelLaneBackend(const UniformTable& table) : lane_(table) {
  // Measure the pipeline latency once: cycles from accepting one input to
  // its output becoming valid.
  lane_.reset();
  uint32_t y = 0;
  const uint32_t x = 0;
  int cycle = 0;
  bool sent = false;
  for (; cycle < 1000; ++cycle) {
    lane_.begin_cycle(!sent, x, true);
    uint32_t row = 0;
    lane_.table_request(&row);
    lane_.set_grant(true);
    if (lane_.out_valid()) {
      y = lane_.out_y();
      break;
    }
    if (!sent && lane_.in_ready()) sent = true;
    lane_.clock();
  }
  (void)y;
  if (cycle >= 1000) throw std::logic_error("interp lane model never produced an output");
  latency_ = cycle;
  lane_.reset();
}

void ModelLaneBackend::evaluate(const uint32_t* x, uint32_t* y, int count) {
  int sent = 0;
  int received = 0;
  for (int cycle = 0; received < count; ++cycle) {
    if (cycle > count + 10 * latency_ + 100) {
      throw std::logic_error("interp lane model stalled");
    }
    lane_.begin_cycle(sent < count, sent < count ? x[sent] : 0, true);
    uint32_t row = 0;
    lane_.table_request(&row);
    lane_.set_grant(true);  // private table: every read is granted
    if (lane_.out_valid()) y[received++] = lane_.out_y();
    if (sent < count && lane_.in_ready()) ++sent;
    lane_.clock();
  }
}

}  // namespace interpsim::simt
