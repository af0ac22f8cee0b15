#include "model/atomic_file.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "model/input_error.hpp"

namespace interpsim {

namespace {

[[noreturn]] void cannot_write(const std::string& path, int error) {
  throw InputError(path + ": cannot write (" + std::strerror(error) + ")");
}

// Writes straight into `path` (no temporary): for what is not a regular
// file, such as /dev/null or a FIFO, which a rename would replace.
void write_in_place(const std::string& path, const std::string& contents) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) cannot_write(path, errno);
  const bool written = std::fwrite(contents.data(), 1, contents.size(), file) == contents.size();
  const int write_error = errno;
  if (std::fclose(file) != 0 || !written) cannot_write(path, written ? errno : write_error);
}

}  // namespace

void write_file_atomically(const std::string& path, const std::string& contents) {
  // An existing path is written where it leads: a symbolic link stays a link
  // to the new contents, and a device or FIFO is written, not replaced.
  std::string target = path;
  struct stat status {};
  if (::stat(path.c_str(), &status) == 0) {
    if (!S_ISREG(status.st_mode)) {
      write_in_place(path, contents);
      return;
    }
    char resolved[PATH_MAX];
    if (::realpath(path.c_str(), resolved) != nullptr) target = resolved;
  }
  const std::string temporary = target + ".tmp." + std::to_string(::getpid());
  std::FILE* file = std::fopen(temporary.c_str(), "wb");
  if (file == nullptr) cannot_write(path, errno);
  const bool written = std::fwrite(contents.data(), 1, contents.size(), file) == contents.size();
  const bool closed = std::fclose(file) == 0;
  if (!written || !closed || std::rename(temporary.c_str(), target.c_str()) != 0) {
    const int error = errno;
    std::remove(temporary.c_str());
    cannot_write(path, error);
  }
}

}  // namespace interpsim
