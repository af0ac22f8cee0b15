// model/parallel_for.hpp against its contract (every index once, small
// counts inline, exceptions after all parts) and model/usable_cores.hpp
// against the affinity mask the test sets itself.
#include "model/parallel_for.hpp"

#include <sched.h>

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "model/usable_cores.hpp"

namespace interpsim {
namespace {

TEST(ParallelFor, EveryIndexOnceForAnyThreadCount) {
  for (const size_t count : {size_t{0}, size_t{1}, size_t{4095}, size_t{100003}}) {
    for (const unsigned threads : {1u, 2u, 3u, 8u}) {
      std::vector<std::atomic<int>> seen(count);
      parallel_for(
          count, 1000,
          [&](size_t begin, size_t end) {
            for (size_t i = begin; i < end; ++i) seen[i]++;
          },
          threads);
      for (size_t i = 0; i < count; ++i) ASSERT_EQ(seen[i].load(), 1) << count << " " << threads;
    }
  }
}

TEST(ParallelFor, SmallCountsRunOnTheCallingThreadAlone) {
  std::atomic<int> calls{0};
  parallel_for(
      999, 1000,
      [&](size_t begin, size_t end) {
        ++calls;
        EXPECT_EQ(begin, 0u);
        EXPECT_EQ(end, 999u);
      },
      8);
  EXPECT_EQ(calls.load(), 1);
}

TEST(ParallelFor, AnExceptionIsRethrownAfterEveryPartFinished) {
  std::atomic<size_t> done{0};
  EXPECT_THROW(parallel_for(
                   80000, 1000,
                   [&](size_t begin, size_t end) {
                     if (begin != 0) throw std::runtime_error("part");
                     done += end - begin;
                   },
                   4),
               std::runtime_error);
  EXPECT_EQ(done.load(), 20000u);  // the first part ran to its end
}

TEST(UsableCores, FollowsTheAffinityMask) {
  cpu_set_t saved;
  ASSERT_EQ(::sched_getaffinity(0, sizeof saved, &saved), 0);
  EXPECT_EQ(usable_cores(), static_cast<unsigned>(CPU_COUNT(&saved)));
  if (CPU_COUNT(&saved) < 2) GTEST_SKIP() << "one CPU: a narrower mask cannot be told apart";
  // One CPU of the mask, in a thread of its own (the mask is per thread).
  unsigned narrowed = 0;
  std::thread([&] {
    cpu_set_t one;
    CPU_ZERO(&one);
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
      if (CPU_ISSET(cpu, &saved)) {
        CPU_SET(cpu, &one);
        break;
      }
    }
    if (::sched_setaffinity(0, sizeof one, &one) == 0) narrowed = usable_cores();
  }).join();
  EXPECT_EQ(narrowed, 1u);
}

}  // namespace
}  // namespace interpsim
