// The SIMD array's cycle engine: L lanes of one kind (verilated RTL or C++
// cycle model), the table organization with its arbitration, per-lane input
// and output queues, and the memory model. One call of step() is one array
// clock; advance() is step() or, once the array is in a steady state, a jump
// over many clocks at once (the steady-state skip, below), with the same
// cycles, statistics and outputs. The SystemC module (simd_clock.hpp) calls
// advance() from its one SC_METHOD. docs/simulator.md describes the timing
// rules implemented here.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <type_traits>
#include <utility>
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
  // Allow the steady-state skip (ArrayEngine::advance). It engages only where
  // it is exact: lanes with SkipsSteadyState, every table read granted
  // (private tables or lanes without a table port), and input[e] == e (model
  // lanes carrying element indices).
  bool skip_steady_state = false;
  bool input_is_element_index = false;
};

inline void add_scaled(StallCounts& total, const StallCounts& delta, uint64_t times) {
  total.memory += delta.memory * times;
  total.table_conflict += delta.table_conflict * times;
  total.output += delta.output * times;
  total.search += delta.search * times;
  total.idle += delta.idle * times;
}

inline void add_scaled(EngineStats& total, const EngineStats& delta, uint64_t times) {
  total.cycles += delta.cycles * times;
  total.elements += delta.elements * times;
  total.table_reads += delta.table_reads * times;
  total.bank_conflict_cycles += delta.bank_conflict_cycles * times;
  total.memory_bytes += delta.memory_bytes * times;
  add_scaled(total.stalls, delta.stalls, times);
}

inline EngineStats difference(const EngineStats& after, const EngineStats& before) {
  EngineStats delta;
  delta.cycles = after.cycles - before.cycles;
  delta.elements = after.elements - before.elements;
  delta.table_reads = after.table_reads - before.table_reads;
  delta.bank_conflict_cycles = after.bank_conflict_cycles - before.bank_conflict_cycles;
  delta.memory_bytes = after.memory_bytes - before.memory_bytes;
  delta.stalls.memory = after.stalls.memory - before.stalls.memory;
  delta.stalls.table_conflict = after.stalls.table_conflict - before.stalls.table_conflict;
  delta.stalls.output = after.stalls.output - before.stalls.output;
  delta.stalls.search = after.stalls.search - before.stalls.search;
  delta.stalls.idle = after.stalls.idle - before.stalls.idle;
  return delta;
}

inline bool operator==(const EngineStats& a, const EngineStats& b) {
  return a.cycles == b.cycles && a.elements == b.elements && a.table_reads == b.table_reads &&
         a.bank_conflict_cycles == b.bank_conflict_cycles && a.memory_bytes == b.memory_bytes &&
         a.stalls.memory == b.stalls.memory && a.stalls.table_conflict == b.stalls.table_conflict &&
         a.stalls.output == b.stalls.output && a.stalls.search == b.stalls.search &&
         a.stalls.idle == b.stalls.idle;
}

// Lanes the steady-state skip can move on: control_state() (valid bits and
// other control registers, no data), advance_elements(delta) (every element
// index held += delta) and result_of(x) (the output for an element x). The C++
// cycle models have them (model/lane_cycle_model.hpp); the verilated RTL not.
template <typename Lane, typename = void>
struct SkipsSteadyState : std::false_type {};
template <typename Lane>
struct SkipsSteadyState<Lane, std::void_t<decltype(std::declval<const Lane&>().control_state()),
                                          decltype(std::declval<Lane&>().advance_elements(0u)),
                                          decltype(std::declval<const Lane&>().result_of(0u))>>
    : std::true_type {};

// Lanes that are slices of one verilated model of many lanes
// (sim/lanes/rtl_lane_array.hpp): begin_cycle, set_grant and clock only store
// port values; array().evaluate(), evaluate_grants() and clock() evaluate
// every lane at once, called after the lanes' calls of each phase.
template <typename Lane, typename = void>
struct EvaluatesAsArray : std::false_type {};
template <typename Lane>
struct EvaluatesAsArray<Lane, std::void_t<decltype(std::declval<Lane&>().array().evaluate())>>
    : std::true_type {};

// A ring buffer of fixed capacity.
class LaneQueue {
 public:
  explicit LaneQueue(size_t capacity = 1) : data_(capacity) {}
  bool empty() const { return size_ == 0; }
  size_t size() const { return size_; }
  size_t capacity() const { return data_.size(); }
  uint32_t front() const { return data_[head_]; }
  // Entry i from the front.
  void set(size_t i, uint32_t value) {
    const size_t at = head_ + i;
    data_[at >= data_.size() ? at - data_.size() : at] = value;
  }
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
        credit_cap_(std::max(params.bytes_per_cycle, 8.0)),
        skip_enabled_(SkipsSteadyState<Lane>::value && params.skip_steady_state &&
                      params.input_is_element_index &&
                      (!params.lanes_have_table_port || params.table_org == TableOrg::kPrivate)),
        lane_shapes_(skip_enabled_ ? params.lanes : 0),
        history_(skip_enabled_ ? kMaxPeriod : 0),
        fingerprints_(skip_enabled_ ? kMaxPeriod : 0),
        period_runs_(skip_enabled_ ? kMaxPeriod : 0) {}

  bool done() const { return next_write_ == count_; }
  // No element read or written for longer than any legal stall (memory
  // latency, a full queue's credit at the slowest bandwidth, a lane's
  // search): a lane or table port deadlocked. The driver stops and reports
  // instead of running forever.
  bool stuck() const {
    return stats_.cycles - last_progress_cycle_ > kStuckCycles + 2 * uint64_t(params_.latency);
  }
  const EngineStats& stats() const { return stats_; }
  const std::vector<uint32_t>& output() const { return output_; }
  std::vector<Lane>& lanes() { return lanes_; }
  // Clocks that advance() jumped over rather than stepped.
  uint64_t skipped_cycles() const { return skipped_cycles_; }

  // One array clock, or a jump over the clocks of a steady state; returns
  // the clocks advanced.
  uint64_t advance() {
    if constexpr (SkipsSteadyState<Lane>::value) {
      if (skip_enabled_) {
        const uint64_t skipped = skip_steady_state();
        if (skipped > 0) {
          note_progress();
          return skipped;
        }
        const Counters before{stats_, next_read_, next_write_};
        step();
        observe(before);
        return 1;
      }
    }
    step();
    return 1;
  }

  // One array clock.
  void step() {
    const int lanes = params_.lanes;
    memory_cycle();
    if constexpr (EvaluatesAsArray<Lane>::value) {
      step_lane_array();
    } else if (!params_.lanes_have_table_port || params_.table_org == TableOrg::kPrivate) {
      // Every request is granted: one pass over the lanes.
      for (int k = 0; k < lanes; ++k) {
        begin_lane_cycle(k);
        lanes_[k].set_grant(true);
        finish_lane_cycle(k, false, stats_.stalls);
      }
    } else {
      for (int k = 0; k < lanes; ++k) {
        begin_lane_cycle(k);
        requesting_[k] = lanes_[k].table_request(&rows_[k]);
      }
      stats_.table_reads +=
          arbiter_.arbitrate(requesting_, rows_, granted_, &stats_.bank_conflict_cycles);
      for (int k = 0; k < lanes; ++k) {
        lanes_[k].set_grant(granted_[k] != 0);
        finish_lane_cycle(k, requesting_[k] && !granted_[k], stats_.stalls);
      }
    }
    ++stats_.cycles;
    note_progress();
    if (done()) {
      stats_.elements = count_;
      if (!params_.lanes_have_table_port || params_.table_org == TableOrg::kPrivate) {
        stats_.table_reads = count_;  // every element reads its private table once
      }
    }
  }

 private:
  static constexpr uint64_t kStuckCycles = 1u << 22;

  void note_progress() {
    const size_t moved = next_read_ + next_write_;
    if (moved != progress_mark_) {
      progress_mark_ = moved;
      last_progress_cycle_ = stats_.cycles;
    }
  }

  // step()'s lane phases for lanes evaluated as one model: every lane's
  // inputs, one evaluation, the table requests and their arbitration, one
  // re-evaluation for changed grants, every lane's handshakes, one edge.
  void step_lane_array() {
    const int lanes = params_.lanes;
    auto& array = lanes_[0].array();
    const bool arbitrated =
        params_.lanes_have_table_port && params_.table_org != TableOrg::kPrivate;
    if (!arbitrated && array.always_granted()) {
      // Every lane stands alone within the clock: each part of the array
      // (one per thread) runs its lanes' whole cycle, so a part's lanes and
      // models stay in one core's cache. Stalls are counted per part.
      array.run_parts([this, &array](int part) { lane_part_cycle(array, part); });
      for (PartStalls& part : part_stalls_) {
        add_scaled(stats_.stalls, part.counts, 1);
        part.counts = StallCounts{};
      }
      return;
    }
    for (int k = 0; k < lanes; ++k) begin_lane_cycle(k);
    array.evaluate();
    if (arbitrated) {
      for (int k = 0; k < lanes; ++k) requesting_[k] = lanes_[k].table_request(&rows_[k]);
      stats_.table_reads +=
          arbiter_.arbitrate(requesting_, rows_, granted_, &stats_.bank_conflict_cycles);
    }
    for (int k = 0; k < lanes; ++k) lanes_[k].set_grant(!arbitrated || granted_[k] != 0);
    array.evaluate_grants();
    for (int k = 0; k < lanes; ++k) {
      finish_lane_cycle(k, arbitrated && requesting_[k] && !granted_[k], stats_.stalls);
    }
    array.clock();
  }

  // One clock of the lanes of one part of a lane array whose table reads
  // are all granted: the same calls as step_lane_array, restricted to them.
  template <typename Array>
  void lane_part_cycle(Array& array, int part) {
    const auto [first, last] = array.lanes_of_part(part);
    for (int k = first; k < last; ++k) begin_lane_cycle(k);
    array.settle_part(part);
    StallCounts& stalls = part_stalls_[part].counts;
    for (int k = first; k < last; ++k) finish_lane_cycle(k, false, stalls);
    array.edge_part(part);
  }

  // A queue never holds more than its lane's elements, so deeper queues than
  // that behave exactly like ones of that depth: allocate no more.
  static EngineParams clamp_queues(EngineParams params, size_t count) {
    const uint64_t per_lane = count / static_cast<uint64_t>(params.lanes) + 1;
    if (static_cast<uint64_t>(params.fifo_depth) > per_lane) {
      params.fifo_depth = static_cast<int>(per_lane);
    }
    return params;
  }

  // Lane k's inputs for this cycle: its queue's oldest input, and whether its
  // output queue has room.
  [[gnu::always_inline]] void begin_lane_cycle(int k) {
    const LaneQueue& in = in_queues_[k];
    lanes_[k].begin_cycle(!in.empty(), in.empty() ? 0 : in.front(),
                          out_queues_[k].size() < out_queues_[k].capacity());
  }

  // The cycle's handshakes, the stall bookkeeping and the clock edge of lane k.
  // always_inline: it runs once per lane per clock, and GCC's inliner leaves it
  // out of line depending on what else the translation unit holds (callgrind:
  // 17% more instructions in the banked model-lane run when it does).
  [[gnu::always_inline]] void finish_lane_cycle(int k, bool refused, StallCounts& stalls) {
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
        ++stalls.memory;
      } else {
        ++stalls.idle;
      }
    } else if (refused) {
      ++stalls.table_conflict;
    } else if (lane.out_valid() && !out_ready) {
      ++stalls.output;
    } else {
      ++stalls.search;
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

  // ---- The steady-state skip ----
  // A clock's shape: its effect (statistics added, elements read and
  // written) and the array's scalar state after it, less the elements'
  // identities. Suppose every clock of the last max(latency, 1) had the shape
  // of the clock P before it, and the lanes' shapes (control registers, queue
  // fill, reserved slots) now equal those of P clocks ago. Then the reads in
  // flight stand in the same pattern relative to the clock too, so the whole
  // state equals that of P clocks ago up to a shift of the elements, and the
  // next P clocks repeat the last P exactly (no decision of step() depends on
  // an element's value when every table read is granted) until a count
  // boundary is near. skip_steady_state() applies n such periods at once.
  struct CycleShape {
    size_t reads = 0, writes = 0;
    int read_lane = 0, write_lane = 0, arrival_lane = 0;
    size_t in_flight = 0;
    double credit = 0;
    EngineStats delta;
    bool operator==(const CycleShape& o) const {
      return reads == o.reads && writes == o.writes && read_lane == o.read_lane &&
             write_lane == o.write_lane && arrival_lane == o.arrival_lane &&
             in_flight == o.in_flight && credit == o.credit && delta == o.delta;
    }
    // Only picks which period to try; every decision uses operator==.
    uint64_t fingerprint() const {
      uint64_t h = 0x9e3779b97f4a7c15ull;
      for (uint64_t v :
           {uint64_t(reads), uint64_t(writes), uint64_t(read_lane), uint64_t(write_lane),
            uint64_t(arrival_lane), uint64_t(in_flight), delta.stalls.memory, delta.stalls.output,
            delta.stalls.search, delta.stalls.idle, delta.memory_bytes}) {
        h = (h ^ v) * 0x100000001b3ull;
      }
      return h;
    }
  };
  struct LaneShape {
    uint64_t control = 0;
    size_t in_size = 0, out_size = 0;
    int reserved = 0;
    uint64_t accepted = 0;
  };
  struct Counters {
    EngineStats stats;
    size_t next_read, next_write;
  };
  // Periods tried: 1..kMaxPeriod clocks (bsearch_iterative's II, the memory's
  // share per lane and the pointers' rotation set them).
  static constexpr int kMaxPeriod = 64;

  const CycleShape& shape_back(uint64_t clocks_back) const {
    return history_[(observed_ - clocks_back) % kMaxPeriod];
  }

  // Records the clock that began at `before`; sets ready_ when a jump is exact.
  void observe(const Counters& before) {
    CycleShape shape;
    shape.reads = next_read_ - before.next_read;
    shape.writes = next_write_ - before.next_write;
    shape.read_lane = read_lane_;
    shape.write_lane = write_lane_;
    shape.arrival_lane = arrival_lane_;
    shape.in_flight = in_flight_size_;
    shape.credit = credit_;
    shape.delta = difference(stats_, before.stats);
    // Candidate periods by fingerprint: the smallest one matched for a whole period.
    const uint64_t print = shape.fingerprint();
    int candidate = 0;
    for (int p = 1; p <= kMaxPeriod; ++p) {
      const bool match = observed_ >= static_cast<uint64_t>(p) &&
                         fingerprints_[(observed_ - p) % kMaxPeriod] == print;
      period_runs_[p - 1] = match ? period_runs_[p - 1] + 1 : 0;
      if (candidate == 0 && period_runs_[p - 1] >= static_cast<uint64_t>(p)) candidate = p;
    }
    const int period = period_;
    if (period > 0 && static_cast<uint64_t>(period) <= observed_ && shape == shape_back(period)) {
      ++exact_run_;
    } else {
      period_ = candidate;
      exact_run_ = 0;
      snapshot_at_ = kNone;
      ready_ = false;
    }
    fingerprints_[observed_ % kMaxPeriod] = print;
    history_[observed_ % kMaxPeriod] = shape;
    ++observed_;
    if (period_ == 0 || exact_run_ < static_cast<uint64_t>(std::max(params_.latency, 1))) return;
    if (snapshot_at_ != kNone && observed_ - snapshot_at_ == static_cast<uint64_t>(period_)) {
      ready_ = lanes_match_snapshot();
      if (ready_) return;
    }
    if (snapshot_at_ == kNone || observed_ - snapshot_at_ >= static_cast<uint64_t>(period_)) {
      take_snapshot();
    }
  }

  void take_snapshot() {
    for (int k = 0; k < params_.lanes; ++k) {
      lane_shapes_[k] = LaneShape{lanes_[k].control_state(), in_queues_[k].size(),
                                  out_queues_[k].size(), reserved_[k], accepted_[k]};
    }
    snapshot_at_ = observed_;
  }

  bool lanes_match_snapshot() const {
    for (int k = 0; k < params_.lanes; ++k) {
      const LaneShape& old = lane_shapes_[k];
      if (old.control != lanes_[k].control_state() || old.in_size != in_queues_[k].size() ||
          old.out_size != out_queues_[k].size() || old.reserved != reserved_[k]) {
        return false;
      }
    }
    return true;
  }

  uint64_t skip_steady_state() {
    if (!ready_) return 0;
    ready_ = false;
    const uint64_t lanes = static_cast<uint64_t>(params_.lanes);
    const uint64_t period = static_cast<uint64_t>(period_);
    EngineStats delta;
    size_t period_reads = 0, period_writes = 0;
    for (uint64_t back = 1; back <= period; ++back) {
      const CycleShape& shape = shape_back(back);
      add_scaled(delta, shape.delta, 1);
      period_reads += shape.reads;
      period_writes += shape.writes;
    }
    // Stop while every lane still has an element to read: the read loop then
    // never meets the end of the input, and no lane's stall turns from
    // memory to idle.
    if (period_reads == 0 || next_read_ + lanes > count_) return 0;
    const uint64_t periods = (count_ - lanes - next_read_) / period_reads;
    if (periods == 0) return 0;
    const size_t reads = periods * period_reads;
    const size_t writes = periods * period_writes;
    const uint64_t clocks = periods * period;
    // The outputs written meanwhile, in element order.
    int lane = write_lane_;
    for (size_t e = next_write_; e < next_write_ + writes; ++e) {
      output_[e] = lanes_[lane].result_of(input_[e]);
      lane = lane + 1 == params_.lanes ? 0 : lane + 1;
    }
    next_write_ += writes;
    next_read_ += reads;
    add_scaled(stats_, delta, periods);
    for (size_t i = 0, at = in_flight_head_; i < in_flight_size_; ++i) {
      in_flight_[at].element += reads;
      in_flight_[at].arrival += clocks;
      at = at + 1 == in_flight_.size() ? 0 : at + 1;
    }
    // Lane k's elements are k, k + L, k + 2L, ...; its queues and pipeline
    // hold the same positions of that sequence, each moved on by what the
    // lane accepted meanwhile.
    for (int k = 0; k < params_.lanes; ++k) {
      const uint64_t moved = periods * (accepted_[k] - lane_shapes_[k].accepted);
      accepted_[k] += moved;
      const uint64_t written =
          next_write_ / lanes + (static_cast<uint64_t>(k) < next_write_ % lanes ? 1 : 0);
      LaneQueue& out = out_queues_[k];
      for (size_t i = 0; i < out.size(); ++i) {
        out.set(i, lanes_[k].result_of(input_[k + lanes * (written + i)]));
      }
      LaneQueue& in = in_queues_[k];
      for (size_t i = 0; i < in.size(); ++i) in.set(i, input_[k + lanes * (accepted_[k] + i)]);
      lanes_[k].advance_elements(static_cast<uint32_t>(moved * lanes));
    }
    skipped_cycles_ += clocks;
    // Start over: the history's clock numbers no longer hold.
    observed_ = 0;
    period_ = 0;
    exact_run_ = 0;
    snapshot_at_ = kNone;
    std::fill(period_runs_.begin(), period_runs_.end(), 0);
    return clocks;
  }

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
  size_t progress_mark_ = 0;          // next_read_ + next_write_ when last seen moving
  uint64_t last_progress_cycle_ = 0;  // the clock it was seen moving
  int read_lane_ = 0, write_lane_ = 0, arrival_lane_ = 0;
  double credit_ = 0;
  double element_bytes_;
  double credit_cap_;
  EngineStats stats_;
  // Stalls counted by the parts of a lane array in one clock (two threads):
  // a cache line each.
  struct alignas(64) PartStalls {
    StallCounts counts;
  };
  std::array<PartStalls, 2> part_stalls_;
  // The steady-state skip's detector (clocks counted from its last start).
  static constexpr uint64_t kNone = ~uint64_t{0};
  bool skip_enabled_;
  std::vector<LaneShape> lane_shapes_;  // at clock snapshot_at_
  std::vector<CycleShape> history_;     // the last kMaxPeriod clocks' shapes
  std::vector<uint64_t> fingerprints_;  // and their fingerprints
  std::vector<uint64_t> period_runs_;   // [p - 1]: clocks in a row matching p back
  uint64_t observed_ = 0;
  int period_ = 0;          // the period being confirmed (0: none)
  uint64_t exact_run_ = 0;  // clocks in a row whose shape equals that period_ before
  uint64_t snapshot_at_ = kNone;
  bool ready_ = false;  // the state repeats that of period_ clocks ago
  uint64_t skipped_cycles_ = 0;
};

}  // namespace interpsim::simd
