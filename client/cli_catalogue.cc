// The catalogue commands: units, agencies, fields and procedures, as in
// force on a day, and importing a catalogue.
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/cli_command.h"
#include "client/cli_convert.h"
#include "client/cli_output.h"
#include "core/status_macros.h"
#include "google/protobuf/util/json_util.h"

namespace motcua::client {
namespace {

absl::Status RunCatalogueProcedures(Client& client, const cmdline::Flags& a,
                                    bool json) {
  v1::ListCatalogueRequest r;
  MOTCUA_RETURN_IF_ERROR(SetAsOf(a, &r));
  r.set_page_size(5000);
  return Show<v1::ListProceduresResponse>(
      client.Call(&v1::CatalogueService::Stub::ListProcedures,
                  *client.catalogue(), r),
      json, [](const v1::ListProceduresResponse& list) {
        std::vector<std::vector<std::string>> rows;
        for (const v1::Procedure& p : list.procedures()) {
          rows.push_back(
              {p.code(), p.name(), p.field_code(),
               absl::StrCat(p.processing_time().amount(), " ",
                            v1::TimeUnit_Name(p.processing_time().unit())),
               absl::StrCat(p.online_level()),
               v1::OnlineClass_Name(p.online_class())});
        }
        PrintTable(std::cout,
                   {"code", "name", "field", "time", "level", "class"}, rows);
      });
}

absl::Status RunCatalogueImport(Client& client, const cmdline::Flags& a,
                                bool json) {
  MOTCUA_ASSIGN_OR_RETURN(std::string path, Positional(a, 0, "FILE.json"));
  MOTCUA_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  v1::ImportCatalogueRequest r;
  if (!google::protobuf::util::JsonStringToMessage(text, &r).ok()) {
    return Usage(absl::StrCat(path, " is not a catalogue JSON file"));
  }
  return Show<v1::ImportCatalogueResponse>(
      client.Call(&v1::CatalogueService::Stub::ImportCatalogue,
                  *client.catalogue(), r),
      json, [](const v1::ImportCatalogueResponse& out) {
        std::cout << "stored " << out.stored() << ", refused "
                  << out.refused_size() << "\n";
        for (const auto& refusal : out.refused()) {
          std::cout << "  " << refusal.kind() << " #" << refusal.index() << ": "
                    << refusal.reason() << "\n";
        }
      });
}

absl::Status RunCatalogueGet(Client& client, const cmdline::Flags& a,
                             bool json) {
  MOTCUA_ASSIGN_OR_RETURN(std::string kind, Positional(a, 0, "KIND"));
  MOTCUA_ASSIGN_OR_RETURN(std::string code, Positional(a, 1, "CODE"));
  v1::GetCatalogueEntryRequest r;
  r.set_code(code);
  MOTCUA_RETURN_IF_ERROR(SetAsOf(a, &r));
  // Entries print as their JSON, which names every field.
  auto show = [](const auto& entry) { std::cout << ToJson(entry); };
  if (kind == "unit") {
    return Show<v1::Unit>(client.Call(&v1::CatalogueService::Stub::GetUnit,
                                      *client.catalogue(), r),
                          json, show);
  }
  if (kind == "agency") {
    return Show<v1::Agency>(client.Call(&v1::CatalogueService::Stub::GetAgency,
                                        *client.catalogue(), r),
                            json, show);
  }
  if (kind == "procedure") {
    return Show<v1::Procedure>(
        client.Call(&v1::CatalogueService::Stub::GetProcedure,
                    *client.catalogue(), r),
        json, show);
  }
  return Usage("KIND must be unit, agency or procedure");
}

absl::Status RunCatalogueUnits(Client& client, const cmdline::Flags& a,
                               bool json) {
  v1::ListCatalogueRequest r;
  MOTCUA_RETURN_IF_ERROR(SetAsOf(a, &r));
  r.set_page_size(5000);
  return Show<v1::ListUnitsResponse>(
      client.Call(&v1::CatalogueService::Stub::ListUnits, *client.catalogue(),
                  r),
      json, [](const v1::ListUnitsResponse& list) {
        std::vector<std::vector<std::string>> rows;
        for (const v1::Unit& u : list.units()) {
          rows.push_back({u.code(), u.name(), v1::UnitLevel_Name(u.level()),
                          u.parent_code(),
                          DateString(u.validity().valid_from())});
        }
        PrintTable(std::cout, {"code", "name", "level", "parent", "from"},
                   rows);
      });
}

absl::Status RunCatalogueAgencies(Client& client, const cmdline::Flags& a,
                                  bool json) {
  v1::ListCatalogueRequest r;
  MOTCUA_RETURN_IF_ERROR(SetAsOf(a, &r));
  r.set_page_size(5000);
  return Show<v1::ListAgenciesResponse>(
      client.Call(&v1::CatalogueService::Stub::ListAgencies,
                  *client.catalogue(), r),
      json, [](const v1::ListAgenciesResponse& list) {
        std::vector<std::vector<std::string>> rows;
        for (const v1::Agency& x : list.agencies()) {
          rows.push_back({x.code(), x.name(), v1::UnitLevel_Name(x.level()),
                          x.unit_code()});
        }
        PrintTable(std::cout, {"code", "name", "level", "unit"}, rows);
      });
}

absl::Status RunCatalogueFields(Client& client, const cmdline::Flags&,
                                bool json) {
  v1::ListCatalogueRequest r;
  r.set_page_size(5000);
  return Show<v1::ListFieldsResponse>(
      client.Call(&v1::CatalogueService::Stub::ListFields, *client.catalogue(),
                  r),
      json, [](const v1::ListFieldsResponse& list) {
        std::vector<std::vector<std::string>> rows;
        for (const v1::Field& f : list.fields()) {
          rows.push_back({f.code(), f.name()});
        }
        PrintTable(std::cout, {"code", "name"}, rows);
      });
}

}  // namespace

void AddCatalogueCommands(CommandTable* table) {
  (*table)["catalogue procedures"] = {
      "catalogue procedures [--as-of=DATE]\n  Lists the procedures.",
      {"as-of"},
      RunCatalogueProcedures};
  (*table)["catalogue import"] = {
      "catalogue import FILE.json\n"
      "  Loads units, agencies, fields and procedures (ImportCatalogueRequest "
      "JSON,\n  as in data/demo/catalogue.json); reports refused entries.",
      {},
      RunCatalogueImport};
  (*table)["catalogue get"] = {
      "catalogue get unit|agency|procedure CODE [--as-of=DATE]\n"
      "  Shows the version of one entry in force on a day (default today).",
      {"as-of"},
      RunCatalogueGet};
  (*table)["catalogue units"] = {
      "catalogue units [--as-of=DATE]\n  Lists administrative units.",
      {"as-of"},
      RunCatalogueUnits};
  (*table)["catalogue agencies"] = {
      "catalogue agencies [--as-of=DATE]\n  Lists agencies.",
      {"as-of"},
      RunCatalogueAgencies};
  (*table)["catalogue fields"] = {
      "catalogue fields\n  Lists fields (lĩnh vực).", {}, RunCatalogueFields};
}

}  // namespace motcua::client
