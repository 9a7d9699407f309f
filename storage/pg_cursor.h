// A KeyCursor over one PostgreSQL table. Internal to storage/.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "storage/key_cursor.h"
#include "storage/pg_connection.h"

namespace motcua::storage {

inline constexpr int kScanChunk = 512;  // rows per round trip of a scan

// A KeyCursor over a table's keys in [lower, upper) (upper empty: to the
// end), read in chunks over one connection (keyset paging: each chunk
// starts past the last key read). `columns` are the key's column, then the
// value's; keys must be unique.
class PgCursor : public KeyCursor {
 public:
  PgCursor(PgConnection& connection, std::string table, std::string lower,
           std::string upper, bool reverse, std::string columns = "key, value")
      : connection_(connection),
        table_(std::move(table)),
        columns_(std::move(columns)),
        lower_(std::move(lower)),
        upper_(std::move(upper)),
        reverse_(reverse) {}

  void Start(absl::string_view after) override {
    Fetch(std::string(after), !after.empty());
  }
  bool Valid() const override { return status_.ok() && row_ < rows_.size(); }
  absl::string_view key() const override { return rows_.value(row_, 0); }
  absl::string_view value() const override { return rows_.value(row_, 1); }
  void Next() override {
    if (++row_ < rows_.size() || !more_) return;
    Fetch(std::string(rows_.value(row_ - 1, 0)), true);
  }
  absl::Status status() const override { return status_; }

 private:
  // Reads the next chunk: from the range's start, or past `from`.
  void Fetch(const std::string& from, bool past) {
    std::vector<std::string> params;
    std::string where;
    auto bound = [&](absl::string_view op, const std::string& key) {
      params.push_back(key);
      absl::StrAppend(&where, where.empty() ? " WHERE " : " AND ", key_, " ",
                      op, " $", params.size());
    };
    bound(">=", lower_);
    if (!upper_.empty()) bound("<", upper_);
    if (past) bound(reverse_ ? "<" : ">", from);
    absl::StatusOr<PgRows> rows = connection_.Query(
        absl::StrCat("SELECT ", columns_, " FROM ", table_, where, " ORDER BY ",
                     key_, reverse_ ? " DESC" : "", " LIMIT ", kScanChunk),
        params);
    row_ = 0;
    if (!rows.ok()) {
      status_ = rows.status();
      rows_ = PgRows();
      more_ = false;
      return;
    }
    rows_ = *std::move(rows);
    more_ = rows_.size() == kScanChunk;
  }

  PgConnection& connection_;
  const std::string table_, columns_, lower_, upper_;
  // The key column: the first of `columns_`.
  const std::string key_ = columns_.substr(0, columns_.find(','));
  const bool reverse_;
  PgRows rows_;
  int row_ = 0;
  bool more_ = false;
  absl::Status status_;
};

}  // namespace motcua::storage
