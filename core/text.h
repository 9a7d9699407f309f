// Text that callers give: what may be stored, and how much of it an error
// message may quote back (a refusal never echoes a megabyte).
#pragma once

#include <cstddef>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace motcua::core {

// Whether `s` is one or more ASCII digits.
bool AllDigits(absl::string_view s);

// At most this many bytes of a caller's value appear in a message.
inline constexpr size_t kMaxQuotedBytes = 100;

// `value` for an error message: its first kMaxQuotedBytes bytes (cut at a
// character boundary) followed by "…" when longer, control characters
// shown as '?'.
std::string Quote(absl::string_view value);

// OK when `value` is valid UTF-8 of at most `max_bytes` bytes without
// control characters (newlines and tabs are allowed only when
// `multiline`). InvalidArgument naming `field` and the fault otherwise
// (never quoting the value).
absl::Status ValidateText(absl::string_view value, absl::string_view field,
                          size_t max_bytes, bool multiline = false);

}  // namespace motcua::core
