#include "graph/html_text.h"

#include <gtest/gtest.h>

namespace bulwark::graph {
namespace {

TEST(HtmlToText, StripsTagsAndBreaksBlocks) {
  EXPECT_EQ(HtmlToText("<p>Hello <b>world</b></p><p>again</p>"), "Hello world\nagain");
  EXPECT_EQ(HtmlToText("line1<br>line2<br/>line3"), "line1\nline2\nline3");
  EXPECT_EQ(HtmlToText("<ul><li>a</li><li>b</li></ul>"), "a\nb");
}

TEST(HtmlToText, DecodesEntities) {
  EXPECT_EQ(HtmlToText("a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39;"), "a & b <c> \"d\" 'e'");
  EXPECT_EQ(HtmlToText("&#52;&#x31;&#X31;1"), "4111");
  EXPECT_EQ(HtmlToText("caf&eacute; &euro;5 &mdash;"), "café €5 —");
  EXPECT_EQ(HtmlToText("4012&nbsp;8888"), "4012 8888");
}

TEST(HtmlToText, DecodesTheWholeHtml5EntityTable) {
  EXPECT_EQ(HtmlToText("&hearts;&NotEqualTilde;&fjlig;&Zopf;"), "\u2665\u2242\u0338fj\u2124");
  EXPECT_EQ(HtmlToText("&zwnj;&ZeroWidthSpace;&zopf;"), "\u200C\u200B\U0001D56B");
  EXPECT_EQ(HtmlToText("&AMP;&LT;"), "&<");
}

TEST(HtmlToText, KeepsUnknownOrBrokenReferences) {
  EXPECT_EQ(HtmlToText("AT&T &bogus; &#xZZ; & done"), "AT&T &bogus; &#xZZ; & done");
  EXPECT_EQ(HtmlToText("&#0;"), "\xEF\xBF\xBD");  // NUL becomes U+FFFD
}

TEST(HtmlToText, LinksKeepTextAndHref) {
  EXPECT_EQ(HtmlToText("see <a href=\"https://x.example/a?b=1&amp;c=2\">the doc</a>."),
            "see the doc <https://x.example/a?b=1&c=2>.");
  EXPECT_EQ(HtmlToText("<a href='https://x.example'>https://x.example</a>"), "https://x.example");
}

TEST(HtmlToText, DropsScriptStyleAndComments) {
  EXPECT_EQ(HtmlToText("a<script>var s='4111 1111 1111 1111';</script>b"), "ab");
  EXPECT_EQ(HtmlToText("a<STYLE>p{}</Style>b<!-- hidden -->c"), "abc");
}

TEST(HtmlToText, MentionsKeepText) {
  EXPECT_EQ(HtmlToText("<at id=\"0\">Adele Vance</at> please check"), "Adele Vance please check");
}

TEST(HtmlToText, MalformedInputNeverFails) {
  EXPECT_EQ(HtmlToText("a < b and c>d"), "a < b and c>d");
  EXPECT_EQ(HtmlToText("text <b unterminated"), "text ");
  EXPECT_EQ(HtmlToText("</p></div>x"), "x");
  EXPECT_EQ(HtmlToText(""), "");
}

}  // namespace
}  // namespace bulwark::graph
