// Proves the sanitized build catches what it is for: reads one byte past a heap array. Built
// and run only with BULWARK_SANITIZE set; the test passes when this program FAILS.
#include <cstdio>
#include <memory>

int main(int argc, char**) {
  auto bytes = std::make_unique<char[]>(8);
  volatile int index = 8 + argc - 1;  // 8: one past the end, unknown to the optimiser
  std::printf("%d\n", bytes[index]);
  return 0;
}
