// PolicySet: every policy and detector file of a deployment, compiled into one immutable
// snapshot (one Hyperscan database, RE2 objects, validator tables).
//
// Thread-safety: after Load() returns, a PolicySet is read-only; Evaluate() may be called from
// any number of threads at once. Each call borrows a Hyperscan scratch from an internal pool.
#ifndef BULWARK_POLICY_SET_H_
#define BULWARK_POLICY_SET_H_

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bulwark/content.h"
#include "bulwark/diagnostic.h"
#include "bulwark/explanation.h"
#include "bulwark/plugin_host.h"
#include "bulwark/status.h"
#include "bulwark/verdict.h"

namespace bulwark {

struct CompiledPolicySet;  // engine-internal
struct EngineInternals;

// A policy or detector-library file given as text (tests, embedding applications, policies
// fetched from elsewhere). `name` stands for the file in diagnostics ("name:line:col: ...") and
// in the set's identity.
struct PolicyDocument {
  std::string name;
  std::string text;
};

inline constexpr std::chrono::milliseconds kDefaultEventTimeBudget{5000};
inline constexpr std::chrono::milliseconds kDefaultPluginTimeBudget{1000};

struct LoadOptions {
  // Policy files, or directories whose *.yaml / *.yml files (not recursive) are loaded.
  std::vector<std::filesystem::path> paths;
  // Documents loaded after the files, as if they were files named `name`.
  std::vector<PolicyDocument> documents;
  // Report every policy as simulate, whatever its file says ("what would this have done").
  bool force_simulate = false;
  // Key for evidence fingerprints (HMAC-SHA256 of the matched value). Empty: no fingerprints.
  std::string fingerprint_key;
  // At most this many evidence entries per finding (the count is always exact).
  size_t max_evidence = 5;
  // Detector plugins that `plugin:` detectors may use; kept alive as long as the set.
  std::shared_ptr<const PluginHost> plugins;
  // Bounded cost per event (zero: no limit). Evaluate() stops scanning once `event_time_budget`
  // has passed (the clock is read at each field, around each plugin call and every 1,024
  // candidates): the detectors not yet run on a field are not run, and the verdict lists each
  // as incomplete with reason "time_budget" (policies act on it with `on_incomplete`). A plugin
  // call that takes longer than `plugin_time_budget` keeps its findings, but the field is
  // incomplete for it ("plugin_time_budget") and the overrun counts toward its quarantine: a
  // plugin runs in-process and cannot be interrupted, so this is checked when it returns. The
  // defaults leave a 1 MB event of the worst content we know of (docs/security.md) well inside
  // the budget.
  std::chrono::milliseconds event_time_budget{kDefaultEventTimeBudget};
  std::chrono::milliseconds plugin_time_budget{kDefaultPluginTimeBudget};
  // Where compiled Hyperscan databases are kept between runs (keyed by the Hyperscan version,
  // platform and patterns; a stale or corrupt entry is rebuilt). Empty: compile every time.
  std::filesystem::path database_cache_dir;
  // Compile every pattern's RE2 during Load(). Otherwise a pattern already checked by an earlier
  // load with the same database_cache_dir is compiled when first confirmed (up to ~3 ms for a
  // long counted repetition): right for a CLI scan of a few messages, while a service wants the
  // work done on the loading (or reloading) thread rather than by its workers.
  bool compile_every_pattern = false;
};

// Summary of what was compiled, for `bulwark policy lint` and logs.
struct PolicySetStats {
  size_t files = 0;
  size_t policies = 0;
  size_t enforcing = 0;  // of those, in enforce mode (and not forced into simulate)
  size_t detectors = 0;
  size_t patterns = 0;               // distinct detector patterns (regex and keyword lists)
  size_t prefiltered = 0;            // of those, in the Hyperscan database
  size_t digit_shaped = 0;           // of those, prefiltered by the digit-run test instead
  size_t class_runs = 0;             // of those, prefiltered by byte-class runs instead
  size_t near_context = 0;           // of those, looked for only around their context keywords
  size_t unfiltered = 0;             // of those, run with RE2 on every field (Hyperscan rejected)
  size_t whole_field = 0;            // of those, confirmed over whole fields (no match-width bound)
  size_t context_patterns = 0;       // distinct context keyword lists (RE2, on candidates only)
  bool database_from_cache = false;  // the Hyperscan database came from database_cache_dir
};

class PolicySet {
 public:
  PolicySet(const PolicySet&) = delete;
  PolicySet& operator=(const PolicySet&) = delete;
  ~PolicySet();

  // Loads and compiles every file in `options.paths`. On success returns the set; warnings (if
  // any) are appended to `diagnostics`. On failure returns InvalidArgument and appends every
  // error found (not only the first) to `diagnostics`: a set with any error does not load.
  // `diagnostics` may be null.
  static Result<std::shared_ptr<const PolicySet>> Load(const LoadOptions& options,
                                                       std::vector<Diagnostic>* diagnostics);

  // Evaluates `content` against every policy in scope. Never throws; thread-safe.
  Verdict Evaluate(const Content& content) const;

  // Evaluate() with its decision trace: every field, every candidate of every detector an
  // in-scope policy uses and the step that accepted or rejected it, every rule condition's
  // value and every policy's scope (bulwark/explanation.h). The verdict is the one Evaluate()
  // gives. Costs more than Evaluate(); Evaluate() pays nothing for it. Thread-safe.
  Explanation Explain(const Content& content) const;

  // Runs every detector of the set over `content`, ignoring scopes and rules: what each
  // detector finds and with what confidence (for `bulwark policy test` and explanations).
  // Evidence is masked like in verdicts. Thread-safe.
  struct DetectorHit {
    std::string detector;  // qualified name
    Confidence confidence = Confidence::kLow;
    Evidence evidence;
  };
  std::vector<DetectorHit> Detect(const Content& content) const;

  // What each regex and keyword detector costs, for `bulwark policy lint`: how the scanner
  // narrows it down, its cost class ("low", "medium", "high"), the Hyperscan compile time of its
  // pattern alone, and what makes it expensive (see policy/pattern_cost.h). Compiles every
  // pattern again to time it: for tools, not for the hot path. Plugin detectors are not listed.
  struct DetectorCost {
    std::string detector;
    std::string file;  // where its pattern is (as in diagnostics)
    int line = 0;
    int column = 0;
    std::string cost;       // "low", "medium" or "high"
    std::string prefilter;  // e.g. "hyperscan, matches <= 24 bytes, confirmed around each hit"
    double compile_ms = 0;  // 0 when not in the Hyperscan database
    std::vector<std::string> reasons;
  };
  std::vector<DetectorCost> Costs() const;

  // Qualified names of every detector, in definition order.
  std::vector<std::string> DetectorNames() const;

  // Failure counts of the plugin detectors (for metrics and logs); empty without any.
  struct PluginDetectorStats {
    std::string detector;  // qualified detector name
    std::string plugin;    // "<plugin>.<type>"
    uint64_t errors = 0;   // failed scans since the set was loaded
    bool quarantined = false;
    // The reason of the latest failure (the plugin's own message, at most
    // BULWARK_PLUGIN_ERROR_SIZE bytes). It may quote the scanned text: show it to whoever
    // scanned their own input (bulwark scan, policy test), never in logs or metrics.
    std::string last_error;
  };
  std::vector<PluginDetectorStats> PluginStats() const;

  // "sha256:<hex>" over the loaded files' names and bytes.
  const std::string& id() const;
  // The `version` of each policy and library that declares one, by name.
  const std::map<std::string, std::string>& versions() const;
  const PolicySetStats& stats() const;

 private:
  friend struct EngineInternals;  // the engine's own layers (engine/src/engine_internals.h)
  explicit PolicySet(std::unique_ptr<CompiledPolicySet> impl);
  std::unique_ptr<CompiledPolicySet> impl_;
};

}  // namespace bulwark

#endif  // BULWARK_POLICY_SET_H_
