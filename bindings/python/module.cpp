// crossdoc._crossdoc: the pybind11 module behind `import crossdoc`; it mirrors the C++ API.
//
// Conventions (documented for users in crossdoc/__init__.py and docs/python.md):
//  - Text goes in as str or bytes (bytes may hold invalid UTF-8 for lenient analysis) and every
//    reported span comes out twice: `span` in bytes of the UTF-8 text (what the JSON contract
//    uses) and `char_span` in code points, so that text[begin:end] is the reported text.
//  - Every call that does real work releases the GIL; the *_many / batch calls and dedup use
//    every core.
//  - A bad absl::Status becomes a Python exception: InputError (a ValueError, with the byte
//    offset when the message names one) for bad input, OSError subclasses for files, KeyError for
//    an unknown document id, RuntimeError otherwise. The message is the C++ message.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "crossdoc/align.h"
#include "crossdoc/document.h"
#include "crossdoc/facts.h"
#include "crossdoc/fingerprint.h"
#include "crossdoc/index.h"
#include "crossdoc/io.h"
#include "crossdoc/reconcile.h"
#include "crossdoc/report.h"
#include "crossdoc/text.h"

#ifndef CROSSDOC_VERSION_STRING
#define CROSSDOC_VERSION_STRING "0.0.0"
#endif

namespace py = pybind11;
using namespace pybind11::literals;

namespace crossdoc::python {
namespace {

using Span2 = std::pair<uint32_t, uint32_t>;

// ------------------------------------------------------------------------------------------------
// Errors

enum class ErrorContext { kInput, kFile, kKey };

// Carries a bad status out of code that ran without the GIL; translated by the handler below.
struct StatusError {
  absl::Status status;
  ErrorContext context;
};

[[noreturn]] void Throw(const absl::Status& status, ErrorContext context = ErrorContext::kInput) {
  throw StatusError{status, context};
}

template <typename T>
T Unwrap(absl::StatusOr<T>&& result, ErrorContext context = ErrorContext::kInput) {
  if (!result.ok()) Throw(result.status(), context);
  return *std::move(result);
}

void Check(const absl::Status& status, ErrorContext context = ErrorContext::kInput) {
  if (!status.ok()) Throw(status, context);
}

PyObject* g_input_error = nullptr;

// "... byte offset 17 ..." -> 17; messages of the C++ library name offsets this way.
std::optional<uint64_t> OffsetInMessage(std::string_view message) {
  for (std::string_view marker : {"byte offset ", "file byte "}) {
    size_t at = message.find(marker);
    if (at == std::string_view::npos) continue;
    at += marker.size();
    uint64_t value = 0;
    size_t digits = 0;
    while (at < message.size() && message[at] >= '0' && message[at] <= '9') {
      value = value * 10 + static_cast<uint64_t>(message[at] - '0');
      ++at;
      ++digits;
    }
    if (digits > 0) return value;
  }
  return std::nullopt;
}

void RaiseInputError(const std::string& message, std::optional<uint64_t> offset) {
  py::object cls = py::reinterpret_borrow<py::object>(g_input_error);
  py::object exc = cls(message);
  exc.attr("offset") = offset ? py::object(py::int_(*offset)) : py::object(py::none());
  PyErr_SetObject(g_input_error, exc.ptr());
}

void RaiseStatus(const StatusError& e) {
  const std::string message(e.status.message().data(), e.status.message().size());
  const absl::StatusCode code = e.status.code();
  if (e.context == ErrorContext::kFile) {
    PyObject* type = PyExc_OSError;
    if (code == absl::StatusCode::kNotFound) type = PyExc_FileNotFoundError;
    if (code == absl::StatusCode::kPermissionDenied) type = PyExc_PermissionError;
    if (code == absl::StatusCode::kAlreadyExists) type = PyExc_FileExistsError;
    PyErr_SetString(type, message.c_str());
    return;
  }
  switch (code) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kOutOfRange:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kAlreadyExists:
      RaiseInputError(message, OffsetInMessage(message));
      return;
    case absl::StatusCode::kNotFound:
      if (e.context == ErrorContext::kKey) {
        PyErr_SetObject(PyExc_KeyError, py::str(message).ptr());
      } else {
        RaiseInputError(message, OffsetInMessage(message));
      }
      return;
    case absl::StatusCode::kPermissionDenied:
    case absl::StatusCode::kDataLoss:
      PyErr_SetString(PyExc_OSError, message.c_str());
      return;
    default:
      PyErr_SetString(PyExc_RuntimeError, message.c_str());
      return;
  }
}

// ------------------------------------------------------------------------------------------------
// Threads

int ThreadCount(int threads, size_t work) {
  int n = threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (static_cast<size_t>(n) > work) n = static_cast<int>(std::max<size_t>(work, 1));
  return n;
}

// Runs fn(i) for i in [0, count) on `threads` threads (0 = every core). fn must not touch Python.
// Returns the error of the lowest index that failed, or OK.
template <typename Fn>
absl::Status ParallelFor(size_t count, int threads, Fn&& fn) {
  const int n = ThreadCount(threads, count);
  std::vector<absl::Status> errors(count);
  if (n <= 1) {
    for (size_t i = 0; i < count; ++i) errors[i] = fn(i);
  } else {
    std::atomic<size_t> next{0};
    auto work = [&] {
      for (size_t i = next.fetch_add(1); i < count; i = next.fetch_add(1)) errors[i] = fn(i);
    };
    std::vector<std::thread> pool;
    pool.reserve(static_cast<size_t>(n - 1));
    for (int t = 1; t < n; ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
  }
  for (auto& e : errors) {
    if (!e.ok()) return e;
  }
  return absl::OkStatus();
}

// ------------------------------------------------------------------------------------------------
// UTF-8 <-> Python str, byte offsets <-> code point offsets

// Length of the well-formed UTF-8 sequence at `p` (Unicode table 3-7), 0 when ill-formed.
size_t Utf8SequenceLength(const unsigned char* p, size_t left) {
  const unsigned char c = p[0];
  if (c < 0x80) return 1;
  auto cont = [&](size_t i, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
    return i < left && p[i] >= lo && p[i] <= hi;
  };
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c == 0xE0) return cont(1, 0xA0) && cont(2) ? 3 : 0;
  if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) return cont(1) && cont(2) ? 3 : 0;
  if (c == 0xED) return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0;
  if (c == 0xF0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xF1 && c <= 0xF3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c == 0xF4) return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

// Maps byte offsets of a UTF-8 text to offsets in the Python str that decodes it. For valid text
// that is the count of code points before the offset; for invalid text it matches
// bytes.decode("utf-8", "surrogateescape"), where every byte of a bad sequence is one code point.
class CodePointMap {
 public:
  CodePointMap() = default;
  explicit CodePointMap(std::string_view text) : size_(text.size()) {
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    valid_ = !FindInvalidUtf8(text).has_value();
    if (!valid_) {
      starts_.assign(text.size(), 0);
      size_t i = 0;
      while (i < text.size()) {
        starts_[i] = 1;
        const size_t len = Utf8SequenceLength(p + i, text.size() - i);
        i += len == 0 ? 1 : len;
      }
    }
    checkpoints_.reserve(text.size() / kStride + 2);
    uint32_t count = 0;
    for (size_t i = 0; i < text.size(); ++i) {
      if (i % kStride == 0) checkpoints_.push_back(count);
      count += IsStart(p, i);
    }
    if (text.size() % kStride == 0) checkpoints_.push_back(count);
    total_ = count;
  }

  // Code point offset of byte offset `b` (clamped to the text).
  uint32_t ToChar(std::string_view text, size_t b) const {
    if (b >= size_) return total_;
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const size_t block = b / kStride;
    uint32_t count = checkpoints_[block];
    for (size_t i = block * kStride; i < b; ++i) count += IsStart(p, i);
    return count;
  }
  bool valid() const { return valid_; }
  uint32_t total() const { return total_; }

 private:
  static constexpr size_t kStride = 128;
  uint32_t IsStart(const unsigned char* p, size_t i) const {
    return valid_ ? static_cast<uint32_t>((p[i] & 0xC0) != 0x80) : starts_[i];
  }
  size_t size_ = 0;
  bool valid_ = true;
  uint32_t total_ = 0;
  std::vector<uint8_t> starts_;
  std::vector<uint32_t> checkpoints_;
};

py::str DecodeUtf8(std::string_view bytes) {
  PyObject* s = PyUnicode_DecodeUTF8(bytes.data(), static_cast<Py_ssize_t>(bytes.size()),
                                     "surrogateescape");
  if (s == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::str>(s);
}

// str -> its UTF-8 bytes (a str holding surrogate escapes gives back the original bytes);
// bytes / bytearray / memoryview -> the bytes as they are.
std::string ToBytes(py::handle obj, const char* what = "text") {
  if (PyUnicode_Check(obj.ptr())) {
    Py_ssize_t size = 0;
    const char* data = PyUnicode_AsUTF8AndSize(obj.ptr(), &size);
    if (data != nullptr) return std::string(data, static_cast<size_t>(size));
    PyErr_Clear();
    PyObject* encoded = PyUnicode_AsEncodedString(obj.ptr(), "utf-8", "surrogateescape");
    if (encoded == nullptr) throw py::error_already_set();
    py::bytes b = py::reinterpret_steal<py::bytes>(encoded);
    return std::string(b);
  }
  if (PyBytes_Check(obj.ptr())) return std::string(py::reinterpret_borrow<py::bytes>(obj));
  if (PyByteArray_Check(obj.ptr()) || PyMemoryView_Check(obj.ptr())) {
    return std::string(py::bytes(py::reinterpret_borrow<py::object>(obj)));
  }
  throw py::type_error(std::string(what) + " must be str or bytes, not " +
                       std::string(Py_TYPE(obj.ptr())->tp_name));
}

// ------------------------------------------------------------------------------------------------
// Timestamps

std::optional<Timestamp> ToTimestamp(py::handle obj) {
  if (obj.is_none()) return std::nullopt;
  if (PyUnicode_Check(obj.ptr())) {
    const std::string text = ToBytes(obj);
    if (text.empty()) return std::nullopt;
    return Unwrap(ParseIso8601(text));
  }
  py::module_ datetime = py::module_::import("datetime");
  if (py::isinstance(obj, datetime.attr("datetime"))) {
    py::object dt = py::reinterpret_borrow<py::object>(obj);
    py::object offset = dt.attr("utcoffset")();
    Timestamp ts;
    if (offset.is_none()) {
      dt = dt.attr("replace")("tzinfo"_a = datetime.attr("timezone").attr("utc"));
    } else {
      ts.utc_offset_minutes =
          static_cast<int32_t>(py::float_(offset.attr("total_seconds")()).cast<double>() / 60.0);
    }
    ts.unix_seconds = static_cast<int64_t>(py::float_(dt.attr("timestamp")()).cast<double>());
    return ts;
  }
  throw py::type_error("a publication time must be None, an ISO 8601 str or a datetime");
}

py::object FromTimestamp(const std::optional<Timestamp>& ts) {
  if (!ts) return py::none();
  return py::str(ts->ToIso8601());
}

// ------------------------------------------------------------------------------------------------
// Analyzed text with its code point map

struct Text {
  AnalyzedText at;
  CodePointMap cp;

  std::string_view bytes() const { return at.text(); }
  Span2 Bytes(ByteSpan s) const { return {s.begin, s.end}; }
  Span2 Chars(ByteSpan s) const {
    return {cp.ToChar(at.text(), s.begin), cp.ToChar(at.text(), s.end)};
  }
  std::string Cut(ByteSpan s) const { return std::string(s.In(at.text())); }
};
using TextPtr = std::shared_ptr<const Text>;

TextPtr MakeText(AnalyzedText at) {
  auto t = std::make_shared<Text>();
  t->at = std::move(at);
  t->cp = CodePointMap(t->at.text());
  return t;
}

// Analyzes without the GIL.
TextPtr AnalyzeBytes(const Analyzer& analyzer, const std::string& bytes) {
  absl::StatusOr<AnalyzedText> at;
  TextPtr out;
  {
    py::gil_scoped_release release;
    at = analyzer.Analyze(bytes);
    if (at.ok()) out = MakeText(*std::move(at));
  }
  if (!out) Throw(at.status());
  return out;
}

const Analyzer& DefaultAnalyzer() {
  static const Analyzer* analyzer = new Analyzer();
  return *analyzer;
}

struct PyToken {
  TextPtr owner;
  uint32_t index = 0;
  const Token& tok() const { return owner->at.tokens()[index]; }
};

struct PySentence {
  TextPtr owner;
  uint32_t index = 0;
  const Sentence& sent() const { return owner->at.sentences()[index]; }
};

std::string_view TokenKindName(TokenKind kind) {
  switch (kind) {
    case TokenKind::kWord: return "word";
    case TokenKind::kNumber: return "number";
    case TokenKind::kPunctuation: return "punctuation";
    case TokenKind::kOther: return "other";
  }
  return "other";
}

// ------------------------------------------------------------------------------------------------
// Documents

Document ToDocument(py::handle obj) {
  if (py::isinstance<Document>(obj)) return obj.cast<Document>();
  if (PyDict_Check(obj.ptr())) {
    py::dict d = py::reinterpret_borrow<py::dict>(obj);
    if (!d.contains("id") || !d.contains("text")) {
      throw py::value_error("a document dict needs the keys 'id' and 'text'");
    }
    Document doc;
    doc.id = ToBytes(d["id"], "id");
    doc.text = ToBytes(d["text"]);
    auto opt = [&](const char* key) -> py::object {
      return d.contains(key) ? py::object(d[key]) : py::object(py::none());
    };
    if (!opt("source").is_none()) doc.source = ToBytes(opt("source"), "source");
    if (!opt("lang").is_none()) doc.lang = ToBytes(opt("lang"), "lang");
    doc.published = ToTimestamp(opt("published"));
    return doc;
  }
  if (PyTuple_Check(obj.ptr()) && py::len(obj) == 2) {
    py::tuple t = py::reinterpret_borrow<py::tuple>(obj);
    Document doc;
    doc.id = ToBytes(t[0], "id");
    doc.text = ToBytes(t[1]);
    return doc;
  }
  throw py::type_error("a document must be a crossdoc.Document, a dict with 'id' and 'text', or "
                       "an (id, text) tuple");
}

std::vector<Document> ToDocuments(py::handle seq) {
  std::vector<Document> docs;
  for (py::handle item : py::iter(seq)) docs.push_back(ToDocument(item));
  return docs;
}

py::dict DocumentToDict(const Document& d) {
  py::dict out;
  out["id"] = DecodeUtf8(d.id);
  out["text"] = DecodeUtf8(d.text);
  out["source"] = DecodeUtf8(d.source);
  out["published"] = FromTimestamp(d.published);
  out["lang"] = DecodeUtf8(d.lang);
  return out;
}

// The text of something text-like: an AnalyzedText is used as is, anything else analyzed.
TextPtr GetText(py::handle obj, const Analyzer& analyzer) {
  if (py::isinstance<Text>(obj)) return obj.cast<TextPtr>();
  if (py::isinstance<Document>(obj)) return AnalyzeBytes(analyzer, obj.cast<const Document&>().text);
  return AnalyzeBytes(analyzer, ToBytes(obj));
}

// Bytes of many text-likes, gathered with the GIL so the analysis can run without it.
struct TextBatch {
  std::vector<std::string> bytes;
  std::vector<TextPtr> ready;  // non-null where the input was already analyzed
};

TextBatch GatherTexts(py::handle seq) {
  TextBatch batch;
  for (py::handle item : py::iter(seq)) {
    if (py::isinstance<Text>(item)) {
      batch.bytes.emplace_back();
      batch.ready.push_back(item.cast<TextPtr>());
    } else if (py::isinstance<Document>(item)) {
      batch.bytes.push_back(item.cast<const Document&>().text);
      batch.ready.push_back(nullptr);
    } else {
      batch.bytes.push_back(ToBytes(item));
      batch.ready.push_back(nullptr);
    }
  }
  return batch;
}

// Analyzes a batch on `threads` threads without the GIL (call with the GIL released).
absl::StatusOr<std::vector<TextPtr>> AnalyzeBatch(const Analyzer& analyzer, TextBatch& batch,
                                                  int threads) {
  std::vector<TextPtr> out(batch.bytes.size());
  absl::Status status = ParallelFor(out.size(), threads, [&](size_t i) -> absl::Status {
    if (batch.ready[i]) {
      out[i] = batch.ready[i];
      return absl::OkStatus();
    }
    absl::StatusOr<AnalyzedText> at = analyzer.Analyze(batch.bytes[i]);
    if (!at.ok()) {
      return absl::Status(at.status().code(),
                          "text " + std::to_string(i) + ": " + std::string(at.status().message()));
    }
    out[i] = MakeText(*std::move(at));
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return out;
}

// ------------------------------------------------------------------------------------------------
// Fingerprints

std::string SignatureToBytes(const MinHashSignature& s) {
  std::string out(s.values.size() * 4, '\0');
  for (size_t i = 0; i < s.values.size(); ++i) {
    const uint32_t v = s.values[i];
    out[4 * i] = static_cast<char>(v & 0xFF);
    out[4 * i + 1] = static_cast<char>((v >> 8) & 0xFF);
    out[4 * i + 2] = static_cast<char>((v >> 16) & 0xFF);
    out[4 * i + 3] = static_cast<char>((v >> 24) & 0xFF);
  }
  return out;
}

MinHashSignature SignatureFromBytes(std::string_view b) {
  if (b.size() % 4 != 0) {
    RaiseInputError("a signature's bytes must be a multiple of 4 long (little-endian uint32 "
                    "values), got " + std::to_string(b.size()),
                    std::nullopt);
    throw py::error_already_set();
  }
  MinHashSignature s;
  s.values.resize(b.size() / 4);
  const auto* p = reinterpret_cast<const unsigned char*>(b.data());
  for (size_t i = 0; i < s.values.size(); ++i) {
    s.values[i] = static_cast<uint32_t>(p[4 * i]) | (static_cast<uint32_t>(p[4 * i + 1]) << 8) |
                  (static_cast<uint32_t>(p[4 * i + 2]) << 16) |
                  (static_cast<uint32_t>(p[4 * i + 3]) << 24);
  }
  return s;
}

MinHashSignature ToSignature(py::handle obj) {
  if (py::isinstance<MinHashSignature>(obj)) return obj.cast<MinHashSignature>();
  if (PyBytes_Check(obj.ptr()) || PyByteArray_Check(obj.ptr()) || PyMemoryView_Check(obj.ptr())) {
    return SignatureFromBytes(ToBytes(obj));
  }
  MinHashSignature s;
  auto arr = py::array_t<uint32_t, py::array::c_style | py::array::forcecast>::ensure(obj);
  if (!arr || arr.ndim() != 1) {
    throw py::type_error("a signature must be a crossdoc.Signature, bytes, or a 1-D sequence of "
                         "uint32 values");
  }
  s.values.assign(arr.data(), arr.data() + arr.size());
  return s;
}

std::vector<uint64_t> ToU64Vector(py::handle obj) {
  auto arr = py::array_t<uint64_t, py::array::c_style | py::array::forcecast>::ensure(obj);
  if (!arr || arr.ndim() != 1) throw py::type_error("expected a 1-D sequence of uint64 values");
  return std::vector<uint64_t>(arr.data(), arr.data() + arr.size());
}

// A NumPy copy of a vector (filled by hand: the (count, pointer) constructor of some pybind11
// versions resolves to the (shape, strides) one and repeats the first element).
template <typename T>
py::array_t<T> ToArray(const std::vector<T>& v) {
  py::array_t<T> out(std::vector<py::ssize_t>{static_cast<py::ssize_t>(v.size())});
  if (!v.empty()) std::memcpy(out.mutable_data(), v.data(), v.size() * sizeof(T));
  return out;
}

std::vector<std::string> ToStrings(py::handle seq) {
  std::vector<std::string> out;
  for (py::handle item : py::iter(seq)) out.push_back(ToBytes(item, "token"));
  return out;
}

std::vector<std::string_view> Views(const std::vector<std::string>& v) {
  return std::vector<std::string_view>(v.begin(), v.end());
}

MinHashOptions MakeMinHashOptions(uint32_t num_hashes, uint32_t shingle_size, uint64_t seed) {
  MinHashOptions o;
  o.num_hashes = num_hashes;
  o.shingle_size = shingle_size;
  o.seed = seed;
  Check(ValidateMinHashOptions(o));
  return o;
}

struct PySentenceFingerprint {
  uint32_t sentence = 0;
  Span2 span;
  Span2 char_span;
  uint32_t word_count = 0;
  std::string exact;
  MinHashSignature minhash;
  uint64_t simhash = 0;
};

struct PyDocumentFingerprint {
  uint32_t word_count = 0;
  std::string exact;
  MinHashSignature minhash;
  uint64_t simhash = 0;
  std::vector<PySentenceFingerprint> sentences;
};

PyDocumentFingerprint ConvertFingerprint(const Text& text, const DocumentFingerprint& f) {
  PyDocumentFingerprint out;
  out.word_count = f.word_count;
  out.exact = f.exact.ToHex();
  out.minhash = f.minhash;
  out.simhash = f.simhash;
  for (const auto& s : f.sentences) {
    PySentenceFingerprint ps;
    ps.sentence = s.sentence;
    const ByteSpan span = text.at.sentences()[s.sentence].span;
    ps.span = text.Bytes(span);
    ps.char_span = text.Chars(span);
    ps.word_count = s.word_count;
    ps.exact = s.exact.ToHex();
    ps.minhash = s.minhash;
    ps.simhash = s.simhash;
    out.sentences.push_back(std::move(ps));
  }
  return out;
}

// ------------------------------------------------------------------------------------------------
// Index

Verification ToVerification(const std::string& name) {
  if (name == "estimated_jaccard" || name == "estimated") return Verification::kEstimatedJaccard;
  if (name == "exact_jaccard" || name == "exact") return Verification::kExactJaccard;
  if (name == "containment") return Verification::kContainment;
  throw py::value_error("verification must be 'estimated_jaccard', 'exact_jaccard' or "
                        "'containment', got '" + name + "'");
}

std::string VerificationName(Verification v) {
  switch (v) {
    case Verification::kEstimatedJaccard: return "estimated_jaccard";
    case Verification::kExactJaccard: return "exact_jaccard";
    case Verification::kContainment: return "containment";
  }
  return "estimated_jaccard";
}

IndexOptions MakeIndexOptions(double threshold, uint32_t num_hashes, uint32_t shingle_size,
                              uint64_t seed, uint32_t bands, uint32_t rows,
                              const std::string& verification) {
  IndexOptions o;
  o.threshold = threshold;
  o.minhash = MakeMinHashOptions(num_hashes, shingle_size, seed);
  o.bands = bands;
  o.rows = rows;
  o.verification = ToVerification(verification);
  return o;
}

struct PyIndex {
  explicit PyIndex(LshIndex i, Analyzer a) : index(std::move(i)), analyzer(std::move(a)) {}
  LshIndex index;
  Analyzer analyzer;
};
using IndexPtr = std::shared_ptr<PyIndex>;

std::vector<Match> QueryIndex(const PyIndex& self, py::handle query) {
  if (py::isinstance<DocumentSketch>(query)) {
    const auto& sk = query.cast<const DocumentSketch&>();
    py::gil_scoped_release release;
    auto r = self.index.Query(sk.signature, sk.shingles);
    py::gil_scoped_acquire acquire;
    return Unwrap(std::move(r));
  }
  if (py::isinstance<MinHashSignature>(query) || PyBytes_Check(query.ptr())) {
    MinHashSignature sig = ToSignature(query);
    absl::StatusOr<std::vector<Match>> r;
    {
      py::gil_scoped_release release;
      r = self.index.Query(sig);
    }
    return Unwrap(std::move(r));
  }
  TextPtr text = GetText(query, self.analyzer);
  absl::StatusOr<std::vector<Match>> r;
  {
    py::gil_scoped_release release;
    DocumentSketch sk = self.index.Sketch("query", text->at);
    r = self.index.Query(sk.signature, sk.shingles);
  }
  return Unwrap(std::move(r));
}

py::dict DedupToDict(const DedupResult& r) {
  py::list clusters;
  for (const auto& c : r.clusters) {
    py::list ids;
    ids.append(DecodeUtf8(c.representative));
    for (const auto& m : c.members) {
      if (m != c.representative) ids.append(DecodeUtf8(m));
    }
    clusters.append(ids);
  }
  py::dict out;
  out["clusters"] = clusters;
  return out;
}

// ------------------------------------------------------------------------------------------------
// Align

std::string_view DiffOpName(DiffOp op) {
  switch (op) {
    case DiffOp::kEqual: return "equal";
    case DiffOp::kMoved: return "moved";
    case DiffOp::kChanged: return "changed";
  }
  return "changed";
}

struct PyDiffSegment {
  std::string op;
  Span2 a_tokens, b_tokens;  // (first, count)
  Span2 a_span, b_span, a_char_span, b_char_span;
  std::string a_text, b_text;
};

struct PySentencePair {
  Span2 a_sentences, b_sentences;  // (first, count)
  Span2 a_span, b_span, a_char_span, b_char_span;
  std::string a_text, b_text;
  double similarity = 0;
  std::vector<PyDiffSegment> diff;
};

struct PyPassage {
  Span2 a_span, b_span, a_char_span, b_char_span;
  std::string a_text, b_text;
  double similarity = 0;
  std::vector<PySentencePair> pairs;
};

struct PyAlignment {
  std::vector<PyPassage> passages;
  bool truncated = false;
  std::string truncation_reason;
  uint64_t candidate_pairs_scored = 0;
};

PyAlignment ConvertAlignment(const Alignment& al, const Text& a, const Text& b) {
  PyAlignment out;
  out.truncated = al.truncated;
  out.truncation_reason = al.truncation_reason;
  out.candidate_pairs_scored = al.candidate_pairs_scored;
  for (const auto& p : al.passages) {
    PyPassage pp;
    pp.a_span = a.Bytes(p.a_span);
    pp.b_span = b.Bytes(p.b_span);
    pp.a_char_span = a.Chars(p.a_span);
    pp.b_char_span = b.Chars(p.b_span);
    pp.a_text = a.Cut(p.a_span);
    pp.b_text = b.Cut(p.b_span);
    pp.similarity = p.similarity;
    for (const auto& sp : p.pairs) {
      PySentencePair ps;
      ps.a_sentences = {sp.a_first_sentence, sp.a_sentence_count};
      ps.b_sentences = {sp.b_first_sentence, sp.b_sentence_count};
      ps.a_span = a.Bytes(sp.a_span);
      ps.b_span = b.Bytes(sp.b_span);
      ps.a_char_span = a.Chars(sp.a_span);
      ps.b_char_span = b.Chars(sp.b_span);
      ps.a_text = a.Cut(sp.a_span);
      ps.b_text = b.Cut(sp.b_span);
      ps.similarity = sp.similarity;
      for (const auto& d : sp.diff) {
        PyDiffSegment pd;
        pd.op = std::string(DiffOpName(d.op));
        pd.a_tokens = {d.a_first_token, d.a_token_count};
        pd.b_tokens = {d.b_first_token, d.b_token_count};
        pd.a_span = a.Bytes(d.a_span);
        pd.b_span = b.Bytes(d.b_span);
        pd.a_char_span = a.Chars(d.a_span);
        pd.b_char_span = b.Chars(d.b_span);
        pd.a_text = a.Cut(d.a_span);
        pd.b_text = b.Cut(d.b_span);
        ps.diff.push_back(std::move(pd));
      }
      pp.pairs.push_back(std::move(ps));
    }
    out.passages.push_back(std::move(pp));
  }
  return out;
}

AlignOptions MakeAlignOptions(double min_similarity, bool allow_merges, bool diff_tokens,
                              uint32_t max_sentences, uint32_t max_sentence_tokens,
                              uint32_t max_key_postings, uint64_t max_candidate_pairs,
                              uint64_t max_diff_cells) {
  AlignOptions o;
  o.min_similarity = min_similarity;
  o.allow_merges = allow_merges;
  o.diff_tokens = diff_tokens;
  o.max_sentences = max_sentences;
  o.max_sentence_tokens = max_sentence_tokens;
  o.max_key_postings = max_key_postings;
  o.max_candidate_pairs = max_candidate_pairs;
  o.max_diff_cells = max_diff_cells;
  return o;
}

// ------------------------------------------------------------------------------------------------
// Facts

struct PyFact {
  std::string kind, type;
  Span2 span, char_span;
  std::string text;
  uint32_t sentence = 0;
  std::string value;
  double confidence = 0;
  bool relative = false;
  std::string note;
};

struct PyDateline {
  std::string time;
  Span2 span, char_span;
  std::string text;
  uint32_t sentence = 0;
  bool is_update = false;
  bool has_time = false;
};

struct PyDocumentFacts {
  std::vector<PyFact> facts;
  std::optional<std::string> reference;
  std::string reference_source;
  std::vector<PyDateline> datelines;
};

PyFact ConvertFact(const Fact& f, const Text& t) {
  PyFact out;
  out.kind = std::string(FactKindName(f.kind));
  out.type = std::string(FactTypeName(f.type));
  out.span = t.Bytes(f.span);
  out.char_span = t.Chars(f.span);
  out.text = t.Cut(f.span);
  out.sentence = f.sentence;
  out.value = f.value;
  out.confidence = static_cast<double>(f.confidence);
  out.relative = f.relative;
  out.note = f.note;
  return out;
}

PyDocumentFacts ConvertFacts(const DocumentFacts& df, const Text& t) {
  PyDocumentFacts out;
  for (const auto& f : df.facts) out.facts.push_back(ConvertFact(f, t));
  if (df.reference) out.reference = df.reference->ToIso8601();
  out.reference_source = std::string(ReferenceSourceName(df.reference_source));
  for (const auto& d : df.datelines) {
    PyDateline pd;
    pd.time = d.time.ToIso8601();
    pd.span = t.Bytes(d.span);
    pd.char_span = t.Chars(d.span);
    pd.text = t.Cut(d.span);
    pd.sentence = d.sentence;
    pd.is_update = d.is_update;
    pd.has_time = d.has_time;
    out.datelines.push_back(std::move(pd));
  }
  return out;
}

// ------------------------------------------------------------------------------------------------
// Reconcile / fact-check

struct PyFindingSide {
  std::string doc;
  uint32_t doc_index = 0;
  Span2 span, char_span;
  std::string text, value, type;
  uint32_t sentence = 0;
};

struct PyFinding {
  std::string kind, verdict;
  PyFindingSide a, b;
  double confidence = 0;
  std::string explanation;
};

struct PyValueSupport {
  std::string value;
  std::vector<std::string> docs;
  std::vector<PyFindingSide> mentions;
};

struct PyClaim {
  std::string kind;
  std::vector<PyValueSupport> values;
  std::string majority;
  std::vector<std::string> outliers;
  std::string explanation;
};

struct PyReportDocument {
  std::string id, source;
  std::optional<std::string> published;
  std::string published_from;
};

struct PyDocPassage {
  std::string a, b;
  uint32_t a_index = 0, b_index = 0;
  Span2 a_span, b_span, a_char_span, b_char_span;
  double similarity = 0;
};

// Everything a report needs to be rendered again (texts are shared, not copied).
struct FactCheckState {
  std::vector<TextPtr> texts;
  std::vector<DocumentFacts> facts;
  std::vector<ReportDocument> report_docs;
  ReconcileReport report;
};

struct PyReport {
  std::shared_ptr<const FactCheckState> state;
  std::vector<PyReportDocument> documents;
  std::vector<PyDocPassage> passages;
  std::vector<PyFinding> findings;
  std::vector<PyClaim> claims;
  bool truncated = false;
};

PyFindingSide ConvertSide(const FindingSide& s, const std::vector<TextPtr>& texts) {
  PyFindingSide out;
  out.doc = s.doc_id;
  out.doc_index = s.doc;
  out.span = {s.span.begin, s.span.end};
  out.char_span = s.doc < texts.size() ? texts[s.doc]->Chars(s.span) : Span2{0, 0};
  out.text = s.text;
  out.value = s.value;
  out.type = std::string(FactTypeName(s.type));
  out.sentence = s.sentence;
  return out;
}

PyFinding ConvertFinding(const Finding& f, const std::vector<TextPtr>& texts) {
  PyFinding out;
  out.kind = std::string(FactKindName(f.kind));
  out.verdict = std::string(VerdictName(f.verdict));
  out.a = ConvertSide(f.a, texts);
  out.b = ConvertSide(f.b, texts);
  out.confidence = f.confidence;
  out.explanation = f.explanation;
  return out;
}

py::dict SideToDict(const PyFindingSide& s) {
  py::dict d;
  d["doc"] = DecodeUtf8(s.doc);
  d["span"] = py::list(py::make_tuple(s.span.first, s.span.second));
  d["text"] = DecodeUtf8(s.text);
  d["value"] = DecodeUtf8(s.value);
  return d;
}

py::dict FindingToDict(const PyFinding& f) {
  py::dict d;
  d["kind"] = f.kind;
  d["verdict"] = f.verdict;
  d["a"] = SideToDict(f.a);
  d["b"] = SideToDict(f.b);
  d["confidence"] = py::module_::import("builtins").attr("round")(f.confidence, 3);
  d["explanation"] = DecodeUtf8(f.explanation);
  return d;
}

std::string RenderReport(const PyReport& r, int kind, const ReportOptions& options) {
  absl::StatusOr<std::string> out;
  {
    py::gil_scoped_release release;
    const auto& st = *r.state;
    out = kind == 0   ? RenderJson(st.report_docs, st.report, options)
          : kind == 1 ? RenderText(st.report_docs, st.report, options)
                      : RenderHtml(st.report_docs, st.report, options);
  }
  return Unwrap(std::move(out));
}

// Pickle helpers for the plain result structs.
py::tuple SideState(const PyFindingSide& s) {
  return py::make_tuple(py::bytes(s.doc), s.doc_index, s.span, s.char_span, py::bytes(s.text),
                        py::bytes(s.value), s.type, s.sentence);
}
PyFindingSide SideFromState(const py::tuple& t) {
  if (t.size() != 8) throw std::runtime_error("bad FindingSide state");
  PyFindingSide s;
  s.doc = t[0].cast<std::string>();
  s.doc_index = t[1].cast<uint32_t>();
  s.span = t[2].cast<Span2>();
  s.char_span = t[3].cast<Span2>();
  s.text = t[4].cast<std::string>();
  s.value = t[5].cast<std::string>();
  s.type = t[6].cast<std::string>();
  s.sentence = t[7].cast<uint32_t>();
  return s;
}

std::string SideRepr(const PyFindingSide& s) {
  return std::string(py::repr(DecodeUtf8(s.doc))) + " " + std::to_string(s.span.first) + ":" +
         std::to_string(s.span.second) + " " + std::string(py::repr(DecodeUtf8(s.text))) + "=" +
         std::string(py::repr(DecodeUtf8(s.value)));
}

// ------------------------------------------------------------------------------------------------
// Module

constexpr const char* kModuleDoc = R"doc(crossdoc's compiled core (use it through `import crossdoc`).

Cross-document deduplication and fact reconciliation of news text: analyze and normalize
text, fingerprint it (MinHash, SimHash, exact), index it for near-duplicate search, cluster a
corpus, align the passages of two articles and check their facts against each other.

Spans: every reported span is given twice, `span` in bytes of the UTF-8 text (what the JSON
contract uses) and `char_span` in code points (``text[begin:end]`` is the reported text).
The GIL is released in every call that does real work.)doc";

}  // namespace

void Bind(py::module_& m) {
  m.doc() = kModuleDoc;
  m.attr("__version__") = CROSSDOC_VERSION_STRING;
  m.attr("FINGERPRINT_SCHEME_VERSION") = kFingerprintSchemeVersion;
  m.attr("INDEX_FILE_VERSION") = kIndexFileVersion;
  m.attr("DEFAULT_SEED") = py::int_(kDefaultFingerprintSeed);

  // Errors.
  g_input_error = PyErr_NewExceptionWithDoc(
      "crossdoc.InputError",
      "Bad input (invalid UTF-8, a malformed timestamp or JSONL line, out-of-range options, a "
      "duplicate id). A ValueError; `offset` is the byte offset the message names, or None.",
      PyExc_ValueError, nullptr);
  m.attr("InputError") = py::reinterpret_borrow<py::object>(g_input_error);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const StatusError& e) {
      RaiseStatus(e);
    }
  });

  // ---------------------------------------------------------------------------------- Document
  py::class_<Document>(m, "Document", R"doc(One article: original UTF-8 text plus metadata.

Only `id` and `text` are required. `published` accepts an ISO 8601 string
("2024-04-10T08:22:00+05:30") or a datetime (naive means UTC) and reads back as an ISO 8601
string, or None when unknown.)doc")
      .def(py::init([](py::object id, py::object text, py::object source, py::object published,
                       py::object lang) {
             Document d;
             d.id = ToBytes(id, "id");
             d.text = ToBytes(text);
             if (!source.is_none()) d.source = ToBytes(source, "source");
             if (!lang.is_none()) d.lang = ToBytes(lang, "lang");
             d.published = ToTimestamp(published);
             return d;
           }),
           "id"_a, "text"_a, "source"_a = "", "published"_a = py::none(), "lang"_a = "")
      .def_property(
          "id", [](const Document& d) { return DecodeUtf8(d.id); },
          [](Document& d, py::object v) { d.id = ToBytes(v, "id"); }, "Document id (str).")
      .def_property(
          "text", [](const Document& d) { return DecodeUtf8(d.text); },
          [](Document& d, py::object v) { d.text = ToBytes(v); },
          "Original text (str; invalid UTF-8 bytes appear as surrogate escapes).")
      .def_property(
          "source", [](const Document& d) { return DecodeUtf8(d.source); },
          [](Document& d, py::object v) { d.source = v.is_none() ? "" : ToBytes(v, "source"); },
          "Outlet name, '' when unknown.")
      .def_property(
          "published", [](const Document& d) { return FromTimestamp(d.published); },
          [](Document& d, py::object v) { d.published = ToTimestamp(v); },
          "Publication time as ISO 8601 str, or None.")
      .def_property(
          "lang", [](const Document& d) { return DecodeUtf8(d.lang); },
          [](Document& d, py::object v) { d.lang = v.is_none() ? "" : ToBytes(v, "lang"); },
          "BCP 47 language hint, '' when unknown.")
      .def("to_dict", &DocumentToDict,
           "The document as a dict with the keys of the JSONL input contract.")
      .def_static("from_dict", [](py::dict d) { return ToDocument(d); }, "d"_a,
                  "A Document from a dict with 'id' and 'text' (and optionally 'source', "
                  "'published', 'lang').")
      .def("__eq__",
           [](const Document& a, const Document& b) {
             return a.id == b.id && a.text == b.text && a.source == b.source &&
                    a.published == b.published && a.lang == b.lang;
           })
      .def("__repr__",
           [](const Document& d) {
             return "crossdoc.Document(id=" + std::string(py::repr(DecodeUtf8(d.id))) + ", " +
                    std::to_string(d.text.size()) + " bytes)";
           })
      .def(py::pickle([](const Document& d) { return DocumentToDict(d); },
                      [](py::dict state) { return ToDocument(state); }));

  // ------------------------------------------------------------------------------------- JSONL
  py::class_<JsonlError>(m, "JsonlError", "One bad line of a JSONL corpus.")
      .def_readonly("file", &JsonlError::file, "File name as given.")
      .def_readonly("line", &JsonlError::line, "1-based line number.")
      .def_readonly("line_offset", &JsonlError::line_offset, "Byte offset within the line.")
      .def_readonly("file_offset", &JsonlError::file_offset, "Byte offset within the file.")
      .def_property_readonly(
          "kind", [](const JsonlError& e) { return std::string(JsonlErrorKindName(e.kind)); },
          "What is wrong: 'bad JSON', 'missing field', ...")
      .def_readonly("message", &JsonlError::message, "Details.")
      .def("__str__", &JsonlError::ToString)
      .def("__repr__", [](const JsonlError& e) { return "<crossdoc.JsonlError " + e.ToString() + ">"; });

  m.def(
      "read_jsonl",
      [](const std::string& path, bool skip_bad_lines, py::object errors) {
        JsonlOptions options;
        options.on_bad_line = skip_bad_lines ? OnBadLine::kSkip : OnBadLine::kStop;
        absl::StatusOr<JsonlResult> r;
        {
          py::gil_scoped_release release;
          r = ReadJsonlFile(path, options);
        }
        JsonlResult result = Unwrap(std::move(r), ErrorContext::kFile);
        if (!errors.is_none()) {
          for (const auto& e : result.errors) errors.attr("append")(e);
        }
        if (!skip_bad_lines && !result.errors.empty()) {
          const JsonlError& e = result.errors.front();
          RaiseInputError(e.ToString(), e.file_offset);
          py::error_already_set err;
          err.value().attr("line") = e.line;
          err.value().attr("documents") = py::cast(std::move(result.documents));
          throw err;
        }
        return result.documents;
      },
      "path"_a, "skip_bad_lines"_a = false, "errors"_a = py::none(),
      R"doc(Reads a JSONL corpus (one {"id", "text", "source", "published", "lang"} object a line).

A bad line raises InputError naming file:line:column, with `.line`, `.offset` (byte in the
file) and `.documents` (everything read before it). With skip_bad_lines=True bad lines are
skipped and, when `errors` is a list, a JsonlError for each is appended to it.
Raises FileNotFoundError / OSError when the file cannot be read. Releases the GIL.)doc");

  m.def(
      "read_text_file",
      [](const std::string& path) {
        absl::StatusOr<Document> r;
        {
          py::gil_scoped_release release;
          r = ReadTextFile(path);
        }
        return Unwrap(std::move(r), ErrorContext::kFile);
      },
      "path"_a,
      "Reads a plain-text article: id = the file name, text = its bytes (a UTF-8 BOM removed). "
      "Raises FileNotFoundError / OSError.");

  // -------------------------------------------------------------------------------------- Text
  m.def(
      "normalize",
      [](py::object text) {
        std::string bytes = ToBytes(text);
        std::string out;
        {
          py::gil_scoped_release release;
          out = Normalize(bytes);
        }
        return DecodeUtf8(out);
      },
      "text"_a,
      "Normalization for matching, never for display: NFKC + case folding, Devanagari folding "
      "(nukta dropped, chandrabindu -> anusvara, ZWJ/ZWNJ removed), digits of every script -> "
      "ASCII, dashes and quotes unified. Idempotent.");
  m.def(
      "transliterate",
      [](py::object text) {
        std::string bytes = ToBytes(text);
        std::string out;
        {
          py::gil_scoped_release release;
          out = TransliterateToLatin(bytes);
        }
        return DecodeUtf8(out);
      },
      "text"_a,
      "Lower-case ASCII Latin transliteration of a short span (a name): about 1 MB/s, so not "
      "for whole documents.");
  m.def(
      "decode_acronym",
      [](py::object word) -> py::object {
        auto r = DecodeDevanagariAcronym(ToBytes(word, "word"));
        if (!r) return py::none();
        return DecodeUtf8(*r);
      },
      "normalized_word"_a,
      "Decodes a Devanagari spelling of Latin letter names: 'एससीओ' -> 'sco'; None unless the "
      "whole word spells at least two letter names.");
  m.def(
      "find_invalid_utf8",
      [](py::bytes data) -> py::object {
        auto r = FindInvalidUtf8(std::string_view(data));
        if (!r) return py::none();
        return py::int_(*r);
      },
      "data"_a, "Byte offset of the first invalid UTF-8 sequence in `data`, or None if valid.");

  py::class_<PyToken>(m, "Token", "A token of an AnalyzedText, with its original bytes.")
      .def_property_readonly(
          "text", [](const PyToken& t) { return DecodeUtf8(t.owner->at.Original(t.tok())); },
          "The author's text of the token.")
      .def_property_readonly(
          "normalized", [](const PyToken& t) { return DecodeUtf8(t.owner->at.Normalized(t.tok())); },
          "Normalized form for matching (see normalize()).")
      .def_property_readonly(
          "key", [](const PyToken& t) { return DecodeUtf8(t.owner->at.Key(t.tok())); },
          "Cross-script equivalence key ('एससीओ' and 'SCO' both give 'sco').")
      .def_property_readonly(
          "kind", [](const PyToken& t) { return std::string(TokenKindName(t.tok().kind)); },
          "'word', 'number', 'punctuation' or 'other'.")
      .def_property_readonly(
          "span", [](const PyToken& t) { return t.owner->Bytes(t.tok().span); },
          "(begin, end) byte offsets into the UTF-8 text.")
      .def_property_readonly(
          "char_span", [](const PyToken& t) { return t.owner->Chars(t.tok().span); },
          "(begin, end) code point offsets: analyzed.text[begin:end] == token.text.")
      .def_property_readonly(
          "sentence", [](const PyToken& t) { return t.tok().sentence; }, "Index of its sentence.")
      .def_property_readonly(
          "is_word_like", [](const PyToken& t) { return t.tok().IsWordLike(); },
          "True for words and numbers (what fingerprints hash).")
      .def_property_readonly(
          "joined_to_next", [](const PyToken& t) { return t.tok().Has(kJoinedToNext); },
          "A hyphen joins it to the next word ('भारत-कजाकिस्तान').")
      .def_property_readonly(
          "devanagari", [](const PyToken& t) { return t.tok().Has(kDevanagari); },
          "Contains Devanagari letters.")
      .def_property_readonly(
          "latin", [](const PyToken& t) { return t.tok().Has(kLatin); }, "Contains Latin letters.")
      .def_property_readonly(
          "all_caps", [](const PyToken& t) { return t.tok().Has(kAllCaps); },
          "Latin letters, all upper case ('SCO').")
      .def_property_readonly(
          "acronym_key", [](const PyToken& t) { return t.tok().Has(kAcronymKey); },
          "The key is an acronym decoded from Devanagari letter names.")
      .def("__repr__", [](const PyToken& t) {
        return "<crossdoc.Token " + std::string(py::repr(DecodeUtf8(t.owner->at.Original(t.tok())))) +
               " " + std::string(TokenKindName(t.tok().kind)) + " " +
               std::to_string(t.tok().span.begin) + ":" + std::to_string(t.tok().span.end) + ">";
      });

  py::class_<PySentence>(m, "Sentence", "A sentence of an AnalyzedText.")
      .def_property_readonly(
          "text", [](const PySentence& s) { return DecodeUtf8(s.owner->at.Original(s.sent())); },
          "The author's text of the sentence (trimmed of surrounding white space).")
      .def_property_readonly(
          "span", [](const PySentence& s) { return s.owner->Bytes(s.sent().span); },
          "(begin, end) byte offsets.")
      .def_property_readonly(
          "char_span", [](const PySentence& s) { return s.owner->Chars(s.sent().span); },
          "(begin, end) code point offsets.")
      .def_property_readonly(
          "headline", [](const PySentence& s) { return s.sent().headline; },
          "A whole line without final punctuation (a title, a caption).")
      .def_property_readonly(
          "tokens",
          [](const PySentence& s) {
            std::vector<PyToken> out;
            for (uint32_t i = 0; i < s.sent().token_count; ++i) {
              out.push_back(PyToken{s.owner, s.sent().first_token + i});
            }
            return out;
          },
          "Its tokens.")
      .def("__repr__", [](const PySentence& s) {
        return "<crossdoc.Sentence " + std::to_string(s.sent().span.begin) + ":" +
               std::to_string(s.sent().span.end) + " " +
               std::string(py::repr(DecodeUtf8(s.owner->at.Original(s.sent())))) + ">";
      });

  py::class_<Text, std::shared_ptr<Text>>(m, "AnalyzedText", R"doc(The result of analyzing one text.

Holds a copy of the original bytes; sentences and tokens point into it. Pass it to fingerprint,
align, extract_facts or an Index instead of a str to avoid analyzing the same text twice.)doc")
      .def_property_readonly(
          "text", [](const Text& t) { return DecodeUtf8(t.at.text()); },
          "The original text as str (invalid bytes, in lenient mode, as surrogate escapes).")
      .def_property_readonly(
          "data", [](const Text& t) { return py::bytes(std::string(t.at.text())); },
          "The original UTF-8 bytes.")
      .def_property_readonly(
          "sentences",
          [](const std::shared_ptr<Text>& t) {
            std::vector<PySentence> out;
            for (uint32_t i = 0; i < t->at.sentences().size(); ++i) out.push_back(PySentence{t, i});
            return out;
          },
          "Sentences in text order.")
      .def_property_readonly(
          "tokens",
          [](const std::shared_ptr<Text>& t) {
            std::vector<PyToken> out;
            out.reserve(t->at.tokens().size());
            for (uint32_t i = 0; i < t->at.tokens().size(); ++i) out.push_back(PyToken{t, i});
            return out;
          },
          "All tokens in text order.")
      .def(
          "keys",
          [](const Text& t) {
            py::list out;
            for (const auto& tok : t.at.tokens()) {
              if (tok.IsWordLike()) out.append(DecodeUtf8(t.at.Key(tok)));
            }
            return out;
          },
          "Equivalence keys of the word-like tokens, in order: what fingerprints hash.")
      .def_property_readonly(
          "repairs",
          [](const Text& t) {
            std::vector<Span2> out;
            for (const auto& r : t.at.repairs()) out.push_back({r.offset, r.offset + r.length});
            return out;
          },
          "Byte ranges replaced by lenient UTF-8 decoding.")
      .def(
          "char_offset",
          [](const Text& t, size_t byte_offset) { return t.cp.ToChar(t.at.text(), byte_offset); },
          "byte_offset"_a, "Code point offset of a byte offset into the text.")
      .def("__len__", [](const Text& t) { return t.cp.total(); }, "Length in code points.")
      .def("__repr__", [](const Text& t) {
        return "<crossdoc.AnalyzedText " + std::to_string(t.at.text().size()) + " bytes, " +
               std::to_string(t.at.sentences().size()) + " sentences, " +
               std::to_string(t.at.tokens().size()) + " tokens>";
      });

  py::class_<Analyzer, std::shared_ptr<Analyzer>>(m, "Analyzer", R"doc(Splits and normalizes text.

lenient_utf8: False fails on invalid UTF-8 (InputError with the byte offset); True replaces each
bad sequence for matching and lists it in AnalyzedText.repairs.
max_text_bytes: longer texts fail (0 = no limit).
split_headline_lines: a single newline ends a sentence after a line without final punctuation.
Thread-safe; analyze() releases the GIL and analyze_many() uses every core.)doc")
      .def(py::init([](bool lenient_utf8, size_t max_text_bytes, bool split_headline_lines) {
             AnalyzerOptions o;
             o.lenient_utf8 = lenient_utf8;
             o.max_text_bytes = max_text_bytes;
             o.split_headline_lines = split_headline_lines;
             return std::make_shared<Analyzer>(o);
           }),
           "lenient_utf8"_a = false, "max_text_bytes"_a = 0, "split_headline_lines"_a = true)
      .def_property_readonly(
          "lenient_utf8", [](const Analyzer& a) { return a.options().lenient_utf8; }, "Invalid UTF-8 is repaired (True) or an error (False).")
      .def_property_readonly(
          "max_text_bytes", [](const Analyzer& a) { return a.options().max_text_bytes; }, "Longer texts fail; 0 = no limit.")
      .def_property_readonly(
          "split_headline_lines", [](const Analyzer& a) { return a.options().split_headline_lines; }, "A newline after a line without final punctuation ends a sentence.")
      .def(
          "analyze", [](const Analyzer& a, py::object text) { return GetText(text, a); }, "text"_a,
          "Analyzes a str, bytes or Document. Raises InputError (with .offset) for invalid UTF-8 "
          "in strict mode. Linear in the input; releases the GIL.")
      .def(
          "analyze_many",
          [](const Analyzer& a, py::object texts, int threads) {
            TextBatch batch = GatherTexts(texts);
            absl::StatusOr<std::vector<TextPtr>> r;
            {
              py::gil_scoped_release release;
              r = AnalyzeBatch(a, batch, threads);
            }
            return Unwrap(std::move(r));
          },
          "texts"_a, "threads"_a = 0,
          "Analyzes many texts on `threads` threads (0 = every core) without the GIL. The first "
          "error (by position) is raised, naming the text's index.");

  m.def(
      "analyze",
      [](py::object text, bool lenient_utf8) {
        if (!lenient_utf8) return GetText(text, DefaultAnalyzer());
        static const Analyzer* lenient = new Analyzer(AnalyzerOptions{.lenient_utf8 = true});
        return GetText(text, *lenient);
      },
      "text"_a, "lenient_utf8"_a = false,
      "Analyzes a str, bytes or Document with default options (see Analyzer).");

  // ------------------------------------------------------------------------------ Fingerprints
  py::class_<MinHashSignature>(m, "Signature", py::buffer_protocol(), R"doc(A MinHash signature: k uint32 values.

numpy.asarray(sig) is a read-only uint32 view; bytes(sig) / sig.to_bytes() is k little-endian
uint32 values, and Signature(bytes_or_array) reads either back. Picklable, hashable, comparable.
An empty signature (a text without words) matches nothing.)doc")
      .def(py::init([](py::object values) { return ToSignature(values); }), "values"_a,
           "From bytes (little-endian uint32s), a numpy array or a sequence of ints.")
      .def_buffer([](MinHashSignature& s) {
        return py::buffer_info(s.values.data(), sizeof(uint32_t),
                               py::format_descriptor<uint32_t>::format(), 1,
                               {static_cast<py::ssize_t>(s.values.size())},
                               {static_cast<py::ssize_t>(sizeof(uint32_t))}, /*readonly=*/true);
      })
      .def("to_bytes", [](const MinHashSignature& s) { return py::bytes(SignatureToBytes(s)); },
           "k little-endian uint32 values (4k bytes).")
      .def("__bytes__", [](const MinHashSignature& s) { return py::bytes(SignatureToBytes(s)); })
      .def_static("from_bytes", [](py::bytes b) { return SignatureFromBytes(std::string_view(b)); },
                  "data"_a, "The inverse of to_bytes().")
      .def("to_numpy",
           [](const MinHashSignature& s) {
             return ToArray(s.values);
           },
           "A writable uint32 numpy copy.")
      .def("__len__", [](const MinHashSignature& s) { return s.values.size(); })
      .def("__getitem__",
           [](const MinHashSignature& s, py::ssize_t i) {
             const auto n = static_cast<py::ssize_t>(s.values.size());
             if (i < 0) i += n;
             if (i < 0 || i >= n) throw py::index_error("signature index out of range");
             return s.values[static_cast<size_t>(i)];
           })
      .def("__iter__",
           [](const MinHashSignature& s) {
             return py::make_iterator(s.values.begin(), s.values.end());
           },
           py::keep_alive<0, 1>())
      .def("__eq__", [](const MinHashSignature& a, const MinHashSignature& b) { return a == b; })
      .def("__hash__",
           [](const MinHashSignature& s) {
             return py::hash(py::bytes(SignatureToBytes(s)));
           })
      .def_property_readonly("empty", &MinHashSignature::empty, "True for a text without words.")
      .def("jaccard", &EstimateJaccard, "other"_a,
           "Estimated Jaccard similarity: the fraction of equal slots (0 when sizes differ or "
           "either is empty).")
      .def("band_keys",
           [](const MinHashSignature& s, uint32_t bands, uint32_t rows) {
             if (static_cast<uint64_t>(bands) * rows > s.values.size() && !s.empty()) {
               throw py::value_error("bands * rows exceeds the signature size");
             }
             return ToArray(BandKeys(s, bands, rows));
           },
           "bands"_a, "rows"_a,
           "The LSH band keys (uint64 numpy array, one per band): documents sharing a key are "
           "candidates, so a distributed engine can shuffle by them.")
      .def("__repr__",
           [](const MinHashSignature& s) {
             return "<crossdoc.Signature k=" + std::to_string(s.values.size()) + ">";
           })
      .def(py::pickle([](const MinHashSignature& s) { return py::bytes(SignatureToBytes(s)); },
                      [](py::bytes b) { return SignatureFromBytes(std::string_view(b)); }));

  py::class_<MinHasher>(m, "MinHasher", R"doc(Computes MinHash signatures (one-permutation hashing; empty bins filled by further hashing rounds).

num_hashes (k, 1-8192), shingle_size (words per shingle, 1-64) and seed must match for two
signatures to be comparable. Standard error of an estimated Jaccard J is about
sqrt(J (1 - J) / k). Out-of-range options raise InputError.)doc")
      .def(py::init([](uint32_t num_hashes, uint32_t shingle_size, uint64_t seed) {
             return MinHasher(MakeMinHashOptions(num_hashes, shingle_size, seed));
           }),
           "num_hashes"_a = 128, "shingle_size"_a = 5, "seed"_a = kDefaultFingerprintSeed)
      .def_property_readonly("num_hashes", [](const MinHasher& h) { return h.options().num_hashes; }, "k, the number of signature slots.")
      .def_property_readonly("shingle_size",
                             [](const MinHasher& h) { return h.options().shingle_size; }, "Words per shingle.")
      .def_property_readonly("seed", [](const MinHasher& h) { return h.options().seed; }, "Seed of every hash.")
      .def(
          "signature",
          [](const MinHasher& h, py::object text) {
            TextPtr t = GetText(text, DefaultAnalyzer());
            py::gil_scoped_release release;
            return h.FromText(t->at);
          },
          "text"_a,
          "Signature of a str, bytes, Document or AnalyzedText (its word-like tokens' keys). "
          "Releases the GIL.")
      .def(
          "signature_of_tokens",
          [](const MinHasher& h, py::object tokens) {
            std::vector<std::string> toks = ToStrings(tokens);
            py::gil_scoped_release release;
            return h.FromTokens(absl::MakeConstSpan(toks));
          },
          "tokens"_a, "Signature of a sequence of already normalized token strings.")
      .def(
          "signature_of_hashes",
          [](const MinHasher& h, py::object hashes) {
            std::vector<uint64_t> v = ToU64Vector(hashes);
            py::gil_scoped_release release;
            return h.FromTokenHashes(v);
          },
          "token_hashes"_a, "Signature of token hashes from hash_tokens(tokens, seed).")
      .def(
          "signatures",
          [](const MinHasher& h, py::object texts, int threads, bool as_array) -> py::object {
            TextBatch batch = GatherTexts(texts);
            std::vector<MinHashSignature> sigs(batch.bytes.size());
            absl::Status status;
            {
              py::gil_scoped_release release;
              const Analyzer& analyzer = DefaultAnalyzer();
              status = ParallelFor(sigs.size(), threads, [&](size_t i) -> absl::Status {
                if (batch.ready[i]) {
                  sigs[i] = h.FromText(batch.ready[i]->at);
                  return absl::OkStatus();
                }
                auto at = analyzer.Analyze(batch.bytes[i]);
                if (!at.ok()) {
                  return absl::Status(at.status().code(), "text " + std::to_string(i) + ": " +
                                                              std::string(at.status().message()));
                }
                sigs[i] = h.FromText(*at);
                return absl::OkStatus();
              });
            }
            Check(status);
            if (!as_array) return py::cast(std::move(sigs));
            const size_t k = h.options().num_hashes;
            py::array_t<uint32_t> out({static_cast<py::ssize_t>(sigs.size()), static_cast<py::ssize_t>(k)});
            auto w = out.mutable_unchecked<2>();
            for (size_t i = 0; i < sigs.size(); ++i) {
              for (size_t j = 0; j < k; ++j) {
                w(static_cast<py::ssize_t>(i), static_cast<py::ssize_t>(j)) =
                    sigs[i].empty() ? 0u : sigs[i].values[j];
              }
            }
            return out;
          },
          "texts"_a, "threads"_a = 0, "as_array"_a = false,
          "Signatures of many texts on `threads` threads (0 = every core) without the GIL: a "
          "list of Signature, or with as_array=True one (n, k) uint32 numpy array (an empty "
          "signature becomes a row of zeros).")
      .def("__repr__", [](const MinHasher& h) {
        return "crossdoc.MinHasher(num_hashes=" + std::to_string(h.options().num_hashes) +
               ", shingle_size=" + std::to_string(h.options().shingle_size) +
               ", seed=" + std::to_string(h.options().seed) + ")";
      });

  py::class_<PySentenceFingerprint>(m, "SentenceFingerprint", "Fingerprints of one sentence.")
      .def_readonly("sentence", &PySentenceFingerprint::sentence, "Index of the sentence.")
      .def_readonly("span", &PySentenceFingerprint::span, "(begin, end) bytes.")
      .def_readonly("char_span", &PySentenceFingerprint::char_span, "(begin, end) code points.")
      .def_readonly("word_count", &PySentenceFingerprint::word_count, "Word-like tokens hashed.")
      .def_readonly("exact", &PySentenceFingerprint::exact, "128-bit exact fingerprint, 32 hex digits.")
      .def_readonly("minhash", &PySentenceFingerprint::minhash, "MinHash Signature.")
      .def_readonly("simhash", &PySentenceFingerprint::simhash, "64-bit SimHash.");

  py::class_<PyDocumentFingerprint>(m, "DocumentFingerprint", "Fingerprints of a document.")
      .def_readonly("word_count", &PyDocumentFingerprint::word_count, "Word-like tokens hashed.")
      .def_readonly("exact", &PyDocumentFingerprint::exact, "128-bit exact fingerprint, 32 hex digits.")
      .def_readonly("minhash", &PyDocumentFingerprint::minhash, "MinHash Signature.")
      .def_readonly("simhash", &PyDocumentFingerprint::simhash, "64-bit SimHash.")
      .def_readonly("sentences", &PyDocumentFingerprint::sentences,
                    "One SentenceFingerprint per sentence (empty when sentences=False).");

  auto make_fp_options = [](uint32_t num_hashes, uint32_t shingle_size, uint64_t seed,
                            bool sentences, uint32_t sentence_num_hashes,
                            uint32_t sentence_shingle_size) {
    FingerprintOptions o;
    o.document = MakeMinHashOptions(num_hashes, shingle_size, seed);
    o.sentences = sentences;
    o.sentence = MakeMinHashOptions(sentence_num_hashes, sentence_shingle_size, seed);
    return o;
  };
  m.def(
      "fingerprint",
      [make_fp_options](py::object text, uint32_t num_hashes, uint32_t shingle_size, uint64_t seed,
                        bool sentences, uint32_t sentence_num_hashes,
                        uint32_t sentence_shingle_size) {
        FingerprintOptions o = make_fp_options(num_hashes, shingle_size, seed, sentences,
                                               sentence_num_hashes, sentence_shingle_size);
        TextPtr t = GetText(text, DefaultAnalyzer());
        py::gil_scoped_release release;
        return ConvertFingerprint(*t, FingerprintDocument(t->at, o));
      },
      "text"_a, "num_hashes"_a = 128, "shingle_size"_a = 5, "seed"_a = kDefaultFingerprintSeed,
      "sentences"_a = true, "sentence_num_hashes"_a = 32, "sentence_shingle_size"_a = 3,
      "Exact, MinHash and SimHash fingerprints of a document (str, bytes, Document or "
      "AnalyzedText) and, if `sentences`, of each sentence. Linear in tokens; releases the GIL.");
  m.def(
      "fingerprint_many",
      [make_fp_options](py::object texts, int threads, uint32_t num_hashes, uint32_t shingle_size,
                        uint64_t seed, bool sentences, uint32_t sentence_num_hashes,
                        uint32_t sentence_shingle_size) {
        FingerprintOptions o = make_fp_options(num_hashes, shingle_size, seed, sentences,
                                               sentence_num_hashes, sentence_shingle_size);
        TextBatch batch = GatherTexts(texts);
        std::vector<PyDocumentFingerprint> out(batch.bytes.size());
        absl::Status status;
        {
          py::gil_scoped_release release;
          auto texts_or = AnalyzeBatch(DefaultAnalyzer(), batch, threads);
          status = texts_or.status();
          if (status.ok()) {
            status = ParallelFor(out.size(), threads, [&](size_t i) {
              out[i] = ConvertFingerprint(*(*texts_or)[i], FingerprintDocument((*texts_or)[i]->at, o));
              return absl::OkStatus();
            });
          }
        }
        Check(status);
        return out;
      },
      "texts"_a, "threads"_a = 0, "num_hashes"_a = 128, "shingle_size"_a = 5,
      "seed"_a = kDefaultFingerprintSeed, "sentences"_a = true, "sentence_num_hashes"_a = 32,
      "sentence_shingle_size"_a = 3,
      "fingerprint() of many texts on `threads` threads (0 = every core) without the GIL.");

  m.def("hash_token", [](py::object token, uint64_t seed) { return HashToken(ToBytes(token, "token"), seed); },
        "token"_a, "seed"_a = kDefaultFingerprintSeed, "XXH3-64 of the token's UTF-8 bytes.");
  m.def(
      "hash_tokens",
      [](py::object tokens, uint64_t seed) {
        std::vector<std::string> toks = ToStrings(tokens);
        std::vector<uint64_t> out;
        {
          py::gil_scoped_release release;
          auto views = Views(toks);
          HashTokens(views, seed, &out);
        }
        return ToArray(out);
      },
      "tokens"_a, "seed"_a = kDefaultFingerprintSeed,
      "hash_token() of each token, as a uint64 numpy array.");
  m.def(
      "shingle_hashes",
      [](py::object token_hashes, uint32_t shingle_size, uint64_t seed) {
        std::vector<uint64_t> in = ToU64Vector(token_hashes), out;
        {
          py::gil_scoped_release release;
          ShingleHashes(in, shingle_size, seed, &out);
        }
        return ToArray(out);
      },
      "token_hashes"_a, "shingle_size"_a = 5, "seed"_a = kDefaultFingerprintSeed,
      "Hashes of every run of shingle_size consecutive tokens, in order, repeats kept.");
  m.def(
      "shingle_set",
      [](py::object token_hashes, uint32_t shingle_size, uint64_t seed) {
        std::vector<uint64_t> in = ToU64Vector(token_hashes), out;
        {
          py::gil_scoped_release release;
          out = ShingleSet(in, shingle_size, seed);
        }
        return ToArray(out);
      },
      "token_hashes"_a, "shingle_size"_a = 5, "seed"_a = kDefaultFingerprintSeed,
      "Sorted, duplicate-free shingle hashes (the set exact Jaccard compares).");
  m.def(
      "exact_jaccard",
      [](py::object a, py::object b) { return ExactJaccard(ToU64Vector(a), ToU64Vector(b)); },
      "sorted_a"_a, "sorted_b"_a, "Jaccard similarity of two sorted duplicate-free sets.");
  m.def(
      "containment",
      [](py::object a, py::object b) { return Containment(ToU64Vector(a), ToU64Vector(b)); },
      "sorted_a"_a, "sorted_b"_a, "|A ∩ B| / |A| of two sorted duplicate-free sets.");
  m.def(
      "estimate_jaccard",
      [](py::object a, py::object b) { return EstimateJaccard(ToSignature(a), ToSignature(b)); },
      "a"_a, "b"_a, "Fraction of equal slots of two signatures.");
  m.def(
      "simhash", [](py::object hashes) { return SimHash(ToU64Vector(hashes)); }, "feature_hashes"_a,
      "64-bit SimHash (bitwise majority) of feature hashes.");
  m.def("hamming_distance", &HammingDistance, "a"_a, "b"_a, "Number of differing bits.");
  m.def(
      "exact_fingerprint",
      [](py::object tokens, uint64_t seed) {
        std::vector<std::string> toks = ToStrings(tokens);
        return ExactFingerprint(Views(toks), seed).ToHex();
      },
      "tokens"_a, "seed"_a = kDefaultFingerprintSeed,
      "128-bit exact fingerprint (32 hex digits) of a normalized token sequence.");
  m.def(
      "band_keys",
      [](py::object signature, uint32_t bands, uint32_t rows) {
        MinHashSignature s = ToSignature(signature);
        if (static_cast<uint64_t>(bands) * rows > s.values.size() && !s.empty()) {
          throw py::value_error("bands * rows exceeds the signature size");
        }
        return ToArray(BandKeys(s, bands, rows));
      },
      "signature"_a, "bands"_a, "rows"_a, "LSH band keys of a signature (uint64 numpy array).");
  m.def(
      "derive_lsh_parameters",
      [](double threshold, uint32_t num_hashes) {
        LshParameters p = Unwrap(DeriveLshParameters(threshold, num_hashes));
        return std::make_pair(p.bands, p.rows);
      },
      "threshold"_a, "num_hashes"_a = 128,
      "(bands, rows) the index uses for a threshold: the most rows for which a pair at the "
      "threshold is still a candidate with probability >= 0.995.");
  m.def("candidate_probability", &CandidateProbability, "similarity"_a, "bands"_a, "rows"_a,
        "1 - (1 - s^rows)^bands: the chance that a pair of Jaccard s becomes a candidate.");

  // ------------------------------------------------------------------------------------- Index
  py::class_<DocumentSketch>(m, "Sketch", R"doc(What an index stores about one document.

id, signature, shingles (sorted uint64, only for exact verification) and published. Picklable,
so sketches can be computed on workers and added to an index elsewhere.)doc")
      .def(py::init([](py::object id, py::object signature, py::object shingles, py::object published) {
             DocumentSketch s;
             s.id = ToBytes(id, "id");
             s.signature = ToSignature(signature);
             if (!shingles.is_none()) s.shingles = ToU64Vector(shingles);
             s.published = ToTimestamp(published);
             return s;
           }),
           "id"_a, "signature"_a, "shingles"_a = py::none(), "published"_a = py::none())
      .def_property_readonly("id", [](const DocumentSketch& s) { return DecodeUtf8(s.id); }, "Document id.")
      .def_readonly("signature", &DocumentSketch::signature, "The MinHash Signature.")
      .def_property_readonly("shingles", [](const DocumentSketch& s) { return ToArray(s.shingles); }, "Sorted uint64 shingle hashes (empty unless exact verification needs them).")
      .def_property_readonly("published",
                             [](const DocumentSketch& s) { return FromTimestamp(s.published); }, "Publication time as ISO 8601 str, or None.")
      .def("__repr__",
           [](const DocumentSketch& s) {
             return "<crossdoc.Sketch id=" + std::string(py::repr(DecodeUtf8(s.id))) + ">";
           })
      .def(py::pickle(
          [](const DocumentSketch& s) {
            return py::make_tuple(py::bytes(s.id), py::bytes(SignatureToBytes(s.signature)),
                                  ToArray(s.shingles), FromTimestamp(s.published));
          },
          [](py::tuple t) {
            DocumentSketch s;
            s.id = t[0].cast<std::string>();
            s.signature = SignatureFromBytes(t[1].cast<std::string>());
            s.shingles = ToU64Vector(t[2]);
            s.published = ToTimestamp(t[3]);
            return s;
          }));

  py::class_<Match>(m, "Match", "A verified near-duplicate returned by Index.query().")
      .def_property_readonly("id", [](const Match& x) { return DecodeUtf8(x.id); }, "Document id.")
      .def_readonly("similarity", &Match::similarity,
                    "The verified measure (estimated Jaccard, exact Jaccard or containment).")
      .def_readonly("estimated_jaccard", &Match::estimated_jaccard, "The signature estimate.")
      .def("__repr__",
           [](const Match& x) {
             return "<crossdoc.Match " + std::string(py::repr(DecodeUtf8(x.id))) + " " +
                    std::to_string(x.similarity) + ">";
           })
      .def(py::pickle(
          [](const Match& x) { return py::make_tuple(py::bytes(x.id), x.similarity, x.estimated_jaccard); },
          [](py::tuple t) {
            return Match{t[0].cast<std::string>(), t[1].cast<double>(), t[2].cast<double>()};
          }));

  py::class_<DuplicatePair>(m, "DuplicatePair", "A verified near-duplicate pair (a added before b).")
      .def_property_readonly("a", [](const DuplicatePair& p) { return DecodeUtf8(p.a); }, "Id of the document added first.")
      .def_property_readonly("b", [](const DuplicatePair& p) { return DecodeUtf8(p.b); }, "Id of the document added later.")
      .def_readonly("similarity", &DuplicatePair::similarity, "The verified measure (as Match.similarity).")
      .def("__repr__",
           [](const DuplicatePair& p) {
             return "<crossdoc.DuplicatePair " + std::string(py::repr(DecodeUtf8(p.a))) + " " +
                    std::string(py::repr(DecodeUtf8(p.b))) + " " + std::to_string(p.similarity) + ">";
           })
      .def(py::pickle(
          [](const DuplicatePair& p) { return py::make_tuple(py::bytes(p.a), py::bytes(p.b), p.similarity); },
          [](py::tuple t) {
            return DuplicatePair{t[0].cast<std::string>(), t[1].cast<std::string>(), t[2].cast<double>()};
          }));

  py::class_<DuplicateCluster>(m, "DuplicateCluster", R"doc(A cluster of near-duplicates.

representative: the member published earliest (members without a time last; ties to the one
added first). members: every member, in the order added.)doc")
      .def_property_readonly("representative",
                             [](const DuplicateCluster& c) { return DecodeUtf8(c.representative); }, "Id of the member published earliest (ties: added first).")
      .def_property_readonly("members",
                             [](const DuplicateCluster& c) {
                               py::list out;
                               for (const auto& id : c.members) out.append(DecodeUtf8(id));
                               return out;
                             }, "Ids of all members, in the order added.")
      .def("__len__", [](const DuplicateCluster& c) { return c.members.size(); })
      .def("__repr__",
           [](const DuplicateCluster& c) {
             return "<crossdoc.DuplicateCluster of " + std::to_string(c.members.size()) +
                    ", representative " + std::string(py::repr(DecodeUtf8(c.representative))) + ">";
           })
      .def(py::pickle(
          [](const DuplicateCluster& c) {
            py::list members;
            for (const auto& id : c.members) members.append(py::bytes(id));
            return py::make_tuple(py::bytes(c.representative), members);
          },
          [](py::tuple t) {
            DuplicateCluster c;
            c.representative = t[0].cast<std::string>();
            c.members = t[1].cast<std::vector<std::string>>();
            return c;
          }));

  py::class_<DedupResult>(m, "DedupResult", "Clusters and verified pairs of a corpus.")
      .def_readonly("clusters", &DedupResult::clusters,
                    "DuplicateCluster list, ordered by when their first member was added.")
      .def_readonly("pairs", &DedupResult::pairs,
                    "Verified DuplicatePair list: all of them, or the first max_pairs found when "
                    "pairs_truncated.")
      .def_readonly("pairs_truncated", &DedupResult::pairs_truncated,
                    "True when more verified pairs existed than max_pairs; clusters are complete "
                    "either way.")
      .def("to_dict", &DedupToDict,
           "{'clusters': [[representative, other members...], ...]}: the JSON of "
           "crossdoc-dedup --json.")
      .def("__repr__", [](const DedupResult& r) {
        return "<crossdoc.DedupResult " + std::to_string(r.clusters.size()) + " clusters, " +
               std::to_string(r.pairs.size()) + " pairs>";
      });

  py::class_<PyIndex, IndexPtr>(m, "Index", R"doc(Near-duplicate search over MinHash signatures (LSH banding), incremental and persistent.

Index(threshold=0.8, num_hashes=128, shingle_size=5, seed=DEFAULT_SEED, bands=0, rows=0,
      verification="estimated_jaccard", analyzer=None)

Documents whose similarity reaches `threshold` are near-duplicates. bands/rows 0 derive the LSH
banding from the threshold (derive_lsh_parameters). verification: "estimated_jaccard" (signature
estimate), "exact_jaccard" (stores shingles, 8 bytes each) or "containment" (a short article
copied into a longer one). `analyzer` is used for texts given as str/bytes/Document.

    idx = crossdoc.Index(threshold=0.8)
    idx.add(crossdoc.Document("a", text_a))
    idx.add("b", text_b, published="2024-04-10T08:22:00+05:30")
    idx.query(text_c)            # [Match(id, similarity, estimated_jaccard), ...]
    idx.find_duplicates()        # DedupResult with clusters and pairs
    idx.save("news.idx"); idx2 = crossdoc.Index.load("news.idx")

Thread-safe: queries may run in many threads while one thread adds or removes; every call
releases the GIL. Errors: InputError (bad options, duplicate id, wrong signature size),
KeyError (unknown id), OSError subclasses (files).)doc")
      .def(py::init([](double threshold, uint32_t num_hashes, uint32_t shingle_size, uint64_t seed,
                       uint32_t bands, uint32_t rows, const std::string& verification,
                       std::shared_ptr<Analyzer> analyzer) {
             IndexOptions o = MakeIndexOptions(threshold, num_hashes, shingle_size, seed, bands,
                                               rows, verification);
             LshIndex idx = Unwrap(LshIndex::Create(o));
             return std::make_shared<PyIndex>(std::move(idx), Analyzer(analyzer ? analyzer->options() : AnalyzerOptions{}));
           }),
           "threshold"_a = 0.8, "num_hashes"_a = 128, "shingle_size"_a = 5,
           "seed"_a = kDefaultFingerprintSeed, "bands"_a = 0, "rows"_a = 0,
           "verification"_a = "estimated_jaccard", "analyzer"_a = nullptr)
      .def_property_readonly("threshold", [](const PyIndex& i) { return i.index.options().threshold; }, "Similarity at or above which documents are near-duplicates.")
      .def_property_readonly("num_hashes",
                             [](const PyIndex& i) { return i.index.options().minhash.num_hashes; }, "k, the number of signature slots.")
      .def_property_readonly("shingle_size",
                             [](const PyIndex& i) { return i.index.options().minhash.shingle_size; }, "Words per shingle.")
      .def_property_readonly("seed", [](const PyIndex& i) { return i.index.options().minhash.seed; }, "Seed of every hash.")
      .def_property_readonly("bands", [](const PyIndex& i) { return i.index.options().bands; }, "LSH bands.")
      .def_property_readonly("rows", [](const PyIndex& i) { return i.index.options().rows; }, "Signature slots per band.")
      .def_property_readonly(
          "verification",
          [](const PyIndex& i) { return VerificationName(i.index.options().verification); }, "'estimated_jaccard', 'exact_jaccard' or 'containment'.")
      .def_property_readonly("hasher", [](const PyIndex& i) { return i.index.hasher(); },
                             "The MinHasher whose signatures this index accepts.")
      .def(
          "sketch",
          [](const PyIndex& self, py::object id, py::object text, py::object published) {
            std::string sid = ToBytes(id, "id");
            std::optional<Timestamp> ts = ToTimestamp(published);
            if (ts == std::nullopt && py::isinstance<Document>(text)) {
              ts = text.cast<const Document&>().published;
            }
            TextPtr t = GetText(text, self.analyzer);
            py::gil_scoped_release release;
            return self.index.Sketch(std::move(sid), t->at, ts);
          },
          "id"_a, "text"_a, "published"_a = py::none(),
          "The Sketch this index would store for a text (str, bytes, Document, AnalyzedText). "
          "Releases the GIL.")
      .def(
          "add",
          [](PyIndex& self, py::object doc_or_id, py::object text, py::object published) {
            std::string id;
            std::optional<Timestamp> ts = ToTimestamp(published);
            TextPtr t;
            if (py::isinstance<DocumentSketch>(doc_or_id)) {
              DocumentSketch sk = doc_or_id.cast<DocumentSketch>();
              absl::Status s;
              {
                py::gil_scoped_release release;
                s = self.index.Add(std::move(sk));
              }
              Check(s);
              return;
            }
            if (py::isinstance<Document>(doc_or_id) || PyDict_Check(doc_or_id.ptr())) {
              Document d = ToDocument(doc_or_id);
              id = d.id;
              if (!ts) ts = d.published;
              t = AnalyzeBytes(self.analyzer, d.text);
            } else {
              if (text.is_none()) throw py::type_error("add(id, text): text is missing");
              id = ToBytes(doc_or_id, "id");
              t = GetText(text, self.analyzer);
            }
            absl::Status s;
            {
              py::gil_scoped_release release;
              s = self.index.Add(self.index.Sketch(std::move(id), t->at, ts));
            }
            Check(s);
          },
          "document"_a, "text"_a = py::none(), "published"_a = py::none(),
          "add(document) with a Document (or dict), add(id, text, published=None), or "
          "add(sketch) with a Sketch. InputError for an id already present or a signature of "
          "the wrong size.")
      .def(
          "add_documents",
          [](PyIndex& self, py::object documents, int threads) {
            std::vector<Document> docs = ToDocuments(documents);
            absl::Status s;
            {
              py::gil_scoped_release release;
              s = self.index.AddDocuments(docs, self.analyzer, threads);
            }
            Check(s);
          },
          "documents"_a, "threads"_a = 0,
          "Analyzes and sketches many documents on `threads` threads (0 = every core) without "
          "the GIL, then adds all or none.")
      .def(
          "add_sketches",
          [](PyIndex& self, std::vector<DocumentSketch> sketches) {
            absl::Status s;
            {
              py::gil_scoped_release release;
              s = self.index.AddBatch(std::move(sketches));
            }
            Check(s);
          },
          "sketches"_a, "Adds many Sketch objects, all or none.")
      .def(
          "remove",
          [](PyIndex& self, py::object id) {
            std::string sid = ToBytes(id, "id");
            absl::Status s;
            {
              py::gil_scoped_release release;
              s = self.index.Remove(sid);
            }
            Check(s, ErrorContext::kKey);
          },
          "id"_a, "Removes a document (a retracted article). KeyError if absent.")
      .def("query", &QueryIndex, "query"_a,
           "Verified near-duplicates of a text (str, bytes, Document, AnalyzedText), a Sketch or "
           "a Signature, most similar first. A document in the index matches itself. Releases "
           "the GIL.")
      .def(
          "query_id",
          [](const PyIndex& self, py::object id) {
            std::string sid = ToBytes(id, "id");
            absl::StatusOr<std::vector<Match>> r;
            {
              py::gil_scoped_release release;
              r = self.index.QueryId(sid);
            }
            return Unwrap(std::move(r), ErrorContext::kKey);
          },
          "id"_a, "Near-duplicates of an indexed document, excluding itself. KeyError if absent.")
      .def(
          "get",
          [](const PyIndex& self, py::object id) {
            std::string sid = ToBytes(id, "id");
            absl::StatusOr<DocumentSketch> r;
            {
              py::gil_scoped_release release;
              r = self.index.Get(sid);
            }
            return Unwrap(std::move(r), ErrorContext::kKey);
          },
          "id"_a, "The stored Sketch of a document. KeyError if absent.")
      .def("__contains__",
           [](const PyIndex& self, py::object id) {
             if (!PyUnicode_Check(id.ptr()) && !PyBytes_Check(id.ptr())) return false;
             return self.index.Contains(ToBytes(id, "id"));
           })
      .def("__len__", [](const PyIndex& self) { return self.index.size(); })
      .def(
          "find_duplicates",
          [](const PyIndex& self, int threads, bool include_singletons, size_t max_pairs) {
            py::gil_scoped_release release;
            return self.index.FindDuplicates(threads, include_singletons, max_pairs);
          },
          "threads"_a = 0, "include_singletons"_a = false,
          "max_pairs"_a = kDefaultMaxDuplicatePairs,
          "Verified pairs among the indexed documents and their clusters (union-find), querying "
          "on `threads` threads (0 = every core) without the GIL. At most `max_pairs` pairs are "
          "kept (pairs_truncated says when more existed; 0 = clusters only); clusters are always "
          "complete.")
      .def(
          "save",
          [](const PyIndex& self, const std::string& path) {
            absl::Status s;
            {
              py::gil_scoped_release release;
              s = self.index.Save(path);
            }
            Check(s, ErrorContext::kFile);
          },
          "path"_a,
          "Writes the index atomically (temporary file, fsync, rename). OSError on failure.")
      .def_static(
          "load",
          [](const std::string& path, std::shared_ptr<Analyzer> analyzer) {
            absl::StatusOr<LshIndex> r;
            {
              py::gil_scoped_release release;
              r = LshIndex::Load(path);
            }
            LshIndex idx = Unwrap(std::move(r), ErrorContext::kFile);
            return std::make_shared<PyIndex>(std::move(idx), Analyzer(analyzer ? analyzer->options() : AnalyzerOptions{}));
          },
          "path"_a, "analyzer"_a = nullptr,
          "Reads a file written by save(). FileNotFoundError when missing; OSError naming the "
          "path and byte offset when truncated, corrupted or of another version.")
      .def("__repr__", [](const PyIndex& self) {
        return "<crossdoc.Index " + std::to_string(self.index.size()) + " documents, threshold " +
               std::to_string(self.index.options().threshold) + ", " +
               std::to_string(self.index.options().bands) + " bands x " +
               std::to_string(self.index.options().rows) + " rows>";
      });

  m.def(
      "dedup",
      [](py::object documents, double threshold, uint32_t num_hashes, uint32_t shingle_size,
         uint64_t seed, uint32_t bands, uint32_t rows, const std::string& verification, int threads,
         bool include_singletons, bool lenient_utf8, size_t max_pairs) {
        DedupOptions o;
        o.max_pairs = max_pairs;
        o.index = MakeIndexOptions(threshold, num_hashes, shingle_size, seed, bands, rows,
                                   verification);
        o.threads = threads;
        o.include_singletons = include_singletons;
        std::vector<Document> docs = ToDocuments(documents);
        absl::StatusOr<DedupResult> r;
        {
          py::gil_scoped_release release;
          Analyzer analyzer(AnalyzerOptions{.lenient_utf8 = lenient_utf8});
          r = Deduplicate(docs, analyzer, o);
        }
        return Unwrap(std::move(r));
      },
      "documents"_a, "threshold"_a = 0.8, "num_hashes"_a = 128, "shingle_size"_a = 5,
      "seed"_a = kDefaultFingerprintSeed, "bands"_a = 0, "rows"_a = 0,
      "verification"_a = "estimated_jaccard", "threads"_a = 0, "include_singletons"_a = false,
      "lenient_utf8"_a = false, "max_pairs"_a = kDefaultMaxDuplicatePairs,
      R"doc(Clusters a corpus of near-duplicates: analyzes and sketches on every core, indexes, and
returns a DedupResult (clusters and verified pairs; at most `max_pairs` pairs, see
Index.find_duplicates). `documents` is an iterable of Document,
dicts with 'id' and 'text', or (id, text) tuples; their order decides "added first".
InputError for duplicate ids or text that cannot be analyzed (naming the document).)doc");

  // ------------------------------------------------------------------------------------- Align
  py::class_<PyDiffSegment>(m, "DiffSegment", "One segment of the token diff of an aligned sentence pair.")
      .def_readonly("op", &PyDiffSegment::op, "'equal', 'moved' or 'changed'.")
      .def_readonly("a_tokens", &PyDiffSegment::a_tokens, "(first token, count) in A.")
      .def_readonly("b_tokens", &PyDiffSegment::b_tokens, "(first token, count) in B.")
      .def_readonly("a_span", &PyDiffSegment::a_span, "(begin, end) bytes in A.")
      .def_readonly("b_span", &PyDiffSegment::b_span, "(begin, end) bytes in B.")
      .def_readonly("a_char_span", &PyDiffSegment::a_char_span, "(begin, end) code points in A.")
      .def_readonly("b_char_span", &PyDiffSegment::b_char_span, "(begin, end) code points in B.")
      .def_property_readonly("a_text", [](const PyDiffSegment& d) { return DecodeUtf8(d.a_text); }, "The author's text of side A at a_span.")
      .def_property_readonly("b_text", [](const PyDiffSegment& d) { return DecodeUtf8(d.b_text); }, "The author's text of side B at b_span.")
      .def("__repr__", [](const PyDiffSegment& d) {
        return "<crossdoc.DiffSegment " + d.op + " " + std::string(py::repr(DecodeUtf8(d.a_text))) +
               " | " + std::string(py::repr(DecodeUtf8(d.b_text))) + ">";
      });

  py::class_<PySentencePair>(m, "SentencePair", "One or two sentences of A aligned with one or two of B.")
      .def_readonly("a_sentences", &PySentencePair::a_sentences, "(first sentence, count) in A.")
      .def_readonly("b_sentences", &PySentencePair::b_sentences, "(first sentence, count) in B.")
      .def_readonly("a_span", &PySentencePair::a_span, "(begin, end) bytes in document A.")
      .def_readonly("b_span", &PySentencePair::b_span, "(begin, end) bytes in document B.")
      .def_readonly("a_char_span", &PySentencePair::a_char_span, "(begin, end) code points in document A.")
      .def_readonly("b_char_span", &PySentencePair::b_char_span, "(begin, end) code points in document B.")
      .def_property_readonly("a_text", [](const PySentencePair& p) { return DecodeUtf8(p.a_text); }, "The author's text of side A at a_span.")
      .def_property_readonly("b_text", [](const PySentencePair& p) { return DecodeUtf8(p.b_text); }, "The author's text of side B at b_span.")
      .def_readonly("similarity", &PySentencePair::similarity, "In [0, 1].")
      .def_readonly("diff", &PySentencePair::diff, "DiffSegment list (empty when not computed).")
      .def("__repr__", [](const PySentencePair& p) {
        return "<crossdoc.SentencePair " + std::to_string(p.similarity) + " " +
               std::string(py::repr(DecodeUtf8(p.a_text))) + ">";
      });

  py::class_<PyPassage>(m, "Passage", "A run of aligned sentence pairs, consecutive in both documents.")
      .def_readonly("a_span", &PyPassage::a_span, "(begin, end) bytes in document A.")
      .def_readonly("b_span", &PyPassage::b_span, "(begin, end) bytes in document B.")
      .def_readonly("a_char_span", &PyPassage::a_char_span, "(begin, end) code points in document A.")
      .def_readonly("b_char_span", &PyPassage::b_char_span, "(begin, end) code points in document B.")
      .def_property_readonly("a_text", [](const PyPassage& p) { return DecodeUtf8(p.a_text); }, "The author's text of side A at a_span.")
      .def_property_readonly("b_text", [](const PyPassage& p) { return DecodeUtf8(p.b_text); }, "The author's text of side B at b_span.")
      .def_readonly("similarity", &PyPassage::similarity, "Token-weighted mean of the pairs.")
      .def_readonly("pairs", &PyPassage::pairs, "SentencePair list in order of A.")
      .def("__repr__", [](const PyPassage& p) {
        return "<crossdoc.Passage a=" + std::to_string(p.a_span.first) + ":" +
               std::to_string(p.a_span.second) + " b=" + std::to_string(p.b_span.first) + ":" +
               std::to_string(p.b_span.second) + " " + std::to_string(p.similarity) + ">";
      });

  py::class_<PyAlignment>(m, "Alignment", "Which passages of two documents say the same thing.")
      .def_readonly("passages", &PyAlignment::passages, "Passage list, by position in A.")
      .def_readonly("truncated", &PyAlignment::truncated, "A work limit cut the alignment short.")
      .def_readonly("truncation_reason", &PyAlignment::truncation_reason, "Which limit was hit, e.g. \"max_candidate_pairs (2000000) reached\"; \"\" otherwise.")
      .def_readonly("candidate_pairs_scored", &PyAlignment::candidate_pairs_scored, "Sentence pairs (and 1-to-2 groups) whose score was computed.")
      .def("__repr__", [](const PyAlignment& a) {
        return "<crossdoc.Alignment " + std::to_string(a.passages.size()) + " passages>";
      });

  auto align_doc = R"doc(

Options: min_similarity (0.35) is the score a sentence pair needs; allow_merges lets one sentence
align with two consecutive ones (split/merged sentences); diff_tokens computes the token diff of
each pair; the max_* limits bound the work (the result says when it was truncated).
Texts may be str, bytes, Document or AnalyzedText. Releases the GIL.)doc";
  m.def(
      "align",
      [](py::object a, py::object b, double min_similarity, bool allow_merges, bool diff_tokens,
         uint32_t max_sentences, uint32_t max_sentence_tokens, uint32_t max_key_postings,
         uint64_t max_candidate_pairs, uint64_t max_diff_cells) {
        AlignOptions o = MakeAlignOptions(min_similarity, allow_merges, diff_tokens, max_sentences,
                                          max_sentence_tokens, max_key_postings,
                                          max_candidate_pairs, max_diff_cells);
        TextPtr ta = GetText(a, DefaultAnalyzer());
        TextPtr tb = GetText(b, DefaultAnalyzer());
        absl::StatusOr<Alignment> r;
        PyAlignment out;
        {
          py::gil_scoped_release release;
          r = Align(ta->at, tb->at, o);
          if (r.ok()) out = ConvertAlignment(*r, *ta, *tb);
        }
        Check(r.status());
        return out;
      },
      "a"_a, "b"_a, "min_similarity"_a = 0.35, "allow_merges"_a = true, "diff_tokens"_a = true,
      "max_sentences"_a = 20000, "max_sentence_tokens"_a = 512, "max_key_postings"_a = 64,
      "max_candidate_pairs"_a = 1000000, "max_diff_cells"_a = 200000000,
      (std::string("Aligns the sentences of two documents into passages, with a token diff "
                   "inside each aligned pair.") + align_doc).c_str());
  m.def(
      "align_within",
      [](py::object doc, double min_similarity, bool allow_merges, bool diff_tokens,
         uint32_t max_sentences, uint32_t max_sentence_tokens, uint32_t max_key_postings,
         uint64_t max_candidate_pairs, uint64_t max_diff_cells) {
        AlignOptions o = MakeAlignOptions(min_similarity, allow_merges, diff_tokens, max_sentences,
                                          max_sentence_tokens, max_key_postings,
                                          max_candidate_pairs, max_diff_cells);
        TextPtr t = GetText(doc, DefaultAnalyzer());
        absl::StatusOr<Alignment> r;
        PyAlignment out;
        {
          py::gil_scoped_release release;
          r = AlignWithin(t->at, o);
          if (r.ok()) out = ConvertAlignment(*r, *t, *t);
        }
        Check(r.status());
        return out;
      },
      "doc"_a, "min_similarity"_a = 0.35, "allow_merges"_a = true, "diff_tokens"_a = true,
      "max_sentences"_a = 20000, "max_sentence_tokens"_a = 512, "max_key_postings"_a = 64,
      "max_candidate_pairs"_a = 1000000, "max_diff_cells"_a = 200000000,
      (std::string("Aligns a document with itself: sentences that say the same thing twice (a "
                   "headline and a body sentence). 'a' is always the earlier sentence.") + align_doc)
          .c_str());

  // ------------------------------------------------------------------------------------- Facts
  py::class_<PyFact>(m, "Fact", "A number, date, entity or negation a sentence asserts.")
      .def_readonly("kind", &PyFact::kind, "'entity', 'number', 'date' or 'negation'.")
      .def_readonly("type", &PyFact::type,
                    "'place', 'organization', 'name', 'cardinal', 'ordinal', 'percent', "
                    "'quantity', 'day', 'month', 'year', 'date_range' or 'negation'.")
      .def_readonly("span", &PyFact::span, "(begin, end) bytes of the expression.")
      .def_readonly("char_span", &PyFact::char_span, "(begin, end) code points.")
      .def_property_readonly("text", [](const PyFact& f) { return DecodeUtf8(f.text); },
                             "The author's text of the expression.")
      .def_readonly("sentence", &PyFact::sentence, "Index of its sentence.")
      .def_property_readonly("value", [](const PyFact& f) { return DecodeUtf8(f.value); },
                             "Normalized value: 'KZ', '6th', '2024-04-08', '120000', 'negated'.")
      .def_readonly("confidence", &PyFact::confidence, "How sure the reading is, in [0, 1].")
      .def_readonly("relative", &PyFact::relative, "A date resolved against the reference time.")
      .def_property_readonly("note", [](const PyFact& f) { return DecodeUtf8(f.note); },
                             "How the value was obtained, '' when read directly.")
      .def("to_dict",
           [](const PyFact& f) {
             py::dict d;
             d["kind"] = f.kind;
             d["type"] = f.type;
             d["span"] = py::list(py::make_tuple(f.span.first, f.span.second));
             d["text"] = DecodeUtf8(f.text);
             d["value"] = DecodeUtf8(f.value);
             d["confidence"] = f.confidence;
             d["relative"] = f.relative;
             d["note"] = DecodeUtf8(f.note);
             return d;
           },
           "The fact as a dict (byte spans).")
      .def("__repr__",
           [](const PyFact& f) {
             return "<crossdoc.Fact " + f.kind + "/" + f.type + " " +
                    std::string(py::repr(DecodeUtf8(f.text))) + " = " +
                    std::string(py::repr(DecodeUtf8(f.value))) + ">";
           })
      .def(py::pickle(
          [](const PyFact& f) {
            return py::make_tuple(f.kind, f.type, f.span, f.char_span, py::bytes(f.text), f.sentence,
                                  py::bytes(f.value), f.confidence, f.relative, py::bytes(f.note));
          },
          [](py::tuple t) {
            PyFact f;
            f.kind = t[0].cast<std::string>();
            f.type = t[1].cast<std::string>();
            f.span = t[2].cast<Span2>();
            f.char_span = t[3].cast<Span2>();
            f.text = t[4].cast<std::string>();
            f.sentence = t[5].cast<uint32_t>();
            f.value = t[6].cast<std::string>();
            f.confidence = t[7].cast<double>();
            f.relative = t[8].cast<bool>();
            f.note = t[9].cast<std::string>();
            return f;
          }));

  py::class_<PyDateline>(m, "Dateline", "A publication or update line found in the text.")
      .def_readonly("time", &PyDateline::time, "ISO 8601 local time with offset.")
      .def_readonly("span", &PyDateline::span, "(begin, end) bytes of the whole line.")
      .def_readonly("char_span", &PyDateline::char_span, "(begin, end) code points of the whole line.")
      .def_property_readonly("text", [](const PyDateline& d) { return DecodeUtf8(d.text); }, "The author's text at span.")
      .def_readonly("sentence", &PyDateline::sentence, "Index of the sentence holding the line.")
      .def_readonly("is_update", &PyDateline::is_update, "An 'Updated' line.")
      .def_readonly("has_time", &PyDateline::has_time, "A clock time was given.");

  py::class_<PyDocumentFacts>(m, "DocumentFacts", "The facts of one document.")
      .def_readonly("facts", &PyDocumentFacts::facts, "Fact list in text order.")
      .def_readonly("reference", &PyDocumentFacts::reference,
                    "ISO 8601 time relative dates were resolved against, or None.")
      .def_readonly("reference_source", &PyDocumentFacts::reference_source,
                    "'metadata', 'dateline' or 'none'.")
      .def_readonly("datelines", &PyDocumentFacts::datelines, "Dateline list.");

  m.def(
      "extract_facts",
      [](py::object text, py::object published, bool use_dateline, bool numeric_month_first,
         bool negation) {
        FactOptions o;
        o.published = ToTimestamp(published);
        if (!o.published && py::isinstance<Document>(text)) o.published = text.cast<const Document&>().published;
        o.use_dateline = use_dateline;
        o.numeric_month_first = numeric_month_first;
        o.negation = negation;
        TextPtr t = GetText(text, DefaultAnalyzer());
        py::gil_scoped_release release;
        return ConvertFacts(ExtractFacts(t->at, o), *t);
      },
      "text"_a, "published"_a = py::none(), "use_dateline"_a = true,
      "numeric_month_first"_a = false, "negation"_a = true,
      "Numbers, dates, entities and negations of a text (str, bytes, Document, AnalyzedText). "
      "Relative dates are resolved against `published` (or a Document's), else a dateline in "
      "the text. Never fails on content; releases the GIL.");

  m.def(
      "link_entity",
      [](py::object name) -> py::object {
        std::string n = ToBytes(name, "name");
        std::optional<EntityLink> r;
        {
          py::gil_scoped_release release;
          r = LinkEntity(n);
        }
        if (!r) return py::none();
        py::dict d;
        d["id"] = r->id;
        d["type"] = std::string(FactTypeName(r->type));
        d["confidence"] = static_cast<double>(r->confidence);
        d["note"] = DecodeUtf8(r->note);
        return d;
      },
      "name"_a,
      "Links a place or organisation name in any script to its id: {'id': 'KZ', 'type': "
      "'place', 'confidence': ..., 'note': ...}, or None.");
  m.def("entity_display_name", [](py::object id) { return DecodeUtf8(EntityDisplayName(ToBytes(id, "id"))); },
        "id"_a, "A readable English name for an id ('KZ' -> 'Kazakhstan').");

  // --------------------------------------------------------------------------------- Reconcile
  py::class_<PyFindingSide>(m, "FindingSide", "One side of a finding.")
      .def_property_readonly("doc", [](const PyFindingSide& s) { return DecodeUtf8(s.doc); },
                             "Document id.")
      .def_readonly("doc_index", &PyFindingSide::doc_index, "Position of the document in the input.")
      .def_readonly("span", &PyFindingSide::span, "(begin, end) bytes of the fact.")
      .def_readonly("char_span", &PyFindingSide::char_span,
                    "(begin, end) code points: document.text[begin:end] == text.")
      .def_property_readonly("text", [](const PyFindingSide& s) { return DecodeUtf8(s.text); },
                             "Exactly the author's text at span.")
      .def_property_readonly("value", [](const PyFindingSide& s) { return DecodeUtf8(s.value); },
                             "Normalized value.")
      .def_readonly("type", &PyFindingSide::type, "Fact type ('place', 'ordinal', ...).")
      .def_readonly("sentence", &PyFindingSide::sentence, "Index of the sentence.")
      .def("to_dict", &SideToDict, "{'doc', 'span', 'text', 'value'} as in the JSON contract.")
      .def("__eq__", [](const PyFindingSide& a, const PyFindingSide& b) {
        return a.doc == b.doc && a.doc_index == b.doc_index && a.span == b.span &&
               a.char_span == b.char_span && a.text == b.text && a.value == b.value &&
               a.type == b.type && a.sentence == b.sentence;
      })
      .def("__repr__", [](const PyFindingSide& s) { return "<crossdoc.FindingSide " + SideRepr(s) + ">"; })
      .def(py::pickle([](const PyFindingSide& s) { return SideState(s); },
                      [](py::tuple t) { return SideFromState(t); }));

  py::class_<PyFinding>(m, "Finding", R"doc(A conflict or an agreement between two aligned facts.

kind ('entity', 'number', 'date', 'negation'), verdict ('conflict', 'agreement'), sides a and b
(FindingSide), confidence in [0, 1], explanation (one line). to_dict() gives the object of the
JSON contract (byte spans); the sides also carry char_span for Python slicing. Picklable.)doc")
      .def_readonly("kind", &PyFinding::kind, "'entity', 'number', 'date' or 'negation'.")
      .def_readonly("verdict", &PyFinding::verdict, "'conflict' (values differ) or 'agreement' (surface forms differ, values equal).")
      .def_readonly("a", &PyFinding::a, "FindingSide of the first document.")
      .def_readonly("b", &PyFinding::b, "FindingSide of the second document (may be the same document).")
      .def_readonly("confidence", &PyFinding::confidence, "In [0, 1].")
      .def_property_readonly("explanation", [](const PyFinding& f) { return DecodeUtf8(f.explanation); }, "One line a journalist understands.")
      .def("to_dict", &FindingToDict, "The finding as in crossdoc-factcheck --json.")
      .def("__eq__", [](const PyFinding& x, const PyFinding& y) {
        auto same = [](const PyFindingSide& a, const PyFindingSide& b) {
          return a.doc == b.doc && a.span == b.span && a.value == b.value && a.text == b.text &&
                 a.char_span == b.char_span && a.doc_index == b.doc_index;
        };
        return x.kind == y.kind && x.verdict == y.verdict && same(x.a, y.a) && same(x.b, y.b) &&
               x.confidence == y.confidence && x.explanation == y.explanation;
      })
      .def("__repr__",
           [](const PyFinding& f) {
             return "<crossdoc.Finding " + f.kind + " " + f.verdict + ": " + SideRepr(f.a) +
                    " vs " + SideRepr(f.b) + ">";
           })
      .def(py::pickle(
          [](const PyFinding& f) {
            return py::make_tuple(f.kind, f.verdict, SideState(f.a), SideState(f.b), f.confidence,
                                  py::bytes(f.explanation));
          },
          [](py::tuple t) {
            PyFinding f;
            f.kind = t[0].cast<std::string>();
            f.verdict = t[1].cast<std::string>();
            f.a = SideFromState(t[2].cast<py::tuple>());
            f.b = SideFromState(t[3].cast<py::tuple>());
            f.confidence = t[4].cast<double>();
            f.explanation = t[5].cast<std::string>();
            return f;
          }));

  py::class_<PyValueSupport>(m, "ValueSupport", "Which documents support one value of a fact.")
      .def_property_readonly("value", [](const PyValueSupport& v) { return DecodeUtf8(v.value); }, "The normalized value.")
      .def_property_readonly("docs",
                             [](const PyValueSupport& v) {
                               py::list out;
                               for (const auto& d : v.docs) out.append(DecodeUtf8(d));
                               return out;
                             },
                             "Document ids.")
      .def_readonly("mentions", &PyValueSupport::mentions, "FindingSide list.");

  py::class_<PyClaim>(m, "ClaimTally", "A fact on which the documents disagree, with the majority named.")
      .def_readonly("kind", &PyClaim::kind, "'entity', 'number', 'date' or 'negation'.")
      .def_readonly("values", &PyClaim::values, "ValueSupport list, most documents first.")
      .def_property_readonly("majority", [](const PyClaim& c) { return DecodeUtf8(c.majority); },
                             "The value with a strict majority, or ''.")
      .def_property_readonly("outliers",
                             [](const PyClaim& c) {
                               py::list out;
                               for (const auto& d : c.outliers) out.append(DecodeUtf8(d));
                               return out;
                             },
                             "Ids of documents on another value than the majority.")
      .def_property_readonly("explanation", [](const PyClaim& c) { return DecodeUtf8(c.explanation); }, "One line a journalist understands.");

  py::class_<PyReportDocument>(m, "ReportDocument", "A document of a fact-check report.")
      .def_property_readonly("id", [](const PyReportDocument& d) { return DecodeUtf8(d.id); }, "Document id.")
      .def_property_readonly("source", [](const PyReportDocument& d) { return DecodeUtf8(d.source); }, "Outlet name, '' when unknown.")
      .def_readonly("published", &PyReportDocument::published,
                    "ISO 8601 reference time for relative dates, or None.")
      .def_readonly("published_from", &PyReportDocument::published_from,
                    "'metadata', 'dateline' or 'none'.");

  py::class_<PyDocPassage>(m, "ReportPassage", "A pair of passages that were compared.")
      .def_property_readonly("a", [](const PyDocPassage& p) { return DecodeUtf8(p.a); }, "Document id.")
      .def_property_readonly("b", [](const PyDocPassage& p) { return DecodeUtf8(p.b); }, "Document id.")
      .def_readonly("a_index", &PyDocPassage::a_index, "Position of document a in the input.")
      .def_readonly("b_index", &PyDocPassage::b_index, "Position of document b in the input.")
      .def_readonly("a_span", &PyDocPassage::a_span, "(begin, end) bytes in document A.")
      .def_readonly("b_span", &PyDocPassage::b_span, "(begin, end) bytes in document B.")
      .def_readonly("a_char_span", &PyDocPassage::a_char_span, "(begin, end) code points in document A.")
      .def_readonly("b_char_span", &PyDocPassage::b_char_span, "(begin, end) code points in document B.")
      .def_readonly("similarity", &PyDocPassage::similarity, "In [0, 1].");

  py::class_<PyReport>(m, "FactCheckReport", R"doc(What factcheck() found across a set of documents.

documents, passages (what was compared), findings (conflicts first, then agreements), claims
(per fact, which outlets support which value, the outlier named). to_dict() / to_json() give the
JSON of crossdoc-factcheck --json.)doc")
      .def_readonly("documents", &PyReport::documents, "ReportDocument list, in input order.")
      .def_readonly("passages", &PyReport::passages, "ReportPassage list: what was compared.")
      .def_readonly("findings", &PyReport::findings, "Finding list: conflicts first, then agreements.")
      .def_readonly("claims", &PyReport::claims, "ClaimTally list: facts on which documents disagree, majority named.")
      .def_readonly("truncated", &PyReport::truncated, "An alignment limit cut work short.")
      .def(
          "to_json",
          [](const PyReport& r, int indent, bool claims) {
            ReportOptions o;
            o.json_indent = indent;
            o.json_claims = claims;
            return DecodeUtf8(RenderReport(r, 0, o));
          },
          "indent"_a = 0, "claims"_a = false,
          "The JSON of crossdoc-factcheck --json (byte spans), byte for byte. indent > 0 "
          "pretty-prints; claims=True adds the 'claims' array (a contract extension).")
      .def(
          "to_dict",
          [](const PyReport& r, bool claims) {
            ReportOptions o;
            o.json_claims = claims;
            return py::module_::import("json").attr("loads")(DecodeUtf8(RenderReport(r, 0, o)));
          },
          "claims"_a = false, "json.loads(to_json()): the contract as Python dicts and lists.")
      .def(
          "to_text",
          [](const PyReport& r, const std::string& title, bool agreements) {
            ReportOptions o;
            o.title = title;
            o.text_agreements = agreements;
            o.generator = std::string("crossdoc ") + CROSSDOC_VERSION_STRING + " (Python)";
            return DecodeUtf8(RenderReport(r, 1, o));
          },
          "title"_a = "", "agreements"_a = true,
          "The plain-text report crossdoc-factcheck prints for a person.")
      .def(
          "to_html",
          [](const PyReport& r, const std::string& title, bool all_passages) {
            ReportOptions o;
            o.title = title;
            o.html_all_passages = all_passages;
            o.generator = std::string("crossdoc ") + CROSSDOC_VERSION_STRING + " (Python)";
            return DecodeUtf8(RenderReport(r, 2, o));
          },
          "title"_a = "", "all_passages"_a = true,
          "A self-contained HTML page: aligned passages side by side, findings highlighted.")
      .def("__repr__", [](const PyReport& r) {
        size_t conflicts = 0;
        for (const auto& f : r.findings) conflicts += f.verdict == "conflict";
        return "<crossdoc.FactCheckReport " + std::to_string(r.documents.size()) + " documents, " +
               std::to_string(conflicts) + " conflicts, " +
               std::to_string(r.findings.size() - conflicts) + " agreements>";
      });

  m.def(
      "factcheck",
      [](py::object documents, py::object published, bool lenient_utf8, int threads,
         double min_conflict_fact_confidence, double min_agreement_fact_confidence,
         double min_pair_similarity, bool within_documents, bool near_miss_entities,
         bool numeric_month_first) {
        std::vector<Document> docs = ToDocuments(documents);
        {
          std::map<std::string, size_t> by_id;
          for (size_t i = 0; i < docs.size(); ++i) {
            if (!by_id.emplace(docs[i].id, i).second) {
              Throw(absl::InvalidArgumentError("document id '" + docs[i].id +
                                               "' appears twice; ids must be unique"));
            }
          }
          if (!published.is_none()) {
            for (auto item : published.cast<py::dict>()) {
              const std::string id = ToBytes(item.first, "id");
              auto it = by_id.find(id);
              if (it == by_id.end()) {
                Throw(absl::InvalidArgumentError("published names document '" + id +
                                                 "', which is not among the documents"));
              }
              docs[it->second].published = ToTimestamp(item.second);
            }
          }
        }
        ReconcileOptions ro;
        ro.min_conflict_fact_confidence = min_conflict_fact_confidence;
        ro.min_agreement_fact_confidence = min_agreement_fact_confidence;
        ro.min_pair_similarity = min_pair_similarity;
        ro.within_documents = within_documents;
        ro.near_miss_entities = near_miss_entities;
        PyReport out;
        absl::Status status;
        {
          py::gil_scoped_release release;
          auto state = std::make_shared<FactCheckState>();
          Analyzer analyzer(AnalyzerOptions{.lenient_utf8 = lenient_utf8});
          std::vector<TextPtr>& texts = state->texts;
          std::vector<DocumentFacts>& facts = state->facts;
          texts.resize(docs.size());
          facts.resize(docs.size());
          status = ParallelFor(docs.size(), threads, [&](size_t i) -> absl::Status {
            auto at = analyzer.Analyze(docs[i].text);
            if (!at.ok()) {
              return absl::Status(at.status().code(),
                                  "document " + std::to_string(i) + " (id '" + docs[i].id +
                                      "'): " + std::string(at.status().message()));
            }
            texts[i] = MakeText(*std::move(at));
            FactOptions fo;
            fo.published = docs[i].published;
            fo.numeric_month_first = numeric_month_first;
            facts[i] = ExtractFacts(texts[i]->at, fo);
            return absl::OkStatus();
          });
          absl::StatusOr<ReconcileReport> report;
          if (status.ok()) {
            std::vector<ReconcileDocument> rdocs;
            for (size_t i = 0; i < docs.size(); ++i) {
              rdocs.push_back(ReconcileDocument{docs[i].id, &texts[i]->at, &facts[i], docs[i].source});
              state->report_docs.push_back(MakeReportDocument(docs[i], texts[i]->at, facts[i]));
            }
            report = Reconcile(rdocs, ro);
            status = report.status();
          }
          if (status.ok()) {
            state->report = *std::move(report);
            const ReconcileReport& rep = state->report;
            for (const auto& rd : state->report_docs) {
              PyReportDocument d;
              d.id = rd.id;
              d.source = rd.source;
              if (rd.published) d.published = rd.published->ToIso8601();
              d.published_from =
                  rd.published ? std::string(ReferenceSourceName(rd.published_from)) : "none";
              out.documents.push_back(std::move(d));
            }
            for (const auto& p : rep.passages) {
              PyDocPassage pp;
              pp.a = docs[p.a].id;
              pp.b = docs[p.b].id;
              pp.a_index = p.a;
              pp.b_index = p.b;
              pp.a_span = {p.a_span.begin, p.a_span.end};
              pp.b_span = {p.b_span.begin, p.b_span.end};
              pp.a_char_span = texts[p.a]->Chars(p.a_span);
              pp.b_char_span = texts[p.b]->Chars(p.b_span);
              pp.similarity = p.similarity;
              out.passages.push_back(std::move(pp));
            }
            for (const auto& f : rep.findings) out.findings.push_back(ConvertFinding(f, texts));
            for (const auto& c : rep.claims) {
              PyClaim pc;
              pc.kind = std::string(FactKindName(c.kind));
              for (const auto& v : c.values) {
                PyValueSupport pv;
                pv.value = v.value;
                for (uint32_t d : v.docs) pv.docs.push_back(docs[d].id);
                for (const auto& sd : v.mentions) pv.mentions.push_back(ConvertSide(sd, texts));
                pc.values.push_back(std::move(pv));
              }
              pc.majority = c.majority;
              for (uint32_t d : c.outliers) pc.outliers.push_back(docs[d].id);
              pc.explanation = c.explanation;
              out.claims.push_back(std::move(pc));
            }
            out.truncated = rep.truncated;
            out.state = std::move(state);
          }
        }
        Check(status);
        return out;
      },
      "documents"_a, "published"_a = py::none(), "lenient_utf8"_a = false, "threads"_a = 0,
      "min_conflict_fact_confidence"_a = 0.6, "min_agreement_fact_confidence"_a = 0.5,
      "min_pair_similarity"_a = 0.35, "within_documents"_a = true, "near_miss_entities"_a = true,
      "numeric_month_first"_a = false,
      R"doc(Fact-checks a set of documents on one story: analyzes them and extracts their facts on
every core, aligns them (pairs, and each with itself), and reports conflicts and agreements.

`documents`: iterable of Document, dicts with 'id' and 'text', or (id, text) tuples.
`published`: {doc id: ISO 8601 str or datetime}, overriding the documents' own publication
times (as crossdoc-factcheck --published DOCID=TIME). Returns a FactCheckReport whose
to_dict() is the JSON of crossdoc-factcheck --json. Releases the GIL.)doc");
}

}  // namespace crossdoc::python

PYBIND11_MODULE(_crossdoc, m) { crossdoc::python::Bind(m); }
