#include "storage/store_copy.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "core/status_macros.h"
#include "google/protobuf/util/message_differencer.h"
#include "storage/record_codec.h"

namespace motcua::storage {
namespace {

// `status` with `what` in front of its message, keeping its code.
absl::Status Annotated(const absl::Status& status, absl::string_view what) {
  if (status.ok()) return status;
  return absl::Status(status.code(),
                      absl::StrCat(what, ": ", status.message()));
}

bool SameToken(const StoredToken& a, const StoredToken& b) {
  return google::protobuf::util::MessageDifferencer::Equals(ToRecord(a),
                                                            ToRecord(b));
}

absl::Status CopyTokens(Store& from, Store& to, CopyReport* report) {
  MOTCUA_ASSIGN_OR_RETURN(const std::vector<StoredToken> tokens,
                          from.ListTokens());
  MOTCUA_ASSIGN_OR_RETURN(const std::vector<StoredToken> existing,
                          to.ListTokens());
  std::map<std::string, const StoredToken*> by_id;
  for (const StoredToken& t : existing) by_id[t.id] = &t;
  for (const StoredToken& t : tokens) {
    auto it = by_id.find(t.id);
    if (it != by_id.end()) {
      if (!SameToken(t, *it->second)) {
        return absl::FailedPreconditionError(
            absl::StrCat("the target holds another token with id '", t.id,
                         "': it is not a copy of this source"));
      }
      ++report->tokens_skipped;
      continue;
    }
    MOTCUA_RETURN_IF_ERROR(
        Annotated(to.PutToken(t), absl::StrCat("token '", t.id, "'")));
    ++report->tokens_copied;
  }
  return absl::OkStatus();
}

absl::Status CopyCatalogue(Store& from, Store& to, CopyReport* report) {
  MOTCUA_ASSIGN_OR_RETURN(const std::vector<core::Unit> units,
                          from.ListUnits(std::nullopt));
  for (const core::Unit& u : units) {
    MOTCUA_RETURN_IF_ERROR(
        Annotated(to.PutUnit(u), absl::StrCat("unit '", u.code, "'")));
    ++report->units;
  }
  MOTCUA_ASSIGN_OR_RETURN(const std::vector<core::Agency> agencies,
                          from.ListAgencies(std::nullopt));
  for (const core::Agency& a : agencies) {
    MOTCUA_RETURN_IF_ERROR(
        Annotated(to.PutAgency(a), absl::StrCat("agency '", a.code, "'")));
    ++report->agencies;
  }
  MOTCUA_ASSIGN_OR_RETURN(const std::vector<core::Field> fields,
                          from.ListFields());
  for (const core::Field& f : fields) {
    MOTCUA_RETURN_IF_ERROR(
        Annotated(to.PutField(f), absl::StrCat("field '", f.code, "'")));
    ++report->fields;
  }
  MOTCUA_ASSIGN_OR_RETURN(const std::vector<core::Procedure> procedures,
                          from.ListProcedures(std::nullopt));
  for (const core::Procedure& p : procedures) {
    MOTCUA_RETURN_IF_ERROR(Annotated(to.PutProcedure(p),
                                     absl::StrCat("procedure '", p.code, "'")));
    ++report->procedures;
  }
  return absl::OkStatus();
}

// Writes the source's dossiers to the target a batch at a time, skipping
// those the target already holds.
class DossierCopier {
 public:
  DossierCopier(Store& to, const CopyOptions& options, CopyReport* report)
      : to_(to), options_(options), report_(report) {}

  // Takes one dossier read from the source (in code order); false once an
  // error stopped the copy.
  bool Take(const ImportedHistory& history) {
    ++progress_.dossiers_read;
    progress_.last_code = history.dossier.code;
    batch_.push_back(history);
    if (static_cast<int>(batch_.size()) >= options_.batch_size) {
      status_ = Flush();
    }
    return status_.ok();
  }

  // Writes the last batch and counts what the target holds past it.
  absl::Status Finish() {
    MOTCUA_RETURN_IF_ERROR(status_);
    MOTCUA_RETURN_IF_ERROR(Flush());
    return to_.ScanDossiers(done_through_, [&](const ImportedHistory&) {
      ++report_->dossiers_only_in_target;
      return true;
    });
  }

 private:
  // Writes `batch_`: first reads which of its codes (and which others of
  // the same range) the target holds.
  absl::Status Flush() {
    if (batch_.empty()) return absl::OkStatus();
    // Copies: the histories are moved out of the batch below.
    const std::string first = batch_.front().dossier.code;
    const std::string last = batch_.back().dossier.code;
    std::map<std::string, int64_t> held;  // code -> version in the target
    MOTCUA_RETURN_IF_ERROR(
        to_.ScanDossiers(done_through_, [&](const ImportedHistory& h) {
          if (h.dossier.code > last) return false;
          held[h.dossier.code] = h.dossier.version;
          return true;
        }));
    std::vector<ImportedHistory> missing;
    int64_t events = 0;
    for (ImportedHistory& h : batch_) {
      auto it = held.find(h.dossier.code);
      if (it == held.end()) {
        events += static_cast<int64_t>(h.events.size());
        missing.push_back(std::move(h));
        continue;
      }
      if (it->second != h.dossier.version) {
        return absl::FailedPreconditionError(absl::StrCat(
            "the target already holds dossier '", h.dossier.code,
            "' at version ", it->second, " but the source at version ",
            h.dossier.version, ": the target is not a copy of this source"));
      }
      held.erase(it);
      ++report_->dossiers_skipped;
    }
    report_->dossiers_only_in_target += static_cast<int64_t>(held.size());
    const int64_t copied = static_cast<int64_t>(missing.size());
    if (!missing.empty()) {
      MOTCUA_RETURN_IF_ERROR(Annotated(
          to_.RestoreDossiers(std::move(missing)),
          absl::StrCat("writing the dossiers ", first, " to ", last)));
    }
    report_->dossiers_copied += copied;
    report_->events_copied += events;
    done_through_ = last;
    batch_.clear();
    progress_.dossiers_copied = report_->dossiers_copied;
    progress_.dossiers_skipped = report_->dossiers_skipped;
    if (options_.progress) options_.progress(progress_);
    return absl::OkStatus();
  }

  Store& to_;
  const CopyOptions& options_;
  CopyReport* report_;
  std::vector<ImportedHistory> batch_;
  std::string done_through_;  // the last code of the batches written
  CopyProgress progress_;
  absl::Status status_;
};

}  // namespace

absl::StatusOr<CopyReport> CopyStore(Store& from, Store& to,
                                     const CopyOptions& options) {
  if (&from == &to) {
    return absl::InvalidArgumentError("a store cannot be copied onto itself");
  }
  if (options.batch_size < 1) {
    return absl::InvalidArgumentError("the batch size must be at least 1");
  }
  CopyReport report;
  absl::Time start = absl::Now();
  MOTCUA_ASSIGN_OR_RETURN(const core::Settings settings, from.GetSettings());
  MOTCUA_RETURN_IF_ERROR(Annotated(to.PutSettings(settings), "settings"));
  report.settings_copied = true;
  MOTCUA_ASSIGN_OR_RETURN(const std::vector<core::CalendarYear> years,
                          from.ListCalendarYears());
  for (const core::CalendarYear& year : years) {
    MOTCUA_RETURN_IF_ERROR(Annotated(to.PutCalendarYear(year),
                                     absl::StrCat("calendar ", year.year)));
    ++report.calendar_years;
  }
  MOTCUA_RETURN_IF_ERROR(CopyTokens(from, to, &report));
  MOTCUA_RETURN_IF_ERROR(CopyCatalogue(from, to, &report));
  report.catalogue_time = absl::Now() - start;

  start = absl::Now();
  DossierCopier copier(to, options, &report);
  MOTCUA_RETURN_IF_ERROR(from.ScanDossiers(
      "", [&](const ImportedHistory& h) { return copier.Take(h); }));
  MOTCUA_RETURN_IF_ERROR(copier.Finish());
  MOTCUA_RETURN_IF_ERROR(to.FinishBulkLoad());
  report.dossier_time = absl::Now() - start;

  start = absl::Now();
  MOTCUA_ASSIGN_OR_RETURN(report.verify, to.Verify(/*repair=*/false));
  report.verify_time = absl::Now() - start;
  return report;
}

}  // namespace motcua::storage
