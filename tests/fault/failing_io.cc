// A fault-injecting layer under the JSON Lines sink, loaded with LD_PRELOAD by
// tests/fault/campaign.sh. Writes to the file named by $BULWARK_FAULT_PATH fail as the first
// word of the file $BULWARK_FAULT_CONTROL says, re-read on every call:
//   none    pass through
//   enospc  fwrite/fputc/fflush fail with ENOSPC (disk full), nothing written
//   short   fwrite writes half of what it is given, then fails with ENOSPC (a short write)
//   fsync   writes succeed, fsync/fdatasync fail with EIO
// Other files are never touched. Test-only code.
#include <dlfcn.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

// The next definition of `name` (libc's), as a function pointer of type F.
template <typename F>
F Real(const char* name) {
  return reinterpret_cast<F>(dlsym(RTLD_NEXT, name));
}

enum Mode { kNone, kEnospc, kShort, kFsync };

Mode CurrentMode(int fd) {
  const char* target = std::getenv("BULWARK_FAULT_PATH");
  const char* control = std::getenv("BULWARK_FAULT_CONTROL");
  if (target == nullptr || control == nullptr || fd < 0) return kNone;
  char link[64], path[PATH_MAX];
  std::snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  const ssize_t n = readlink(link, path, sizeof path - 1);
  if (n <= 0) return kNone;
  path[n] = '\0';
  if (std::strcmp(path, target) != 0) return kNone;
  char word[16] = {0};
  std::FILE* c = std::fopen(control, "r");
  if (c == nullptr) return kNone;
  const size_t got = std::fread(word, 1, sizeof word - 1, c);
  std::fclose(c);
  word[got] = '\0';
  if (std::strncmp(word, "enospc", 6) == 0) return kEnospc;
  if (std::strncmp(word, "short", 5) == 0) return kShort;
  if (std::strncmp(word, "fsync", 5) == 0) return kFsync;
  return kNone;
}

}  // namespace

extern "C" {

size_t fwrite(const void* p, size_t size, size_t n, FILE* f) {
  const auto real = Real<size_t (*)(const void*, size_t, size_t, FILE*)>("fwrite");
  const Mode m = CurrentMode(fileno(f));
  if (m == kEnospc) {
    errno = ENOSPC;
    return 0;
  }
  if (m == kShort && size * n > 1) {
    const size_t half = size * n / 2;
    real(p, 1, half, f);
    fflush(f);  // the torn half reaches the file, as a real short write leaves it
    errno = ENOSPC;
    return half / (size == 0 ? 1 : size);
  }
  return real(p, size, n, f);
}

int fputc(int ch, FILE* f) {
  const auto real = Real<int (*)(int, FILE*)>("fputc");
  const Mode m = CurrentMode(fileno(f));
  if (m == kEnospc || m == kShort) {
    errno = ENOSPC;
    return EOF;
  }
  return real(ch, f);
}

int fflush(FILE* f) {
  const auto real = Real<int (*)(FILE*)>("fflush");
  if (f != nullptr && CurrentMode(fileno(f)) == kEnospc) {
    errno = ENOSPC;
    return EOF;
  }
  return real(f);
}

int fsync(int fd) {
  const auto real = Real<int (*)(int)>("fsync");
  if (CurrentMode(fd) == kFsync) {
    errno = EIO;
    return -1;
  }
  return real(fd);
}

int fdatasync(int fd) {
  const auto real = Real<int (*)(int)>("fdatasync");
  if (CurrentMode(fd) == kFsync) {
    errno = EIO;
    return -1;
  }
  return real(fd);
}

}  // extern "C"
