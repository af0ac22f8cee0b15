// Runs body(begin, end) over contiguous parts of [0, count) on up to
// `threads` threads (0: usable_cores()), the calling thread taking the first
// part, and returns when every part is done. A part holds at least
// `min_part` elements, so small counts run on the calling thread alone. The
// parts are count * p / parts .. count * (p + 1) / parts: the same for the same
// count and thread count. An exception of any part is rethrown (the first
// part's first) after all have finished.
#pragma once

#include <algorithm>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

#include "model/usable_cores.hpp"

namespace interpsim {

template <typename Body>
void parallel_for(size_t count, size_t min_part, const Body& body, unsigned threads = 0) {
  if (threads == 0) threads = usable_cores();
  const size_t parts =
      std::max<size_t>(1, std::min<size_t>(threads, count / std::max<size_t>(1, min_part)));
  if (parts == 1) {
    body(size_t{0}, count);
    return;
  }
  std::vector<std::exception_ptr> errors(parts);
  const auto run = [&](size_t part) {
    try {
      body(count * part / parts, count * (part + 1) / parts);
    } catch (...) {
      errors[part] = std::current_exception();
    }
  };
  std::vector<std::thread> workers;
  workers.reserve(parts - 1);
  for (size_t part = 1; part < parts; ++part) workers.emplace_back(run, part);
  run(0);
  for (std::thread& worker : workers) worker.join();
  for (const std::exception_ptr& error : errors) {
    if (error) std::rethrow_exception(error);
  }
}

}  // namespace interpsim
