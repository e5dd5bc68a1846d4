#include "detect/pattern_facts.h"

#include <hs/hs.h>

#include <string_view>

#include "detect/class_run.h"
#include "detect/pattern_database.h"
#include "util/file_replace.h"
#include "util/read_file.h"

namespace bulwark {
namespace {

// Bump when what a fact means, or how it is computed, changes.
constexpr char kMagic[] = "BWFACTS2\n";
// A file past this is not read (and is replaced): the facts of ~100,000 patterns.
constexpr size_t kMaxFileBytes = 16u << 20;

// RE2 has no run-time version: the one built against (libre2-dev's pkg-config version).
std::string Header() {
  return std::string(kMagic) + hs_version() + "\nre2 " + BULWARK_RE2_VERSION + "\n";
}

void PutU32(std::string* out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

bool GetU32(std::string_view* in, uint32_t* v) {
  if (in->size() < 4) return false;
  *v = 0;
  for (int i = 0; i < 4; ++i)
    *v |= static_cast<uint32_t>(static_cast<unsigned char>((*in)[i])) << (8 * i);
  in->remove_prefix(4);
  return true;
}

}  // namespace

PatternFacts::PatternFacts(const std::filesystem::path& cache_dir) {
  if (cache_dir.empty()) return;
  file_ = cache_dir / "pattern-facts";
  std::error_code ec;
  const auto size = std::filesystem::file_size(file_, ec);
  if (ec || size > kMaxFileBytes) return;
  std::string bytes;
  if (!ReadWholeFile(file_, &bytes)) return;
  std::string_view rest(bytes);
  const std::string header = Header();
  if (rest.substr(0, header.size()) != header) return;
  rest.remove_prefix(header.size());
  std::unordered_map<std::string, Entry> read;
  const auto get_string = [&](std::string* s) {
    uint32_t len = 0;
    if (!GetU32(&rest, &len) || rest.size() < len) return false;
    s->assign(rest.substr(0, len));
    rest.remove_prefix(len);
    return true;
  };
  while (!rest.empty()) {  // any torn or odd record: the whole file is ignored
    std::string pattern;
    if (!get_string(&pattern) || rest.empty()) return;
    Entry e;
    e.bits = static_cast<uint8_t>(rest[0]);
    rest.remove_prefix(1);
    if (e.bits & kValid) {
      uint32_t count = 0, named = 0;
      if (!GetU32(&rest, &count) || !GetU32(&rest, &named) || named > count) return;
      e.groups.count = static_cast<int>(count);
      for (uint32_t k = 0; k < named; ++k) {
        std::string name;
        uint32_t index = 0;
        if (!get_string(&name) || !GetU32(&rest, &index) || index == 0 || index > count) return;
        e.groups.named.emplace(std::move(name), static_cast<int>(index));
      }
    }
    read.emplace(std::move(pattern), std::move(e));
  }
  facts_ = std::move(read);
}

bool PatternFacts::CanMatchEmpty(const std::string& pattern) {
  uint8_t& bits = facts_[pattern].bits;
  if (!(bits & kEmptyKnown)) {
    bits |= kEmptyKnown | (PatternCanMatchEmpty(pattern) ? kEmpty : 0);
    ++computed_;
  }
  return bits & kEmpty;
}

std::optional<ClassRunSpec> PatternFacts::ClassRun(const std::string& pattern) {
  uint8_t& bits = facts_[pattern].bits;
  if ((bits & kClassRunKnown) && !(bits & kClassRun)) return std::nullopt;
  std::optional<ClassRunSpec> run = ClassRunOf(pattern);
  if (!(bits & kClassRunKnown)) ++computed_;
  bits |= kClassRunKnown | (run ? kClassRun : 0);
  return run;
}

bool PatternFacts::HasRequiredLiteral(const std::string& pattern) {
  uint8_t& bits = facts_[pattern].bits;
  if (!(bits & kLiteralKnown)) {
    bits |= kLiteralKnown | (bulwark::HasRequiredLiteral(pattern, 3) ? kLiteral : 0);
    ++computed_;
  }
  return bits & kLiteral;
}

const PatternFacts::Groups* PatternFacts::KnownValid(const std::string& pattern) const {
  auto it = facts_.find(pattern);
  return it != facts_.end() && (it->second.bits & kValid) ? &it->second.groups : nullptr;
}

void PatternFacts::RememberValid(const std::string& pattern, const RE2& re) {
  Entry& e = facts_[pattern];
  e.bits |= kValid;
  e.groups.count = re.NumberOfCapturingGroups();
  e.groups.named = re.NamedCapturingGroups();
  ++computed_;
}

void PatternFacts::Save() const {
  if (file_.empty() || computed_ == 0) return;
  std::string out = Header();
  const auto put_string = [&](const std::string& s) {
    PutU32(&out, static_cast<uint32_t>(s.size()));
    out += s;
  };
  for (const auto& [pattern, e] : facts_) {
    if (e.bits == 0) continue;  // looked up but never decided
    put_string(pattern);
    out.push_back(static_cast<char>(e.bits));
    if (e.bits & kValid) {
      PutU32(&out, static_cast<uint32_t>(e.groups.count));
      PutU32(&out, static_cast<uint32_t>(e.groups.named.size()));
      for (const auto& [name, index] : e.groups.named) {
        put_string(name);
        PutU32(&out, static_cast<uint32_t>(index));
      }
    }
  }
  if (out.size() > kMaxFileBytes) return;
  ReplaceFile(file_, out);
}

}  // namespace bulwark
