// One libpq connection and the few ways the PostgreSQL engine talks over
// it. libpq rather than libpqxx: Debian's libpqxx (6.4) is old, and the
// engine needs little beyond libpq's own calls (parameters in binary,
// several statements sent in one round trip). Internal to storage/.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;

namespace motcua::storage {

// The rows of one statement's answer. Text columns hold the value as
// PostgreSQL prints it; bytea columns are decoded to their bytes.
class PgRows {
 public:
  PgRows() = default;
  explicit PgRows(PGresult* result);
  ~PgRows();
  PgRows(PgRows&& other) noexcept;
  PgRows& operator=(PgRows&& other) noexcept;

  int size() const;
  bool null(int row, int column) const;
  // The raw value as sent (binary-format results: the bytes themselves).
  absl::string_view value(int row, int column) const;
  // Rows the statement changed (INSERT/UPDATE/DELETE), from its tag.
  int64_t affected() const;

 private:
  PGresult* result_ = nullptr;
};

class PgConnection {
 public:
  // Connects with a libpq connection string. Unavailable when the server
  // cannot be reached (the message names libpq's reason).
  static absl::StatusOr<std::unique_ptr<PgConnection>> Connect(
      const std::string& conninfo);
  ~PgConnection();

  // Runs one statement with binary parameters and binary results. A
  // statement with parameters is prepared once per connection (the first
  // kMaxPrepared of them), so later runs skip its parsing and planning.
  absl::StatusOr<PgRows> Query(absl::string_view sql,
                               const std::vector<std::string>& params = {});
  // Runs `statements` (each one statement, binary parameters and results)
  // in one round trip (libpq's pipeline mode) and answers each one's rows.
  // The first failing statement's error is returned; PostgreSQL skips the
  // ones after it.
  struct Statement {
    std::string sql;
    std::vector<std::string> params;
  };
  absl::StatusOr<std::vector<PgRows>> Pipeline(
      const std::vector<Statement>& statements);
  // Sends `sql`, which may hold several statements, in one round trip and
  // answers each statement's rows in order. The first failing statement's
  // error is returned (PostgreSQL runs none after it). Results are text.
  absl::StatusOr<std::vector<PgRows>> Script(const std::string& sql);
  // Ends a failed transaction, if one is open; ignores errors (the
  // connection is dropped when broken).
  void Rollback();
  // False once the connection is broken, or the server answered that it
  // cannot serve (shutting down, a read-only standby): the pool then drops
  // it.
  bool healthy() const;
  // The server process serving this connection (unique among the
  // server's live connections).
  int backend_pid() const;

 private:
  explicit PgConnection(PGconn* conn) : conn_(conn) {}
  absl::Status ErrorOf(PGresult* result, absl::string_view what);
  // The name `sql` is prepared under, preparing it if need be; empty when
  // it cannot be (too many prepared, or the server refused).
  std::string Prepared(const std::string& sql, int params);

  static constexpr size_t kMaxPrepared = 200;
  PGconn* conn_;
  bool unavailable_ = false;  // an Unavailable error was seen
  std::map<std::string, std::string> prepared_;  // SQL -> statement name
};

// A bytea literal of `bytes` ('\x...'::bytea): only hex digits, so safe to
// put in SQL text.
std::string ByteaLiteral(absl::string_view bytes);
// The bytes of a bytea value in text format (\x followed by hex digits).
absl::StatusOr<std::string> DecodeByteaText(absl::string_view text);
// A big-endian integer, as PostgreSQL sends integers in binary.
int64_t BigIntFromBinary(absl::string_view bytes);
// Parameters in PostgreSQL's binary format: a bigint, a smallint, a
// boolean, and one-dimensional arrays of bytea and of bigint.
std::string BinaryInt64(int64_t value);
std::string BinaryInt16(int16_t value);
std::string BinaryBool(bool value);
std::string BinaryByteaArray(const std::vector<std::string>& elements);
std::string BinaryInt64Array(const std::vector<int64_t>& elements);

// Errors that a retry of the whole transaction may cure: serialization
// failures and deadlocks (Aborted), and a unique key taken by a concurrent
// transaction (AlreadyExists carrying this marker in its payload).
bool IsRetryable(const absl::Status& status);
// True for a unique-key violation.
bool IsUniqueViolation(const absl::Status& status);

}  // namespace motcua::storage
