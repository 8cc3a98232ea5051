// Internal: the ISO 8601 parser with the failing byte offset returned as a number, so that the
// JSONL reader can point at the exact byte of a bad "published" value inside its line.
#pragma once

#include <cstddef>
#include <string_view>

#include "absl/status/statusor.h"
#include "crossdoc/document.h"

namespace crossdoc::io_internal {

// Same grammar and result as crossdoc::ParseIso8601(). On failure, *bad_offset (if not null)
// receives the byte offset in `text` of the first character that is wrong.
absl::StatusOr<Timestamp> ParseIso8601At(std::string_view text, size_t* bad_offset);

// Days since 1970-01-01 of a proleptic Gregorian date, and back.
int64_t DaysFromCivil(int64_t year, int month, int day);
Timestamp::Date CivilFromDays(int64_t days);

}  // namespace crossdoc::io_internal
