// Metrics: the service's counters, gauges and latency histograms, rendered in the Prometheus
// text exposition format. Labels carry decisions, reasons, partitions and sink names only.
//
// Thread-safety: every method is safe to call concurrently.
#ifndef BULWARK_ADAPTERS_SERVICE_METRICS_H_
#define BULWARK_ADAPTERS_SERVICE_METRICS_H_

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "bulwark/policy_set.h"
#include "pipeline/envelope_processor.h"

namespace bulwark::service {

// A cumulative histogram with fixed bucket bounds (seconds).
class Histogram {
 public:
  explicit Histogram(std::vector<double> bounds);
  void Observe(double seconds);
  // Appends the _bucket, _sum and _count lines of metric `name`.
  void Render(const std::string& name, std::string* out) const;
  // Approximate quantile (upper bound of the bucket holding it); 0 without observations.
  double Quantile(double q) const;

 private:
  std::vector<double> bounds_;
  mutable std::mutex mu_;
  std::vector<uint64_t> counts_;  // per bucket, +Inf last
  double sum_ = 0;
  uint64_t count_ = 0;
};

class Metrics {
 public:
  Metrics();
  void AddTally(const pipeline::Tally& t);
  void SinkFailure(const std::string& sink);
  void SetLag(const std::map<int32_t, int64_t>& lag);
  // When each loaded key's certificate expires (seconds since the epoch), by certificate id.
  void SetCertificateExpiry(const std::map<std::string, int64_t>& not_after);
  // Per loaded key: when it last decrypted a notification (0: not since the start).
  void SetKeyLastUsed(const std::map<std::string, int64_t>& last_used);
  // The policy set in use; its plugin detectors' failure counts are read at each scrape.
  void SetPolicySet(const std::string& id, std::shared_ptr<const PolicySet> set = nullptr);
  void PolicyReload(bool ok);
  void SetReady(bool ready) { ready_ = ready; }
  bool ready() const { return ready_; }
  Histogram& processing() { return processing_; }
  Histogram& end_to_end() { return end_to_end_; }
  // The whole exposition, "# TYPE" lines included.
  std::string Render() const;

 private:
  mutable std::mutex mu_;
  pipeline::Tally tally_;
  std::map<std::string, uint64_t> sink_failures_;
  std::map<int32_t, int64_t> lag_;
  std::map<std::string, int64_t> certificate_expiry_;
  std::map<std::string, int64_t> key_last_used_;
  std::string policy_set_;
  std::shared_ptr<const PolicySet> set_;
  uint64_t reloads_ok_ = 0;
  uint64_t reloads_failed_ = 0;
  std::atomic<bool> ready_{false};
  Histogram processing_;
  Histogram end_to_end_;
};

}  // namespace bulwark::service

#endif  // BULWARK_ADAPTERS_SERVICE_METRICS_H_
