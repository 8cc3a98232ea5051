// LshIndex::Save and LshIndex::Load: a versioned, checksummed file written atomically.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <string>

#include "absl/strings/str_cat.h"
#include "index/index_impl.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace crossdoc {
namespace {

constexpr char kMagic[8] = {'C', 'R', 'X', 'D', 'L', 'S', 'H', '\0'};
constexpr size_t kHeaderSize = 40;
constexpr uint8_t kFlagPublished = 1;
constexpr uint8_t kFlagSignature = 2;

void PutU32(std::string* out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
void PutU64(std::string* out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
uint32_t GetU32(const char* p) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<uint8_t>(p[i]);
  return v;
}
uint64_t GetU64(const char* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<uint8_t>(p[i]);
  return v;
}
uint64_t DoubleBits(double d) {
  uint64_t v;
  std::memcpy(&v, &d, sizeof v);
  return v;
}
double BitsDouble(uint64_t v) {
  double d;
  std::memcpy(&d, &v, sizeof d);
  return d;
}

std::string ErrnoText() { return std::strerror(errno); }

// Writes the payload in chunks to a file descriptor while hashing it.
class PayloadWriter {
 public:
  PayloadWriter(int fd, std::string path) : fd_(fd), path_(std::move(path)) {
    XXH3_64bits_reset(&state_);
    buffer_.reserve(kChunk + 4096);
  }
  std::string& buffer() { return buffer_; }
  absl::Status MaybeFlush() { return buffer_.size() >= kChunk ? Flush() : absl::OkStatus(); }
  absl::Status Flush() {
    XXH3_64bits_update(&state_, buffer_.data(), buffer_.size());
    size_t done = 0;
    while (done < buffer_.size()) {
      const ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
      if (n < 0) {
        if (errno == EINTR) continue;
        return absl::InternalError(absl::StrCat("write to ", path_, " failed: ", ErrnoText()));
      }
      done += static_cast<size_t>(n);
    }
    written_ += buffer_.size();
    buffer_.clear();
    return absl::OkStatus();
  }
  uint64_t written() const { return written_; }
  uint64_t digest() { return XXH3_64bits_digest(&state_); }

 private:
  static constexpr size_t kChunk = 1 << 20;
  int fd_;
  std::string path_;
  std::string buffer_;
  XXH3_state_t state_;
  uint64_t written_ = 0;
};

absl::Status WriteAll(int fd, const std::string& bytes, off_t offset, const std::string& path) {
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::pwrite(fd, bytes.data() + done, bytes.size() - done,
                               offset + static_cast<off_t>(done));
    if (n < 0) {
      if (errno == EINTR) continue;
      return absl::InternalError(absl::StrCat("write to ", path, " failed: ", ErrnoText()));
    }
    done += static_cast<size_t>(n);
  }
  return absl::OkStatus();
}

// Bounds-checked reading of the payload; every error names the absolute byte offset.
class Reader {
 public:
  Reader(const std::string& path, const char* data, size_t size, size_t base)
      : path_(path), data_(data), size_(size), base_(base) {}
  size_t remaining() const { return size_ - pos_; }
  size_t offset() const { return base_ + pos_; }
  absl::Status Error(std::string_view what) const {
    return absl::DataLossError(
        absl::StrCat("index file ", path_, ": ", ToAbsl(what), " at byte offset ", offset()));
  }
  bool U8(uint8_t* v) {
    if (remaining() < 1) return false;
    *v = static_cast<uint8_t>(data_[pos_++]);
    return true;
  }
  bool U32(uint32_t* v) {
    if (remaining() < 4) return false;
    *v = GetU32(data_ + pos_);
    pos_ += 4;
    return true;
  }
  bool U64(uint64_t* v) {
    if (remaining() < 8) return false;
    *v = GetU64(data_ + pos_);
    pos_ += 8;
    return true;
  }
  bool Bytes(size_t n, std::string_view* v) {
    if (remaining() < n) return false;
    *v = std::string_view(data_ + pos_, n);
    pos_ += n;
    return true;
  }

 private:
  const std::string& path_;
  const char* data_;
  size_t size_;
  size_t base_;
  size_t pos_ = 0;
};

std::atomic<uint64_t> temp_counter{0};

}  // namespace

absl::Status LshIndex::Save(const std::string& path) const {
  const std::filesystem::path target(path);
  const std::string temp = absl::StrCat(path, ".tmp.", ::getpid(), ".", temp_counter++);
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    return absl::InternalError(
        absl::StrCat("cannot create temporary file ", temp, ": ", ErrnoText()));
  }
  auto fail = [&](absl::Status s) {
    ::close(fd);
    ::unlink(temp.c_str());
    return s;
  };

  // Reserve the header; it is written last, once the payload's size and checksum are known.
  if (absl::Status s = WriteAll(fd, std::string(kHeaderSize, '\0'), 0, temp); !s.ok()) {
    return fail(s);
  }
  if (::lseek(fd, static_cast<off_t>(kHeaderSize), SEEK_SET) < 0) {
    return fail(absl::InternalError(absl::StrCat("seek in ", temp, " failed: ", ErrnoText())));
  }
  PayloadWriter writer(fd, temp);
  {
    absl::ReaderMutexLock lock(&impl_->mu);
    const Impl& impl = *impl_;
    const IndexOptions& o = impl.options;
    std::string& b = writer.buffer();
    PutU64(&b, DoubleBits(o.threshold));
    PutU32(&b, o.minhash.num_hashes);
    PutU32(&b, o.minhash.shingle_size);
    PutU64(&b, o.minhash.seed);
    PutU32(&b, o.bands);
    PutU32(&b, o.rows);
    b.push_back(static_cast<char>(o.verification));
    PutU64(&b, impl.next_seq);
    PutU64(&b, impl.by_id.size());
    for (uint32_t slot = 0; slot < impl.slots.size(); ++slot) {
      const Impl::Slot& s = impl.slots[slot];
      if (!s.live) continue;
      PutU32(&b, static_cast<uint32_t>(s.id.size()));
      b.append(s.id);
      PutU64(&b, s.seq);
      b.push_back(static_cast<char>((s.has_published ? kFlagPublished : 0) |
                                    (s.has_signature ? kFlagSignature : 0)));
      if (s.has_published) {
        PutU64(&b, static_cast<uint64_t>(s.published_seconds));
        PutU32(&b, static_cast<uint32_t>(s.utc_offset_minutes));
      }
      if (s.has_signature) {
        const uint32_t* sig = impl.SignatureOf(slot);
        for (uint32_t i = 0; i < impl.k; ++i) PutU32(&b, sig[i]);
      }
      if (impl.NeedsShingles()) {
        const auto& sh = impl.shingles[slot];
        PutU32(&b, static_cast<uint32_t>(sh.size()));
        for (uint64_t x : sh) PutU64(&b, x);
      }
      if (absl::Status st = writer.MaybeFlush(); !st.ok()) return fail(st);
    }
  }
  if (absl::Status st = writer.Flush(); !st.ok()) return fail(st);

  std::string header(kMagic, sizeof kMagic);
  PutU32(&header, kIndexFileVersion);
  PutU32(&header, kFingerprintSchemeVersion);
  PutU64(&header, writer.written());
  PutU64(&header, writer.digest());
  PutU64(&header, XXH3_64bits(header.data(), header.size()));
  if (absl::Status st = WriteAll(fd, header, 0, temp); !st.ok()) return fail(st);
  if (::fsync(fd) != 0) {
    return fail(absl::InternalError(absl::StrCat("fsync of ", temp, " failed: ", ErrnoText())));
  }
  if (::close(fd) != 0) {
    ::unlink(temp.c_str());
    return absl::InternalError(absl::StrCat("close of ", temp, " failed: ", ErrnoText()));
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    const std::string why = ErrnoText();
    ::unlink(temp.c_str());
    return absl::InternalError(absl::StrCat("rename of ", temp, " to ", path, " failed: ", why));
  }
  // Make the rename itself durable.
  const std::filesystem::path dir =
      target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
  const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
  return absl::OkStatus();
}

absl::StatusOr<LshIndex> LshIndex::Load(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    const std::string msg = absl::StrCat("cannot open index file ", path, ": ", std::strerror(err));
    return err == ENOENT ? absl::NotFoundError(msg) : absl::InternalError(msg);
  }
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return absl::InvalidArgumentError(absl::StrCat("index file ", path, " is not a regular file"));
  }
  std::string bytes(static_cast<size_t>(st.st_size), '\0');
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::read(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  ::close(fd);
  bytes.resize(done);

  auto data_loss = [&](std::string_view what) {
    return absl::DataLossError(absl::StrCat("index file ", path, ": ", ToAbsl(what)));
  };
  if (bytes.size() < kHeaderSize) {
    if (bytes.size() >= sizeof kMagic && std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0) {
      return data_loss("not a crossdoc index file (bad magic bytes at offset 0)");
    }
    return data_loss(absl::StrCat("truncated: ", bytes.size(), " bytes, shorter than the ",
                                  kHeaderSize, "-byte header"));
  }
  if (std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0) {
    return data_loss("not a crossdoc index file (bad magic bytes at offset 0)");
  }
  const char* h = bytes.data();
  if (GetU64(h + 32) != XXH3_64bits(h, 32)) {
    return data_loss("header checksum mismatch (bytes 0-31 are corrupted)");
  }
  const uint32_t version = GetU32(h + 8);
  if (version != kIndexFileVersion) {
    return absl::FailedPreconditionError(
        absl::StrCat("index file ", path, ": file version ", version,
                     " is not supported (this build reads version ", kIndexFileVersion, ")"));
  }
  const uint32_t scheme = GetU32(h + 12);
  if (scheme != kFingerprintSchemeVersion) {
    return absl::FailedPreconditionError(
        absl::StrCat("index file ", path, ": fingerprint scheme ", scheme,
                     " differs from this build's scheme ", kFingerprintSchemeVersion,
                     "; recompute the signatures"));
  }
  const uint64_t payload_size = GetU64(h + 16);
  const uint64_t actual = bytes.size() - kHeaderSize;
  if (payload_size != actual) {
    return data_loss(absl::StrCat(payload_size > actual ? "truncated" : "trailing bytes",
                                  ": the header announces ", payload_size,
                                  " payload bytes, the file holds ", actual));
  }
  const char* payload = h + kHeaderSize;
  if (XXH3_64bits(payload, actual) != GetU64(h + 24)) {
    return data_loss("payload checksum mismatch (the file is corrupted)");
  }

  // The checksum matched; the payload is still parsed defensively (a file may be forged).
  Reader r(path, payload, actual, kHeaderSize);
  IndexOptions options;
  uint64_t threshold_bits, seed, next_seq, count;
  uint32_t k, shingle_size, bands, rows;
  uint8_t verification;
  if (!r.U64(&threshold_bits) || !r.U32(&k) || !r.U32(&shingle_size) || !r.U64(&seed) ||
      !r.U32(&bands) || !r.U32(&rows) || !r.U8(&verification) || !r.U64(&next_seq) ||
      !r.U64(&count)) {
    return r.Error("truncated options");
  }
  options.threshold = BitsDouble(threshold_bits);
  options.minhash = MinHashOptions{k, shingle_size, seed};
  options.bands = bands;
  options.rows = rows;
  if (verification > 2) return r.Error(absl::StrCat("unknown verification mode ", verification));
  options.verification = static_cast<Verification>(verification);
  if (bands == 0 || rows == 0) return r.Error("bands and rows must be positive");
  absl::StatusOr<LshIndex> created = Create(options);
  if (!created.ok()) return r.Error(std::string(created.status().message()));
  LshIndex index = *std::move(created);
  Impl& impl = *index.impl_;

  // Smallest possible record: id size, one id byte, sequence, flags.
  constexpr uint64_t kMinRecord = 4 + 1 + 8 + 1;
  if (count > r.remaining() / kMinRecord) {
    return r.Error(absl::StrCat("document count ", count, " cannot fit in the ", r.remaining(),
                                " bytes left"));
  }
  impl.slots.reserve(count);
  impl.by_id.reserve(count);
  for (uint64_t d = 0; d < count; ++d) {
    const size_t record_offset = r.offset();
    uint32_t id_size;
    std::string_view id;
    uint64_t seq;
    uint8_t flags;
    if (!r.U32(&id_size)) return r.Error("truncated document record");
    if (id_size == 0) return r.Error("empty document id");
    if (!r.Bytes(id_size, &id) || !r.U64(&seq) || !r.U8(&flags)) {
      return r.Error("truncated document record");
    }
    if (flags & ~(kFlagPublished | kFlagSignature)) return r.Error("unknown document flags");
    if (seq >= next_seq) return r.Error("document sequence number beyond the recorded next one");
    DocumentSketch sketch;
    sketch.id = std::string(id);
    if (flags & kFlagPublished) {
      uint64_t seconds;
      uint32_t offset;
      if (!r.U64(&seconds) || !r.U32(&offset)) return r.Error("truncated publication time");
      const int32_t offset_minutes = static_cast<int32_t>(offset);
      if (offset_minutes < -24 * 60 || offset_minutes > 24 * 60) {
        return r.Error("UTC offset out of range");
      }
      sketch.published = Timestamp{static_cast<int64_t>(seconds), offset_minutes};
    }
    if (flags & kFlagSignature) {
      if (r.remaining() / 4 < k) return r.Error("truncated signature");
      sketch.signature.values.resize(k);
      for (uint32_t i = 0; i < k; ++i) r.U32(&sketch.signature.values[i]);
    }
    if (impl.NeedsShingles()) {
      uint32_t n;
      if (!r.U32(&n)) return r.Error("truncated shingle count");
      if (n > r.remaining() / 8) {
        return r.Error(absl::StrCat("shingle count ", n, " exceeds the bytes left"));
      }
      sketch.shingles.resize(n);
      for (uint32_t i = 0; i < n; ++i) r.U64(&sketch.shingles[i]);
    }
    if (absl::Status s = impl.ValidateSketch(sketch); !s.ok()) {
      return absl::DataLossError(absl::StrCat("index file ", path, ": record at byte offset ",
                                              record_offset, ": ", s.message()));
    }
    if (impl.by_id.contains(sketch.id)) {
      return absl::DataLossError(absl::StrCat("index file ", path, ": record at byte offset ",
                                              record_offset, ": duplicate document id '",
                                              sketch.id, "'"));
    }
    impl.next_seq = seq;
    impl.InsertLocked(std::move(sketch));
  }
  if (r.remaining() != 0) return r.Error("unexpected bytes after the last document");
  impl.next_seq = next_seq;
  return index;
}

}  // namespace crossdoc
