#include "policy/yaml_fields.h"

#include <algorithm>
#include <set>
#include <sstream>

#include "bulwark/parse_number.h"

namespace bulwark::policy {

SourceLoc FileDiagnostics::Loc(const YAML::Mark& at) const {
  // yaml-cpp marks are 0-based; a null mark (-1) means "unknown".
  return SourceLoc{file_, at.line >= 0 ? at.line + 1 : 0, at.column >= 0 ? at.column + 1 : 0};
}

void FileDiagnostics::Error(const YAML::Mark& at, std::string message) {
  Error(Loc(at), std::move(message));
}

void FileDiagnostics::Error(const SourceLoc& at, std::string message) {
  ++errors_;
  if (out_ != nullptr) {
    out_->push_back(
        Diagnostic{Diagnostic::Level::kError, at.file, at.line, at.column, std::move(message)});
  }
}

void FileDiagnostics::Warning(const SourceLoc& at, std::string message) {
  if (out_ != nullptr) {
    out_->push_back(
        Diagnostic{Diagnostic::Level::kWarning, at.file, at.line, at.column, std::move(message)});
  }
}

namespace {

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string NodeKind(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map:
      return "a map";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Null:
      return "nothing";
    default:
      return "a scalar";
  }
}

}  // namespace

std::string_view Suggest(std::string_view word, const std::vector<std::string_view>& candidates) {
  std::string_view best;
  size_t best_d = 3;
  for (std::string_view c : candidates) {
    const size_t dist = EditDistance(word, c);
    if (dist < best_d) {
      best_d = dist;
      best = c;
    }
  }
  return best;
}

bool CheckMap(const YAML::Node& node, std::string_view what,
              const std::vector<std::string_view>& allowed, FileDiagnostics& d) {
  if (!node.IsMap()) {
    d.Error(node.Mark(), std::string(what) + ": expected a map, found " + NodeKind(node));
    return false;
  }
  std::set<std::string> seen;
  for (auto it = node.begin(); it != node.end(); ++it) {
    const YAML::Node key = it->first;  // by value: it-> yields a temporary proxy
    if (!key.IsScalar()) {
      d.Error(key.Mark(), std::string(what) + ": keys must be plain strings");
      continue;
    }
    const std::string& k = key.Scalar();
    if (!seen.insert(k).second) {
      d.Error(key.Mark(), std::string(what) + ": duplicate key '" + k + "'");
      continue;
    }
    if (std::find(allowed.begin(), allowed.end(), k) == allowed.end()) {
      std::string msg = std::string(what) + ": unknown key '" + k + "'";
      std::string_view s = Suggest(k, allowed);
      if (!s.empty()) msg += " (did you mean '" + std::string(s) + "'?)";
      d.Error(key.Mark(), std::move(msg));
    }
  }
  return true;
}

std::optional<std::string> ReadString(const YAML::Node& map, const char* key, std::string_view what,
                                      FileDiagnostics& d) {
  const YAML::Node v = map[key];
  if (!v.IsDefined()) return std::nullopt;
  if (!v.IsScalar()) {
    d.Error(v.Mark(), std::string(what) + ": '" + key + "' must be a string, found " + NodeKind(v));
    return std::nullopt;
  }
  return v.Scalar();
}

std::optional<std::string> RequireString(const YAML::Node& map, const char* key,
                                         std::string_view what, FileDiagnostics& d) {
  const YAML::Node v = map[key];
  if (!v.IsDefined()) {
    d.Error(map.Mark(), std::string(what) + ": missing required key '" + key + "'");
    return std::nullopt;
  }
  auto s = ReadString(map, key, what, d);
  if (s && s->empty()) {
    d.Error(v.Mark(), std::string(what) + ": '" + key + "' must not be empty");
    return std::nullopt;
  }
  return s;
}

std::optional<std::vector<std::string>> ReadStringList(const YAML::Node& map, const char* key,
                                                       std::string_view what, FileDiagnostics& d) {
  const YAML::Node v = map[key];
  if (!v.IsDefined()) return std::nullopt;
  std::vector<std::string> out;
  if (v.IsScalar()) {
    out.push_back(v.Scalar());
    return out;
  }
  if (!v.IsSequence()) {
    d.Error(v.Mark(),
            std::string(what) + ": '" + key + "' must be a list of strings, found " + NodeKind(v));
    return std::nullopt;
  }
  bool ok = true;
  for (const YAML::Node& item : v) {
    if (!item.IsScalar()) {
      d.Error(item.Mark(), std::string(what) + ": '" + key + "' must be a list of strings, found " +
                               NodeKind(item) + " in it");
      ok = false;
      continue;
    }
    out.push_back(item.Scalar());
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<double> ReadDouble(const YAML::Node& map, const char* key, std::string_view what,
                                 double min, double max, FileDiagnostics& d) {
  const YAML::Node v = map[key];
  if (!v.IsDefined()) return std::nullopt;
  const std::string where = std::string(what) + ": '" + key + "'";
  if (!v.IsScalar()) {
    d.Error(v.Mark(), where + " must be a number, found " + NodeKind(v));
    return std::nullopt;
  }
  const std::string& s = v.Scalar();
  const std::optional<double> value = ParseDecimal(s, min, max);
  if (!value) {
    std::ostringstream range;
    range << min << " and " << max;
    d.Error(v.Mark(), where + " must be a number between " + range.str() + ", found '" + s + "'");
    return std::nullopt;
  }
  return *value;
}

std::optional<int64_t> ReadInt(const YAML::Node& map, const char* key, std::string_view what,
                               int64_t min, int64_t max, FileDiagnostics& d) {
  const YAML::Node v = map[key];
  if (!v.IsDefined()) return std::nullopt;
  const std::string where = std::string(what) + ": '" + key + "'";
  if (!v.IsScalar()) {
    d.Error(v.Mark(), where + " must be an integer, found " + NodeKind(v));
    return std::nullopt;
  }
  const std::string& s = v.Scalar();
  const std::optional<int64_t> parsed = ParseInteger<int64_t>(s);
  if (!parsed) {
    d.Error(v.Mark(), where + " must be an integer, found '" + s + "'");
    return std::nullopt;
  }
  const int64_t value = *parsed;
  if (value < min || value > max) {
    d.Error(v.Mark(), where + " must be between " + std::to_string(min) + " and " +
                          std::to_string(max) + ", found " + s);
    return std::nullopt;
  }
  return value;
}

std::optional<bool> ReadBool(const YAML::Node& map, const char* key, std::string_view what,
                             FileDiagnostics& d) {
  const YAML::Node v = map[key];
  if (!v.IsDefined()) return std::nullopt;
  if (v.IsScalar()) {
    const std::string& s = v.Scalar();
    if (s == "true" || s == "True" || s == "yes") return true;
    if (s == "false" || s == "False" || s == "no") return false;
  }
  d.Error(v.Mark(), std::string(what) + ": '" + key + "' must be true or false");
  return std::nullopt;
}

bool IsValidName(std::string_view name) {
  if (name.empty() || name.size() > 128) return false;
  auto alnum = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  };
  if (!alnum(name[0])) return false;
  return std::all_of(name.begin(), name.end(),
                     [&](char c) { return alnum(c) || c == '-' || c == '_'; });
}

namespace {

// "---" or "..." followed by the end of the line, a space or a tab.
bool IsMarker(std::string_view line, const char* marker) {
  return line.size() >= 3 && line.compare(0, 3, marker) == 0 &&
         (line.size() == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\r');
}

// Whether a document's lines hold anything but blanks, comments, markers and an explicit null.
bool HasContent(const std::vector<std::string_view>& lines) {
  for (std::string_view line : lines) {
    if (IsMarker(line, "---")) line.remove_prefix(3);
    const size_t b = line.find_first_not_of(" \t\r");
    if (b == std::string_view::npos || line[b] == '#') continue;
    std::string_view rest = line.substr(b);
    const size_t e = rest.find_last_not_of(" \t\r");
    rest = rest.substr(0, e + 1);
    if (rest == "~" || rest == "null" || rest == "Null" || rest == "NULL") continue;
    return true;
  }
  return false;
}

// A quote can open a quoted scalar only where a scalar can begin: at the line's start or after
// a space, a tab or a flow indicator ("key: 'a'", "- \"b\"", "[a, 'b']"); elsewhere it is part
// of a plain scalar ("don't").
bool QuoteCanOpen(std::string_view line, size_t i) {
  if (i == 0) return true;
  const char p = line[i - 1];
  return p == ' ' || p == '\t' || p == '[' || p == '{' || p == ',';
}

// Whether `token` is a block scalar header: | or >, then at most a chomping indicator and an
// indentation digit in either order ("|", ">-", "|+2", ">2-").
bool IsBlockHeader(std::string_view token) {
  if (token.empty() || (token[0] != '|' && token[0] != '>') || token.size() > 3) return false;
  int chomp = 0, digit = 0;
  for (char c : token.substr(1)) {
    if (c == '-' || c == '+') {
      ++chomp;
    } else if (c >= '1' && c <= '9') {
      ++digit;
    } else {
      return false;
    }
  }
  return chomp <= 1 && digit <= 1;
}

}  // namespace

std::vector<bool> CommentOnlyLines(const std::vector<std::string_view>& lines) {
  std::vector<bool> comment(lines.size(), false);
  bool in_double = false, in_single = false;
  long block_indent = -1;  // the opening line's indentation while inside a block scalar
  for (size_t n = 0; n < lines.size(); ++n) {
    const std::string_view line = lines[n];
    const size_t first = line.find_first_not_of(" \t\r");
    const bool blank = first == std::string_view::npos;
    const long indent = blank ? 0 : static_cast<long>(line.find_first_not_of(' '));
    if (block_indent >= 0) {
      if (blank || indent > block_indent) continue;  // the block scalar's content
      block_indent = -1;
    }
    if (blank) continue;
    if (!in_double && !in_single && line[first] == '#') {
      comment[n] = true;
      continue;
    }
    size_t content_end = line.size();  // before a trailing comment
    for (size_t i = first; i < line.size(); ++i) {
      const char c = line[i];
      if (in_double) {
        if (c == '\\') {
          ++i;
        } else if (c == '"') {
          in_double = false;
        }
      } else if (in_single) {
        if (c == '\'') {
          if (i + 1 < line.size() && line[i + 1] == '\'') {
            ++i;
          } else {
            in_single = false;
          }
        }
      } else if (c == '#' && (line[i - 1] == ' ' || line[i - 1] == '\t')) {
        content_end = i;
        break;
      } else if (c == '"' && QuoteCanOpen(line, i)) {
        in_double = true;
      } else if (c == '\'' && QuoteCanOpen(line, i)) {
        in_single = true;
      }
    }
    if (in_double || in_single) continue;
    std::string_view content = line.substr(0, content_end);
    content = content.substr(0, content.find_last_not_of(" \t\r") + 1);
    const size_t space = content.find_last_of(" \t");
    const std::string_view last =
        space == std::string_view::npos ? content.substr(first) : content.substr(space + 1);
    if (IsBlockHeader(last)) block_indent = indent;
  }
  // A quote still open at the end: the tracking went wrong somewhere; blank nothing.
  if (in_double || in_single) return std::vector<bool>(lines.size(), false);
  return comment;
}

std::vector<YAML::Node> LoadDocuments(std::string_view text) {
  std::vector<std::string_view> lines;
  for (size_t pos = 0; pos <= text.size();) {
    const size_t nl = text.find('\n', pos);
    const size_t end = nl == std::string_view::npos ? text.size() : nl;
    lines.push_back(text.substr(pos, end - pos));
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  // yaml-cpp reads comments as slowly as content (about a third of the shipped policies' bytes):
  // it gets them as empty lines.
  const std::vector<bool> comment = CommentOnlyLines(lines);
  std::vector<YAML::Node> docs;
  size_t first = 0;                // first line of the current document
  auto flush = [&](size_t last) {  // lines [first, last)
    const std::vector<std::string_view> doc(lines.begin() + static_cast<long>(first),
                                            lines.begin() + static_cast<long>(last));
    std::string chunk(first, '\n');  // keep line numbers those of the file
    for (size_t i = first; i < last; ++i) {
      if (!comment[i]) chunk.append(lines[i]);
      chunk.push_back('\n');
    }
    YAML::Node node = YAML::Load(chunk);
    if (node.IsNull() && HasContent(doc)) {
      YAML::Mark at;
      at.line = static_cast<int>(first);
      throw YAML::ParserException(at, "this document could not be parsed");
    }
    // LoadAll's documents: a stream of only comments is none; an explicit empty one is null.
    if (!node.IsNull() || HasContent(doc) || (last > first && IsMarker(doc.front(), "---"))) {
      docs.push_back(node);
    }
  };
  for (size_t i = 0; i < lines.size(); ++i) {
    if (IsMarker(lines[i], "---") && i > first) {
      flush(i);
      first = i;
    } else if (IsMarker(lines[i], "...")) {
      flush(i);
      first = i + 1;
    }
  }
  if (first < lines.size()) flush(lines.size());
  return docs;
}

}  // namespace bulwark::policy
