// Documents as crossdoc receives them: original UTF-8 text plus the metadata later stages need.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace crossdoc {

// A point in time with the UTC offset the author wrote it in, so that "on Monday" can be
// resolved against the local calendar day of the newspaper, not the UTC one.
struct Timestamp {
  int64_t unix_seconds = 0;    // seconds since 1970-01-01T00:00:00Z
  int32_t utc_offset_minutes = 0;  // e.g. +330 for IST

  // Local calendar date (year, month 1-12, day 1-31) in the timestamp's own offset.
  struct Date {
    int year = 1970;
    int month = 1;
    int day = 1;
    friend bool operator==(const Date&, const Date&) = default;
  };
  Date LocalDate() const;
  // ISO 8601 with offset, e.g. "2024-04-10T08:22:00+05:30".
  std::string ToIso8601() const;
  friend bool operator==(const Timestamp&, const Timestamp&) = default;
};

// Parses "2024-04-10", "2024-04-10T08:22", "2024-04-10T08:22:00Z", "2024-04-10 08:22:00+05:30".
// A missing offset means UTC. Errors name the byte offset of the first bad character.
absl::StatusOr<Timestamp> ParseIso8601(std::string_view text);

// One article. Only `id` and `text` are required; `text` must be UTF-8 (see AnalyzerOptions for
// what happens when it is not).
struct Document {
  std::string id;
  std::string text;
  std::string source;                  // outlet name, "" when unknown
  std::optional<Timestamp> published;  // publication time, when the metadata gives one
  std::string lang;                    // BCP 47 language hint ("hi", "en"), "" when unknown
};

}  // namespace crossdoc
