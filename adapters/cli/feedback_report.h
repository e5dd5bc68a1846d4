// FeedbackReport: verdict and feedback records (bulwark.verdict/v1, bulwark.feedback/v1) ->
// per-rule counts of what senders did about Bulwark's decisions: messages flagged (blocked or
// notified), overridden, reported as false positives, and the false-positive rate. Each message
// counts once per rule and kind however often its records repeat (at-least-once delivery,
// feedback for every later edit of an overridden message).
#ifndef BULWARK_ADAPTERS_CLI_FEEDBACK_REPORT_H_
#define BULWARK_ADAPTERS_CLI_FEEDBACK_REPORT_H_

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <utility>

namespace bulwark::cli {

class FeedbackReport {
 public:
  struct RuleCounts {
    std::set<std::string> blocked, notified, overridden, false_positive;  // message keys
    size_t flagged() const;              // blocked or notified (a message may be both over time)
    double false_positive_rate() const;  // false_positive / flagged; 0 when nothing flagged
  };

  // One JSON line; records of other kinds are counted as ignored, unreadable lines as invalid.
  void Add(std::string_view line);

  // (policy, rule) -> counts. Feedback naming no rule (the policies no longer flag the content)
  // is under ("", "").
  const std::map<std::pair<std::string, std::string>, RuleCounts>& rules() const { return rules_; }
  size_t verdicts() const { return verdicts_; }
  size_t feedback() const { return feedback_; }
  size_t ignored() const { return ignored_; }
  size_t invalid() const { return invalid_; }

  std::string Text() const;
  nlohmann::ordered_json Json() const;

 private:
  std::map<std::pair<std::string, std::string>, RuleCounts> rules_;
  size_t verdicts_ = 0, feedback_ = 0, ignored_ = 0, invalid_ = 0;
};

}  // namespace bulwark::cli

#endif  // BULWARK_ADAPTERS_CLI_FEEDBACK_REPORT_H_
