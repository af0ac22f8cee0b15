// Write-to-temporary-then-rename, so a failed run leaves no half-written output.
#pragma once

#include <string>

namespace interpsim {

// Writes `contents` to `path` atomically; throws InputError naming the path on
// failure. A path that exists and is not a regular file (/dev/null, a FIFO) is
// written in place; a symbolic link keeps pointing at the new contents.
void write_file_atomically(const std::string& path, const std::string& contents);

}  // namespace interpsim
