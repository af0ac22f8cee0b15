// Write-to-temporary-then-rename, so a failed run leaves no half-written output.
// A path that exists and is not a regular file (/dev/null, a FIFO) is written
// into instead of renamed over (run as root, a rename replaces the device); a
// symbolic link is followed, so it keeps pointing at the new contents.
#pragma once

#include <string>

namespace interpsim {

// Writes `contents` to `path` atomically; throws InputError naming the path on failure.
void write_file_atomically(const std::string& path, const std::string& contents);

// Puts the finished file `temporary` at `path` (for writers that produce the
// temporary themselves, such as a VCD); the temporary is gone afterwards,
// also on failure, which throws InputError naming the path.
void move_into_place(const std::string& temporary, const std::string& path);

}  // namespace interpsim
