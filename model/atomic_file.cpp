#include "model/atomic_file.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "model/input_error.hpp"

namespace interpsim {

namespace {

[[noreturn]] void cannot_write(const std::string& path, int error) {
  throw InputError(path + ": cannot write (" + std::strerror(error) + ")");
}

// An existing path that is neither a regular file nor a folder: a device
// such as /dev/null, a FIFO. A rename would replace it.
bool is_special(const std::string& path) {
  struct stat status {};
  return ::stat(path.c_str(), &status) == 0 && !S_ISREG(status.st_mode) && !S_ISDIR(status.st_mode);
}

// Where a rename onto `path` must go: the file a symbolic link leads to.
std::string rename_target(const std::string& path) {
  char resolved[PATH_MAX];
  struct stat status {};
  if (::lstat(path.c_str(), &status) == 0 && S_ISLNK(status.st_mode) &&
      ::realpath(path.c_str(), resolved) != nullptr) {
    return resolved;
  }
  return path;
}

// Writes `contents` into `path` as it is (no temporary).
void write_in_place(const std::string& path, const char* data, size_t size) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) cannot_write(path, errno);
  const bool written = std::fwrite(data, 1, size, file) == size;
  const int write_error = errno;
  if (std::fclose(file) != 0 || !written) cannot_write(path, written ? errno : write_error);
}

}  // namespace

void move_into_place(const std::string& temporary, const std::string& path) {
  if (is_special(path)) {
    // Copied through a buffer, not read whole: a multi-gigabyte trace can go
    // to a FIFO.
    std::FILE* source = std::fopen(temporary.c_str(), "rb");
    if (source == nullptr) {
      std::remove(temporary.c_str());
      cannot_write(path, ENOENT);
    }
    std::FILE* target = std::fopen(path.c_str(), "wb");
    if (target == nullptr) {
      const int error = errno;
      std::fclose(source);
      std::remove(temporary.c_str());
      cannot_write(path, error);
    }
    std::vector<char> buffer(size_t{1} << 16);
    bool written = true;
    int error = 0;
    for (size_t got; written && (got = std::fread(buffer.data(), 1, buffer.size(), source)) > 0;) {
      written = std::fwrite(buffer.data(), 1, got, target) == got;
      if (!written) error = errno;
    }
    const bool read_whole = std::ferror(source) == 0;
    std::fclose(source);
    std::remove(temporary.c_str());
    if (std::fclose(target) != 0 && written) {
      written = false;
      error = errno;
    }
    if (!written || !read_whole) cannot_write(path, written ? EIO : error);
    return;
  }
  if (std::rename(temporary.c_str(), rename_target(path).c_str()) != 0) {
    const int error = errno;
    std::remove(temporary.c_str());
    cannot_write(path, error);
  }
}

void write_file_atomically(const std::string& path, const std::string& contents) {
  if (is_special(path)) {
    write_in_place(path, contents.data(), contents.size());
    return;
  }
  const std::string temporary = rename_target(path) + ".tmp." + std::to_string(::getpid());
  std::FILE* file = std::fopen(temporary.c_str(), "wb");
  if (file == nullptr) cannot_write(path, errno);
  const bool written = std::fwrite(contents.data(), 1, contents.size(), file) == contents.size();
  const bool closed = std::fclose(file) == 0;
  if (!written || !closed) {
    const int error = errno;
    std::remove(temporary.c_str());
    cannot_write(path, error);
  }
  move_into_place(temporary, path);
}

}  // namespace interpsim
