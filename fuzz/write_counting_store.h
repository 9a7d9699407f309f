// A Store that forwards to another and counts the writes that took effect,
// so a fuzz target can check that a refused call changed nothing: every
// change a service makes goes through one of these methods, and the store
// contract makes each of them all-or-nothing.
#pragma once

#include <atomic>
#include <cstdint>

#include "storage/store.h"

namespace motcua::fuzz {

class WriteCountingStore final : public storage::Store {
 public:
  explicit WriteCountingStore(storage::Store& store) : store_(store) {}

  // Writes that returned OK and changed something (a replayed request id
  // changes nothing), since construction.
  int64_t writes() const { return writes_.load(); }

  absl::StatusOr<core::Settings> GetSettings() override;
  absl::Status PutSettings(const core::Settings& settings) override;
  absl::Status PutCalendarYear(const core::CalendarYear& year) override;
  absl::StatusOr<std::vector<core::CalendarYear>> ListCalendarYears() override;

  absl::Status PutToken(const storage::StoredToken& token) override;
  absl::StatusOr<storage::StoredToken> FindTokenByHash(
      const std::string& secret_hash) override;
  absl::StatusOr<std::vector<storage::StoredToken>> ListTokens() override;
  absl::StatusOr<storage::StoredToken> RevokeToken(const std::string& id,
                                                   absl::Time at) override;

  absl::Status PutUnit(const core::Unit& unit) override;
  absl::StatusOr<core::Unit> GetUnit(const std::string& code,
                                     absl::CivilDay as_of) override;
  absl::StatusOr<std::vector<core::Unit>> ListUnits(
      std::optional<absl::CivilDay> as_of) override;
  absl::Status PutAgency(const core::Agency& agency) override;
  absl::StatusOr<core::Agency> GetAgency(const std::string& code,
                                         absl::CivilDay as_of) override;
  absl::StatusOr<std::vector<core::Agency>> ListAgencies(
      std::optional<absl::CivilDay> as_of) override;
  absl::Status PutField(const core::Field& field) override;
  absl::StatusOr<core::Field> GetField(const std::string& code) override;
  absl::StatusOr<std::vector<core::Field>> ListFields() override;
  absl::Status PutProcedure(const core::Procedure& procedure) override;
  absl::StatusOr<core::Procedure> GetProcedure(const std::string& code,
                                               absl::CivilDay as_of) override;
  absl::StatusOr<std::vector<core::Procedure>> ListProcedures(
      std::optional<absl::CivilDay> as_of) override;

  absl::StatusOr<storage::DossierWrite> CreateDossier(
      const std::string& agency_code, absl::CivilDay day,
      const storage::RequestKey& request,
      const std::function<absl::StatusOr<core::DossierChange>(
          const std::string& code)>& create) override;
  absl::StatusOr<storage::DossierWrite> ImportDossier(
      const std::string& code, const storage::RequestKey& request,
      const std::function<absl::StatusOr<storage::ImportedHistory>()>& build)
      override;
  absl::Status ImportDossiers(
      std::vector<storage::ImportedHistory> histories) override;
  absl::Status RestoreDossiers(
      std::vector<storage::ImportedHistory> histories) override;
  absl::StatusOr<storage::DossierWrite> UpdateDossier(
      const std::string& code, const storage::RequestKey& request,
      const std::function<absl::StatusOr<core::DossierChange>(
          const core::Dossier&)>& mutate) override;
  absl::StatusOr<std::optional<storage::DossierWrite>> FindAppliedRequest(
      const storage::RequestKey& request) override;
  absl::StatusOr<core::Dossier> GetDossier(const std::string& code) override;
  absl::StatusOr<std::vector<core::DossierEvent>> GetHistory(
      const std::string& code) override;
  absl::StatusOr<storage::DossierPage> ListDossiers(
      const storage::DossierQuery& query) override;
  absl::Status ScanReceived(
      const core::Scope& scope, absl::CivilDay first, absl::CivilDay last,
      const std::function<bool(const core::Dossier&)>& visit) override;
  absl::Status ScanDossiers(
      const std::string& after_code,
      const std::function<bool(const storage::ImportedHistory&)>& visit)
      override;

  absl::StatusOr<storage::CountedPage> ListCounted(
      const storage::CountedQuery& query) override;

  absl::StatusOr<core::CounterRow> SumCounters(
      const core::Scope& scope, core::Dimension dimension,
      const std::string& dimension_code, absl::CivilDay first,
      absl::CivilDay last) override;
  absl::StatusOr<std::map<std::string, core::CounterRow>>
  SumCountersByDimension(const core::Scope& scope, core::Dimension dimension,
                         absl::CivilDay first, absl::CivilDay last) override;

  absl::StatusOr<storage::VerifyReport> Verify(bool repair) override;
  absl::StatusOr<storage::EngineStats> GetEngineStats() override {
    return store_.GetEngineStats();
  }

  // Backups read the store and change nothing in it: not counted.
  absl::StatusOr<storage::NewBackup> Backup(
      const std::string& folder) override {
    return store_.Backup(folder);
  }
  absl::StatusOr<std::vector<storage::BackupInfo>> ListBackups(
      const std::string& folder) override {
    return store_.ListBackups(folder);
  }
  absl::StatusOr<storage::PrunedBackups> PruneBackups(const std::string& folder,
                                                      int keep) override {
    return store_.PruneBackups(folder, keep);
  }

 private:
  absl::Status Counted(absl::Status s);
  absl::StatusOr<storage::DossierWrite> Counted(
      absl::StatusOr<storage::DossierWrite> w);

  storage::Store& store_;
  std::atomic<int64_t> writes_{0};
};

}  // namespace motcua::fuzz
