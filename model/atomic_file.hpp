// Write-to-temporary-then-rename, so a failed run leaves no half-written output.
#pragma once

#include <string>

namespace interpsim {

// Writes `contents` to `path` atomically; throws InputError naming the path on failure.
void write_file_atomically(const std::string& path, const std::string& contents);

}  // namespace interpsim
