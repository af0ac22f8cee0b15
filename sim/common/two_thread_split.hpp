// Runs a step in two parts, part 0 on a worker thread and part 1 on the
// calling thread, and returns when both are done. For a simulator's clock:
// each call is microseconds of work, so both threads spin (then yield)
// rather than sleep, and the split is fixed so each part's data stays in one
// core's cache. A worker that is not scheduled (a loaded machine) cannot
// stall the caller: the worker claims part 0 at the start of each call; when
// it has not by the time the caller has finished part 1, the caller claims
// and runs part 0 itself. The time each part took in the last call is kept
// (last_part_ticks), so that a caller can move work from a part that runs
// slower (its core shared with other work, or simply slower) to the other.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <thread>
#include <type_traits>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace interpsim {

class TwoThreadSplit {
 public:
  TwoThreadSplit() : worker_([this] { worker_loop(); }) {}
  ~TwoThreadSplit() {
    stop_.store(true, std::memory_order_relaxed);
    worker_.join();
  }
  TwoThreadSplit(const TwoThreadSplit&) = delete;
  TwoThreadSplit& operator=(const TwoThreadSplit&) = delete;

  // part(int) is called once with 0 and once with 1, on either thread; the
  // two calls must touch disjoint data.
  template <typename Part>
  void run(Part&& part) {
    const uint64_t call = ++calls_;
    context_ = &part;
    using Callable = std::remove_reference_t<Part>;
    call_part_ = [](void* context, int index) { (*static_cast<Callable*>(context))(index); };
    go_.store(call, std::memory_order_release);
    timed_part(1);
    uint64_t unclaimed = call - 1;
    if (claimed_.compare_exchange_strong(unclaimed, call, std::memory_order_acq_rel)) {
      timed_part(0);
      return;
    }
    for (int spins = 0; done_.load(std::memory_order_acquire) != call; ++spins) {
      if (spins > kSpins) {
        std::this_thread::yield();
      } else {
        pause();
      }
    }
  }

  // The time parts 0 and 1 took in the last run() (arbitrary units, the same
  // for both). Only between run() calls.
  std::array<uint64_t, 2> last_part_ticks() const { return {ticks_[0].last, ticks_[1].last}; }

 private:
  void timed_part(int index) {
    const uint64_t start = now();
    call_part_(context_, index);
    ticks_[index].last = now() - start;
  }
  // A cycle counter where there is one (a few nanoseconds to read).
  static uint64_t now() {
#if defined(__x86_64__) || defined(__i386__)
    return __rdtsc();
#else
    return static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
#endif
  }

  // A part is microseconds: spin (a pause each, tens of nanoseconds) for
  // tens of microseconds before yielding the core. A yield in the common
  // wait between two clocks would make the worker late by a system call.
  static constexpr int kSpins = 2000;
  static void pause() {
#if defined(__x86_64__) || defined(__i386__)
    _mm_pause();
#endif
  }

  void worker_loop() {
    uint64_t seen = 0;
    for (;;) {
      uint64_t call = go_.load(std::memory_order_acquire);
      for (int spins = 0; call == seen && !stop_.load(std::memory_order_relaxed); ++spins) {
        if (spins > kSpins) {
          std::this_thread::yield();
        } else {
          pause();
        }
        call = go_.load(std::memory_order_acquire);
      }
      if (stop_.load(std::memory_order_relaxed)) return;
      seen = call;
      // claimed_ == call - 1 exactly while call is open and part 0 untaken;
      // context_ and call_part_ stay valid until done_ says call is over.
      uint64_t unclaimed = call - 1;
      if (claimed_.compare_exchange_strong(unclaimed, call, std::memory_order_acq_rel)) {
        timed_part(0);
        done_.store(call, std::memory_order_release);
      }
    }
  }

  uint64_t calls_ = 0;  // run() calls so far, numbered from 1
  void* context_ = nullptr;
  void (*call_part_)(void*, int) = nullptr;
  // Each on a cache line of its own: the worker spins on go_ while the
  // caller's CAS and the worker's done_ store would otherwise bounce it.
  alignas(64) std::atomic<uint64_t> go_{0};       // the call the worker may join
  alignas(64) std::atomic<uint64_t> claimed_{0};  // the last call whose part 0 is taken
  alignas(64) std::atomic<uint64_t> done_{0};     // the last call the worker finished
  alignas(64) std::atomic<bool> stop_{false};
  // Written by whichever thread runs the part; read after done_ (acquire).
  struct alignas(64) PartTicks {
    uint64_t last = 0;
  };
  std::array<PartTicks, 2> ticks_;
  std::thread worker_;  // last: started after every member above exists
};

}  // namespace interpsim
