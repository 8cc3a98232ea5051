// Timestamp arithmetic and the strict ISO 8601 subset crossdoc accepts for publication times.
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "crossdoc/document.h"
#include "crossdoc/io.h"
#include "io/iso8601.h"

namespace crossdoc {
namespace io_internal {
namespace {

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

bool IsLeapYear(int64_t year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int64_t year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

// A cursor over the text that records the first failure.
class Iso8601Scanner {
 public:
  explicit Iso8601Scanner(std::string_view text) : text_(text) {}

  size_t pos() const { return pos_; }
  bool AtEnd() const { return pos_ >= text_.size(); }
  char Peek() const { return AtEnd() ? '\0' : text_[pos_]; }
  void Advance() { ++pos_; }

  // Reads exactly `width` ASCII digits.
  bool Digits(int width, int* value, const char* what) {
    int v = 0;
    for (int i = 0; i < width; ++i) {
      const char c = Peek();
      if (c < '0' || c > '9') {
        return Fail(pos_, AtEnd() ? absl::StrCat("text ends where ", what, " expected ", width,
                                                 " digits")
                                  : absl::StrCat("expected a digit of the ", what));
      }
      v = v * 10 + (c - '0');
      ++pos_;
    }
    *value = v;
    return true;
  }

  bool Expect(char c, const char* what) {
    if (Peek() != c) {
      return Fail(pos_, AtEnd() ? absl::StrCat("text ends where ", what, " expected")
                                : absl::StrCat("expected ", what));
    }
    ++pos_;
    return true;
  }

  bool Fail(size_t at, std::string why) {
    if (error_.empty()) {
      error_offset_ = at;
      error_ = std::move(why);
    }
    return false;
  }

  size_t error_offset() const { return error_offset_; }
  const std::string& error() const { return error_; }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  size_t error_offset_ = 0;
  std::string error_;
};

bool ParseFields(Iso8601Scanner& s, Timestamp* out) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!s.Digits(4, &year, "year")) return false;
  if (!s.Expect('-', "'-' after the year")) return false;
  const size_t month_at = s.pos();
  if (!s.Digits(2, &month, "month")) return false;
  if (month < 1 || month > 12) {
    return s.Fail(month_at, absl::StrCat("month ", month, " is out of range 01-12"));
  }
  if (!s.Expect('-', "'-' after the month")) return false;
  const size_t day_at = s.pos();
  if (!s.Digits(2, &day, "day")) return false;
  if (day < 1 || day > DaysInMonth(year, month)) {
    return s.Fail(day_at, absl::StrCat("day ", day, " is out of range for ", year, "-",
                                       month < 10 ? "0" : "", month, " (",
                                       DaysInMonth(year, month), " days)"));
  }
  int offset_minutes = 0;
  if (!s.AtEnd()) {
    const char sep = s.Peek();
    if (sep != 'T' && sep != 't' && sep != ' ') {
      return s.Fail(s.pos(), "expected 'T' or ' ' between date and time, or the end");
    }
    s.Advance();
    const size_t hour_at = s.pos();
    if (!s.Digits(2, &hour, "hour")) return false;
    if (hour > 23) return s.Fail(hour_at, absl::StrCat("hour ", hour, " is out of range 00-23"));
    if (!s.Expect(':', "':' after the hour")) return false;
    const size_t minute_at = s.pos();
    if (!s.Digits(2, &minute, "minute")) return false;
    if (minute > 59) {
      return s.Fail(minute_at, absl::StrCat("minute ", minute, " is out of range 00-59"));
    }
    if (s.Peek() == ':') {
      s.Advance();
      const size_t second_at = s.pos();
      if (!s.Digits(2, &second, "second")) return false;
      // 60 is a leap second; it is counted as the first second of the next minute.
      if (second > 60) {
        return s.Fail(second_at, absl::StrCat("second ", second, " is out of range 00-60"));
      }
      if (s.Peek() == '.' || s.Peek() == ',') {
        s.Advance();
        const size_t fraction_at = s.pos();
        // Fractions of a second are validated and dropped: Timestamp counts whole seconds.
        while (s.Peek() >= '0' && s.Peek() <= '9') s.Advance();
        if (s.pos() == fraction_at) return s.Fail(fraction_at, "expected digits after '.'");
      }
    }
    if (!s.AtEnd()) {
      const char zone = s.Peek();
      if (zone == 'Z' || zone == 'z') {
        s.Advance();
      } else if (zone == '+' || zone == '-') {
        s.Advance();
        int oh = 0, om = 0;
        const size_t oh_at = s.pos();
        if (!s.Digits(2, &oh, "UTC offset hours")) return false;
        if (oh > 23) {
          return s.Fail(oh_at, absl::StrCat("UTC offset hour ", oh, " is out of range 00-23"));
        }
        if (!s.AtEnd()) {
          if (s.Peek() == ':') s.Advance();
          const size_t om_at = s.pos();
          if (!s.Digits(2, &om, "UTC offset minutes")) return false;
          if (om > 59) {
            return s.Fail(om_at,
                          absl::StrCat("UTC offset minute ", om, " is out of range 00-59"));
          }
        }
        offset_minutes = (oh * 60 + om) * (zone == '-' ? -1 : 1);
      } else {
        return s.Fail(s.pos(), "expected ':', '.', 'Z', '+', '-' or the end after the time");
      }
    }
    if (!s.AtEnd()) return s.Fail(s.pos(), "unexpected text after the UTC offset");
  }
  const int64_t days = DaysFromCivil(year, month, day);
  const int64_t local = days * 86400 + hour * 3600 + minute * 60 + second;
  out->unix_seconds = local - int64_t{offset_minutes} * 60;
  out->utc_offset_minutes = offset_minutes;
  return true;
}

}  // namespace

int64_t DaysFromCivil(int64_t year, int month, int day) {
  // Count from 0000-03-01 so that the leap day falls at the end of each counted year.
  const int64_t y = year - (month <= 2 ? 1 : 0);
  const int64_t era = FloorDiv(y, 400);
  const int64_t year_of_era = y - era * 400;                             // [0, 399]
  const int64_t shifted_month = month > 2 ? month - 3 : month + 9;      // March = 0
  const int64_t day_of_year = (153 * shifted_month + 2) / 5 + day - 1;  // [0, 365]
  const int64_t day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;  // 719468 days from 0000-03-01 to 1970-01-01
}

Timestamp::Date CivilFromDays(int64_t days) {
  const int64_t z = days + 719468;
  const int64_t era = FloorDiv(z, 146097);
  const int64_t day_of_era = z - era * 146097;  // [0, 146096]
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t shifted_month = (5 * day_of_year + 2) / 153;  // March = 0
  Timestamp::Date date;
  date.day = static_cast<int>(day_of_year - (153 * shifted_month + 2) / 5 + 1);
  date.month = static_cast<int>(shifted_month < 10 ? shifted_month + 3 : shifted_month - 9);
  date.year = static_cast<int>(year_of_era + era * 400 + (date.month <= 2 ? 1 : 0));
  return date;
}

absl::StatusOr<Timestamp> ParseIso8601At(std::string_view text, size_t* bad_offset) {
  Iso8601Scanner scanner(text);
  Timestamp ts;
  if (ParseFields(scanner, &ts)) return ts;
  if (bad_offset != nullptr) *bad_offset = scanner.error_offset();
  constexpr size_t kShown = 64;
  std::string shown;
  AppendJsonString(text.substr(0, kShown), &shown);  // quoted, control bytes escaped
  return absl::InvalidArgumentError(absl::StrCat(
      "invalid ISO 8601 timestamp ", shown, text.size() > kShown ? "..." : "", " at byte ",
      scanner.error_offset(), ": ", scanner.error()));
}

}  // namespace io_internal

Timestamp::Date Timestamp::LocalDate() const {
  const int64_t local = unix_seconds + int64_t{utc_offset_minutes} * 60;
  return io_internal::CivilFromDays(io_internal::FloorDiv(local, 86400));
}

std::string Timestamp::ToIso8601() const {
  const int64_t local = unix_seconds + int64_t{utc_offset_minutes} * 60;
  const int64_t days = io_internal::FloorDiv(local, 86400);
  const int64_t second_of_day = local - days * 86400;
  const Date date = io_internal::CivilFromDays(days);
  char buffer[64];
  int n = std::snprintf(buffer, sizeof(buffer), "%04d-%02d-%02dT%02d:%02d:%02d", date.year,
                        date.month, date.day, static_cast<int>(second_of_day / 3600),
                        static_cast<int>(second_of_day / 60 % 60),
                        static_cast<int>(second_of_day % 60));
  std::string out(buffer, static_cast<size_t>(n));
  if (utc_offset_minutes == 0) {
    out += 'Z';
  } else {
    const int64_t magnitude =
        utc_offset_minutes < 0 ? -int64_t{utc_offset_minutes} : int64_t{utc_offset_minutes};
    n = std::snprintf(buffer, sizeof(buffer), "%c%02lld:%02lld",
                      utc_offset_minutes < 0 ? '-' : '+',
                      static_cast<long long>(magnitude / 60),
                      static_cast<long long>(magnitude % 60));
    out.append(buffer, static_cast<size_t>(n));
  }
  return out;
}

absl::StatusOr<Timestamp> ParseIso8601(std::string_view text) {
  return io_internal::ParseIso8601At(text, nullptr);
}

}  // namespace crossdoc
