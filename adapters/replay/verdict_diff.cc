#include "replay/verdict_diff.h"

#include <algorithm>
#include <sstream>

namespace bulwark::replay {
namespace {

bool IsVerdict(const nlohmann::json& j) {
  return j.is_object() && j.value("schema", "") == "bulwark.verdict/v1";
}

std::string Str(const nlohmann::json& j, const char* a, const char* b) {
  if (!j.is_object() || !j.contains(a) || !j[a].is_object()) return "";
  const nlohmann::json& o = j[a];
  return o.contains(b) && o[b].is_string() ? o[b].get<std::string>() : "";
}

// "policy/rule" of every match, and findings per detector (counted once per detector and
// verdict: the largest count among the matches that report it).
void Summarize(const nlohmann::json& v, std::set<std::string>* rules,
               std::map<std::string, uint64_t>* findings) {
  const auto matches = v.find("matches");
  if (matches == v.end() || !matches->is_array()) return;
  for (const auto& m : *matches) {
    rules->insert(m.value("policy", "") + "/" + m.value("rule", ""));
    const auto fs = m.find("findings");
    if (fs == m.end() || !fs->is_array()) continue;
    for (const auto& f : *fs) {
      uint64_t& n = (*findings)[f.value("detector", "")];
      n = std::max<uint64_t>(n, f.value("count", 0u));
    }
  }
}

}  // namespace

std::string VerdictKey(const nlohmann::json& v) {
  std::string id = Str(v, "notification", "id");
  const std::string message = Str(v, "resource", "message_id");
  if (!message.empty()) id += "#" + message;
  if (!id.empty()) return id;
  const auto src = v.find("source");
  if (src != v.end() && src->is_object()) {
    return src->value("file", "") + ":" + std::to_string(src->value("line", 0));
  }
  return "";
}

// Keeps the smallest keys, sorted: the same examples whatever order the notifications come in
// (replay sees capture order, diff-verdicts key order).
void VerdictDiff::Note(Examples* e, const std::string& key) const {
  ++e->count;
  if (key.empty()) return;
  auto at = std::lower_bound(e->ids.begin(), e->ids.end(), key);
  if (at != e->ids.end() && *at == key) return;
  e->ids.insert(at, key);
  if (e->ids.size() > examples_) e->ids.pop_back();
}

void VerdictDiff::Add(const std::string& key, const nlohmann::json& baseline,
                      const nlohmann::json& candidate) {
  if (!IsVerdict(baseline) || !IsVerdict(candidate)) {
    ++not_verdicts_;
    return;
  }
  ++compared_;
  const std::string before = baseline.value("decision", "");
  const std::string after = candidate.value("decision", "");
  if (before == after) {
    ++unchanged_;
  } else {
    ++changed_;
    Note(&decisions_[before + "->" + after], key);
  }
  std::set<std::string> rules_before;
  std::set<std::string> rules_after;
  std::map<std::string, uint64_t> found_before;
  std::map<std::string, uint64_t> found_after;
  Summarize(baseline, &rules_before, &found_before);
  Summarize(candidate, &rules_after, &found_after);
  for (const std::string& r : rules_after) {
    if (rules_before.count(r) == 0) Note(&gained_[r], key);
  }
  for (const std::string& r : rules_before) {
    if (rules_after.count(r) == 0) Note(&lost_[r], key);
  }
  for (const auto& [d, n] : found_before) detectors_[d].first += n;
  for (const auto& [d, n] : found_after) detectors_[d].second += n;
}

void VerdictDiff::AddOnlyBaseline(const std::string& key) { Note(&only_baseline_, key); }
void VerdictDiff::AddOnlyCandidate(const std::string& key) { Note(&only_candidate_, key); }

void VerdictDiff::SetPolicySets(std::string baseline, std::string candidate) {
  baseline_set_ = std::move(baseline);
  candidate_set_ = std::move(candidate);
}

nlohmann::ordered_json VerdictDiff::ToJson() const {
  using nlohmann::ordered_json;
  auto examples = [](const Examples& e) {
    return ordered_json{{"count", e.count}, {"examples", e.ids}};
  };
  ordered_json j;
  j["schema"] = kVerdictDiffSchema;
  j["policy_sets"] = {{"baseline", baseline_set_}, {"candidate", candidate_set_}};
  j["compared"] = compared_;
  j["unchanged"] = unchanged_;
  j["changed"] = changed_;
  j["not_evaluated"] = not_verdicts_;
  j["only_in_baseline"] = examples(only_baseline_);
  j["only_in_candidate"] = examples(only_candidate_);
  ordered_json decisions = ordered_json::object();
  for (const auto& [k, e] : decisions_) decisions[k] = examples(e);
  j["decisions"] = std::move(decisions);
  std::set<std::string> rules;
  for (const auto& [r, e] : gained_) rules.insert(r);
  for (const auto& [r, e] : lost_) rules.insert(r);
  ordered_json jr = ordered_json::object();
  for (const std::string& r : rules) {
    const auto g = gained_.find(r);
    const auto l = lost_.find(r);
    jr[r] = {{"gained", examples(g == gained_.end() ? Examples{} : g->second)},
             {"lost", examples(l == lost_.end() ? Examples{} : l->second)}};
  }
  j["rules"] = std::move(jr);
  ordered_json jd = ordered_json::object();
  for (const auto& [d, n] : detectors_) jd[d] = {{"baseline", n.first}, {"candidate", n.second}};
  j["detectors"] = std::move(jd);
  return j;
}

std::string VerdictDiff::ToMarkdown() const {
  std::ostringstream md;
  auto ids = [](const Examples& e) {
    std::string out;
    for (const std::string& id : e.ids) out += (out.empty() ? "`" : ", `") + id + "`";
    return out;
  };
  md << "## Policy change: what it does to the traffic\n\n";
  if (!baseline_set_.empty()) {
    md << "Baseline `" << baseline_set_ << "`, candidate `" << candidate_set_ << "`.\n\n";
  }
  md << compared_ << " notifications compared: " << changed_ << " decisions changed, " << unchanged_
     << " unchanged";
  if (not_verdicts_ > 0) md << "; " << not_verdicts_ << " not evaluated (dead letters, lifecycle)";
  if (only_baseline_.count + only_candidate_.count > 0) {
    md << "; " << only_baseline_.count << " only in the baseline, " << only_candidate_.count
       << " only in the candidate";
  }
  md << ".\n\n";
  if (!decisions_.empty()) {
    md << "| decision | notifications | examples |\n|---|---:|---|\n";
    for (const auto& [k, e] : decisions_) {
      md << "| " << k.substr(0, k.find("->")) << " → " << k.substr(k.find("->") + 2) << " | "
         << e.count << " | " << ids(e) << " |\n";
    }
    md << "\n";
  }
  if (!gained_.empty() || !lost_.empty()) {
    std::set<std::string> rules;
    for (const auto& [r, e] : gained_) rules.insert(r);
    for (const auto& [r, e] : lost_) rules.insert(r);
    md << "| rule | matches gained | matches lost | examples |\n|---|---:|---:|---|\n";
    for (const std::string& r : rules) {
      const auto g = gained_.find(r);
      const auto l = lost_.find(r);
      const Examples none;
      const Examples& ge = g == gained_.end() ? none : g->second;
      const Examples& le = l == lost_.end() ? none : l->second;
      std::string ex = ids(ge);
      if (!le.ids.empty()) ex += (ex.empty() ? "" : "; ") + std::string("lost: ") + ids(le);
      md << "| `" << r << "` | " << ge.count << " | " << le.count << " | " << ex << " |\n";
    }
    md << "\n";
  }
  bool header = false;
  for (const auto& [d, n] : detectors_) {
    if (n.first == n.second) continue;
    if (!header) md << "| detector | findings before | after |\n|---|---:|---:|\n";
    header = true;
    md << "| `" << d << "` | " << n.first << " | " << n.second << " |\n";
  }
  if (header) md << "\n";
  return md.str();
}

}  // namespace bulwark::replay
