#include "source/utc_time.h"

#include <cstdio>
#include <ctime>

namespace bulwark::source {

std::string FormatUtcMillis(int64_t ms) {
  const time_t secs = static_cast<time_t>(ms / 1000);
  tm t{};
  gmtime_r(&secs, &t);
  char buf[40];
  strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &t);
  char out[48];
  snprintf(out, sizeof out, "%s.%03dZ", buf, static_cast<int>(ms % 1000));
  return out;
}

std::string FormatCaptureTime(int64_t ms) {
  const time_t secs = static_cast<time_t>(ms / 1000);
  tm t{};
  gmtime_r(&secs, &t);
  const int hour12 = t.tm_hour % 12 == 0 ? 12 : t.tm_hour % 12;
  char out[48];
  snprintf(out, sizeof out, "%d/%d/%d %d:%02d:%02d %s", t.tm_mon + 1, t.tm_mday, t.tm_year + 1900,
           hour12, t.tm_min, t.tm_sec, t.tm_hour < 12 ? "AM" : "PM");
  return out;
}

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

namespace {

// Reads 1..max_digits digits at *i.
bool Digits(std::string_view s, size_t* i, size_t min_digits, size_t max_digits, int64_t* out) {
  size_t n = 0;
  int64_t v = 0;
  while (*i < s.size() && n < max_digits && s[*i] >= '0' && s[*i] <= '9') {
    v = v * 10 + (s[*i] - '0');
    ++*i;
    ++n;
  }
  *out = v;
  return n >= min_digits;
}

bool Expect(std::string_view s, size_t* i, char c) {
  if (*i >= s.size() || s[*i] != c) return false;
  ++*i;
  return true;
}

bool ValidDate(int64_t y, int64_t m, int64_t d) {
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

int64_t Millis(int64_t y, int64_t mo, int64_t d, int64_t h, int64_t mi, int64_t s, int64_t ms) {
  return ((DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 24 + h) * 60 +
          mi) *
             60000 +
         s * 1000 + ms;
}

// Optional ".fff..." (any number of digits, milliseconds kept).
void Fraction(std::string_view s, size_t* i, int64_t* ms) {
  *ms = 0;
  if (*i >= s.size() || s[*i] != '.') return;
  ++*i;
  int64_t scale = 100;
  while (*i < s.size() && s[*i] >= '0' && s[*i] <= '9') {
    *ms += (s[*i] - '0') * scale;
    scale /= 10;
    ++*i;
  }
}

std::optional<int64_t> ParseIso(std::string_view s) {
  size_t i = 0;
  int64_t y, mo, d, h = 0, mi = 0, sec = 0, ms = 0;
  if (!Digits(s, &i, 4, 4, &y) || !Expect(s, &i, '-') || !Digits(s, &i, 2, 2, &mo) ||
      !Expect(s, &i, '-') || !Digits(s, &i, 2, 2, &d) || !ValidDate(y, mo, d)) {
    return std::nullopt;
  }
  if (i < s.size() && (s[i] == 'T' || s[i] == ' ')) {
    ++i;
    if (!Digits(s, &i, 2, 2, &h) || !Expect(s, &i, ':') || !Digits(s, &i, 2, 2, &mi)) {
      return std::nullopt;
    }
    if (i < s.size() && s[i] == ':') {
      ++i;
      if (!Digits(s, &i, 2, 2, &sec)) return std::nullopt;
      Fraction(s, &i, &ms);
    }
    if (h > 23 || mi > 59 || sec > 59) return std::nullopt;
  }
  int64_t offset_min = 0;
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
    ++i;
  } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    const int sign = s[i] == '-' ? -1 : 1;
    ++i;
    int64_t oh, om = 0;
    if (!Digits(s, &i, 2, 2, &oh)) return std::nullopt;
    if (i < s.size() && s[i] == ':') ++i;
    if (i < s.size() && !Digits(s, &i, 2, 2, &om)) return std::nullopt;
    offset_min = sign * (oh * 60 + om);
  }
  if (i != s.size()) return std::nullopt;
  return Millis(y, mo, d, h, mi, sec, ms) - offset_min * 60000;
}

// "12/1/2026 10:05:00 PM" (also without the seconds' fraction or the AM/PM: 24-hour).
std::optional<int64_t> ParseCapture(std::string_view s) {
  size_t i = 0;
  int64_t mo, d, y, h, mi, sec, ms = 0;
  if (!Digits(s, &i, 1, 2, &mo) || !Expect(s, &i, '/') || !Digits(s, &i, 1, 2, &d) ||
      !Expect(s, &i, '/') || !Digits(s, &i, 4, 4, &y) || !Expect(s, &i, ' ') ||
      !Digits(s, &i, 1, 2, &h) || !Expect(s, &i, ':') || !Digits(s, &i, 2, 2, &mi) ||
      !Expect(s, &i, ':') || !Digits(s, &i, 2, 2, &sec) || !ValidDate(y, mo, d)) {
    return std::nullopt;
  }
  Fraction(s, &i, &ms);
  if (i < s.size()) {
    const std::string_view tt = s.substr(i);
    if (tt != " AM" && tt != " PM") return std::nullopt;
    if (h < 1 || h > 12) return std::nullopt;
    h = h % 12 + (tt == " PM" ? 12 : 0);
  }
  if (h > 23 || mi > 59 || sec > 59) return std::nullopt;
  return Millis(y, mo, d, h, mi, sec, ms);
}

}  // namespace

std::optional<int64_t> ParseUtcMillis(std::string_view text) {
  if (text.size() >= 5 && text[4] == '-') return ParseIso(text);
  return ParseCapture(text);
}

}  // namespace bulwark::source
