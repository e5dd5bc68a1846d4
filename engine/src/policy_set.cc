#include "bulwark/policy_set.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <system_error>
#include <tuple>

#include "eval/evaluator.h"
#include "policy/compiled.h"
#include "policy/parse_cache.h"
#include "policy/pattern_cost.h"
#include "policy/policy_parser.h"
#include "util/digest.h"

namespace bulwark {
namespace {

namespace fs = std::filesystem;

bool IsPolicyFile(const fs::path& p) {
  const std::string ext = p.extension().string();
  return ext == ".yaml" || ext == ".yml";
}

// Expands directories into their policy files (sorted); reports missing paths.
std::vector<fs::path> CollectFiles(const std::vector<fs::path>& paths,
                                   std::vector<Diagnostic>* diagnostics, int* errors) {
  std::vector<fs::path> files;
  auto error = [&](const fs::path& p, std::string msg) {
    ++*errors;
    if (diagnostics)
      diagnostics->push_back({Diagnostic::Level::kError, p.string(), 0, 0, std::move(msg)});
  };
  for (const fs::path& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<fs::path> in_dir;
      for (const auto& entry : fs::directory_iterator(p, ec)) {
        if (entry.is_regular_file(ec) && IsPolicyFile(entry.path())) in_dir.push_back(entry.path());
      }
      if (ec) {
        error(p, "cannot list directory: " + ec.message());
        continue;
      }
      std::sort(in_dir.begin(), in_dir.end());
      files.insert(files.end(), in_dir.begin(), in_dir.end());
    } else if (fs::is_regular_file(p, ec)) {
      files.push_back(p);
    } else {
      error(p, "no such file or directory");
    }
  }
  return files;
}

}  // namespace

PolicySet::PolicySet(std::unique_ptr<CompiledPolicySet> impl) : impl_(std::move(impl)) {}
PolicySet::~PolicySet() = default;

Result<std::shared_ptr<const PolicySet>> PolicySet::Load(const LoadOptions& options,
                                                         std::vector<Diagnostic>* diagnostics) {
  std::vector<Diagnostic> local;
  std::vector<Diagnostic>* diags = diagnostics != nullptr ? diagnostics : &local;
  const size_t first = diags->size();
  int errors = 0;
  const std::vector<fs::path> files = CollectFiles(options.paths, diags, &errors);
  if (files.empty() && options.documents.empty() && errors == 0) {
    diags->push_back({Diagnostic::Level::kError, "", 0, 0, "no policy files found"});
    ++errors;
  }

  auto impl = std::make_unique<CompiledPolicySet>();
  impl->options = options;
  // Every source as (name, bytes): the files, then the in-memory documents.
  std::vector<PolicyDocument> sources;
  for (const fs::path& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream buf;
    buf << in.rdbuf();
    if (!in.good() && !in.eof()) {
      diags->push_back({Diagnostic::Level::kError, file.string(), 0, 0, "cannot read file"});
      ++errors;
      continue;
    }
    sources.push_back({file.string(), buf.str()});
  }
  sources.insert(sources.end(), options.documents.begin(), options.documents.end());
  std::vector<policy::DocumentSpec> docs;
  std::string identity;
  for (const PolicyDocument& source : sources) {
    // Identity: file names (not directories, which differ between machines) and bytes.
    identity += fs::path(source.name).filename().string();
    identity.push_back('\0');
    const std::string text_sha256 = Sha256Hex(source.text);
    identity += text_sha256;
    identity.push_back('\n');
    const fs::path& cache = options.database_cache_dir;
    if (auto cached = policy::LoadCachedParse(cache, text_sha256, source.name)) {
      diags->insert(diags->end(), cached->warnings.begin(), cached->warnings.end());
      for (auto& d : cached->documents) docs.push_back(std::move(d));
      continue;
    }
    const size_t before = diags->size();
    policy::FileDiagnostics fd(source.name, diags);
    std::vector<policy::DocumentSpec> file_docs = policy::ParsePolicyText(source.text, fd);
    errors += fd.errors();
    if (fd.errors() == 0 && !cache.empty()) {  // only a clean parse is remembered
      policy::StoreCachedParse(
          cache, text_sha256, file_docs,
          std::vector<Diagnostic>(diags->begin() + static_cast<long>(before), diags->end()));
    }
    for (auto& d : file_docs) docs.push_back(std::move(d));
  }
  impl->stats.files = sources.size();
  // Compiled even after parse errors (documents with errors skip nothing but the database), so
  // that one run reports every error of the set.
  if (!CompilePolicySet(docs, impl.get(), diags)) ++errors;
  // In file, line, column order; messages without a file (the database) last.
  std::stable_sort(diags->begin() + static_cast<long>(first), diags->end(),
                   Diagnostic::InFileOrder);
  if (errors > 0) {
    size_t n = 0;
    for (size_t i = first; i < diags->size(); ++i) {
      n += (*diags)[i].level == Diagnostic::Level::kError ? 1 : 0;
    }
    return Status::InvalidArgument("policy set has " + std::to_string(n) + " error" +
                                   (n == 1 ? "" : "s"));
  }
  impl->id = "sha256:" + Sha256Hex(identity);
  impl->stats.policies = impl->policies.size();
  for (const CompiledPolicy& p : impl->policies) {
    impl->stats.enforcing += p.mode == PolicyMode::kEnforce ? 1 : 0;
  }
  impl->stats.detectors = impl->detectors.size();
  impl->stats.patterns = impl->pattern_text.size();
  for (size_t i = 0; i < impl->pattern_text.size(); ++i) {  // contexts follow in the database
    switch (impl->database->kind(i)) {
      case PatternDatabase::Kind::kHyperscan:
        ++impl->stats.prefiltered;
        impl->stats.whole_field += impl->database->reach(i) == 0 ? 1 : 0;
        break;
      case PatternDatabase::Kind::kDigitRun:
      case PatternDatabase::Kind::kDigitWindow:
        ++impl->stats.digit_shaped;
        break;
      case PatternDatabase::Kind::kClassRun:
        ++impl->stats.class_runs;
        break;
      case PatternDatabase::Kind::kNearContext:
        ++impl->stats.near_context;
        break;
      case PatternDatabase::Kind::kUnfiltered:
        ++impl->stats.unfiltered;
        ++impl->stats.whole_field;
        break;
    }
  }
  impl->stats.context_patterns = impl->context_re.size();
  impl->stats.database_from_cache = impl->database->from_cache();
  return std::shared_ptr<const PolicySet>(new PolicySet(std::move(impl)));
}

Verdict PolicySet::Evaluate(const Content& content) const {
  return EvaluateContent(*impl_, content);
}

Explanation PolicySet::Explain(const Content& content) const {
  Explanation explanation;
  EvaluateContent(*impl_, content, &explanation);
  return explanation;
}

std::vector<PolicySet::DetectorCost> PolicySet::Costs() const {
  const CompiledPolicySet& set = *impl_;
  std::vector<PatternCompileCost> measured(set.pattern_text.size());
  std::vector<char> done(set.pattern_text.size(), 0);
  std::vector<DetectorCost> out;
  for (const CompiledDetector& det : set.detectors) {
    if (det.plugin) continue;
    DetectorCost c;
    c.detector = det.name;
    c.file = det.pattern_loc.file;
    c.line = det.pattern_loc.line;
    c.column = det.pattern_loc.column;
    const size_t i = det.pattern;
    const PatternDatabase::Kind kind = set.database->kind(i);
    c.reasons = PatternCostReasons(set.pattern_text[i]);
    int level = c.reasons.empty() ? 0 : 1;
    switch (kind) {
      case PatternDatabase::Kind::kDigitRun:
      case PatternDatabase::Kind::kDigitWindow:
      case PatternDatabase::Kind::kClassRun:
      case PatternDatabase::Kind::kNearContext:
        c.prefilter = kind == PatternDatabase::Kind::kDigitRun      ? "digit runs"
                      : kind == PatternDatabase::Kind::kDigitWindow ? "digit windows"
                      : kind == PatternDatabase::Kind::kClassRun
                          ? "class runs: maximal runs of the pattern's bytes, confirmed around each"
                          : "none: confirmed only within the context window of its keywords";
        // The digit runs, class runs or context keywords stand in for a literal; only the
        // repeat width still matters.
        std::erase_if(c.reasons,
                      [](const std::string& r) { return r.rfind("no literal", 0) == 0; });
        level = c.reasons.empty() ? 0 : 1;
        break;
      case PatternDatabase::Kind::kHyperscan:
        if (!done[i]) measured[i] = MeasurePatternCompile(set.pattern_text[i]);
        done[i] = 1;
        c.compile_ms = measured[i].compile_ms;
        if (set.database->reach(i) != 0) {
          c.prefilter = "hyperscan, matches <= " + std::to_string(set.database->reach(i)) +
                        " bytes, confirmed around each hit";
        } else {
          c.prefilter = "hyperscan, unbounded width: confirmed over the whole field";
          level = std::max(level, 1) + (c.reasons.empty() ? 0 : 1);
        }
        break;
      case PatternDatabase::Kind::kUnfiltered:
        c.prefilter = "none (Hyperscan rejected it): RE2 over every field";
        level = 2;
        break;
    }
    c.cost = level == 0 ? "low" : level == 1 ? "medium" : "high";
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<PolicySet::DetectorHit> PolicySet::Detect(const Content& content) const {
  return DetectAll(*impl_, content);
}

std::vector<PolicySet::PluginDetectorStats> PolicySet::PluginStats() const {
  std::vector<PluginDetectorStats> out;
  for (const auto& d : impl_->detectors) {
    if (d.plugin)
      out.push_back({d.name, d.plugin->name(), d.plugin->errors(), d.plugin->quarantined(),
                     d.plugin->last_error()});
  }
  return out;
}

std::vector<std::string> PolicySet::DetectorNames() const {
  std::vector<std::string> out;
  for (const auto& d : impl_->detectors) out.push_back(d.name);
  return out;
}

const std::map<std::string, std::string>& PolicySet::versions() const { return *impl_->versions; }

const std::string& PolicySet::id() const { return impl_->id; }
const PolicySetStats& PolicySet::stats() const { return impl_->stats; }

}  // namespace bulwark
