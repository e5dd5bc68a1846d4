#!/usr/bin/env bash
# Side-by-side performance figures (docs/performance.md): Bulwark against ripgrep and GNU grep
# with the same regexes on the same files, one pinned core, medians of alternated runs; the
# engine's benchmarks by field size, adversarial kind and detector count; replay against
# `openssl speed rsa2048`. Prints one Markdown report and writes gnuplot PNG plots.
#
# Usage: tests/bench/compare.sh [BUILD_DIR] [OUT_DIR]     (from the repository root)
#   BUILD_DIR: a Release build with -DBULWARK_BUILD_BENCH=ON (default: build, as ./run.sh makes)
#   OUT_DIR:   where the report (report.md) and plots go (default: a temporary directory)
#   RUNS=N     runs per tool and corpus (default 3; the median is reported)
set -euo pipefail
B=${1:-build}
OUT=${2:-$(mktemp -d)}
RUNS=${RUNS:-3}
BIN=$PWD/$B/bin/bulwark
GEN=$PWD/$B/bin/bulwark_bench_corpus
BENCH=$PWD/$B/bin/bulwark_bench
STAGES=$PWD/$B/bin/bulwark_stage_bench
for f in "$BIN" "$GEN" "$BENCH"; do
  [ -x "$f" ] || { echo "compare.sh: $f missing; build $B with -DBULWARK_BUILD_BENCH=ON" >&2; exit 2; }
done

# The peers and the plotter come from Debian, installed here when missing.
need=()
command -v rg >/dev/null || need+=(ripgrep)
command -v gnuplot >/dev/null || need+=(gnuplot-nox)
command -v taskset >/dev/null || need+=(util-linux)
command -v bc >/dev/null || need+=(bc)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

PIN="taskset -c $(($(nproc) - 1))"  # one core, the same for every tool
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
mkdir -p "$OUT"
export BULWARK_CACHE_DIR="$T/cache"  # the compiled database is cached after the first run

# Corpora: Teams-like business text (invoice numbers, times, dates, versions), fixed seed.
$GEN business 1024 20000 "$T/c1k"
$GEN business 28672 1840 "$T/c28k"
$GEN business 1048576 50 "$T/c1m"
# The shipped detectors' regexes, each wrapped so that alternation cannot change its meaning.
$GEN patterns policies | sed 's/.*/(?:&)/' >"$T/patterns.txt"
NPAT=$(wc -l <"$T/patterns.txt")
paste -sd'|' "$T/patterns.txt" >"$T/pattern-one.txt"  # grep -P takes a single pattern
# ripgrep's --no-unicode refuses Unicode classes (even under (?u:...)): there the class "not a
# letter, digit or _" (the Spanish DNI's end of word) becomes "not an ASCII letter, digit, _ or
# byte of a non-ASCII character", the nearest byte-level form. It refuses non-ASCII literals
# too ("Ä" of a German district code): those become their UTF-8 bytes (\xC3\x84), the same
# match.
sed 's/\\p{L}\\p{N}_/A-Za-z0-9_\\x80-\\xFF/g' "$T/patterns.txt" |
  perl -pe 's/([\x80-\xFF])/sprintf("\\x%02X", ord($1))/ge' >"$T/patterns-bytes.txt"
if grep -q '\\[pP]' "$T/patterns-bytes.txt"; then
  echo "compare.sh: a shipped pattern has a Unicode class ripgrep --no-unicode cannot take:" >&2
  grep '\\[pP]' "$T/patterns-bytes.txt" >&2
  exit 1
fi

secs() { # median wall-clock seconds of RUNS runs of "$@" (output discarded)
  local t=()
  for _ in $(seq "$RUNS"); do
    local s e
    s=$(date +%s.%N)
    local rc=0
    "$@" >/dev/null 2>"$T/err" || rc=$?
    # grep-like tools exit 1 for "no match"; anything else means the figure would be a lie.
    if [ "$rc" -gt 1 ]; then echo "compare.sh: '$*' failed ($rc): $(head -c 300 "$T/err")" >&2; exit 1; fi
    e=$(date +%s.%N)
    t+=("$(echo "$e - $s" | bc)")
  done
  printf '%s\n' "${t[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p"
}
mbps() { echo "scale=1; $1 / 1048576 / $2" | bc; }
bytes() { du -sb --apparent-size "$1" | cut -f1; }

"$BIN" scan "$T/c1k/000000.txt" >/dev/null  # fills the database cache
STARTUP=$(secs $PIN "$BIN" scan "$T/c1k/000000.txt")

{
  echo "## Scan: Bulwark against ripgrep and GNU grep ($NPAT shipped regexes, one core)"
  echo
  echo "Startup of \`bulwark scan\` on one small file (database cached): ${STARTUP} s."
  echo "Bulwark's MB/s are net of that startup. ripgrep's regex engine needs \`--no-unicode\`"
  echo "to give \\\\b, \\\\d, \\\\w RE2's ASCII meaning; its default (Unicode) mode is shown too."
  echo
  echo "| corpus | bulwark scan | rg --no-unicode --count-matches | rg --no-unicode -c | rg -c (Unicode) | grep -P -c | bulwark / rg --count-matches |"
  echo "| --- | --- | --- | --- | --- | --- | --- |"
} >"$T/scan.md"

for c in c1k c28k c1m; do
  dir="$T/$c"
  n=$(bytes "$dir")
  # Alternated: each tool's runs interleave with the others' through the median helper.
  tb=$(secs $PIN sh -c "\"$BIN\" scan \"$dir\"/*")
  tr=$(secs $PIN rg -j1 --no-unicode --count-matches -f "$T/patterns-bytes.txt" "$dir")
  tc=$(secs $PIN rg -j1 --no-unicode -c -f "$T/patterns-bytes.txt" "$dir")
  # Unicode mode and grep -P are far slower: one run on a tenth of the files.
  ls "$dir" | sed -n "1,$(($(ls "$dir" | wc -l) / 10))s|^|$dir/|p" >"$T/tenth"
  n10=$(du -cb --apparent-size $(cat "$T/tenth") | tail -1 | cut -f1)
  tu=$(RUNS=1 secs $PIN sh -c "rg -j1 -c -f \"$T/patterns.txt\" \$(cat \"$T/tenth\")")
  tg=$(RUNS=1 secs $PIN sh -c "grep -P -c -f \"$T/pattern-one.txt\" \$(cat \"$T/tenth\")")
  net=$(echo "$tb - $STARTUP" | bc)
  echo "| $c ($((n / 1048576)) MB) | $(mbps "$n" "$net") MB/s | $(mbps "$n" "$tr") MB/s |" \
    "$(mbps "$n" "$tc") MB/s | $(mbps "$n10" "$tu") MB/s | $(mbps "$n10" "$tg") MB/s |" \
    "$(echo "scale=2; $tr / $net" | bc)x |" >>"$T/scan.md"
done

# Findings must not depend on the path: the same verdicts whatever the field size.
(cd "$T" && "$BIN" scan c28k/*) | sed 's/"latency_us":[0-9]*//' | sha256sum | cut -c1-16 >"$T/digest"

# Engine benchmarks (one core): field size, adversarial kinds, detector count.
$PIN "$BENCH" --benchmark_filter='BM_FieldSize|BM_Stress|BM_Detectors|BM_Evaluate$|BM_PrefilterOnly|BM_HyperscanWithout|BM_ClassRun|BM_ContextPrefilter' \
  --benchmark_min_time=0.5 --benchmark_format=json >"$T/bench.json" 2>/dev/null
$PIN "$BENCH" --benchmark_filter='BM_DetectorAlone' --benchmark_min_time=0.1 \
  --benchmark_format=json >"$T/alone.json" 2>/dev/null
/usr/bin/python3 - "$T/bench.json" "$T" >"$T/bench.md" <<'PY'
import json, sys
runs = [r for r in json.load(open(sys.argv[1]))["benchmarks"] if not r.get("error_occurred")]
out = sys.argv[2]
mb = {r["name"]: r["bytes_per_second"] / 1048576 for r in runs}
label = {r["name"]: r.get("label", "") for r in runs}
print("## Engine benchmarks (`bulwark_bench`, one core)\n")
print("| benchmark | MB/s |\n| --- | --- |")
for name in ("BM_Evaluate", "BM_PrefilterOnly"):
    print(f"| {name} (1 KB messages) | {mb[name]:.1f} |")
sizes = [(1 << 10, "1 KB"), (28 << 10, "28 KB"), (1 << 20, "1 MB"), (4 << 20, "4 MB")]
print("\n### Cost per byte against field size (business text)\n")
print("| field | MB/s | cost per byte vs 28 KB |\n| --- | --- | --- |")
base = mb["BM_FieldSize/28672"]
with open(f"{out}/size.dat", "w") as f:
    for n, s in sizes:
        v = mb[f"BM_FieldSize/{n}"]
        print(f"| {s} | {v:.1f} | {base / v:.2f}x |")
        f.write(f"{n / 1024} {v}\n")
print("\n### Adversarial fields\n")
print("| kind | 28 KB | 1 MB | 4 MB | cost per byte, 4 MB vs 28 KB |\n| --- | --- | --- | --- | --- |")
for k in range(4):
    v = [mb[f"BM_Stress/{k}/{n}"] for n in (28 << 10, 1 << 20, 4 << 20)]
    print(f"| {label[f'BM_Stress/{k}/{28 << 10}']} | " + " | ".join(f"{x:.1f}" for x in v)
          + f" | {v[0] / v[2]:.2f}x |")
print("\n### Where the prefilter's time goes (Hyperscan over 28 KB business fields)\n")
hs = {r["name"]: r for r in runs if r["name"].startswith("BM_HyperscanWithout/")}
t_all = 1 / hs["BM_HyperscanWithout/-1"]["bytes_per_second"]
print(f"All Hyperscan patterns together: {mb['BM_HyperscanWithout/-1']:.0f} MB/s. "
      f"Share of that time each pattern costs (leaving it out; each of the {len(hs) - 1} "
      "run once, so a slow moment of the machine shows as a share):\n")
print("| pattern | without it, MB/s | share |\n| --- | --- | --- |")
rows = []
for name, r in hs.items():
    if name.endswith("/-1"):
        continue
    t = 1 / r["bytes_per_second"]
    rows.append(((t_all - t) / t_all, r["label"], r["bytes_per_second"] / 1048576))
for share, pat, v in sorted(rows, reverse=True)[:10]:
    pat = pat.replace("|", "\\|")
    print(f"| `{pat}` | {v:.0f} | {share * 100:.0f}% |")
print("\n### Class runs (the patterns prefiltered without Hyperscan, 28 KB business fields)\n")
print(f"The context keyword database, for comparison: {mb['BM_ContextPrefilter']:.0f} MB/s.\n")
print("| pattern | MB/s | share of the text in its ranges |\n| --- | --- | --- |")
for r in runs:
    if r["name"].startswith("BM_ClassRun/"):
        pat = r["label"].replace("|", "\\|")
        print(f"| `{pat}` | {r['bytes_per_second'] / 1048576:.0f} | {r['range_share'] * 100:.2f}% |")
print("\n### Each detector on its own (28 KB business fields, the full engine)\n")
alone = [r for r in json.load(open(f"{out}/alone.json"))["benchmarks"]
         if not r.get("error_occurred")]
rate = {r["label"]: r["bytes_per_second"] / 1048576 for r in alone}
floor = 1 / max(rate.values())  # the engine's own per-byte cost with one cheap detector
total = sum(1 / v for v in rate.values())
print(f"{len(rate)} detectors, each the only one of its policy (`BM_DetectorAlone`). The "
      f"cheapest runs at {max(rate.values()):.0f} MB/s (the engine's fixed cost per field), the "
      f"median at {sorted(rate.values())[len(rate) // 2]:.0f} MB/s. Their times added up give "
      f"{1 / total:.1f} MB/s, the whole library together {mb['BM_FieldSize/28672']:.1f} MB/s: "
      "the prefilter passes are shared. The heaviest, with the time over the cheapest per MB:\n")
print("| detector | MB/s alone | ms per MB over the cheapest |\n| --- | --- | --- |")
for name, v in sorted(rate.items(), key=lambda kv: kv[1])[:15]:
    print(f"| `{name}` | {v:.0f} | {(1 / v - floor) * 1000:.2f} |")
print("\n### Detector count (generated detectors, 28 KB business fields)\n")
print("| detectors | MB/s |\n| --- | --- |")
with open(f"{out}/detectors.dat", "w") as f:
    for n in (10, 100, 1000):
        v = mb[f"BM_Detectors/{n}"]
        print(f"| {n} | {v:.1f} |")
        f.write(f"{n} {v}\n")
PY

# Worst case per stage (1 MB inputs): ordinary next to the slowest adversarial kind found.
$PIN "$STAGES" --benchmark_min_time=0.5 --benchmark_format=json >"$T/stages.json" 2>/dev/null
/usr/bin/python3 - "$T/stages.json" >>"$T/bench.md" <<'PY'
import collections, json, sys
runs = [r for r in json.load(open(sys.argv[1]))["benchmarks"] if not r.get("error_occurred")]
stages = collections.OrderedDict()
for r in runs:
    stage, kind = r["label"].split("/")
    stages.setdefault(stage, []).append((kind, r["bytes_per_second"] / 1048576))
print("\n### Worst case per stage (`bulwark_stage_bench`, 1 MB inputs, one core)\n")
print("| stage | ordinary, MB/s | worst kind | worst, MB/s | worst, ms per MB | every kind, MB/s |")
print("| --- | --- | --- | --- | --- | --- |")
for stage, kinds in stages.items():
    ordinary = dict(kinds)["ordinary"]
    worst = min((k for k in kinds if k[0] != "ordinary"), key=lambda k: k[1])
    every = ", ".join(f"{k} {v:.0f}" for k, v in kinds)
    print(f"| {stage} | {ordinary:.0f} | {worst[0]} | {worst[1]:.1f} | {1000 / worst[1]:.0f} | {every} |")
PY

# End to end: replay of encrypted notifications against the RSA-2048 private-key rate.
export BULWARK_CLIENT_STATE=bench
chmod 600 samples/keys/*.key.pem
KEY="bulwark-sample-test-only=samples/keys/bulwark-sample-test-only.key.pem"
# Machine-readable form: +F2:index:bits:signs per second:verifies per second. This VM's speed
# drifts within minutes, so each replay is compared with the mean of a measurement of the RSA
# rate right before it and one right after.
rsa_rate() {
  $PIN openssl speed -seconds 2 -mr rsa2048 2>/dev/null | sed -n 's/^+F2:[0-9]*:2048:\([0-9]*\).*/\1/p'
}
RSA=$(rsa_rate)
{
  echo "## End to end: \`bulwark replay\` of encrypted notifications"
  echo
  echo "\`openssl speed rsa2048\` on the same core: **$RSA** private-key operations/s at the start;"
  echo "each row is compared with the mean of the RSA rate measured right before and right after it."
  echo
  echo "| messages | threads | notifications/s | RSA-2048 operations/s around it | vs RSA-2048 rate per core |"
  echo "| --- | --- | --- | --- | --- |"
} >"$T/replay.md"
for size in 1024 4096 12288 28672; do
  count=$((20000 * 1024 / size < 4000 ? 4000 : 20000 * 1024 / size))
  $GEN business "$size" "$count" "$T/m$size.jsonl"
  "$BIN" simulate --cert samples/keys/bulwark-sample-test-only.cert.pem \
    --cert-id bulwark-sample-test-only --client-state bench --batch 10 "$T/m$size.jsonl" \
    >"$T/cap$size.jsonl"
  for threads in 1 2; do
    pin=$PIN; [ "$threads" -gt 1 ] && pin=""
    before=$(rsa_rate)
    t=$(secs $pin "$BIN" replay --threads "$threads" --key "$KEY" --out /dev/null "$T/cap$size.jsonl")
    around=$(( (before + $(rsa_rate)) / 2 ))
    rate=$(echo "scale=0; $count / $t" | bc)
    echo "$size $rate" >>"$T/replay-$threads.dat"
    echo "| $((size / 1024)) KB | $threads | $rate | $around | $(echo "scale=2; $rate / $threads / $around" | bc) |" >>"$T/replay.md"
  done
done

r1=$(awk '$1 == 1024 {print $2}' "$T/replay-1.dat")
r28=$(awk '$1 == 28672 {print $2}' "$T/replay-1.dat")
r2=$(awk '$1 == 1024 {print $2}' "$T/replay-2.dat")
{
  echo
  echo "28 KB against 1 KB, one thread: $(echo "scale=2; $r28 / $r1" | bc)x;" \
    "1 KB with two threads against one: $(echo "scale=2; $r2 / $r1" | bc)x."
} >>"$T/replay.md"

# Plots.
gnuplot <<GP
set terminal pngcairo size 720,400 noenhanced
set grid
set output "$OUT/throughput-by-field-size.png"
set title "Scan throughput against field size (business text, one core)"
set logscale x 2; set xlabel "field size (KB)"; set ylabel "MB/s"; set yrange [0:*]
plot "$T/size.dat" using 1:2 with linespoints lw 2 title "bulwark_bench BM_FieldSize"
set output "$OUT/throughput-by-detectors.png"
set title "Scan throughput against detector count (28 KB fields, one core)"
set logscale x 10; set xlabel "detectors"
plot "$T/detectors.dat" using 1:2 with linespoints lw 2 title "bulwark_bench BM_Detectors"
unset logscale x
set output "$OUT/replay-by-message-size.png"
set title "bulwark replay against message size"
set xlabel "message size (KB)"; set ylabel "notifications/s"; set logscale x 2
plot "$T/replay-1.dat" using (\$1/1024):2 with linespoints lw 2 title "1 thread", \
     "$T/replay-2.dat" using (\$1/1024):2 with linespoints lw 2 title "2 threads"
GP

{
  echo "# tests/bench/compare.sh — $(date -u +%F), $(nproc) cores, $(git rev-parse --short HEAD)"
  echo
  cat "$T/scan.md"
  echo
  echo "Verdict digest of the 28 KB corpus (compare across builds): $(cat "$T/digest")"
  echo
  cat "$T/bench.md"
  echo
  cat "$T/replay.md"
  echo
  echo "Plots: $OUT/throughput-by-field-size.png, throughput-by-detectors.png, replay-by-message-size.png"
} | tee "$OUT/report.md"
