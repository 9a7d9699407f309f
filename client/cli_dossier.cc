// The dossier commands: reception, status changes, inter-agency steps,
// reading and listing.
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "client/cli_command.h"
#include "client/cli_convert.h"
#include "client/cli_output.h"
#include "core/status_macros.h"

namespace motcua::client {
namespace {

absl::Status RunDossierReceive(Client& client, const cmdline::Flags& a,
                               bool json) {
  v1::ReceiveDossierRequest r;
  SetWrite(a, r.mutable_write());
  MOTCUA_RETURN_IF_ERROR(SetAt(a, r.mutable_write()));
  r.set_agency_code(a.GetString("agency"));
  r.set_procedure_code(a.GetString("procedure"));
  MOTCUA_ASSIGN_OR_RETURN(
      v1::Channel channel,
      ParseEnum<v1::Channel>(a.GetString("channel", "DIRECT"), "channel",
                             v1::Channel_Parse));
  r.set_channel(channel);
  v1::Applicant* ap = r.mutable_applicant();
  ap->set_kind(a.GetBool("organisation", false) ? v1::Applicant::ORGANISATION
                                                : v1::Applicant::PERSON);
  ap->set_name(a.GetString("name"));
  ap->set_id_number(a.GetString("id-number"));
  ap->set_phone(a.GetString("phone"));
  ap->set_email(a.GetString("email"));
  ap->set_address(a.GetString("address"));
  return Show<v1::Receipt>(
      client.Call(&v1::DossierService::Stub::ReceiveDossier, *client.dossiers(),
                  r),
      json, [](const v1::Receipt& receipt) {
        PrintDossier(receipt.dossier());
        std::cout << "\nReceipt: " << receipt.procedure_name() << " at "
                  << receipt.agency_name() << "; return the result on "
                  << DateString(receipt.due_date())
                  << (receipt.due_date_provisional() ? " (provisional calendar)"
                                                     : "")
                  << "\n";
      });
}

absl::Status RunDossierSubmit(Client& client, const cmdline::Flags& a,
                              bool json) {
  v1::SubmitDossierRequest r;
  SetWrite(a, r.mutable_write());
  MOTCUA_RETURN_IF_ERROR(SetAt(a, r.mutable_write()));
  r.set_agency_code(a.GetString("agency"));
  r.set_procedure_code(a.GetString("procedure"));
  r.mutable_applicant()->set_kind(v1::Applicant::PERSON);
  r.mutable_applicant()->set_name(a.GetString("name"));
  r.mutable_applicant()->set_id_number(a.GetString("id-number"));
  return ShowDossier(client.Call(&v1::DossierService::Stub::SubmitDossier,
                                 *client.dossiers(), r),
                     json);
}

absl::Status RunDossierAccept(Client& client, const cmdline::Flags& a,
                              bool json) {
  MOTCUA_ASSIGN_OR_RETURN(std::string code, Positional(a, 0, "CODE"));
  v1::ReceiveDossierRequest r;
  SetWrite(a, r.mutable_write());
  MOTCUA_RETURN_IF_ERROR(SetAt(a, r.mutable_write()));
  r.set_submitted_code(code);
  MOTCUA_ASSIGN_OR_RETURN(v1::Receipt receipt,
                          client.Call(&v1::DossierService::Stub::ReceiveDossier,
                                      *client.dossiers(), r));
  return ShowDossier(receipt.dossier(), json);
}

absl::Status RunDossierStatus(Client& client, const cmdline::Flags& a,
                              bool json) {
  MOTCUA_ASSIGN_OR_RETURN(std::string code, Positional(a, 0, "CODE"));
  MOTCUA_ASSIGN_OR_RETURN(std::string status, Positional(a, 1, "STATUS"));
  v1::ChangeDossierStatusRequest r;
  SetWrite(a, r.mutable_write());
  MOTCUA_RETURN_IF_ERROR(SetAt(a, r.mutable_write()));
  r.set_code(code);
  MOTCUA_ASSIGN_OR_RETURN(
      v1::DossierStatus to,
      ParseEnum<v1::DossierStatus>(status, "STATUS", v1::DossierStatus_Parse));
  r.set_status(to);
  if (a.Has("outcome")) {
    MOTCUA_ASSIGN_OR_RETURN(
        v1::Outcome outcome,
        ParseEnum<v1::Outcome>(a.GetString("outcome"), "outcome",
                               v1::Outcome_Parse));
    r.set_outcome(outcome);
  }
  return ShowDossier(client.Call(&v1::DossierService::Stub::ChangeDossierStatus,
                                 *client.dossiers(), r),
                     json);
}

absl::Status RunDossierApologize(Client& client, const cmdline::Flags& a,
                                 bool json) {
  MOTCUA_ASSIGN_OR_RETURN(std::string code, Positional(a, 0, "CODE"));
  v1::ApologizeForDossierRequest r;
  SetWrite(a, r.mutable_write());
  MOTCUA_RETURN_IF_ERROR(SetAt(a, r.mutable_write()));
  r.set_code(code);
  MOTCUA_ASSIGN_OR_RETURN(google::protobuf::Timestamp due,
                          ParseInstant(a.GetString("new-due"), "new-due"));
  *r.mutable_new_due_at() = due;
  return ShowDossier(client.Call(&v1::DossierService::Stub::ApologizeForDossier,
                                 *client.dossiers(), r),
                     json);
}

absl::Status RunDossierHand(Client& client, const cmdline::Flags& a,
                            bool json) {
  MOTCUA_ASSIGN_OR_RETURN(std::string code, Positional(a, 0, "CODE"));
  v1::HandDossierToAgencyRequest r;
  SetWrite(a, r.mutable_write());
  MOTCUA_RETURN_IF_ERROR(SetAt(a, r.mutable_write()));
  r.set_code(code);
  r.set_agency_code(a.GetString("agency"));
  int amount = 0;
  const bool hours = a.Has("hours");
  if (!absl::SimpleAtoi(a.GetString(hours ? "hours" : "days"), &amount)) {
    return Usage("--days=N or --hours=N is required");
  }
  r.mutable_allotted()->set_amount(amount);
  r.mutable_allotted()->set_unit(hours ? v1::WORKING_HOURS : v1::WORKING_DAYS);
  return ShowDossier(client.Call(&v1::DossierService::Stub::HandDossierToAgency,
                                 *client.dossiers(), r),
                     json);
}

absl::Status RunDossierFinishStep(Client& client, const cmdline::Flags& a,
                                  bool json) {
  MOTCUA_ASSIGN_OR_RETURN(std::string code, Positional(a, 0, "CODE"));
  v1::FinishDossierStepRequest r;
  SetWrite(a, r.mutable_write());
  MOTCUA_RETURN_IF_ERROR(SetAt(a, r.mutable_write()));
  r.set_code(code);
  return ShowDossier(client.Call(&v1::DossierService::Stub::FinishDossierStep,
                                 *client.dossiers(), r),
                     json);
}

absl::Status RunDossierGet(Client& client, const cmdline::Flags& a, bool json) {
  MOTCUA_ASSIGN_OR_RETURN(std::string code, Positional(a, 0, "CODE"));
  v1::GetDossierRequest r;
  r.set_code(code);
  return Show<v1::DossierWithHistory>(
      client.Call(&v1::DossierService::Stub::GetDossier, *client.dossiers(), r),
      json, [](const v1::DossierWithHistory& d) {
        PrintDossier(d.dossier());
        std::cout << "\n";
        std::vector<std::vector<std::string>> rows;
        for (const v1::DossierEvent& e : d.history()) {
          rows.push_back(
              {absl::StrCat(e.sequence()), LocalTime(e.occurred_at(), true),
               v1::DossierEvent::Kind_Name(e.kind()),
               v1::DossierStatus_Name(e.to_status()), e.principal(), e.note()});
        }
        PrintTable(std::cout, {"#", "when", "event", "status", "by", "note"},
                   rows);
      });
}

absl::Status RunDossierList(Client& client, const cmdline::Flags& a,
                            bool json) {
  v1::ListDossiersRequest r;
  MOTCUA_ASSIGN_OR_RETURN(v1::Scope scope, ParseScope(a.GetString("scope")));
  *r.mutable_scope() = scope;
  if (a.Has("status")) {
    MOTCUA_ASSIGN_OR_RETURN(
        v1::DossierStatus st,
        ParseEnum<v1::DossierStatus>(a.GetString("status"), "status",
                                     v1::DossierStatus_Parse));
    r.set_status(st);
  }
  for (const char* bound : {"from", "to"}) {
    if (!a.Has(bound)) continue;
    MOTCUA_ASSIGN_OR_RETURN(v1::Date d, ParseDate(a.GetString(bound), bound));
    *(std::string(bound) == "from" ? r.mutable_received_from()
                                   : r.mutable_received_to()) = d;
  }
  r.set_overdue_only(a.GetBool("overdue", false));
  int size = 0;
  if (a.Has("page-size") &&
      !absl::SimpleAtoi(a.GetString("page-size"), &size)) {
    return Usage("--page-size must be a number");
  }
  r.set_page_size(size);
  r.set_page_token(a.GetString("page-token"));
  return Show<v1::ListDossiersResponse>(
      client.Call(&v1::DossierService::Stub::ListDossiers, *client.dossiers(),
                  r),
      json, [](const v1::ListDossiersResponse& page) {
        std::vector<std::vector<std::string>> rows;
        for (const v1::Dossier& d : page.dossiers()) {
          rows.push_back({d.code(), v1::DossierStatus_Name(d.status()),
                          d.procedure_code(),
                          LocalTime(d.received_at(), d.has_received_at()),
                          LocalTime(d.due_at(), d.has_due_at())});
        }
        PrintTable(std::cout,
                   {"code", "status", "procedure", "received", "due"}, rows);
        if (!page.next_page_token().empty()) {
          std::cout << "next page: --page-token=" << page.next_page_token()
                    << "\n";
        }
      });
}

absl::Status RunDossierLookup(Client& client, const cmdline::Flags& a,
                              bool json) {
  MOTCUA_ASSIGN_OR_RETURN(std::string code, Positional(a, 0, "CODE"));
  v1::LookupDossierStatusRequest r;
  r.set_code(code);
  r.set_applicant_id_number(a.GetString("id-number"));
  return Show<v1::PublicDossierStatus>(
      client.Call(&v1::DossierService::Stub::LookupDossierStatus,
                  *client.dossiers(), r),
      json, [](const v1::PublicDossierStatus& p) {
        PrintTable(std::cout, {"field", "value"},
                   {{"code", p.code()},
                    {"status", v1::DossierStatus_Name(p.status())},
                    {"due", LocalTime(p.due_at(), p.has_due_at())}});
      });
}

}  // namespace

void AddDossierCommands(CommandTable* table) {
  (*table)["dossier receive"] = {
      "dossier receive --agency=CODE --procedure=CODE --name=NAME "
      "--id-number=ID [--channel=DIRECT|POSTAL] [--organisation] "
      "[--phone= --email= --address=] [--request-id=] [--note=] [--at=TIME]\n"
      "  Receives a dossier at the desk; prints the receipt (code, due date).",
      With(WriteFlags(), {"agency", "procedure", "name", "id-number", "channel",
                          "organisation", "phone", "email", "address"}),
      RunDossierReceive};
  (*table)["dossier submit"] = {
      "dossier submit --agency=CODE --procedure=CODE --name=NAME "
      "--id-number=ID [--request-id=] [--at=TIME]\n"
      "  Records an online submission (status SUBMITTED).",
      With(WriteFlags(), {"agency", "procedure", "name", "id-number"}),
      RunDossierSubmit};
  (*table)["dossier accept"] = {
      "dossier accept CODE [--request-id=] [--at=TIME]\n"
      "  Receives an online submission at the desk (SUBMITTED -> RECEIVED).",
      WriteFlags(), RunDossierAccept};
  (*table)["dossier status"] = {
      "dossier status CODE STATUS [--outcome=GRANTED|REFUSED] "
      "[--request-id=] [--note=] [--at=TIME]\n"
      "  Moves a dossier to STATUS: NOT_ACCEPTED, PROCESSING, "
      "AWAITING_SUPPLEMENT,\n  AWAITING_FINANCIAL_OBLIGATION, STOPPED, "
      "WITHDRAWN, RESOLVED (needs --outcome), RETURNED.",
      With(WriteFlags(), {"outcome"}), RunDossierStatus};
  (*table)["dossier apologize"] = {
      "dossier apologize CODE --new-due=TIME [--request-id=] [--note=]\n"
      "  Records an apology (form 04) with a new appointment.",
      With(WriteFlags(), {"new-due"}), RunDossierApologize};
  (*table)["dossier hand"] = {
      "dossier hand CODE --agency=CODE (--days=N | --hours=N) [--request-id=]\n"
      "  Hands the dossier to the next agency (inter-agency step).",
      With(WriteFlags(), {"agency", "days", "hours"}), RunDossierHand};
  (*table)["dossier finish-step"] = {
      "dossier finish-step CODE [--request-id=]\n"
      "  The agency holding the dossier has finished its step.",
      WriteFlags(), RunDossierFinishStep};
  (*table)["dossier get"] = {
      "dossier get CODE\n  Shows a dossier and its history (control sheet).",
      {},
      RunDossierGet};
  (*table)["dossier list"] = {
      "dossier list --scope=KIND:CODE [--status=S] [--from=DATE] [--to=DATE] "
      "[--overdue] [--page-size=N] [--page-token=T]",
      {"scope", "status", "from", "to", "overdue", "page-size", "page-token"},
      RunDossierList};
  (*table)["dossier lookup"] = {
      "dossier lookup CODE --id-number=ID\n"
      "  Public status lookup (no token needed).",
      {"id-number"},
      RunDossierLookup};
}

}  // namespace motcua::client
