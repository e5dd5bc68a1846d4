#include "graph/html_text.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace bulwark::graph {
namespace {

struct NamedEntity {
  const char* name;
  const char* utf8;
};

// Every HTML5 named character reference, sorted by name.
constexpr NamedEntity kEntities[] = {
#include "graph/html_entities.inc"
};

bool IsBlockTag(std::string_view t) {
  static constexpr std::string_view kBlocks[] = {
      "address", "article", "blockquote", "br", "dd", "div",    "dl", "dt",       "footer", "h1",
      "h2",      "h3",      "h4",         "h5", "h6", "header", "hr", "li",       "ol",     "p",
      "pre",     "section", "table",      "td", "th", "tr",     "ul", "codeblock"};
  return std::find(std::begin(kBlocks), std::end(kBlocks), t) != std::end(kBlocks);
}

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Decodes the reference starting at html[i] == '&'. On success appends it and returns the
// number of bytes consumed; returns 0 when it is not a valid reference.
size_t DecodeReference(std::string_view html, size_t i, std::string* out) {
  const size_t semi = html.find(';', i + 1);
  if (semi == std::string_view::npos || semi - i > 40) return 0;
  std::string_view body = html.substr(i + 1, semi - i - 1);
  if (body.empty()) return 0;
  if (body[0] == '#') {
    uint32_t cp = 0;
    const bool hex = body.size() > 1 && (body[1] == 'x' || body[1] == 'X');
    std::string_view digits = body.substr(hex ? 2 : 1);
    if (digits.empty() || digits.size() > 8) return 0;
    for (char c : digits) {
      uint32_t d;
      if (c >= '0' && c <= '9') {
        d = static_cast<uint32_t>(c - '0');
      } else if (hex && Lower(c) >= 'a' && Lower(c) <= 'f') {
        d = static_cast<uint32_t>(Lower(c) - 'a' + 10);
      } else {
        return 0;
      }
      cp = cp * (hex ? 16 : 10) + d;
    }
    AppendUtf8(cp == 0xA0 ? ' ' : cp, out);
    return semi - i + 1;
  }
  auto it = std::lower_bound(
      std::begin(kEntities), std::end(kEntities), body,
      [](const NamedEntity& e, std::string_view n) { return std::string_view(e.name) < n; });
  if (it == std::end(kEntities) || body != it->name) return 0;
  if (body == "nbsp" || body == "NonBreakingSpace") {
    out->push_back(' ');
  } else {
    out->append(it->utf8);
  }
  return semi - i + 1;
}

// Reads an attribute value from the raw tag text (`name="value"`, 'value' or bare).
std::string Attribute(std::string_view tag, std::string_view name) {
  size_t pos = 0;
  while ((pos = tag.find(name, pos)) != std::string_view::npos) {
    const bool boundary =
        pos > 0 && (tag[pos - 1] == ' ' || tag[pos - 1] == '\t' || tag[pos - 1] == '\n');
    size_t j = pos + name.size();
    while (j < tag.size() && tag[j] == ' ') ++j;
    if (!boundary || j >= tag.size() || tag[j] != '=') {
      pos += name.size();
      continue;
    }
    ++j;
    while (j < tag.size() && tag[j] == ' ') ++j;
    if (j >= tag.size()) return "";
    std::string raw;
    if (tag[j] == '"' || tag[j] == '\'') {
      const size_t end = tag.find(tag[j], j + 1);
      raw = std::string(
          tag.substr(j + 1, end == std::string_view::npos ? std::string_view::npos : end - j - 1));
    } else {
      size_t end = j;
      while (end < tag.size() && tag[end] != ' ' && tag[end] != '>' && tag[end] != '/') ++end;
      raw = std::string(tag.substr(j, end - j));
    }
    std::string decoded;
    for (size_t k = 0; k < raw.size();) {
      if (raw[k] == '&') {
        const size_t n = DecodeReference(raw, k, &decoded);
        if (n > 0) {
          k += n;
          continue;
        }
      }
      decoded.push_back(raw[k++]);
    }
    return decoded;
  }
  return "";
}

void AppendBreak(std::string* out) {
  if (!out->empty() && out->back() != '\n') out->push_back('\n');
}

}  // namespace

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string HtmlToText(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  // Open links: href and where their text starts in `out`.
  std::vector<std::pair<std::string, size_t>> links;
  size_t i = 0;
  while (i < html.size()) {
    const char c = html[i];
    if (c == '&') {
      const size_t n = DecodeReference(html, i, &out);
      if (n > 0) {
        i += n;
      } else {
        out.push_back(c);
        ++i;
      }
      continue;
    }
    if (c != '<') {
      out.push_back(c);
      ++i;
      continue;
    }
    // Comment.
    if (html.substr(i, 4) == "<!--") {
      const size_t end = html.find("-->", i + 4);
      i = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    // A tag starts with '<' followed by a letter, '/' or '!'; otherwise '<' is text.
    if (i + 1 >= html.size() || !(std::isalpha(static_cast<unsigned char>(html[i + 1])) ||
                                  html[i + 1] == '/' || html[i + 1] == '!')) {
      out.push_back(c);
      ++i;
      continue;
    }
    const size_t close = html.find('>', i + 1);
    if (close == std::string_view::npos) break;  // unterminated tag: drop the rest of it
    std::string_view tag = html.substr(i + 1, close - i - 1);
    i = close + 1;
    const bool closing = !tag.empty() && tag[0] == '/';
    size_t n = closing ? 1 : 0;
    std::string name;
    while (n < tag.size() && (std::isalnum(static_cast<unsigned char>(tag[n])) || tag[n] == '-')) {
      name.push_back(Lower(tag[n]));
      ++n;
    }
    if (!closing && (name == "script" || name == "style")) {
      // Drop everything to the matching end tag (case-insensitive search).
      const std::string end_tag = "</" + name;
      size_t k = i;
      while (k < html.size()) {
        k = html.find("</", k);
        if (k == std::string_view::npos) break;
        std::string cand;
        for (size_t m = k; m < k + end_tag.size() && m < html.size(); ++m)
          cand.push_back(Lower(html[m]));
        if (cand == end_tag) break;
        k += 2;
      }
      if (k == std::string_view::npos || k >= html.size()) {
        i = html.size();
      } else {
        const size_t gt = html.find('>', k);
        i = gt == std::string_view::npos ? html.size() : gt + 1;
      }
      continue;
    }
    if (IsBlockTag(name)) AppendBreak(&out);
    if (name == "a") {
      if (!closing) {
        links.emplace_back(Attribute(tag, "href"), out.size());
      } else if (!links.empty()) {
        auto [href, start] = links.back();
        links.pop_back();
        if (!href.empty() && out.compare(start, std::string::npos, href) != 0) {
          out += " <" + href + ">";
        }
      }
    } else if (name == "img" && !closing) {
      const std::string alt = Attribute(tag, "alt");
      if (!alt.empty()) out += alt;
    }
  }
  // Trim trailing line breaks introduced by closing blocks.
  while (!out.empty() && out.back() == '\n') out.pop_back();
  size_t lead = 0;
  while (lead < out.size() && out[lead] == '\n') ++lead;
  out.erase(0, lead);
  return out;
}

}  // namespace bulwark::graph
