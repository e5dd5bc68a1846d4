#include "service/metrics.h"

#include <cstdio>

namespace bulwark::service {
namespace {

const std::vector<double> kLatencyBounds = {0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01,
                                            0.015,  0.02,  0.03,  0.05,  0.075, 0.1,    0.15,
                                            0.25,   0.5,   1,     2.5,   5,     10};

std::string Num(double v) {
  char buf[32];
  snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), counts_(bounds_.size() + 1, 0) {}

void Histogram::Observe(double seconds) {
  std::lock_guard<std::mutex> lock(mu_);
  size_t i = 0;
  while (i < bounds_.size() && seconds > bounds_[i]) ++i;
  ++counts_[i];
  sum_ += seconds;
  ++count_;
}

void Histogram::Render(const std::string& name, std::string* out) const {
  std::lock_guard<std::mutex> lock(mu_);
  *out += "# TYPE " + name + " histogram\n";
  uint64_t cum = 0;
  for (size_t i = 0; i < bounds_.size(); ++i) {
    cum += counts_[i];
    *out += name + "_bucket{le=\"" + Num(bounds_[i]) + "\"} " + std::to_string(cum) + "\n";
  }
  cum += counts_.back();
  *out += name + "_bucket{le=\"+Inf\"} " + std::to_string(cum) + "\n";
  *out += name + "_sum " + Num(sum_) + "\n";
  *out += name + "_count " + std::to_string(count_) + "\n";
}

double Histogram::Quantile(double q) const {
  std::lock_guard<std::mutex> lock(mu_);
  if (count_ == 0) return 0;
  const double target = q * static_cast<double>(count_);
  uint64_t cum = 0;
  for (size_t i = 0; i < counts_.size(); ++i) {
    cum += counts_[i];
    if (static_cast<double>(cum) >= target) return i < bounds_.size() ? bounds_[i] : bounds_.back();
  }
  return bounds_.back();
}

Metrics::Metrics() : processing_(kLatencyBounds), end_to_end_(kLatencyBounds) {}

void Metrics::AddTally(const pipeline::Tally& t) {
  std::lock_guard<std::mutex> lock(mu_);
  tally_.Add(t);
}

void Metrics::SinkFailure(const std::string& sink) {
  std::lock_guard<std::mutex> lock(mu_);
  ++sink_failures_[sink];
}

void Metrics::SetCertificateExpiry(const std::map<std::string, int64_t>& not_after) {
  std::lock_guard<std::mutex> lock(mu_);
  certificate_expiry_ = not_after;
}

void Metrics::SetKeyLastUsed(const std::map<std::string, int64_t>& last_used) {
  std::lock_guard<std::mutex> lock(mu_);
  key_last_used_ = last_used;
}

void Metrics::SetLag(const std::map<int32_t, int64_t>& lag) {
  std::lock_guard<std::mutex> lock(mu_);
  lag_ = lag;
}

void Metrics::SetPolicySet(const std::string& id, std::shared_ptr<const PolicySet> set) {
  std::lock_guard<std::mutex> lock(mu_);
  policy_set_ = id;
  set_ = std::move(set);
}

void Metrics::PolicyReload(bool ok) {
  std::lock_guard<std::mutex> lock(mu_);
  ++(ok ? reloads_ok_ : reloads_failed_);
}

std::string Metrics::Render() const {
  std::string out;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto counter = [&](const char* name, const char* help, uint64_t v) {
      out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " counter\n" + name +
             " " + std::to_string(v) + "\n";
    };
    counter("bulwark_events_total", "Event Hubs events accepted by every sink.", tally_.events);
    counter("bulwark_notifications_total",
            "Change notifications in those events (probes excluded).", tally_.notifications);
    counter("bulwark_probes_total", "Subscription probe items skipped.", tally_.probes);
    counter("bulwark_lifecycle_total", "Lifecycle notifications recorded.", tally_.lifecycle);
    counter("bulwark_not_scanned_total", "Messages recorded without evaluation.",
            tally_.not_scanned);
    out +=
        "# HELP bulwark_verdicts_total Verdicts by decision.\n# TYPE bulwark_verdicts_total "
        "counter\n";
    const char* names[] = {"allow", "audit", "notify", "block"};
    for (size_t i = 0; i < 4; ++i) {
      out += std::string("bulwark_verdicts_total{decision=\"") + names[i] + "\"} " +
             std::to_string(tally_.verdicts[i]) + "\n";
    }
    out +=
        "# HELP bulwark_feedback_total Flagged messages that came back, by kind (enforced, "
        "override, false_positive).\n# TYPE bulwark_feedback_total counter\n";
    for (const auto& [kind, n] : tally_.feedback) {
      out += "bulwark_feedback_total{kind=\"" + kind + "\"} " + std::to_string(n) + "\n";
    }
    out +=
        "# HELP bulwark_gaps_total Lifecycle notifications saying notifications were not "
        "delivered (gap records), by event.\n# TYPE bulwark_gaps_total counter\n";
    for (const auto& [event, n] : tally_.gaps) {
      out += "bulwark_gaps_total{event=\"" + event + "\"} " + std::to_string(n) + "\n";
    }
    out +=
        "# HELP bulwark_dead_letters_total Dead-letter records by reason.\n"
        "# TYPE bulwark_dead_letters_total counter\n";
    for (const auto& [reason, n] : tally_.dead_letters) {
      out += "bulwark_dead_letters_total{reason=\"" + reason + "\"} " + std::to_string(n) + "\n";
    }
    out +=
        "# HELP bulwark_sink_failures_total Failed sink writes (each retried).\n"
        "# TYPE bulwark_sink_failures_total counter\n";
    for (const auto& [sink, n] : sink_failures_) {
      out += "bulwark_sink_failures_total{sink=\"" + sink + "\"} " + std::to_string(n) + "\n";
    }
    out +=
        "# HELP bulwark_partition_lag Events not yet accepted, per assigned partition.\n"
        "# TYPE bulwark_partition_lag gauge\n";
    for (const auto& [p, lag] : lag_) {
      out += "bulwark_partition_lag{partition=\"" + std::to_string(p) + "\"} " +
             std::to_string(lag) + "\n";
    }
    out +=
        "# HELP bulwark_certificate_expiry_timestamp_seconds When the certificate a "
        "subscription encrypts for expires.\n"
        "# TYPE bulwark_certificate_expiry_timestamp_seconds gauge\n";
    for (const auto& [id, t] : certificate_expiry_) {
      out += "bulwark_certificate_expiry_timestamp_seconds{id=\"" + id + "\"} " +
             std::to_string(t) + "\n";
    }
    out +=
        "# HELP bulwark_key_last_used_timestamp_seconds When a loaded key last decrypted a "
        "notification (0: not since the start; an old key is retired once unused long enough).\n"
        "# TYPE bulwark_key_last_used_timestamp_seconds gauge\n";
    for (const auto& [id, t] : key_last_used_) {
      out +=
          "bulwark_key_last_used_timestamp_seconds{id=\"" + id + "\"} " + std::to_string(t) + "\n";
    }
    out +=
        "# HELP bulwark_policy_set_info The policy set in use.\n# TYPE bulwark_policy_set_info "
        "gauge\n"
        "bulwark_policy_set_info{id=\"" +
        policy_set_ + "\"} 1\n";
    out +=
        "# HELP bulwark_policy_reloads_total SIGHUP reloads by result.\n"
        "# TYPE bulwark_policy_reloads_total counter\n"
        "bulwark_policy_reloads_total{result=\"ok\"} " +
        std::to_string(reloads_ok_) +
        "\n"
        "bulwark_policy_reloads_total{result=\"error\"} " +
        std::to_string(reloads_failed_) + "\n";
    if (set_ != nullptr) {
      const auto stats = set_->PluginStats();
      if (!stats.empty()) {
        out +=
            "# HELP bulwark_plugin_errors_total Failed scans of plugin detectors (no findings from "
            "them for those fields).\n# TYPE bulwark_plugin_errors_total counter\n";
        for (const auto& s : stats) {
          out += "bulwark_plugin_errors_total{detector=\"" + s.detector + "\",plugin=\"" +
                 s.plugin + "\"} " + std::to_string(s.errors) + "\n";
        }
        out +=
            "# HELP bulwark_plugin_quarantined Plugin detectors no longer called after repeated "
            "failures.\n# TYPE bulwark_plugin_quarantined gauge\n";
        for (const auto& s : stats) {
          out += "bulwark_plugin_quarantined{detector=\"" + s.detector + "\",plugin=\"" + s.plugin +
                 "\"} " + (s.quarantined ? "1" : "0") + "\n";
        }
      }
    }
  }
  processing_.Render("bulwark_processing_seconds", &out);
  end_to_end_.Render("bulwark_end_to_end_seconds", &out);
  return out;
}

}  // namespace bulwark::service
