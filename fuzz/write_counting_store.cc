#include "fuzz/write_counting_store.h"

namespace motcua::fuzz {

absl::Status WriteCountingStore::Counted(absl::Status s) {
  if (s.ok()) ++writes_;
  return s;
}

absl::StatusOr<storage::DossierWrite> WriteCountingStore::Counted(
    absl::StatusOr<storage::DossierWrite> w) {
  if (w.ok() && !w->replayed) ++writes_;
  return w;
}

absl::StatusOr<core::Settings> WriteCountingStore::GetSettings() {
  return store_.GetSettings();
}
absl::Status WriteCountingStore::PutSettings(const core::Settings& s) {
  return Counted(store_.PutSettings(s));
}
absl::Status WriteCountingStore::PutCalendarYear(const core::CalendarYear& y) {
  return Counted(store_.PutCalendarYear(y));
}
absl::StatusOr<std::vector<core::CalendarYear>>
WriteCountingStore::ListCalendarYears() {
  return store_.ListCalendarYears();
}

absl::Status WriteCountingStore::PutToken(const storage::StoredToken& t) {
  return Counted(store_.PutToken(t));
}
absl::StatusOr<storage::StoredToken> WriteCountingStore::FindTokenByHash(
    const std::string& secret_hash) {
  return store_.FindTokenByHash(secret_hash);
}
absl::StatusOr<std::vector<storage::StoredToken>>
WriteCountingStore::ListTokens() {
  return store_.ListTokens();
}
absl::StatusOr<storage::StoredToken> WriteCountingStore::RevokeToken(
    const std::string& id, absl::Time at) {
  absl::StatusOr<storage::StoredToken> t = store_.RevokeToken(id, at);
  if (t.ok()) ++writes_;
  return t;
}

absl::Status WriteCountingStore::PutUnit(const core::Unit& unit) {
  return Counted(store_.PutUnit(unit));
}
absl::StatusOr<core::Unit> WriteCountingStore::GetUnit(const std::string& code,
                                                       absl::CivilDay as_of) {
  return store_.GetUnit(code, as_of);
}
absl::StatusOr<std::vector<core::Unit>> WriteCountingStore::ListUnits(
    std::optional<absl::CivilDay> as_of) {
  return store_.ListUnits(as_of);
}
absl::Status WriteCountingStore::PutAgency(const core::Agency& agency) {
  return Counted(store_.PutAgency(agency));
}
absl::StatusOr<core::Agency> WriteCountingStore::GetAgency(
    const std::string& code, absl::CivilDay as_of) {
  return store_.GetAgency(code, as_of);
}
absl::StatusOr<std::vector<core::Agency>> WriteCountingStore::ListAgencies(
    std::optional<absl::CivilDay> as_of) {
  return store_.ListAgencies(as_of);
}
absl::Status WriteCountingStore::PutField(const core::Field& field) {
  return Counted(store_.PutField(field));
}
absl::StatusOr<core::Field> WriteCountingStore::GetField(
    const std::string& code) {
  return store_.GetField(code);
}
absl::StatusOr<std::vector<core::Field>> WriteCountingStore::ListFields() {
  return store_.ListFields();
}
absl::Status WriteCountingStore::PutProcedure(const core::Procedure& p) {
  return Counted(store_.PutProcedure(p));
}
absl::StatusOr<core::Procedure> WriteCountingStore::GetProcedure(
    const std::string& code, absl::CivilDay as_of) {
  return store_.GetProcedure(code, as_of);
}
absl::StatusOr<std::vector<core::Procedure>> WriteCountingStore::ListProcedures(
    std::optional<absl::CivilDay> as_of) {
  return store_.ListProcedures(as_of);
}

absl::StatusOr<storage::DossierWrite> WriteCountingStore::CreateDossier(
    const std::string& agency_code, absl::CivilDay day,
    const storage::RequestKey& request,
    const std::function<
        absl::StatusOr<core::DossierChange>(const std::string& code)>& create) {
  return Counted(store_.CreateDossier(agency_code, day, request, create));
}
absl::StatusOr<storage::DossierWrite> WriteCountingStore::ImportDossier(
    const std::string& code, const storage::RequestKey& request,
    const std::function<absl::StatusOr<storage::ImportedHistory>()>& build) {
  return Counted(store_.ImportDossier(code, request, build));
}
absl::Status WriteCountingStore::ImportDossiers(
    std::vector<storage::ImportedHistory> histories) {
  return Counted(store_.ImportDossiers(std::move(histories)));
}
absl::Status WriteCountingStore::RestoreDossiers(
    std::vector<storage::ImportedHistory> histories) {
  return Counted(store_.RestoreDossiers(std::move(histories)));
}
absl::StatusOr<storage::DossierWrite> WriteCountingStore::UpdateDossier(
    const std::string& code, const storage::RequestKey& request,
    const std::function<
        absl::StatusOr<core::DossierChange>(const core::Dossier&)>& mutate) {
  return Counted(store_.UpdateDossier(code, request, mutate));
}
absl::StatusOr<std::optional<storage::DossierWrite>>
WriteCountingStore::FindAppliedRequest(const storage::RequestKey& request) {
  return store_.FindAppliedRequest(request);
}
absl::StatusOr<core::Dossier> WriteCountingStore::GetDossier(
    const std::string& code) {
  return store_.GetDossier(code);
}
absl::StatusOr<std::vector<core::DossierEvent>> WriteCountingStore::GetHistory(
    const std::string& code) {
  return store_.GetHistory(code);
}
absl::StatusOr<storage::DossierPage> WriteCountingStore::ListDossiers(
    const storage::DossierQuery& query) {
  return store_.ListDossiers(query);
}
absl::Status WriteCountingStore::ScanReceived(
    const core::Scope& scope, absl::CivilDay first, absl::CivilDay last,
    const std::function<bool(const core::Dossier&)>& visit) {
  return store_.ScanReceived(scope, first, last, visit);
}
absl::Status WriteCountingStore::ScanDossiers(
    const std::string& after_code,
    const std::function<bool(const storage::ImportedHistory&)>& visit) {
  return store_.ScanDossiers(after_code, visit);
}

absl::StatusOr<storage::CountedPage> WriteCountingStore::ListCounted(
    const storage::CountedQuery& query) {
  return store_.ListCounted(query);
}

absl::StatusOr<core::CounterRow> WriteCountingStore::SumCounters(
    const core::Scope& scope, core::Dimension dimension,
    const std::string& dimension_code, absl::CivilDay first,
    absl::CivilDay last) {
  return store_.SumCounters(scope, dimension, dimension_code, first, last);
}
absl::StatusOr<std::map<std::string, core::CounterRow>>
WriteCountingStore::SumCountersByDimension(const core::Scope& scope,
                                           core::Dimension dimension,
                                           absl::CivilDay first,
                                           absl::CivilDay last) {
  return store_.SumCountersByDimension(scope, dimension, first, last);
}

absl::StatusOr<storage::VerifyReport> WriteCountingStore::Verify(bool repair) {
  absl::StatusOr<storage::VerifyReport> report = store_.Verify(repair);
  if (report.ok() && report->repaired) ++writes_;
  return report;
}

}  // namespace motcua::fuzz
