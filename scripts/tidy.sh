#!/usr/bin/env bash
# clang-tidy with the checked-in .clang-tidy (every warning an error) over the project's C++
# sources, using the compile commands of a configured build tree.
#   scripts/tidy.sh [--build DIR] --all          every source file
#   scripts/tidy.sh [--build DIR] --changed      files changed by the last commit or in the
#                                                work tree (what ./test.sh runs)
#   scripts/tidy.sh [--build DIR] FILE...
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=build-test
if [ "${1:-}" = "--build" ]; then BUILD=$2; shift 2; fi
[ -f "$BUILD/compile_commands.json" ] || { echo "tidy: no $BUILD/compile_commands.json" >&2; exit 2; }
SOURCES='^(engine|adapters|plugins)/.*\.cc$'
case "${1:-}" in
  --all) mapfile -t files < <(git ls-files | grep -E "$SOURCES") ;;
  --changed)
    mapfile -t files < <({ git diff --name-only HEAD~1 2>/dev/null || true; git diff --name-only HEAD;
                           git ls-files --others --exclude-standard; } | sort -u | grep -E "$SOURCES" |
                         while read -r f; do [ -f "$f" ] && echo "$f"; done) ;;
  "") echo "usage: scripts/tidy.sh [--build DIR] --all | --changed | FILE..." >&2; exit 2 ;;
  *) files=("$@") ;;
esac
if [ ${#files[@]} -eq 0 ]; then
  echo "tidy: no C++ source changed; nothing to check"
  exit 0
fi
command -v clang-tidy >/dev/null || { echo "tidy: clang-tidy is not installed" >&2; exit 1; }
echo "tidy: ${#files[@]} file(s)"
# GCC-only warning flags in the compile commands are unknown to clang: not an error here.
printf '%s\n' "${files[@]}" | xargs -P "$(nproc)" -n 4 clang-tidy -p "$BUILD" --quiet \
  --extra-arg=-Wno-unknown-warning-option
echo "tidy: clean"
