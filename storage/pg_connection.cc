// The PostgreSQL engine's connection (pg_connection.h).
#include "storage/pg_connection.h"

#include <endian.h>
#include <libpq-fe.h>

#include <cstdlib>
#include <cstring>
#include <optional>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/cord.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace motcua::storage {
namespace {

constexpr absl::string_view kSqlStatePayload = "motcua.postgresql/sqlstate";

absl::Status StatusOfState(absl::string_view state, std::string message) {
  absl::Status s;
  if (state == "40001" || state == "40P01") {
    s = absl::AbortedError(std::move(message));
  } else if (state == "23505") {
    s = absl::AlreadyExistsError(std::move(message));
  } else if (absl::StartsWith(state, "08") || state == "57P01" ||
             state == "57P02" || state == "57P03" || state == "53300" ||
             state == "25006") {
    // Connection lost, the server shutting down or starting, too many
    // connections, or a read-only server (a standby after a failover).
    s = absl::UnavailableError(std::move(message));
  } else if (absl::StartsWith(state, "53")) {
    s = absl::ResourceExhaustedError(std::move(message));
  } else {
    s = absl::InternalError(std::move(message));
  }
  s.SetPayload(kSqlStatePayload, absl::Cord(state));
  return s;
}

std::string Trimmed(const char* text) {
  return std::string(absl::StripTrailingAsciiWhitespace(text ? text : ""));
}

}  // namespace

PgRows::PgRows(PGresult* result) : result_(result) {}
PgRows::~PgRows() {
  if (result_ != nullptr) PQclear(result_);
}
PgRows::PgRows(PgRows&& other) noexcept
    : result_(std::exchange(other.result_, nullptr)) {}
PgRows& PgRows::operator=(PgRows&& other) noexcept {
  if (this != &other) {
    if (result_ != nullptr) PQclear(result_);
    result_ = std::exchange(other.result_, nullptr);
  }
  return *this;
}
int PgRows::size() const { return result_ ? PQntuples(result_) : 0; }
bool PgRows::null(int row, int column) const {
  return PQgetisnull(result_, row, column) != 0;
}
absl::string_view PgRows::value(int row, int column) const {
  return absl::string_view(PQgetvalue(result_, row, column),
                           PQgetlength(result_, row, column));
}
int64_t PgRows::affected() const {
  int64_t n = 0;
  if (result_ == nullptr || !absl::SimpleAtoi(PQcmdTuples(result_), &n)) {
    return 0;
  }
  return n;
}

absl::StatusOr<std::unique_ptr<PgConnection>> PgConnection::Connect(
    const std::string& conninfo) {
  PGconn* conn = PQconnectdb(conninfo.c_str());
  if (conn == nullptr) {
    return absl::ResourceExhaustedError(
        "libpq could not allocate a connection");
  }
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string reason = Trimmed(PQerrorMessage(conn));
    PQfinish(conn);
    return absl::UnavailableError(
        absl::StrCat("cannot connect to PostgreSQL: ", reason));
  }
  // Every statement the engine prepares reads or writes a few rows by key,
  // which an index does whatever the keys are; but for a key range
  // PostgreSQL's generic plan assumes thousands of rows, so it would plan
  // each run again (a custom plan), which costs more than running it, and
  // it would start parallel workers for a read of a few dozen rows. A
  // generic plan is kept until its tables are next analyzed: one made
  // while a table was nearly empty (requests, after a bulk load or a store
  // copy) would scan it whole at every run as it grows, so a table is read
  // by its index wherever one serves.
  PGresult* set = PQexec(conn,
                         "SET plan_cache_mode = force_generic_plan; "
                         "SET max_parallel_workers_per_gather = 0; "
                         "SET enable_seqscan = off");
  const bool set_ok = set != nullptr && PQresultStatus(set) == PGRES_COMMAND_OK;
  if (set) PQclear(set);
  if (!set_ok) {
    std::string reason = Trimmed(PQerrorMessage(conn));
    PQfinish(conn);
    return absl::UnavailableError(absl::StrCat(
        "PostgreSQL: cannot set the planner's settings: ", reason));
  }
  return std::unique_ptr<PgConnection>(new PgConnection(conn));
}

PgConnection::~PgConnection() { PQfinish(conn_); }

bool PgConnection::healthy() const {
  return !unavailable_ && PQstatus(conn_) == CONNECTION_OK;
}
int PgConnection::backend_pid() const { return PQbackendPID(conn_); }

absl::Status PgConnection::ErrorOf(PGresult* result, absl::string_view what) {
  const char* state =
      result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  std::string message =
      Trimmed(result ? PQresultErrorMessage(result) : PQerrorMessage(conn_));
  if (message.empty()) message = Trimmed(PQerrorMessage(conn_));
  message = absl::StrCat("PostgreSQL, ", what, ": ", message);
  if (state == nullptr || !healthy()) {
    // No SQLSTATE: the connection broke (the server went away).
    unavailable_ = true;
    return absl::UnavailableError(std::move(message));
  }
  absl::Status status = StatusOfState(state, std::move(message));
  // The server is shutting down, or no longer the primary (a standby after
  // a failover refuses writes): the pool reconnects, to the new primary.
  if (absl::IsUnavailable(status)) unavailable_ = true;
  return status;
}

absl::StatusOr<PgRows> PgConnection::Query(
    absl::string_view sql, const std::vector<std::string>& params) {
  std::vector<const char*> values;
  std::vector<int> lengths, formats;
  for (const std::string& p : params) {
    values.push_back(p.data());
    lengths.push_back(static_cast<int>(p.size()));
    formats.push_back(1);
  }
  const std::string text(sql);
  const int n = static_cast<int>(params.size());
  const std::string name = n > 0 ? Prepared(text, n) : "";
  PGresult* result =
      !name.empty()
          ? PQexecPrepared(conn_, name.c_str(), n, values.data(),
                           lengths.data(), formats.data(), /*resultFormat=*/1)
          : PQexecParams(conn_, text.c_str(), n, nullptr, values.data(),
                         lengths.data(), formats.data(), /*resultFormat=*/1);
  const ExecStatusType status =
      result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    absl::Status error = ErrorOf(result, "a query");
    if (result) PQclear(result);
    return error;
  }
  return PgRows(result);
}

std::string PgConnection::Prepared(const std::string& sql, int params) {
  auto it = prepared_.find(sql);
  if (it != prepared_.end()) return it->second;
  if (prepared_.size() >= kMaxPrepared) return "";
  std::string name = absl::StrCat("motcua_", prepared_.size());
  PGresult* result = PQprepare(conn_, name.c_str(), sql.c_str(), params,
                               /*paramTypes=*/nullptr);
  const bool ok =
      result != nullptr && PQresultStatus(result) == PGRES_COMMAND_OK;
  if (result) PQclear(result);
  // Not prepared (in a failed transaction, say): run as a one-off.
  if (!ok) return "";
  prepared_.emplace(sql, name);
  return name;
}

absl::StatusOr<std::vector<PgRows>> PgConnection::Script(
    const std::string& sql) {
  if (PQsendQuery(conn_, sql.c_str()) == 0) {
    return ErrorOf(nullptr, "sending statements");
  }
  std::vector<PgRows> out;
  absl::Status error;
  while (PGresult* result = PQgetResult(conn_)) {
    const ExecStatusType status = PQresultStatus(result);
    if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) {
      out.emplace_back(result);
      continue;
    }
    if (error.ok()) error = ErrorOf(result, "a statement");
    PQclear(result);
  }
  if (!error.ok()) return error;
  if (!healthy()) return ErrorOf(nullptr, "reading answers");
  return out;
}

absl::StatusOr<std::vector<PgRows>> PgConnection::Pipeline(
    const std::vector<Statement>& statements) {
  if (PQenterPipelineMode(conn_) == 0) {
    return ErrorOf(nullptr, "entering pipeline mode");
  }
  absl::Status error;
  for (const Statement& statement : statements) {
    std::vector<const char*> values;
    std::vector<int> lengths, formats;
    for (const std::string& p : statement.params) {
      values.push_back(p.data());
      lengths.push_back(static_cast<int>(p.size()));
      formats.push_back(1);
    }
    if (PQsendQueryParams(conn_, statement.sql.c_str(),
                          static_cast<int>(values.size()), nullptr,
                          values.data(), lengths.data(), formats.data(),
                          /*resultFormat=*/1) == 0) {
      error = ErrorOf(nullptr, "sending a statement");
      break;
    }
  }
  if (error.ok() && PQpipelineSync(conn_) == 0) {
    error = ErrorOf(nullptr, "sending a pipeline");
  }
  std::vector<PgRows> out;
  // Each statement's results end with a null; the sync ends the pipeline.
  // A broken connection ends it too: PQgetResult then answers null twice.
  int nulls_in_a_row = 0;
  while (nulls_in_a_row < 2) {
    PGresult* result = PQgetResult(conn_);
    if (result == nullptr) {
      ++nulls_in_a_row;
      continue;
    }
    nulls_in_a_row = 0;
    const ExecStatusType status = PQresultStatus(result);
    if (status == PGRES_PIPELINE_SYNC) {
      PQclear(result);
      break;
    }
    if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) {
      out.emplace_back(result);
      continue;
    }
    if (error.ok() && status != PGRES_PIPELINE_ABORTED) {
      error = ErrorOf(result, "a statement");
    }
    PQclear(result);
  }
  PQexitPipelineMode(conn_);
  if (!error.ok()) return error;
  if (!healthy()) return ErrorOf(nullptr, "reading answers");
  return out;
}

void PgConnection::Rollback() {
  if (!healthy()) return;
  if (PQtransactionStatus(conn_) == PQTRANS_IDLE) return;
  PGresult* result = PQexec(conn_, "ROLLBACK");
  if (result) PQclear(result);
}

std::string ByteaLiteral(absl::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "'\\x";
  out.reserve(bytes.size() * 2 + 12);
  for (unsigned char c : bytes) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  out += "'::bytea";
  return out;
}

absl::StatusOr<std::string> DecodeByteaText(absl::string_view text) {
  if (!absl::ConsumePrefix(&text, "\\x") || text.size() % 2 != 0) {
    return absl::DataLossError("a bytea value is not in hex form");
  }
  std::string out;
  out.reserve(text.size() / 2);
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (size_t i = 0; i < text.size(); i += 2) {
    const int hi = nibble(text[i]), lo = nibble(text[i + 1]);
    if (hi < 0 || lo < 0) {
      return absl::DataLossError("a bytea value is not in hex form");
    }
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return out;
}

int64_t BigIntFromBinary(absl::string_view bytes) {
  uint64_t v = 0;
  if (bytes.size() == sizeof(v)) {  // a bigint, the usual case: one load
    std::memcpy(&v, bytes.data(), sizeof(v));
    return static_cast<int64_t>(be64toh(v));
  }
  for (unsigned char c : bytes) v = (v << 8) | c;
  return static_cast<int64_t>(v);
}

namespace {
void AppendInt32(int32_t v, std::string* out) {
  for (int i = 3; i >= 0; --i) out->push_back(static_cast<char>(v >> (8 * i)));
}
// The header of a one-dimensional array without nulls.
std::string ArrayHeader(int32_t element_oid, size_t count) {
  std::string out;
  AppendInt32(1, &out);  // dimensions
  AppendInt32(0, &out);  // no nulls
  AppendInt32(element_oid, &out);
  AppendInt32(static_cast<int32_t>(count), &out);
  AppendInt32(1, &out);  // lower bound
  return out;
}
constexpr int32_t kByteaOid = 17;
constexpr int32_t kInt8Oid = 20;
}  // namespace

std::string BinaryInt64(int64_t value) {
  std::string out;
  for (int i = 7; i >= 0; --i) {
    out.push_back(static_cast<char>(static_cast<uint64_t>(value) >> (8 * i)));
  }
  return out;
}
std::string BinaryInt16(int16_t value) {
  return std::string{static_cast<char>(value >> 8), static_cast<char>(value)};
}
std::string BinaryBool(bool value) { return std::string(1, value ? 1 : 0); }

std::string BinaryByteaArray(const std::vector<std::string>& elements) {
  std::string out = ArrayHeader(kByteaOid, elements.size());
  for (const std::string& e : elements) {
    AppendInt32(static_cast<int32_t>(e.size()), &out);
    out += e;
  }
  return out;
}

std::string BinaryInt64Array(const std::vector<int64_t>& elements) {
  std::string out = ArrayHeader(kInt8Oid, elements.size());
  for (int64_t e : elements) {
    AppendInt32(8, &out);
    out += BinaryInt64(e);
  }
  return out;
}

bool IsRetryable(const absl::Status& status) {
  return absl::IsAborted(status) || IsUniqueViolation(status);
}

bool IsUniqueViolation(const absl::Status& status) {
  const auto state = status.GetPayload(kSqlStatePayload);
  return state.has_value() && *state == "23505";
}

}  // namespace motcua::storage
