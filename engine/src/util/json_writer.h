// JsonWriter: compact JSON text appended to a string, for the records written once per message
// (verdicts). Building an nlohmann document and dumping it allocated a node per member and was
// a sixth of the per-notification cost of replay; this writes the same text directly.
#ifndef BULWARK_ENGINE_UTIL_JSON_WRITER_H_
#define BULWARK_ENGINE_UTIL_JSON_WRITER_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace bulwark {

// Appends `s` as a JSON string (quotes included) to *out, escaped as nlohmann::json's dump()
// escapes it: `"` `\` and the control characters (\b \f \n \r \t, else \u00xx), nothing else.
// Invalid UTF-8 becomes U+FFFD, one per maximal invalid sequence (dump() would throw instead).
void AppendJsonString(std::string_view s, std::string* out);

// The text nlohmann::json's dump() gives for the same document: no whitespace, members in the
// order written. The caller balances Begin/End; Key before every value inside an object.
class JsonWriter {
 public:
  explicit JsonWriter(std::string* out) : out_(out) {}

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  void Key(std::string_view key) {
    Separate();
    AppendJsonString(key, out_);
    out_->push_back(':');
    after_key_ = true;
  }
  void String(std::string_view s) {
    Separate();
    AppendJsonString(s, out_);
  }
  void Int(int64_t v) {
    Separate();
    *out_ += std::to_string(v);
  }
  void Uint(uint64_t v) {
    Separate();
    *out_ += std::to_string(v);
  }
  void Bool(bool v) {
    Separate();
    *out_ += v ? "true" : "false";
  }
  // A member of the open object: its key and a value.
  void Member(std::string_view key, std::string_view value) {
    Key(key);
    String(value);
  }
  void MemberUint(std::string_view key, uint64_t value) {
    Key(key);
    Uint(value);
  }
  void MemberBool(std::string_view key, bool value) {
    Key(key);
    Bool(value);
  }
  // `json`: one complete JSON value, already made.
  void Raw(std::string_view json) {
    Separate();
    out_->append(json);
  }

 private:
  void Separate() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (!first_.empty()) {
      if (!first_.back()) out_->push_back(',');
      first_.back() = false;
    }
  }
  void Open(char c) {
    Separate();
    out_->push_back(c);
    first_.push_back(true);
  }
  void Close(char c) {
    out_->push_back(c);
    first_.pop_back();
  }

  std::string* out_;
  std::vector<bool> first_;  // per open container: nothing written in it yet
  bool after_key_ = false;
};

// Writes `j` (its text as j.dump() gives it, invalid UTF-8 replaced as above) without
// nlohmann's serializer, whose set-up per call (a locale query, a buffer, an adapter) cost more
// than the short documents it wrote.
void WriteJson(const nlohmann::ordered_json& j, JsonWriter* w);

}  // namespace bulwark

#endif  // BULWARK_ENGINE_UTIL_JSON_WRITER_H_
