// The SIMD array's cycle engine: L lanes of one kind (verilated RTL or C++
// cycle model), the table organization with its arbitration, per-lane input
// and output queues, and the memory model. One call of step() is one array
// clock; the SystemC module (simd_array.hpp) calls it from its one clocked
// SC_METHOD. docs/simulator.md describes the timing rules implemented here.
#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <functional>
#include <vector>

#include "sim/simd/simd_config.hpp"

namespace interpsim::simd {

struct StallCounts {
  uint64_t memory = 0;          // ready, but its next input has not arrived
  uint64_t table_conflict = 0;  // its table request lost arbitration
  uint64_t output = 0;          // result refused: the lane's output queue is full
  uint64_t search = 0;          // iterative binary search still searching (II > 1)
  uint64_t idle = 0;            // no input left for this lane (pipeline fill/drain)
};

struct EngineStats {
  uint64_t cycles = 0;
  uint64_t elements = 0;
  uint64_t table_reads = 0;
  uint64_t bank_conflict_cycles = 0;  // (bank or port group, cycle) pairs with a refused request
  uint64_t memory_bytes = 0;
  StallCounts stalls;
};

struct EngineParams {
  int lanes = 1;
  TableOrg table_org = TableOrg::kPrivate;
  int banks = 1;
  int read_ports = 1;
  Arbitration arbitration = Arbitration::kRoundRobin;
  double bytes_per_cycle = 512;
  int latency = 0;
  int fifo_depth = 64;
  bool lanes_have_table_port = true;  // false: bsearch lanes (private table inside)
  // Bytes of one element in memory, read (x) and written (y) alike: the io
  // format's width (fp32 4, fp16/bf16 2, fp8 1).
  int element_bytes = 4;
};

// A ring buffer of fixed capacity.
class LaneQueue {
 public:
  explicit LaneQueue(size_t capacity = 1) : data_(capacity) {}
  bool empty() const { return size_ == 0; }
  size_t size() const { return size_; }
  size_t capacity() const { return data_.size(); }
  uint32_t front() const { return data_[head_]; }
  void pop() {
    head_ = head_ + 1 == data_.size() ? 0 : head_ + 1;
    --size_;
  }
  void push(uint32_t value) {
    size_t tail = head_ + size_;
    if (tail >= data_.size()) tail -= data_.size();
    data_[tail] = value;
    ++size_;
  }

 private:
  std::vector<uint32_t> data_;
  size_t head_ = 0;
  size_t size_ = 0;
};

// Arbitration of one cycle's table requests (banked and multiport tables).
// banked: bank = row mod B (low index bits); per bank one read: the winner is
//   the first requesting lane at or after the bank's pointer (round_robin,
//   pointer = winner + 1 afterwards) or the lowest requesting lane (fixed);
//   every lane requesting the winner's row is granted too (broadcast).
// multiport: R distinct rows per cycle, lanes served in priority order from
//   the pointer (round_robin: the pointer moves to the first refused lane) or
//   from lane 0 (fixed); a row already being read is shared at no cost.
class TableArbiter {
 public:
  TableArbiter(const EngineParams& params)
      : org_(params.table_org),
        banks_(params.banks),
        ports_(params.read_ports),
        round_robin_(params.arbitration == Arbitration::kRoundRobin),
        lanes_(params.lanes),
        pointer_(params.table_org == TableOrg::kBanked ? params.banks : 1, 0),
        first_at_or_after_(params.banks, -1),
        first_any_(params.banks, -1),
        winner_row_(params.banks, 0),
        selected_(params.read_ports) {}

  // requesting[i], rows[i] for every lane; fills granted[i]. Returns the
  // number of reads and adds (group, cycle) conflicts to *conflicts.
  uint64_t arbitrate(const std::vector<uint8_t>& requesting, const std::vector<uint32_t>& rows,
                     std::vector<uint8_t>& granted, uint64_t* conflicts) {
    return org_ == TableOrg::kBanked ? banked(requesting, rows, granted, conflicts)
                                     : multiport(requesting, rows, granted, conflicts);
  }

 private:
  uint64_t banked(const std::vector<uint8_t>& requesting, const std::vector<uint32_t>& rows,
                  std::vector<uint8_t>& granted, uint64_t* conflicts) {
    std::fill(first_at_or_after_.begin(), first_at_or_after_.end(), -1);
    std::fill(first_any_.begin(), first_any_.end(), -1);
    const uint32_t mask = static_cast<uint32_t>(banks_ - 1);
    for (int lane = 0; lane < lanes_; ++lane) {
      if (!requesting[lane]) continue;
      const uint32_t bank = rows[lane] & mask;
      if (first_any_[bank] < 0) first_any_[bank] = lane;
      if (round_robin_ && first_at_or_after_[bank] < 0 && lane >= pointer_[bank]) {
        first_at_or_after_[bank] = lane;
      }
    }
    uint64_t reads = 0;
    for (int bank = 0; bank < banks_; ++bank) {
      int winner = first_at_or_after_[bank] >= 0 ? first_at_or_after_[bank] : first_any_[bank];
      if (winner < 0) continue;
      ++reads;
      winner_row_[bank] = rows[winner];
      if (round_robin_) pointer_[bank] = winner + 1 == lanes_ ? 0 : winner + 1;
      first_any_[bank] = 0;  // reused below: 1 once a lane of this bank is refused
    }
    for (int lane = 0; lane < lanes_; ++lane) {
      if (!requesting[lane]) {
        granted[lane] = 0;
        continue;
      }
      const uint32_t bank = rows[lane] & mask;
      granted[lane] = rows[lane] == winner_row_[bank];
      if (!granted[lane] && first_any_[bank] == 0) {
        first_any_[bank] = 1;
        ++*conflicts;
      }
    }
    return reads;
  }

  uint64_t multiport(const std::vector<uint8_t>& requesting, const std::vector<uint32_t>& rows,
                     std::vector<uint8_t>& granted, uint64_t* conflicts) {
    int used = 0;
    int first_refused = -1;
    const int start = round_robin_ ? pointer_[0] : 0;
    for (int step = 0; step < lanes_; ++step) {
      int lane = start + step;
      if (lane >= lanes_) lane -= lanes_;
      granted[lane] = 0;
      if (!requesting[lane]) continue;
      const uint32_t row = rows[lane];
      const bool shared =
          std::find(selected_.begin(), selected_.begin() + used, row) != selected_.begin() + used;
      if (shared) {
        granted[lane] = 1;
      } else if (used < ports_) {
        selected_[used++] = row;
        granted[lane] = 1;
      } else if (first_refused < 0) {
        first_refused = lane;
      }
    }
    if (first_refused >= 0) {
      ++*conflicts;
      if (round_robin_) pointer_[0] = first_refused;
    }
    return static_cast<uint64_t>(used);
  }

  TableOrg org_;
  int banks_;
  int ports_;
  bool round_robin_;
  int lanes_;
  std::vector<int> pointer_;
  std::vector<int> first_at_or_after_;
  std::vector<int> first_any_;
  std::vector<uint32_t> winner_row_;
  std::vector<uint32_t> selected_;
};

// The array clock by clock. Element e of the input goes to lane e mod L (the
// SIMD vector layout); outputs are written back in element order.
template <typename Lane>
class ArrayEngine {
 public:
  ArrayEngine(const EngineParams& params, std::vector<Lane> lanes, const uint32_t* input,
              size_t count)
      : params_(clamp_queues(params, count)),
        lanes_(std::move(lanes)),
        arbiter_(params),
        input_(input),
        count_(count),
        output_(count),
        in_queues_(params.lanes, LaneQueue(params_.fifo_depth)),
        out_queues_(params.lanes, LaneQueue(params_.fifo_depth)),
        reserved_(params.lanes, 0),
        accepted_(params.lanes, 0),
        requesting_(params.lanes, 0),
        rows_(params.lanes, 0),
        granted_(params.lanes, 1),
        in_flight_(static_cast<size_t>(params.lanes) * params_.fifo_depth),
        element_bytes_(params.element_bytes),
        credit_cap_(std::max(params.bytes_per_cycle, 8.0)) {}

  bool done() const { return next_write_ == count_; }
  const EngineStats& stats() const { return stats_; }
  const std::vector<uint32_t>& output() const { return output_; }
  std::vector<Lane>& lanes() { return lanes_; }

  // One array clock.
  void step() {
    const int lanes = params_.lanes;
    memory_cycle();
    if (!params_.lanes_have_table_port || params_.table_org == TableOrg::kPrivate) {
      // Every request is granted: one pass over the lanes.
      for (int k = 0; k < lanes; ++k) {
        Lane& lane = lanes_[k];
        const LaneQueue& in = in_queues_[k];
        lane.begin_cycle(!in.empty(), in.empty() ? 0 : in.front(),
                         out_queues_[k].size() < out_queues_[k].capacity());
        lane.set_grant(true);
        finish_lane_cycle(k, false);
      }
    } else {
      for (int k = 0; k < lanes; ++k) {
        const LaneQueue& in = in_queues_[k];
        lanes_[k].begin_cycle(!in.empty(), in.empty() ? 0 : in.front(),
                              out_queues_[k].size() < out_queues_[k].capacity());
        requesting_[k] = lanes_[k].table_request(&rows_[k]);
      }
      stats_.table_reads +=
          arbiter_.arbitrate(requesting_, rows_, granted_, &stats_.bank_conflict_cycles);
      for (int k = 0; k < lanes; ++k) {
        lanes_[k].set_grant(granted_[k] != 0);
        finish_lane_cycle(k, requesting_[k] && !granted_[k]);
      }
    }
    ++stats_.cycles;
    if (done()) {
      stats_.elements = count_;
      if (!params_.lanes_have_table_port || params_.table_org == TableOrg::kPrivate) {
        stats_.table_reads = count_;  // every element reads its private table once
      }
    }
  }

 private:
  // A queue never holds more than its lane's elements, so deeper queues than
  // that behave exactly like ones of that depth: allocate no more.
  static EngineParams clamp_queues(EngineParams params, size_t count) {
    const uint64_t per_lane = count / static_cast<uint64_t>(params.lanes) + 1;
    if (static_cast<uint64_t>(params.fifo_depth) > per_lane) {
      params.fifo_depth = static_cast<int>(per_lane);
    }
    return params;
  }

  // The cycle's handshakes, the stall bookkeeping and the clock edge of lane k.
  // always_inline: it runs once per lane per clock, and GCC's inliner leaves it
  // out of line depending on what else the translation unit holds (callgrind:
  // 17% more instructions in the banked model-lane run when it does).
  [[gnu::always_inline]] void finish_lane_cycle(int k, bool refused) {
    Lane& lane = lanes_[k];
    LaneQueue& in = in_queues_[k];
    LaneQueue& out = out_queues_[k];
    const bool out_ready = out.size() < out.capacity();
    if (lane.in_ready()) {
      if (!in.empty()) {
        in.pop();
        --reserved_[k];
        ++accepted_[k];
      } else if (elements_of_lane(k) > accepted_[k]) {
        ++stats_.stalls.memory;
      } else {
        ++stats_.stalls.idle;
      }
    } else if (refused) {
      ++stats_.stalls.table_conflict;
    } else if (lane.out_valid() && !out_ready) {
      ++stats_.stalls.output;
    } else {
      ++stats_.stalls.search;
    }
    if (lane.out_valid() && out_ready) out.push(lane.out_y());
    lane.clock();
  }

  uint64_t elements_of_lane(int k) const {
    const uint64_t lanes = static_cast<uint64_t>(params_.lanes);
    return count_ / lanes + (static_cast<uint64_t>(k) < count_ % lanes ? 1 : 0);
  }

  // The memory: bytes_per_cycle shared by output writes (served first, so
  // results never deadlock the lanes) and input reads of element_bytes each;
  // unused bandwidth is not banked beyond one cycle's worth (cap
  // max(bytes_per_cycle, 8)).
  void memory_cycle() {
    credit_ = std::min(credit_ + params_.bytes_per_cycle, credit_cap_);
    while (next_write_ < count_ && credit_ >= element_bytes_) {
      LaneQueue& out = out_queues_[write_lane_];
      if (out.empty()) break;
      output_[next_write_++] = out.front();
      out.pop();
      write_lane_ = write_lane_ + 1 == params_.lanes ? 0 : write_lane_ + 1;
      credit_ -= element_bytes_;
      stats_.memory_bytes += params_.element_bytes;
    }
    deliver_arrivals();
    const uint64_t arrival = stats_.cycles + static_cast<uint64_t>(params_.latency);
    while (next_read_ < count_ && credit_ >= element_bytes_) {
      if (reserved_[read_lane_] >= params_.fifo_depth) break;
      ++reserved_[read_lane_];
      push_in_flight(arrival, next_read_);
      ++next_read_;
      read_lane_ = read_lane_ + 1 == params_.lanes ? 0 : read_lane_ + 1;
      credit_ -= element_bytes_;
      stats_.memory_bytes += params_.element_bytes;
    }
    deliver_arrivals();
  }

  void deliver_arrivals() {
    while (in_flight_size_ > 0 && in_flight_[in_flight_head_].arrival <= stats_.cycles) {
      const size_t element = in_flight_[in_flight_head_].element;
      in_flight_head_ = in_flight_head_ + 1 == in_flight_.size() ? 0 : in_flight_head_ + 1;
      --in_flight_size_;
      in_queues_[arrival_lane_].push(input_[element]);
      arrival_lane_ = arrival_lane_ + 1 == params_.lanes ? 0 : arrival_lane_ + 1;
    }
  }

  // Reads in flight never exceed the queue slots they reserve.
  void push_in_flight(uint64_t arrival, size_t element) {
    size_t tail = in_flight_head_ + in_flight_size_;
    if (tail >= in_flight_.size()) tail -= in_flight_.size();
    in_flight_[tail] = Read{arrival, element};
    ++in_flight_size_;
  }

  struct Read {
    uint64_t arrival;
    size_t element;
  };

  EngineParams params_;
  std::vector<Lane> lanes_;
  TableArbiter arbiter_;
  const uint32_t* input_;
  size_t count_;
  std::vector<uint32_t> output_;
  std::vector<LaneQueue> in_queues_, out_queues_;
  std::vector<int> reserved_;
  std::vector<uint64_t> accepted_;
  std::vector<uint8_t> requesting_;
  std::vector<uint32_t> rows_;
  std::vector<uint8_t> granted_;
  std::vector<Read> in_flight_;  // ring, in element order, arrivals nondecreasing
  size_t in_flight_head_ = 0;
  size_t in_flight_size_ = 0;
  size_t next_read_ = 0;
  size_t next_write_ = 0;
  int read_lane_ = 0, write_lane_ = 0, arrival_lane_ = 0;
  double credit_ = 0;
  double element_bytes_;
  double credit_cap_;
  EngineStats stats_;
};

}  // namespace interpsim::simd
