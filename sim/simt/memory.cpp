#include "sim/simt/memory.hpp"

namespace interpsim::simt::detail {

void MemorySystem::configure() {
  dram_bytes_per_cycle_ = c_.dram_gb_per_s / c_.clock_ghz;
  fused_ = c_.element_memory == "fused";
  for (Buffer buffer : {Buffer::kInput, Buffer::kOutput, Buffer::kTable, Buffer::kBreakpoints}) {
    const size_t bytes = program_.buffer_bytes[static_cast<int>(buffer)];
    const size_t sectors = global(buffer).size() * bytes / kSectorBytes + 1;
    seen_sectors_[static_cast<int>(buffer)].assign(sectors / 64 + 1, 0);
  }
  const uint64_t table_bytes =
      static_cast<uint64_t>(program_.buffer_bytes[static_cast<int>(Buffer::kTable)]) *
          buf_.table.size() +
      static_cast<uint64_t>(program_.buffer_bytes[static_cast<int>(Buffer::kBreakpoints)]) *
          buf_.breakpoints.size();
  table_in_l1_ = table_bytes <= static_cast<uint64_t>(c_.l1_bytes);
  sms_.assign(c_.sms, Sm{});
}

}  // namespace interpsim::simt::detail
