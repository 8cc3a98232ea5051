// Tests for the input/output contracts: timestamps, the JSONL document reader, the JSON parser
// and writer, and plain-text articles.
#include <unistd.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "crossdoc/document.h"
#include "crossdoc/io.h"
#include "io/iso8601.h"
#include "test_support.h"

namespace crossdoc {
namespace {

// ---------------------------------------------------------------------------------------------
// Helpers

JsonlResult ReadString(const std::string& content, JsonlOptions options = {}) {
  std::istringstream in(content);
  auto result = ReadJsonl(in, "t.jsonl", options);
  REQUIRE(result.ok());
  return *std::move(result);
}

JsonlOptions SkipMode() {
  JsonlOptions options;
  options.on_bad_line = OnBadLine::kSkip;
  return options;
}

// The only error of a one-bad-line input.
JsonlError OnlyError(const std::string& content, JsonlOptions options = {}) {
  const JsonlResult result = ReadString(content, options);
  REQUIRE(result.errors.size() == 1);
  return result.errors[0];
}

std::filesystem::path TempPath(const std::string& name) {
  // One folder per process, so that concurrent runs (plain and sanitizer builds) do not collide.
  const auto dir = std::filesystem::temp_directory_path() /
                   ("crossdoc_io_test_" + std::to_string(static_cast<long>(getpid())));
  std::filesystem::create_directories(dir);
  return dir / name;
}

void WriteFile(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
  REQUIRE(out.good());
}

// timegm(3) as an independent oracle for the calendar arithmetic.
int64_t Oracle(int year, int month, int day, int hour, int minute, int second) {
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  return static_cast<int64_t>(timegm(&tm));
}

void AppendUtf8(uint32_t cp, std::string* out) {
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

// A random valid UTF-8 string mixing controls, quotes, backslashes, Devanagari, emoji and the
// edges of each encoding length.
std::string RandomValidUtf8(std::mt19937_64& rng, size_t max_chars) {
  static constexpr uint32_t kEdges[] = {0x0,    0x1F,   0x7F,    0x80,    0x7FF,  0x800,
                                        0xD7FF, 0xE000, 0xFEFF,  0xFFFD,  0xFFFF, 0x10000,
                                        0x2028, 0x2029, 0x10FFFF, '"',    '\\',   '/'};
  std::string s;
  const size_t n = std::uniform_int_distribution<size_t>(0, max_chars)(rng);
  for (size_t i = 0; i < n; ++i) {
    uint32_t cp = 0;
    switch (rng() % 6) {
      case 0: cp = static_cast<uint32_t>(rng() % 0x80); break;          // ASCII incl. controls
      case 1: cp = 0x0900 + static_cast<uint32_t>(rng() % 0x80); break;  // Devanagari
      case 2: cp = 0x1F300 + static_cast<uint32_t>(rng() % 0x300); break;  // emoji
      case 3: cp = kEdges[rng() % (sizeof(kEdges) / sizeof(kEdges[0]))]; break;
      case 4: cp = 0x20 + static_cast<uint32_t>(rng() % 0x5F); break;  // printable ASCII
      default: {
        do {
          cp = static_cast<uint32_t>(rng() % 0x110000);
        } while (cp >= 0xD800 && cp <= 0xDFFF);
      }
    }
    AppendUtf8(cp, &s);
  }
  return s;
}

bool IsValidUtf8(const std::string& s) {
  // Decode by hand (independent of the library's validator).
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    int len = 0;
    uint32_t cp = 0;
    if (c < 0x80) {
      len = 1, cp = c;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2, cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3, cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4, cp = c & 0x07;
    } else {
      return false;
    }
    if (i + static_cast<size_t>(len) > s.size()) return false;
    for (int k = 1; k < len; ++k) {
      const auto d = static_cast<unsigned char>(s[i + static_cast<size_t>(k)]);
      if ((d & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3F);
    }
    static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += static_cast<size_t>(len);
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Timestamps

TEST_CASE("ParseIso8601 reads the documented forms", "[timestamp]") {
  SECTION("IST offset: the local date is the newspaper's day, not the UTC one") {
    auto ts = ParseIso8601("2024-04-10T08:22:00+05:30");
    REQUIRE(ts.ok());
    CHECK(ts->unix_seconds == Oracle(2024, 4, 10, 8, 22, 0) - 330 * 60);
    CHECK(ts->utc_offset_minutes == 330);
    CHECK(ts->LocalDate() == Timestamp::Date{2024, 4, 10});
    // 03:00 IST is still the previous day in UTC.
    auto early = ParseIso8601("2024-04-10T03:00:00+05:30");
    REQUIRE(early.ok());
    CHECK(early->LocalDate() == Timestamp::Date{2024, 4, 10});
    CHECK(Timestamp{early->unix_seconds, 0}.LocalDate() == Timestamp::Date{2024, 4, 9});
  }
  SECTION("negative offsets: 20:00 at -05:00 is already the next day in UTC") {
    auto ts = ParseIso8601("2024-04-09T20:00:00-05:00");
    REQUIRE(ts.ok());
    CHECK(ts->utc_offset_minutes == -300);
    CHECK(ts->unix_seconds == Oracle(2024, 4, 10, 1, 0, 0));
    CHECK(ts->LocalDate() == Timestamp::Date{2024, 4, 9});
    CHECK(Timestamp{ts->unix_seconds, 0}.LocalDate() == Timestamp::Date{2024, 4, 10});
  }
  SECTION("offset spellings are equivalent") {
    auto colon = ParseIso8601("2024-04-10T08:22:00+05:30");
    auto compact = ParseIso8601("2024-04-10T08:22:00+0530");
    auto space = ParseIso8601("2024-04-10 08:22:00+05:30");
    REQUIRE(colon.ok());
    REQUIRE(compact.ok());
    REQUIRE(space.ok());
    CHECK(*colon == *compact);
    CHECK(*colon == *space);
    auto zulu = ParseIso8601("2024-04-10T02:52:00Z");
    REQUIRE(zulu.ok());
    CHECK(zulu->unix_seconds == colon->unix_seconds);
    CHECK(zulu->utc_offset_minutes == 0);
    auto hours_only = ParseIso8601("2024-04-10T08:22:00+05");
    REQUIRE(hours_only.ok());
    CHECK(hours_only->utc_offset_minutes == 300);
  }
  SECTION("date only, minutes only, fractional seconds") {
    auto date = ParseIso8601("2024-04-10");
    REQUIRE(date.ok());
    CHECK(date->unix_seconds == Oracle(2024, 4, 10, 0, 0, 0));
    CHECK(date->utc_offset_minutes == 0);
    auto minutes = ParseIso8601("2024-04-10T08:22");
    REQUIRE(minutes.ok());
    CHECK(minutes->unix_seconds == Oracle(2024, 4, 10, 8, 22, 0));
    auto fraction = ParseIso8601("2024-04-10T08:22:07.999+05:30");
    REQUIRE(fraction.ok());
    CHECK(fraction->unix_seconds == Oracle(2024, 4, 10, 8, 22, 7) - 330 * 60);
    auto comma = ParseIso8601("2024-04-10T08:22:07,5Z");
    REQUIRE(comma.ok());
    CHECK(comma->unix_seconds == Oracle(2024, 4, 10, 8, 22, 7));
  }
  SECTION("leap years") {
    CHECK(ParseIso8601("2024-02-29").ok());
    CHECK(ParseIso8601("2000-02-29").ok());
    CHECK_FALSE(ParseIso8601("2023-02-29").ok());
    CHECK_FALSE(ParseIso8601("1900-02-29").ok());
    auto leap = ParseIso8601("2024-02-29T23:30:00-01:00");
    REQUIRE(leap.ok());
    CHECK(leap->LocalDate() == Timestamp::Date{2024, 2, 29});
    CHECK(Timestamp{leap->unix_seconds, 0}.LocalDate() == Timestamp::Date{2024, 3, 1});
  }
  SECTION("before 1970") {
    auto old = ParseIso8601("1947-08-15T00:00:00+05:30");
    REQUIRE(old.ok());
    CHECK(old->unix_seconds == Oracle(1947, 8, 14, 18, 30, 0));
    CHECK(old->LocalDate() == Timestamp::Date{1947, 8, 15});
  }
}

TEST_CASE("ParseIso8601 errors name the byte offset of the first bad character", "[timestamp]") {
  struct Case {
    const char* text;
    size_t offset;
    const char* mentions;
  };
  const Case cases[] = {
      {"2024-13-10", 5, "month 13"},
      {"2024-00-10", 5, "month 0"},
      {"2024-04-31", 8, "day 31"},
      {"2023-02-29", 8, "day 29"},
      {"2024-04-00", 8, "day 0"},
      {"2024-04-10T24:00", 11, "hour 24"},
      {"2024-04-10T08:60", 14, "minute 60"},
      {"2024-04-10T08:22:61", 17, "second 61"},
      {"2024-04-10T08:22:00+24:00", 20, "offset hour 24"},
      {"2024-04-10T08:22:00+05:60", 23, "offset minute 60"},
      {"2024-4-10", 6, "digit"},
      {"24-04-10", 2, "digit"},
      {"2024/04/10", 4, "'-'"},
      {"2024-04-10X08:22", 10, "'T'"},
      {"2024-04-10T08", 13, "':'"},
      {"2024-04-10T08:22:00.", 20, "digits after"},
      {"2024-04-10T08:22:00+05:30 IST", 25, "unexpected"},
      {"2024-04-10T08:22:00 +05:30", 19, "after the time"},
      {" 2024-04-10", 0, "digit"},
      {"", 0, "year"},
  };
  for (const Case& c : cases) {
    INFO("input: \"" << c.text << "\"");
    size_t bad = 999;
    auto ts = io_internal::ParseIso8601At(c.text, &bad);
    REQUIRE_FALSE(ts.ok());
    CHECK(bad == c.offset);
    const std::string message(ts.status().message());
    CHECK(message.find("at byte " + std::to_string(c.offset)) != std::string::npos);
    CHECK(message.find(c.mentions) != std::string::npos);
    CHECK(ts.status().code() == absl::StatusCode::kInvalidArgument);
  }
}

TEST_CASE("Timestamp agrees with timegm and round-trips through ToIso8601", "[timestamp]") {
  std::mt19937_64 rng(20240410);
  for (int i = 0; i < 5000; ++i) {
    const int year = 1900 + static_cast<int>(rng() % 250);
    const int month = 1 + static_cast<int>(rng() % 12);
    const int day = 1 + static_cast<int>(rng() % 28);
    const int hour = static_cast<int>(rng() % 24);
    const int minute = static_cast<int>(rng() % 60);
    const int second = static_cast<int>(rng() % 60);
    const int offset = static_cast<int>(rng() % (2 * 14 * 60 + 1)) - 14 * 60;
    char text[64];
    std::snprintf(text, sizeof(text), "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", year, month, day,
                  hour, minute, second, offset < 0 ? '-' : '+', std::abs(offset) / 60,
                  std::abs(offset) % 60);
    INFO(text);
    auto ts = ParseIso8601(text);
    REQUIRE(ts.ok());
    CHECK(ts->unix_seconds == Oracle(year, month, day, hour, minute, second) - offset * 60);
    CHECK(ts->LocalDate() == Timestamp::Date{year, month, day});
    const std::string again = ts->ToIso8601();
    if (offset != 0) CHECK(again == text);
    auto reparsed = ParseIso8601(again);
    REQUIRE(reparsed.ok());
    CHECK(*reparsed == *ts);
  }
  // Day numbers against timegm over four centuries, including 1900 and 2000.
  for (int64_t days = -30000; days < 120000; days += 7) {
    const Timestamp::Date date = io_internal::CivilFromDays(days);
    CHECK(Oracle(date.year, date.month, date.day, 0, 0, 0) == days * 86400);
    CHECK(io_internal::DaysFromCivil(date.year, date.month, date.day) == days);
  }
}

TEST_CASE("ToIso8601 writes the offset the author used", "[timestamp]") {
  auto ist = ParseIso8601("2024-04-10T08:22:00+05:30");
  REQUIRE(ist.ok());
  CHECK(ist->ToIso8601() == "2024-04-10T08:22:00+05:30");
  auto utc = ParseIso8601("2024-04-10T08:22:00+00:00");
  REQUIRE(utc.ok());
  CHECK(utc->ToIso8601() == "2024-04-10T08:22:00Z");
  auto west = ParseIso8601("2024-01-01T00:00:00-09:30");
  REQUIRE(west.ok());
  CHECK(west->ToIso8601() == "2024-01-01T00:00:00-09:30");
}

// ---------------------------------------------------------------------------------------------
// JSONL reader: good input

TEST_CASE("JsonlReader reads Hindi and English documents with all fields", "[jsonl]") {
  const std::string corpus =
      R"({"id": "sandesh-1", "text": "नागपुर में नई मेट्रो लाइन का उद्घाटन सोमवार को हुआ।", )"
      R"("source": "Sandesh Patrika", "published": "2024-04-10T08:22:00+05:30", "lang": "hi"})"
      "\n"
      R"({"id":"ledger-7",)"
      R"("text":"The Riverside metro line opened on Monday.\nIt has 12 stations.",)"
      R"("source":"Deccan Ledger","lang":"en","published":"2024-04-09T20:00:00-05:00",)"
      R"("tags":["metro",{"city":"Nagpur","n":[1,2.5e3,-0,true,false,null]}],"score":-12.75e-1})"
      "\n"
      R"({"text": "केवल पाठ", "id": "minimal"})"
      "\n";
  const JsonlResult result = ReadString(corpus);
  REQUIRE(result.errors.empty());
  REQUIRE(result.documents.size() == 3);
  const Document& hi = result.documents[0];
  CHECK(hi.id == "sandesh-1");
  CHECK(hi.text == "नागपुर में नई मेट्रो लाइन का उद्घाटन सोमवार को हुआ।");
  CHECK(hi.source == "Sandesh Patrika");
  CHECK(hi.lang == "hi");
  REQUIRE(hi.published.has_value());
  CHECK(hi.published->LocalDate() == Timestamp::Date{2024, 4, 10});
  CHECK(hi.published->utc_offset_minutes == 330);
  const Document& en = result.documents[1];
  CHECK(en.text == "The Riverside metro line opened on Monday.\nIt has 12 stations.");
  CHECK(en.source == "Deccan Ledger");
  REQUIRE(en.published.has_value());
  CHECK(en.published->LocalDate() == Timestamp::Date{2024, 4, 9});
  const Document& minimal = result.documents[2];
  CHECK(minimal.id == "minimal");
  CHECK(minimal.text == "केवल पाठ");
  CHECK(minimal.source.empty());
  CHECK(minimal.lang.empty());
  CHECK_FALSE(minimal.published.has_value());
}

TEST_CASE("JsonlReader decodes escapes and surrogate pairs", "[jsonl]") {
  const std::string line =
      R"({"id":"esc","text":"\"उद्धरण\" \\ \/ \b\f\n\r\t \u0928\u092F\u093E \u00e9 )"
      R"(\ud83d\ude00 \uD834\uDD1E \u0000!"})";
  const JsonlResult result = ReadString(line);
  REQUIRE(result.errors.empty());
  REQUIRE(result.documents.size() == 1);
  const std::string expected = std::string("\"उद्धरण\" \\ / \b\f\n\r\t नया é 😀 𝄞 ") +
                               std::string(1, '\0') + "!";
  CHECK(result.documents[0].text == expected);
}

TEST_CASE("JsonlReader accepts BOM, CRLF, blank lines and a last line without newline",
          "[jsonl]") {
  const std::string corpus = "\xEF\xBB\xBF{\"id\":\"a\",\"text\":\"पहला\"}\r\n"
                             "\r\n"
                             "   \t \n"
                             "\n"
                             "{\"id\":\"b\",\"text\":\"second\\r\\n\"}\r\n"
                             "  {\"id\":\"c\",\"text\":\"तीसरा\"}  ";
  const JsonlResult result = ReadString(corpus);
  REQUIRE(result.errors.empty());
  REQUIRE(result.documents.size() == 3);
  CHECK(result.documents[0].id == "a");
  CHECK(result.documents[0].text == "पहला");
  CHECK(result.documents[1].text == "second\r\n");
  CHECK(result.documents[2].id == "c");
  CHECK(result.documents[2].text == "तीसरा");

  std::istringstream in(corpus);
  JsonlReader reader(in, "t.jsonl");
  int count = 0;
  for (;;) {
    auto doc = reader.Next();
    REQUIRE(doc.ok());
    if (!doc->has_value()) break;
    ++count;
  }
  CHECK(count == 3);
  CHECK(reader.lines_read() == 6);
  CHECK(reader.bytes_read() == corpus.size());
}

TEST_CASE("JsonlReader treats null and empty optional fields as unknown", "[jsonl]") {
  const JsonlResult result = ReadString(
      R"({"id":"n","text":"t","source":null,"published":null,"lang":null})"
      "\n"
      R"({"id":"e","text":"","source":"","published":"","lang":""})");
  REQUIRE(result.errors.empty());
  REQUIRE(result.documents.size() == 2);
  for (const Document& doc : result.documents) {
    CHECK(doc.source.empty());
    CHECK_FALSE(doc.published.has_value());
    CHECK(doc.lang.empty());
  }
  CHECK(result.documents[1].text.empty());
}

TEST_CASE("JsonlReader reuses a Document without leaking fields between lines", "[jsonl]") {
  std::istringstream in(
      R"({"id":"x","text":"पूरा","source":"Sandesh Patrika","published":"2024-04-10","lang":"hi"})"
      "\n"
      R"({"id":"y","text":"bare"})");
  JsonlReader reader(in, "t.jsonl");
  Document doc;
  auto first = reader.Next(&doc);
  REQUIRE(first.ok());
  REQUIRE(*first);
  CHECK(doc.source == "Sandesh Patrika");
  auto second = reader.Next(&doc);
  REQUIRE(second.ok());
  REQUIRE(*second);
  CHECK(doc.id == "y");
  CHECK(doc.source.empty());
  CHECK(doc.lang.empty());
  CHECK_FALSE(doc.published.has_value());
  auto end = reader.Next(&doc);
  REQUIRE(end.ok());
  CHECK_FALSE(*end);
}

// ---------------------------------------------------------------------------------------------
// JSONL reader: every error path

TEST_CASE("JsonlReader reports each kind of bad line with its line and byte offsets", "[jsonl]") {
  const std::string good = R"({"id":"ok-1","text":"ठीक"})";
  struct Case {
    const char* name;
    std::string bad_line;
    JsonlErrorKind kind;
    size_t line_offset;
    const char* mentions;
  };
  const std::vector<Case> cases = {
      {"missing comma", R"({"id":"b" "text":"x"})", JsonlErrorKind::kBadJson, 10, "','"},
      {"unclosed string", R"({"id":"b","text":"अधूरा)", JsonlErrorKind::kBadJson, 33,
       "not closed"},
      {"trailing comma", R"({"id":"b","text":"x",})", JsonlErrorKind::kBadJson, 21, "key"},
      {"single quotes", R"({'id':'b'})", JsonlErrorKind::kBadJson, 1, "key"},
      {"bad literal", R"({"id":"b","text":"x","live":tru})", JsonlErrorKind::kBadJson, 31,
       "'true'"},
      {"leading zero", R"({"id":"b","text":"x","n":012})", JsonlErrorKind::kBadJson, 26,
       "leading zeros"},
      {"bad escape", R"({"id":"b","text":"x\q"})", JsonlErrorKind::kBadJson, 19, "escape"},
      {"raw tab in string", "{\"id\":\"b\",\"text\":\"x\ty\"}", JsonlErrorKind::kBadJson, 19,
       "control character"},
      {"not an object", R"(["b","x"])", JsonlErrorKind::kBadJson, 0, "an array"},
      {"two objects", R"({"id":"b","text":"x"} {"id":"c","text":"y"})", JsonlErrorKind::kBadJson,
       22, "after the JSON object"},
      {"duplicate key", R"({"id":"b","text":"x","text":"y"})", JsonlErrorKind::kBadJson, 21,
       "duplicate key"},
      {"missing id", R"({"text":"केवल पाठ"})", JsonlErrorKind::kMissingField, 0, "\"id\""},
      {"missing text", R"(  {"id":"b","source":"Deccan Ledger"})", JsonlErrorKind::kMissingField,
       2, "\"text\""},
      {"missing both", R"({})", JsonlErrorKind::kMissingField, 0, "\"id\" and \"text\""},
      {"text is a number", R"({"id":"b","text":42})", JsonlErrorKind::kWrongType, 17,
       "\"text\" must be a string, found a number"},
      {"id is a number", R"({"id":7,"text":"x"})", JsonlErrorKind::kWrongType, 6,
       "\"id\" must be a string, found a number"},
      {"text is null", R"({"id":"b","text":null})", JsonlErrorKind::kWrongType, 17, "null"},
      {"source is an array", R"({"id":"b","text":"x","source":["a"]})",
       JsonlErrorKind::kWrongType, 30, "found an array"},
      {"published is a number", R"({"id":"b","text":"x","published":20240410})",
       JsonlErrorKind::kWrongType, 33, "a number"},
      {"empty id", R"({"id":"","text":"x"})", JsonlErrorKind::kWrongType, 6, "empty"},
      {"lone high surrogate", R"({"id":"b","text":"x\ud83d y"})", JsonlErrorKind::kInvalidUtf8, 19,
       "high surrogate"},
      {"lone low surrogate", R"({"id":"b","text":"\ude00"})", JsonlErrorKind::kInvalidUtf8, 18,
       "low surrogate"},
      {"invalid UTF-8 byte", "{\"id\":\"b\",\"text\":\"नया\xFFx\"}", JsonlErrorKind::kInvalidUtf8,
       27, "0xFF"},
      {"truncated Devanagari", "{\"id\":\"b\",\"text\":\"न\xE0\xA4\"}",
       JsonlErrorKind::kInvalidUtf8, 21, "0xE0"},
      {"overlong slash", "{\"id\":\"b\",\"text\":\"\xC0\xAF\"}", JsonlErrorKind::kInvalidUtf8,
       18, "0xC0"},
      {"encoded surrogate", "{\"id\":\"b\",\"text\":\"\xED\xA0\x80\"}",
       JsonlErrorKind::kInvalidUtf8, 18, "0xED"},
      {"invalid UTF-8 in unknown field", "{\"id\":\"b\",\"text\":\"x\",\"note\":\"\x80\"}",
       JsonlErrorKind::kInvalidUtf8, 29, "0x80"},
      {"bad month", R"({"id":"b","text":"x","published":"2024-13-10T08:22:00+05:30"})",
       JsonlErrorKind::kBadTimestamp, 39, "month 13"},
      {"bad day", R"({"id":"b","text":"x","published":"2023-02-29"})",
       JsonlErrorKind::kBadTimestamp, 42, "day 29"},
      {"bad hour", R"({"id":"b","text":"x","published":"2024-04-10T25:00"})",
       JsonlErrorKind::kBadTimestamp, 45, "hour 25"},
      {"escaped timestamp", R"({"id":"b","text":"x","published":"2024\u002D13-10"})",
       JsonlErrorKind::kBadTimestamp, 34, "month 13"},
  };
  for (const Case& c : cases) {
    INFO("case: " << c.name << "\nline: " << c.bad_line);
    // The bad line is line 3, after a good line and a blank line.
    const std::string prefix = good + "\n\n";
    const std::string content = prefix + c.bad_line + "\n" + R"({"id":"ok-2","text":"after"})";
    for (OnBadLine mode : {OnBadLine::kStop, OnBadLine::kSkip}) {
      JsonlOptions options;
      options.on_bad_line = mode;
      const JsonlResult result = ReadString(content, options);
      REQUIRE(result.errors.size() == 1);
      const JsonlError& e = result.errors[0];
      INFO("error: " << e.ToString());
      CHECK(e.kind == c.kind);
      CHECK(e.file == "t.jsonl");
      CHECK(e.line == 3);
      CHECK(e.line_offset == c.line_offset);
      CHECK(e.file_offset == prefix.size() + c.line_offset);
      CHECK(e.message.find(c.mentions) != std::string::npos);
      CHECK(e.ToString().rfind("t.jsonl:3:" + std::to_string(c.line_offset + 1) + ": ", 0) == 0);
      CHECK(e.ToStatus().code() == absl::StatusCode::kInvalidArgument);
      CHECK_FALSE(result.FirstError().ok());
      // Nothing valid is lost: the good line before always, the one after in skip mode.
      REQUIRE(result.documents.size() == (mode == OnBadLine::kSkip ? 2u : 1u));
      CHECK(result.documents[0].id == "ok-1");
      if (mode == OnBadLine::kSkip) CHECK(result.documents[1].id == "ok-2");
    }
  }
}

TEST_CASE("JsonlReader rejects a duplicate id and names the first line", "[jsonl]") {
  const std::string content = R"({"id":"dup","text":"पहली बार"})"
                              "\n"
                              R"({"id":"other","text":"x"})"
                              "\n"
                              R"({"text":"दूसरी बार", "id":"dup"})"
                              "\n";
  const JsonlResult result = ReadString(content, SkipMode());
  REQUIRE(result.errors.size() == 1);
  const JsonlError& e = result.errors[0];
  CHECK(e.kind == JsonlErrorKind::kDuplicateId);
  CHECK(e.line == 3);
  CHECK(e.line_offset == std::string(R"({"text":"दूसरी बार", "id":"dup"})").find("\"dup\""));
  CHECK(e.message.find("\"dup\"") != std::string::npos);
  CHECK(e.message.find("line 1") != std::string::npos);
  REQUIRE(result.documents.size() == 2);
  CHECK(result.documents[0].text == "पहली बार");

  JsonlOptions allow = SkipMode();
  allow.reject_duplicate_ids = false;
  CHECK(ReadString(content, allow).documents.size() == 3);
}

TEST_CASE("JsonlReader enforces the nesting limit in unknown fields", "[jsonl]") {
  std::string deep = R"({"id":"d","text":"x","meta":)";
  const size_t open_at = deep.size();
  for (int i = 0; i < 70; ++i) deep += '[';
  for (int i = 0; i < 70; ++i) deep += ']';
  deep += '}';
  const JsonlError e = OnlyError(deep);
  CHECK(e.kind == JsonlErrorKind::kBadJson);
  CHECK(e.line == 1);
  // The document object is level 1, so the 64th level is the 63rd bracket.
  CHECK(e.line_offset == open_at + 63);
  CHECK(e.message.find("64") != std::string::npos);

  JsonlOptions generous;
  generous.max_depth = 100;
  CHECK(ReadString(deep, generous).errors.empty());
}

TEST_CASE("JsonlReader offsets count a byte order mark and CRLF as file bytes", "[jsonl]") {
  const std::string content = "\xEF\xBB\xBF{\"id\":\"a\",\"text\":5}\r\n"
                              "{\"id\":\"b\",\"text\":\"x\"}\r\n"
                              "{\"id\":\"c\",\"text\":\"\xFF\"}\r\n";
  const JsonlResult result = ReadString(content, SkipMode());
  REQUIRE(result.errors.size() == 2);
  CHECK(result.errors[0].line == 1);
  CHECK(result.errors[0].line_offset == 3 + 17);
  CHECK(content[result.errors[0].file_offset] == '5');
  CHECK(result.errors[1].line == 3);
  CHECK(result.errors[1].kind == JsonlErrorKind::kInvalidUtf8);
  CHECK(static_cast<unsigned char>(content[result.errors[1].file_offset]) == 0xFF);
  REQUIRE(result.documents.size() == 1);
  CHECK(result.documents[0].id == "b");
}

TEST_CASE("JsonlReader stops at the first bad line and keeps what came before", "[jsonl]") {
  const std::string content = R"({"id":"1","text":"एक"})"
                              "\n"
                              R"({"id":"2","text":"दो"})"
                              "\n"
                              R"({"id":"3","text":)"
                              "\n"
                              R"({"id":"4","text":"चार"})"
                              "\n";
  std::istringstream in(content);
  JsonlReader reader(in, "news.jsonl");
  std::vector<std::string> ids;
  absl::Status status;
  for (;;) {
    auto doc = reader.Next();
    if (!doc.ok()) {
      status = doc.status();
      break;
    }
    if (!doc->has_value()) break;
    ids.push_back((*doc)->id);
  }
  CHECK(ids == std::vector<std::string>{"1", "2"});
  REQUIRE_FALSE(status.ok());
  CHECK(status.code() == absl::StatusCode::kInvalidArgument);
  CHECK(std::string(status.message()).rfind("news.jsonl:3:", 0) == 0);
  // The error is sticky: the reader does not silently resume after it.
  auto again = reader.Next();
  REQUIRE_FALSE(again.ok());
  CHECK(again.status() == status);
  REQUIRE(reader.errors().size() == 1);

  const JsonlResult whole = ReadString(content);
  CHECK(whole.documents.size() == 2);
  REQUIRE(whole.errors.size() == 1);
  CHECK(whole.errors[0].line == 3);
}

TEST_CASE("Skip mode loses nothing valid in generated corpora", "[jsonl][property]") {
  std::mt19937_64 rng(7);
  const std::vector<std::string> bad_lines = {
      R"({"id":"q","text":)",
      R"({"id":"q"})",
      R"({"id":"q","text":3.5})",
      "{\"id\":\"q\",\"text\":\"\xC3\"}",
      R"({"id":"q","text":"x","published":"2024-02-30"})",
      R"(not json at all)",
      R"({"id":"q","text":"x"}})",
      R"([])",
  };
  for (int round = 0; round < 200; ++round) {
    std::string content;
    std::vector<std::string> expected_ids;
    std::vector<uint64_t> expected_bad_lines;
    const int lines = 1 + static_cast<int>(rng() % 40);
    for (int line = 1; line <= lines; ++line) {
      const uint64_t pick = rng() % 10;
      if (pick < 2) {
        content += bad_lines[rng() % bad_lines.size()];
        expected_bad_lines.push_back(static_cast<uint64_t>(line));
      } else if (pick == 2) {
        content += "  ";  // blank
      } else {
        const std::string id = "doc-" + std::to_string(round) + "-" + std::to_string(line);
        JsonWriter w;
        w.BeginObject().Key("id").String(id).Key("text").String(RandomValidUtf8(rng, 30));
        if (rng() % 2) w.Key("source").String("Sandesh Patrika");
        w.EndObject();
        content += w.str();
        expected_ids.push_back(id);
      }
      content += (rng() % 3 == 0) ? "\r\n" : "\n";
    }
    if (rng() % 2) content.pop_back();  // sometimes no final newline (or a lone '\r')
    const JsonlResult result = ReadString(content, SkipMode());
    std::vector<std::string> ids;
    for (const Document& doc : result.documents) ids.push_back(doc.id);
    std::vector<uint64_t> error_lines;
    for (const JsonlError& e : result.errors) error_lines.push_back(e.line);
    CHECK(ids == expected_ids);
    CHECK(error_lines == expected_bad_lines);
  }
}

TEST_CASE("Mutated lines give a document or an error inside the line", "[jsonl][property]") {
  const std::vector<std::string> seeds = {
      R"({"id":"m1","text":"पुणे में \u0928 \ud83d\ude00 \"q\"",)"
      R"("published":"2024-04-10T08:22:00+05:30",)"
      R"("n":[1,-2.5e3,0,true,false,null],"o":{"k":{}}})",
      R"({"id":"m2","text":"Riverside metro","source":"Deccan Ledger","lang":"en"})",
  };
  const std::vector<std::string> pieces = {"{", "}", "[", "]", "\"", ":", ",", "\\", "\\u",
                                           "\\ud800", " ", "0", "-", "e", "null", "न", "\xFF",
                                           "\xE0\xA4", std::string(1, '\0'), "\x1F"};
  std::mt19937_64 rng(99);
  for (int i = 0; i < 20000; ++i) {
    std::string line = seeds[rng() % seeds.size()];
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < edits; ++k) {
      const size_t at = rng() % (line.size() + 1);
      switch (rng() % 3) {
        case 0: line.insert(at, pieces[rng() % pieces.size()]); break;
        case 1:
          if (at < line.size()) line.erase(at, 1);
          break;
        default:
          if (at < line.size()) line[at] = static_cast<char>(rng());
      }
    }
    for (char& c : line) {
      if (c == '\n') c = ' ';
    }
    INFO("line: " << line);
    const JsonlResult result = ReadString(line, SkipMode());
    const bool blank = line.find_first_not_of(" \t\r") == std::string::npos;
    REQUIRE(result.documents.size() + result.errors.size() == (blank ? 0u : 1u));
    if (!result.errors.empty()) {
      CHECK(result.errors[0].line == 1);
      CHECK(result.errors[0].line_offset <= line.size());
      CHECK(result.errors[0].file_offset == result.errors[0].line_offset);
      CHECK_FALSE(result.errors[0].message.empty());
    } else if (!result.documents.empty()) {
      // A line accepted as a document is valid JSON with the same id and text.
      std::string_view json = line;
      while (!json.empty() && json.back() == '\r') json.remove_suffix(1);
      auto dom = ParseJson(json);
      REQUIRE(dom.ok());
      REQUIRE(dom->Find("id") != nullptr);
      CHECK(dom->Find("id")->string() == result.documents[0].id);
      CHECK(dom->Find("text")->string() == result.documents[0].text);
    }
  }
}

TEST_CASE("JsonlReader handles a 50 MB line and enforces max_line_bytes", "[jsonl][large]") {
  // A 50 MB Hindi text field, with escapes sprinkled in, between two small lines.
  const std::string unit = "समाचार पत्र \\\"रिपोर्ट\\\" 2024\\n";
  const std::string decoded_unit = "समाचार पत्र \"रिपोर्ट\" 2024\n";
  const size_t repeats = (size_t{50} << 20) / unit.size();
  std::string big = R"({"id":"big","text":")";
  big.reserve(big.size() + repeats * unit.size() + 8);
  for (size_t i = 0; i < repeats; ++i) big += unit;
  big += "\"}";
  const std::string content = R"({"id":"a","text":"x"})"
                              "\n" +
                              big + "\n" + R"({"id":"z","text":"y"})";
  SECTION("read with the default limit") {
    const JsonlResult result = ReadString(content);
    REQUIRE(result.errors.empty());
    REQUIRE(result.documents.size() == 3);
    const std::string& text = result.documents[1].text;
    CHECK(text.size() == repeats * decoded_unit.size());
    CHECK(text.substr(0, decoded_unit.size()) == decoded_unit);
    CHECK(text.substr(text.size() - decoded_unit.size()) == decoded_unit);
  }
  SECTION("a limit below the line length is a clean error") {
    JsonlOptions options = SkipMode();
    options.max_line_bytes = size_t{1} << 20;
    const JsonlResult result = ReadString(content, options);
    REQUIRE(result.errors.size() == 1);
    CHECK(result.errors[0].kind == JsonlErrorKind::kLineTooLong);
    CHECK(result.errors[0].line == 2);
    CHECK(result.errors[0].line_offset == options.max_line_bytes);
    REQUIRE(result.documents.size() == 2);
    CHECK(result.documents[1].id == "z");
  }
}

// ---------------------------------------------------------------------------------------------
// Files

TEST_CASE("ReadJsonlFile and ReadTextFile read from disk", "[files]") {
  const auto corpus = TempPath("corpus.jsonl");
  WriteFile(corpus, "{\"id\":\"p1\",\"text\":\"मुंबई में बारिश\",\"source\":\"Sandesh Patrika\"}\n"
                    "{\"id\":\"p2\",\"text\":7}\n");
  auto result = ReadJsonlFile(corpus.string(), SkipMode());
  REQUIRE(result.ok());
  REQUIRE(result->documents.size() == 1);
  REQUIRE(result->errors.size() == 1);
  CHECK(result->errors[0].file == corpus.string());
  CHECK(result->errors[0].ToString().find(corpus.string() + ":2:") == 0);

  auto reader = JsonlReader::Open(corpus.string());
  REQUIRE(reader.ok());
  REQUIRE(reader->size_hint().has_value());
  CHECK(*reader->size_hint() == std::filesystem::file_size(corpus));

  const auto article = TempPath("000_81f94b823ac39b14.txt");
  const std::string body = "सोमवार को बैठक हुई।\r\nThe meeting was on Monday.\n";
  WriteFile(article, "\xEF\xBB\xBF" + body);
  auto doc = ReadTextFile(article.string());
  REQUIRE(doc.ok());
  CHECK(doc->id == "000_81f94b823ac39b14.txt");
  CHECK(doc->text == body);
  CHECK(doc->source.empty());
  CHECK_FALSE(doc->published.has_value());

  auto either = ReadDocumentFile(article.string());
  REQUIRE(either.ok());
  REQUIRE(either->documents.size() == 1);
  CHECK(either->documents[0].id == "000_81f94b823ac39b14.txt");
  auto jsonl = ReadDocumentFile(corpus.string());
  REQUIRE(jsonl.ok());
  CHECK(jsonl->documents.size() == 1);  // stop mode: the bad line 2 ends reading
  CHECK(jsonl->errors.size() == 1);

  const std::string missing = TempPath("no-such-file.jsonl").string();
  auto not_found = ReadJsonlFile(missing);
  REQUIRE_FALSE(not_found.ok());
  CHECK(not_found.status().code() == absl::StatusCode::kNotFound);
  CHECK(std::string(not_found.status().message()).find(missing) != std::string::npos);
  CHECK(ReadTextFile(missing).status().code() == absl::StatusCode::kNotFound);
  CHECK(ReadTextFile(TempPath("").string()).status().code() ==
        absl::StatusCode::kFailedPrecondition);
  std::error_code ec;
  std::filesystem::remove_all(TempPath("").parent_path(), ec);
}

TEST_CASE("ReadTextFile reads the seed articles byte for byte", "[files][seeds]") {
  for (const char* prefix : {"000_", "001_"}) {
    const auto path = testing::SeedPath(prefix);
    CROSSDOC_SKIP_IF_NO_SEEDS(path);
    auto doc = ReadDocumentFile(path->string());
    REQUIRE(doc.ok());
    REQUIRE(doc->documents.size() == 1);
    CHECK(doc->documents[0].id == path->filename().string());
    CHECK(doc->documents[0].id.rfind(prefix, 0) == 0);
    std::string bytes = testing::ReadFile(*path);
    if (bytes.rfind("\xEF\xBB\xBF", 0) == 0) bytes.erase(0, 3);
    CHECK(doc->documents[0].text == bytes);
    CHECK(IsValidUtf8(doc->documents[0].text));
    // The seeds are Hindi: Devanagari lead bytes (U+0900-U+097F is E0 A4 xx / E0 A5 xx).
    CHECK(doc->documents[0].text.find("\xE0\xA4") != std::string::npos);
  }
}

TEST_CASE("The checked-in fixture corpus reads as expected", "[files]") {
  auto result = ReadJsonlFile(testing::FixturePath("io/mixed.jsonl").string(), SkipMode());
  REQUIRE(result.ok());
  std::vector<std::string> ids;
  for (const Document& doc : result->documents) ids.push_back(doc.id);
  CHECK(ids == std::vector<std::string>{"patrika-101", "ledger-55", "patrika-102"});
  REQUIRE(result->errors.size() == 2);
  CHECK(result->errors[0].line == 3);
  CHECK(result->errors[0].kind == JsonlErrorKind::kBadTimestamp);
  CHECK(result->errors[1].line == 5);
  CHECK(result->errors[1].kind == JsonlErrorKind::kDuplicateId);
  const Document& patrika = result->documents[0];
  REQUIRE(patrika.published.has_value());
  CHECK(patrika.published->LocalDate() == Timestamp::Date{2024, 4, 10});
  CHECK(patrika.text.find("छठी") != std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// ParseJson (DOM)

TEST_CASE("ParseJson builds a DOM of every type", "[json]") {
  auto value = ParseJson(
      R"( {"clusters": [["a", "ब"], []], "n": -12.5e2, "big": 12345678901234567890,
           "ok": true, "no": false, "none": null, "s": "\u0915\u0916 \ud83d\ude00"} )");
  REQUIRE(value.ok());
  REQUIRE(value->is_object());
  CHECK(value->size() == 7);
  const JsonValue* clusters = value->Find("clusters");
  REQUIRE(clusters != nullptr);
  REQUIRE(clusters->is_array());
  REQUIRE(clusters->size() == 2);
  CHECK(clusters->array()[0].array()[1].string() == "ब");
  CHECK(clusters->array()[1].size() == 0);
  CHECK(value->Find("n")->number() == -1250.0);
  CHECK(value->Find("big")->number_text() == "12345678901234567890");
  CHECK(value->Find("ok")->boolean());
  CHECK(value->Find("no")->is_bool());
  CHECK_FALSE(value->Find("no")->boolean());
  CHECK(value->Find("none")->is_null());
  CHECK(value->Find("s")->string() == "कख 😀");
  CHECK(value->Find("missing") == nullptr);
  CHECK(value->object()[0].key == "clusters");
}

TEST_CASE("ParseJson rejects what RFC 8259 rejects, naming the byte", "[json]") {
  struct Case {
    const char* text;
    size_t offset;
  };
  const Case cases[] = {
      {"", 0},          {"[1,]", 3},         {"{\"a\" 1}", 5},     {"[01]", 2},
      {"[1.]", 3},      {"[1e]", 3},         {"[-]", 2},           {"[.5]", 1},
      {"[+1]", 1},      {"nul", 3},          {"[1] [2]", 4},       {"\"\\x\"", 1},
      {"\"\\u12G4\"", 5}, {"[\"\\ud800\"]", 2}, {"{\"a\":1,}", 7},   {"[NaN]", 1},
      {"[1 2]", 3},     {"{1:2}", 1},        {"[\"a\nb\"]", 3},    {"\"abc", 4},
  };
  for (const Case& c : cases) {
    INFO("input: " << c.text);
    auto value = ParseJson(c.text);
    REQUIRE_FALSE(value.ok());
    CHECK(std::string(value.status().message()).find("at byte " + std::to_string(c.offset)) !=
          std::string::npos);
  }
  std::string deep(300, '[');
  deep += std::string(300, ']');
  CHECK_FALSE(ParseJson(deep).ok());
  CHECK(ParseJson(deep, 300).ok());
}

// ---------------------------------------------------------------------------------------------
// JsonWriter

TEST_CASE("JsonWriter writes the dedup and factcheck shapes", "[writer]") {
  JsonWriter w;
  w.BeginObject()
      .Key("clusters")
      .BeginArray()
      .BeginArray()
      .String("sandesh-1")
      .String("ledger-7")
      .EndArray()
      .BeginArray()
      .EndArray()
      .EndArray()
      .Key("version")
      .Int(1)
      .Key("similarity")
      .Double(0.857142857, 3)
      .Key("exact")
      .Double(0.1)
      .Key("flag")
      .Bool(false)
      .Key("none")
      .Null()
      .Key("nan")
      .Double(std::nan(""))
      .Key("count")
      .Uint(18446744073709551615ULL)
      .Key("neg")
      .Int(-42)
      .EndObject();
  REQUIRE(w.ok());
  CHECK(w.str() ==
        R"({"clusters":[["sandesh-1","ledger-7"],[]],"version":1,"similarity":0.857,)"
        R"("exact":0.1,"flag":false,"none":null,"nan":null,"count":18446744073709551615,)"
        R"("neg":-42})");
  CHECK(ParseJson(w.str()).ok());
}

TEST_CASE("JsonWriter escapes what JSON requires and keeps UTF-8 as is", "[writer]") {
  std::string out;
  AppendJsonString(std::string("उद्धरण \"quote\" \\ \n\r\t\b\f") + '\x01' + '\x1f' + '\0' + "😀/",
                   &out);
  CHECK(out == "\"उद्धरण \\\"quote\\\" \\\\ \\n\\r\\t\\b\\f\\u0001\\u001f\\u0000😀/\"");
  // Invalid UTF-8 becomes U+FFFD so the output stays valid.
  std::string bad;
  AppendJsonString("a\xFF" "b\xE0\xA4" "c\xED\xA0\x80" "d", &bad);
  CHECK(bad == "\"a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" "d\"");
  CHECK(IsValidUtf8(bad));
}

TEST_CASE("JsonWriter pretty-prints and notices misuse", "[writer]") {
  JsonWriter pretty(2);
  pretty.BeginObject().Key("a").BeginArray().Int(1).Int(2).EndArray().Key("b").BeginObject()
      .EndObject().EndObject();
  REQUIRE(pretty.ok());
  CHECK(pretty.str() == "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {}\n}");
  auto parsed = ParseJson(pretty.str());
  REQUIRE(parsed.ok());
  CHECK(parsed->Find("a")->size() == 2);

  JsonWriter unbalanced;
  unbalanced.BeginArray().Int(1);
  CHECK_FALSE(unbalanced.ok());
  JsonWriter value_without_key;
  value_without_key.BeginObject().Int(1).EndObject();
  CHECK_FALSE(value_without_key.ok());
  JsonWriter two_roots;
  two_roots.Int(1).Int(2);
  CHECK_FALSE(two_roots.ok());
  JsonWriter key_in_array;
  key_in_array.BeginArray().Key("x").EndArray();
  CHECK_FALSE(key_in_array.ok());
  JsonWriter reused;
  reused.Int(1);
  CHECK(reused.Release() == "1");
  CHECK_FALSE(reused.ok());
  reused.String("x");
  CHECK(reused.ok());
  CHECK(reused.str() == "\"x\"");
}

TEST_CASE("Writer output parses back to the same strings and numbers", "[writer][property]") {
  std::mt19937_64 rng(12345);
  std::string corpus;
  std::vector<std::string> texts;
  for (int i = 0; i < 3000; ++i) {
    std::string text = RandomValidUtf8(rng, 60);
    // Every fifth string gets raw random bytes too, which the writer must repair.
    if (i % 5 == 0) {
      for (int k = 0; k < 4; ++k) {
        text.insert(rng() % (text.size() + 1), 1, static_cast<char>(rng()));
      }
    }
    JsonWriter w;
    w.BeginObject().Key("id").String("r" + std::to_string(i)).Key("text").String(text);
    w.Key("meta").BeginArray().Double(std::bit_cast<double>(rng() & 0x7FEFFFFFFFFFFFFFULL));
    w.String(text).EndArray().EndObject();
    REQUIRE(w.ok());
    INFO("line " << i << ": " << w.str());
    REQUIRE(IsValidUtf8(w.str()));
    auto dom = ParseJson(w.str());
    REQUIRE(dom.ok());
    const std::string& back = dom->Find("text")->string();
    if (IsValidUtf8(text)) {
      CHECK(back == text);
    } else {
      CHECK(IsValidUtf8(back));
      CHECK(back.find("\xEF\xBF\xBD") != std::string::npos);
    }
    corpus += w.str();
    corpus += '\n';
    texts.push_back(back);
  }
  // Doubles survive the round trip exactly.
  for (int i = 0; i < 3000; ++i) {
    const double value = std::bit_cast<double>(rng());
    if (!std::isfinite(value)) continue;
    JsonWriter w;
    w.Double(value);
    auto dom = ParseJson(w.str());
    REQUIRE(dom.ok());
    CHECK(dom->number() == value);
  }
  // And the whole generated corpus reads back through the JSONL reader, line for line.
  const JsonlResult result = ReadString(corpus);
  REQUIRE(result.errors.empty());
  REQUIRE(result.documents.size() == texts.size());
  for (size_t i = 0; i < texts.size(); ++i) CHECK(result.documents[i].text == texts[i]);
}

}  // namespace
}  // namespace crossdoc
