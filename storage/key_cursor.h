// What the listings need from an engine, whatever it is: ordered cursors
// over a key range of the index entries (keys.h), and dossier records read
// by code. The listings themselves (dossier_listing.h, counted_listing.h)
// are written once over these. Internal to storage/.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/dossier.h"

namespace motcua::storage {

// The keys of [lower, upper) in ascending order, or descending for a
// reverse cursor, with their values.
class KeyCursor {
 public:
  virtual ~KeyCursor() = default;
  // Goes to the range's first key in the cursor's direction, or, when
  // `after` is not empty, to the first key past it in that direction.
  virtual void Start(absl::string_view after) = 0;
  virtual bool Valid() const = 0;
  // The current key and value; valid until the next call.
  virtual absl::string_view key() const = 0;
  virtual absl::string_view value() const = 0;
  virtual void Next() = 0;
  // The first error met; a cursor that failed is not Valid().
  virtual absl::Status status() const = 0;
};

// Opens a cursor over index entries [lower, upper) (upper empty: to the
// end), all read from one consistent view of the store.
using IndexCursors = std::function<std::unique_ptr<KeyCursor>(
    std::string lower, std::string upper, bool reverse)>;

// The dossiers of `codes`, in their order, from the same view. DataLoss
// when one is missing: only index entries name codes here.
using DossierReader = std::function<absl::StatusOr<std::vector<core::Dossier>>(
    const std::vector<std::string>& codes)>;

// Codes read per DossierReader call.
inline constexpr size_t kReadChunk = 256;

}  // namespace motcua::storage
