// SPDX-License-Identifier: MIT
#include "config/bounded_read.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

namespace mcsens::detail {

namespace {

std::string mebibytes(std::size_t bytes) {
  return std::to_string(bytes >> 20) + " MiB";
}

// Closes the descriptor on every way out.
struct Descriptor {
  int fd;
  ~Descriptor() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

std::string read_bounded_file(const std::string& path, std::size_t max_bytes, int wait_seconds, const char* what) {
  const auto refuse = [](const std::string& why) { throw UnreadableFile(why); };
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) refuse(errno == ENOENT ? "no such file or not readable" : std::strerror(errno));
  if (S_ISDIR(info.st_mode)) refuse(std::string("it is a folder, not ") + what);
  if (S_ISCHR(info.st_mode) || S_ISBLK(info.st_mode)) refuse(std::string("it is a device, not ") + what);
  const std::string too_large = "the most mcsens reads as " + std::string(what);
  if (S_ISREG(info.st_mode) && static_cast<std::uintmax_t>(info.st_size) > max_bytes) {
    refuse("it is larger than " + mebibytes(max_bytes) + ", " + too_large);
  }
  // A pipe (`mcsens run <(make_config)`) is read too, but never waited on for more than wait_seconds.
  const Descriptor file{::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC)};
  if (file.fd < 0) refuse(errno == ENOENT ? "no such file or not readable" : std::string(std::strerror(errno)));
  std::string text;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(wait_seconds);
  char buffer[65536];
  for (;;) {
    const ssize_t got = ::read(file.fd, buffer, sizeof buffer);
    if (got > 0) {
      text.append(buffer, static_cast<size_t>(got));
      if (text.size() > max_bytes) refuse("it holds more than " + mebibytes(max_bytes) + ", " + too_large);
      continue;
    }
    // A FIFO that no program has opened for writing yet reads as empty: wait for a writer until the deadline.
    const bool no_writer_yet = got == 0 && S_ISFIFO(info.st_mode) && text.empty();
    if (got == 0 && !no_writer_yet) break;
    if (got < 0 && errno == EINTR) continue;
    if (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK) refuse(std::strerror(errno));
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    pollfd waiting{file.fd, POLLIN, 0};
    if (no_writer_yet && left.count() > 0) ::usleep(10000);
    if (left.count() <= 0 || (!no_writer_yet && ::poll(&waiting, 1, static_cast<int>(left.count())) == 0)) {
      refuse("nothing more to read after " + std::to_string(wait_seconds) + " s (a pipe that no program writes to?)");
    }
  }
  return text;
}

}  // namespace mcsens::detail
