#include "service/first_start.h"

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "core/calendar_year.h"
#include "core/status_macros.h"
#include "service/files.h"
#include "service/log.h"
#include "service/tokens.h"

namespace motcua::service {

absl::Status LoadCalendars(storage::Store& store, const std::string& dir) {
  int loaded = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("vn-", 0) != 0 || entry.path().extension() != ".txt") {
      continue;
    }
    MOTCUA_ASSIGN_OR_RETURN(const std::string text,
                            ReadFile(entry.path().string()));
    absl::StatusOr<core::CalendarYear> year = core::ParseCalendarYear(text);
    if (!year.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(entry.path().string(), ": ", year.status().message()));
    }
    MOTCUA_RETURN_IF_ERROR(store.PutCalendarYear(*year));
    ++loaded;
  }
  Log(LogLevel::kInfo, absl::StrCat("first start: loaded ", loaded,
                                    " calendar years from ", dir));
  return absl::OkStatus();
}

absl::Status LoadCatalogue(storage::Store& store,
                           const core::CatalogueEntries& entries) {
  for (const core::Unit& e : entries.units) {
    MOTCUA_RETURN_IF_ERROR(store.PutUnit(e));
  }
  for (const core::Agency& e : entries.agencies) {
    MOTCUA_RETURN_IF_ERROR(store.PutAgency(e));
  }
  for (const core::Field& e : entries.fields) {
    MOTCUA_RETURN_IF_ERROR(store.PutField(e));
  }
  for (const core::Procedure& e : entries.procedures) {
    MOTCUA_RETURN_IF_ERROR(store.PutProcedure(e));
  }
  Log(LogLevel::kInfo,
      absl::StrCat("first start: loaded ",
                   entries.units.size() + entries.agencies.size() +
                       entries.fields.size() + entries.procedures.size(),
                   " catalogue entries"));
  return absl::OkStatus();
}

absl::StatusOr<std::string> PrepareStore(storage::Store& store,
                                         const FirstStartOptions& o,
                                         absl::Time now) {
  MOTCUA_ASSIGN_OR_RETURN(const std::vector<core::CalendarYear> years,
                          store.ListCalendarYears());
  if (years.empty() && !o.calendar_dir.empty()) {
    MOTCUA_RETURN_IF_ERROR(LoadCalendars(store, o.calendar_dir));
  }
  MOTCUA_ASSIGN_OR_RETURN(const std::vector<core::Procedure> procedures,
                          store.ListProcedures(std::nullopt));
  if (procedures.empty() && o.catalogue) {
    MOTCUA_ASSIGN_OR_RETURN(const core::CatalogueEntries entries,
                            o.catalogue());
    MOTCUA_RETURN_IF_ERROR(LoadCatalogue(store, entries));
  }
  MOTCUA_ASSIGN_OR_RETURN(const core::Settings settings, store.GetSettings());
  core::Settings wanted = settings;
  if (o.supplement_rule) wanted.rules.supplement = *o.supplement_rule;
  if (o.granularity) wanted.rules.granularity = *o.granularity;
  if (wanted.rules.supplement != settings.rules.supplement ||
      wanted.rules.granularity != settings.rules.granularity) {
    MOTCUA_RETURN_IF_ERROR(store.PutSettings(wanted));
  }
  MOTCUA_ASSIGN_OR_RETURN(const std::vector<storage::StoredToken> tokens,
                          store.ListTokens());
  if (!tokens.empty()) return std::string();
  MOTCUA_ASSIGN_OR_RETURN(
      NewToken admin,
      GenerateToken({"admin", core::Role::kAdmin, {}, {}}, now));
  MOTCUA_RETURN_IF_ERROR(store.PutToken(admin.stored));
  if (!o.admin_token_file.empty()) {
    MOTCUA_RETURN_IF_ERROR(
        WriteOwnerOnlyFile(o.admin_token_file, admin.secret + "\n"));
  }
  Log(LogLevel::kInfo,
      absl::StrCat("first start: created administrator token ", admin.stored.id,
                   o.admin_token_file.empty()
                       ? ""
                       : absl::StrCat(" (secret written to ",
                                      o.admin_token_file, ", mode 0600)")));
  return admin.secret;
}

}  // namespace motcua::service
