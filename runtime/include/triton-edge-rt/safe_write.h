// Writing an output file so that a failure is always reported and never
// leaves a half-written file or writes through a link: the bytes go to a
// temporary file beside the target, every write and the close are checked,
// and only then is it renamed over the target.
#ifndef TRITON_EDGE_RT_SAFE_WRITE_H
#define TRITON_EDGE_RT_SAFE_WRITE_H

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <initializer_list>
#include <string>
#include <sys/stat.h>
#include <utility>
#include <unistd.h>

namespace te {

namespace detail {
/// Writes all of `size` bytes to `fd`; false (errno set) on a failure.
inline bool write_all(int fd, const char *data, size_t size) {
  while (size > 0) {
    ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return false;
    data += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}
} // namespace detail

/// Writes the `parts` (pointer, size pairs) to `path`. Returns "" on
/// success, else "PATH: why". A symbolic link at `path` is refused. An
/// existing device or FIFO (a trace to /dev/stdout) is written directly,
/// still checked; anything else goes through a temporary file and a rename.
inline std::string write_file_checked(const std::string &path,
                                      std::initializer_list<std::pair<const void *, size_t>> parts) {
  if (path.empty())
    return "empty output file name";
  struct stat st;
  bool exists = ::lstat(path.c_str(), &st) == 0;
  if (exists && S_ISLNK(st.st_mode))
    return path + ": is a symbolic link; refusing to write through it";
  if (exists && S_ISDIR(st.st_mode))
    return path + ": is a directory";
  bool direct = exists && !S_ISREG(st.st_mode);
  std::string tmp = path + ".tmp.XXXXXX";
  int fd = direct ? ::open(path.c_str(), O_WRONLY) : ::mkstemp(tmp.data());
  if (fd < 0)
    return (direct ? path : tmp) + ": cannot create (" + std::strerror(errno) + ")";
  // mkstemp makes the file private; outputs get the usual permissions.
  if (!direct)
    ::fchmod(fd, exists ? (st.st_mode & 0777) : 0644);
  bool ok = true;
  for (const auto &[data, size] : parts)
    ok = ok && detail::write_all(fd, static_cast<const char *>(data), size);
  int err = ok ? 0 : errno;
  // The close reports errors of writes the kernel deferred (NFS, quotas).
  if (::close(fd) != 0 && ok)
    ok = false, err = errno;
  if (ok && !direct && ::rename(tmp.c_str(), path.c_str()) != 0)
    ok = false, err = errno;
  if (!ok) {
    if (!direct)
      ::unlink(tmp.c_str());
    return path + ": write failed (" + std::strerror(err ? err : EIO) + ")";
  }
  return "";
}

} // namespace te

#endif
