// HtmlToText: the text a reader of a Teams message sees, from its HTML body.
#ifndef BULWARK_ADAPTERS_GRAPH_HTML_TEXT_H_
#define BULWARK_ADAPTERS_GRAPH_HTML_TEXT_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace bulwark::graph {

// Converts an HTML fragment to plain text:
// - tags are removed; block elements (p, div, br, li, tr, h1-h6, ...) become line breaks so
//   that words from adjacent blocks do not run together;
// - character references are decoded: named (the HTML5 set in common use), decimal and hex;
//   invalid or unknown references are kept as written; &nbsp; (U+00A0) becomes a plain space,
//   as a reader sees it, so that "4012&nbsp;8888..." reads like "4012 8888...";
// - link text is kept and the href is appended as " <href>" when it differs from the text;
// - <script>, <style> and comments are dropped; <at> mentions keep their text.
// Malformed HTML never fails: an unterminated tag is dropped, stray '<' is kept as text.
std::string HtmlToText(std::string_view html);

// Appends the UTF-8 encoding of code point `cp` (invalid code points become U+FFFD).
void AppendUtf8(uint32_t cp, std::string* out);

}  // namespace bulwark::graph

#endif  // BULWARK_ADAPTERS_GRAPH_HTML_TEXT_H_
