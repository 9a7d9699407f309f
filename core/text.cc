#include "core/text.h"

#include "absl/strings/str_cat.h"

namespace motcua::core {
namespace {

// The length of the UTF-8 sequence starting at s[i], or 0 when it is not a
// well-formed one (overlong forms and surrogates included).
size_t SequenceLength(absl::string_view s, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b = byte(i);
  if (b < 0x80) return 1;
  size_t n = 0;
  unsigned int min = 0, code = 0;
  if ((b & 0xE0) == 0xC0) {
    n = 2, min = 0x80, code = b & 0x1F;
  } else if ((b & 0xF0) == 0xE0) {
    n = 3, min = 0x800, code = b & 0x0F;
  } else if ((b & 0xF8) == 0xF0) {
    n = 4, min = 0x10000, code = b & 0x07;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    code = (code << 6) | (byte(i + k) & 0x3F);
  }
  if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
    return 0;
  }
  return n;
}

bool IsControl(unsigned char c) { return c < 0x20 || c == 0x7F; }

}  // namespace

bool AllDigits(absl::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return !s.empty();
}

std::string Quote(absl::string_view value) {
  std::string out;
  size_t i = 0;
  while (i < value.size()) {
    size_t n = SequenceLength(value, i);
    if (n == 0) n = 1;  // a stray byte is shown as '?' below
    if (out.size() + n > kMaxQuotedBytes) return absl::StrCat(out, "…");
    if (n == 1 && (IsControl(static_cast<unsigned char>(value[i])) ||
                   static_cast<unsigned char>(value[i]) >= 0x80)) {
      out.push_back('?');
    } else {
      out.append(value.data() + i, n);
    }
    i += n;
  }
  return out;
}

absl::Status ValidateText(absl::string_view value, absl::string_view field,
                          size_t max_bytes, bool multiline) {
  if (value.size() > max_bytes) {
    return absl::InvalidArgumentError(absl::StrCat(field, " must have at most ",
                                                   max_bytes, " bytes (it has ",
                                                   value.size(), ")"));
  }
  for (size_t i = 0; i < value.size();) {
    const unsigned char c = static_cast<unsigned char>(value[i]);
    if (IsControl(c) && !(multiline && (c == '\n' || c == '\t'))) {
      return absl::InvalidArgumentError(absl::StrCat(
          field, " must not contain control characters (byte ", i, ")"));
    }
    const size_t n = SequenceLength(value, i);
    if (n == 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, " is not valid UTF-8 (byte ", i, ")"));
    }
    i += n;
  }
  return absl::OkStatus();
}

}  // namespace motcua::core
