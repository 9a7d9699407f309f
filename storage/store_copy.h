// Copies a whole store into another, of any engine (RocksDB to PostgreSQL
// and back), through the storage contract alone: `motcua store copy`.
//
// What is copied, in this order: the settings, every calendar year, every
// token (revoked ones too), every version of the catalogue's units,
// agencies, fields and procedures, then every dossier with its history
// exactly as stored (versions, event sequences and recorded_at kept;
// Store::RestoreDossiers), in batches, each batch one atomic write. The
// target builds its own indexes and counters from the records. Applied
// request ids (what answers a retried write) are NOT copied: a client
// retrying, against the copy, a write it sent to the source before the
// copy gets that write applied anew or refused, not replayed; copy once
// the writers have stopped, and let clients start afresh.
//
// Idempotent: running it again, or after an interruption, copies only what
// the target lacks. Settings, calendar years and catalogue entries are
// written over (a copy rewrites them with equal values); a token already in
// the target is skipped when equal and refused when another token holds
// its id; a dossier already in the target is skipped when at the same
// version and refused (FailedPrecondition naming its code) when not: the
// target then is not a copy of this source. Ends with Verify(false) on the
// target.
//
// The source is read from one consistent snapshot (ScanDossiers), but
// nothing stops writers meanwhile: copy offline, or from a stopped server's
// store.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "storage/store.h"

namespace motcua::storage {

struct CopyProgress {
  int64_t dossiers_read = 0;     // from the source so far
  int64_t dossiers_copied = 0;   // written to the target so far
  int64_t dossiers_skipped = 0;  // already in the target
  std::string last_code;         // the last dossier read
};

struct CopyOptions {
  // Dossiers per RestoreDossiers call (one atomic write each).
  int batch_size = 1000;
  // Called after each batch (e.g. to print progress); may be empty.
  std::function<void(const CopyProgress&)> progress;
};

struct CopyReport {
  bool settings_copied = false;
  int64_t calendar_years = 0;
  int64_t tokens_copied = 0;
  int64_t tokens_skipped = 0;  // already in the target, equal
  // Catalogue versions written (every one: Put* is idempotent).
  int64_t units = 0;
  int64_t agencies = 0;
  int64_t fields = 0;
  int64_t procedures = 0;
  int64_t dossiers_copied = 0;
  int64_t events_copied = 0;
  int64_t dossiers_skipped = 0;  // already in the target, same version
  // Dossiers the target holds that the source does not (the target was not
  // empty): left as they are, and counted in the target's statistics.
  int64_t dossiers_only_in_target = 0;
  absl::Duration catalogue_time;  // settings, calendar, tokens, catalogue
  absl::Duration dossier_time;
  absl::Duration verify_time;
  VerifyReport verify;  // Verify(false) on the target, after the copy
};

// Copies `from` into `to` (see above). `from` and `to` must be different
// stores. An error stops the copy where it is: what was written stays, and
// a new run goes on from there.
absl::StatusOr<CopyReport> CopyStore(Store& from, Store& to,
                                     const CopyOptions& options = {});

}  // namespace motcua::storage
