// motcua: the command-line client of the motcua service.
//   motcua [--addr=HOST:PORT] [--token=T] [--json] GROUP VERB [ARGS]
// Address and token also come from MOTCUA_ADDR and MOTCUA_TOKEN. Exit
// status: 0 done, 1 the server refused (its code and message are printed),
// 2 the command line was wrong.
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>

#include "absl/strings/cord.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "client/cli_args.h"
#include "client/cli_output.h"
#include "client/motcua_client.h"
#include "core/calendar_year.h"
#include "google/protobuf/util/json_util.h"

namespace motcua::client {
namespace {

struct Command {
  std::string usage;  // shown by --help
  std::set<std::string> options;
  std::function<absl::Status(Client&, const Args&, bool json)> run;
};

// A mistake on the command line (exit 2), as opposed to a refusal by the
// server (exit 1): marked by a payload, since both are INVALID_ARGUMENT.
constexpr absl::string_view kUsagePayload = "motcua.cli/usage";

absl::Status Usage(absl::string_view why) {
  absl::Status s = absl::InvalidArgumentError(why);
  s.SetPayload(kUsagePayload, absl::Cord("1"));
  return s;
}

bool IsUsage(const absl::Status& s) {
  return s.GetPayload(kUsagePayload).has_value();
}

// ---- argument conversions ----

absl::StatusOr<v1::Date> ParseDate(const std::string& text,
                                   absl::string_view option) {
  absl::CivilDay day;
  if (!absl::ParseCivilTime(text, &day)) {
    return Usage(absl::StrCat("--", option, " must be a date YYYY-MM-DD"));
  }
  return ToDate(day);
}

// Sets the request's as_of from --as-of, when given.
template <typename Request>
absl::Status SetAsOf(const Args& a, Request* r) {
  if (!a.Has("as-of")) return absl::OkStatus();
  absl::StatusOr<v1::Date> d = ParseDate(a.Get("as-of"), "as-of");
  if (!d.ok()) return d.status();
  *r->mutable_as_of() = *d;
  return absl::OkStatus();
}

// RFC 3339, or "YYYY-MM-DD HH:MM" read as Vietnam's local time.
absl::StatusOr<google::protobuf::Timestamp> ParseInstant(
    const std::string& text, absl::string_view option) {
  absl::Time t;
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, text, &t, &error) &&
      !absl::ParseTime("%Y-%m-%d %H:%M", text, absl::FixedTimeZone(7 * 3600),
                       &t, &error)) {
    return Usage(absl::StrCat(
        "--", option, " must be RFC 3339 or 'YYYY-MM-DD HH:MM' (local time)"));
  }
  google::protobuf::Timestamp ts;
  ts.set_seconds(absl::ToUnixSeconds(t));
  return ts;
}

absl::StatusOr<v1::Scope> ParseScope(const std::string& text) {
  static const std::map<std::string, v1::Scope::Kind> kinds = {
      {"deployment", v1::Scope::DEPLOYMENT}, {"province", v1::Scope::PROVINCE},
      {"district", v1::Scope::DISTRICT},     {"commune", v1::Scope::COMMUNE},
      {"agency", v1::Scope::AGENCY}};
  std::pair<std::string, std::string> kc =
      absl::StrSplit(text, absl::MaxSplits(':', 1));
  auto it = kinds.find(kc.first);
  if (it == kinds.end()) {
    return Usage("--scope must be deployment, province:CODE, district:CODE, "
                 "commune:CODE or agency:CODE");
  }
  v1::Scope s;
  s.set_kind(it->second);
  s.set_code(kc.second);
  return s;
}

template <typename Enum>
absl::StatusOr<Enum> ParseEnum(const std::string& text, absl::string_view option,
                               bool (*parse)(const std::string&, Enum*)) {
  Enum value;
  if (!parse(text, &value)) {
    return Usage(absl::StrCat("--", option, ": unknown value '", text, "'"));
  }
  return value;
}

void SetWrite(const Args& a, v1::WriteOptions* w) {
  w->set_request_id(a.Get("request-id"));
  w->set_note(a.Get("note"));
}

absl::Status SetAt(const Args& a, v1::WriteOptions* w) {
  if (!a.Has("at")) return absl::OkStatus();
  absl::StatusOr<google::protobuf::Timestamp> at = ParseInstant(a.Get("at"), "at");
  if (!at.ok()) return at.status();
  *w->mutable_occurred_at() = *at;
  return absl::OkStatus();
}

absl::StatusOr<std::string> Positional(const Args& a, size_t i,
                                       absl::string_view what) {
  if (a.positional().size() <= i) {
    return Usage(absl::StrCat("missing ", what, " (see --help)"));
  }
  return a.positional()[i];
}

// The period of --from/--to, or --year with --quarter or --month.
absl::StatusOr<v1::Period> ParsePeriod(const Args& a) {
  v1::Period p;
  if (a.Has("from") || a.Has("to")) {
    absl::StatusOr<v1::Date> from = ParseDate(a.Get("from"), "from");
    if (!from.ok()) return from.status();
    absl::StatusOr<v1::Date> to = ParseDate(a.Get("to"), "to");
    if (!to.ok()) return to.status();
    *p.mutable_from() = *from;
    *p.mutable_to() = *to;
    return p;
  }
  int year = 0, quarter = 0, month = 0;
  if (!absl::SimpleAtoi(a.Get("year"), &year) || year < 1970 || year > 9999) {
    return Usage("give --from and --to, or --year (with --quarter or --month)");
  }
  absl::CivilDay first(year, 1, 1), last(year, 12, 31);
  if (a.Has("quarter")) {
    if (!absl::SimpleAtoi(a.Get("quarter"), &quarter) || quarter < 1 ||
        quarter > 4) {
      return Usage("--quarter must be 1 to 4");
    }
    first = absl::CivilDay(year, 3 * quarter - 2, 1);
    last = absl::CivilDay(absl::CivilMonth(year, 3 * quarter) + 1) - 1;
  } else if (a.Has("month")) {
    if (!absl::SimpleAtoi(a.Get("month"), &month) || month < 1 || month > 12) {
      return Usage("--month must be 1 to 12");
    }
    first = absl::CivilDay(year, month, 1);
    last = absl::CivilDay(absl::CivilMonth(year, month) + 1) - 1;
  }
  for (auto [day, out] : {std::pair{first, p.mutable_from()},
                          std::pair{last, p.mutable_to()}}) {
    *out = ToDate(day);
  }
  return p;
}

// Form 06 columns: (English heading, Vietnamese heading, value); with
// `steps`, an agency's inter-agency steps too.
std::vector<std::tuple<const char*, const char*, int64_t>> Form06Columns(
    const v1::Form06Row& r, bool steps = false) {
  std::vector<std::tuple<const char*, const char*, int64_t>> columns = {{"received", "Tổng số tiếp nhận", r.received_total()},
          {"online", "Trực tuyến", r.received_online()},
          {"direct/postal", "Trực tiếp và bưu chính", r.received_direct_postal()},
          {"carried over", "Kỳ trước chuyển qua", r.carried_over()},
          {"resolved", "Tổng số đã giải quyết", r.resolved_total()},
          {"early", "Trước hạn", r.resolved_early()},
          {"on time", "Đúng hạn", r.resolved_on_time()},
          {"late", "Quá hạn", r.resolved_late()},
          {"in progress", "Tổng số đang giải quyết", r.in_progress_total()},
          {"within time", "Trong hạn", r.in_progress_within_time()},
          {"overdue", "Quá hạn (đang giải quyết)", r.in_progress_overdue()},
          {"awaiting supplement", "Chờ bổ sung", r.awaiting_supplement()},
          {"withdrawn", "Rút hồ sơ", r.withdrawn()},
          {"not accepted", "Không tiếp nhận", r.not_accepted()},
          {"late with apology", "Quá hạn có xin lỗi", r.late_with_apology()}};
  if (steps) {
    columns.push_back({"steps early", "Bước liên thông trước hạn", r.steps_early()});
    columns.push_back({"steps on time", "Bước liên thông đúng hạn", r.steps_on_time()});
    columns.push_back({"steps late", "Bước liên thông quá hạn", r.steps_late()});
  }
  return columns;
}

std::string CsvCell(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// One CSV record, cells quoted where needed, CRLF-terminated (RFC 4180).
std::string CsvLine(const std::vector<std::string>& cells) {
  std::vector<std::string> quoted;
  for (const std::string& c : cells) quoted.push_back(CsvCell(c));
  return absl::StrCat(absl::StrJoin(quoted, ","), "\r\n");
}

// ---- output ----

void PrintDossier(const v1::Dossier& d) {
  std::vector<std::vector<std::string>> rows = {
      {"code", d.code()},
      {"status", v1::DossierStatus_Name(d.status())},
      {"agency", d.agency_code()},
      {"procedure", d.procedure_code()},
      {"channel", v1::Channel_Name(d.channel())},
      {"received", LocalTime(d.received_at(), d.has_received_at())},
      {"due", LocalTime(d.due_at(), d.has_due_at())},
      {"extended due", LocalTime(d.extended_due_at(), d.has_extended_due_at())},
      {"finished", LocalTime(d.finished_at(), d.has_finished_at())},
      {"returned", LocalTime(d.returned_at(), d.has_returned_at())}};
  if (d.timeliness() != v1::TIMELINESS_UNSPECIFIED) {
    rows.push_back({"timeliness", v1::Timeliness_Name(d.timeliness())});
  }
  if (d.has_applicant()) {
    rows.push_back({"applicant", d.applicant().name()});
  }
  PrintTable(std::cout, {"field", "value"}, rows);
}

template <typename Message>
absl::Status Show(const absl::StatusOr<Message>& result, bool json,
                  const std::function<void(const Message&)>& human) {
  if (!result.ok()) return result.status();
  if (json) {
    std::cout << ToJson(*result);
  } else {
    human(*result);
  }
  return absl::OkStatus();
}

absl::Status ShowDossier(const absl::StatusOr<v1::Dossier>& d, bool json) {
  return Show<v1::Dossier>(d, json, PrintDossier);
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Usage(absl::StrCat("cannot read ", path));
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// ---- commands ----

const std::set<std::string> kWrite = {"request-id", "note", "at"};

std::set<std::string> With(std::set<std::string> a,
                           const std::set<std::string>& b) {
  a.insert(b.begin(), b.end());
  return a;
}

std::map<std::string, Command> Commands() {
  std::map<std::string, Command> c;

  c["dossier receive"] = {
      "dossier receive --agency=CODE --procedure=CODE --name=NAME "
      "--id-number=ID [--channel=DIRECT|POSTAL] [--organisation] "
      "[--phone= --email= --address=] [--request-id=] [--note=] [--at=TIME]\n"
      "  Receives a dossier at the desk; prints the receipt (code, due date).",
      With(kWrite, {"agency", "procedure", "name", "id-number", "channel",
                    "organisation", "phone", "email", "address"}),
      [](Client& client, const Args& a, bool json) -> absl::Status {
        v1::ReceiveDossierRequest r;
        SetWrite(a, r.mutable_write());
        absl::Status s = SetAt(a, r.mutable_write());
        if (!s.ok()) return s;
        r.set_agency_code(a.Get("agency"));
        r.set_procedure_code(a.Get("procedure"));
        absl::StatusOr<v1::Channel> channel =
            ParseEnum<v1::Channel>(a.Get("channel", "DIRECT"), "channel",
                                   v1::Channel_Parse);
        if (!channel.ok()) return channel.status();
        r.set_channel(*channel);
        v1::Applicant* ap = r.mutable_applicant();
        ap->set_kind(a.Has("organisation") ? v1::Applicant::ORGANISATION
                                           : v1::Applicant::PERSON);
        ap->set_name(a.Get("name"));
        ap->set_id_number(a.Get("id-number"));
        ap->set_phone(a.Get("phone"));
        ap->set_email(a.Get("email"));
        ap->set_address(a.Get("address"));
        return Show<v1::Receipt>(
            client.Call(&v1::DossierService::Stub::ReceiveDossier,
                        *client.dossiers(), r),
            json, [](const v1::Receipt& receipt) {
              PrintDossier(receipt.dossier());
              std::cout << "\nReceipt: " << receipt.procedure_name() << " at "
                        << receipt.agency_name() << "; return the result on "
                        << DateString(receipt.due_date())
                        << (receipt.due_date_provisional()
                                ? " (provisional calendar)"
                                : "")
                        << "\n";
            });
      }};

  c["dossier submit"] = {
      "dossier submit --agency=CODE --procedure=CODE --name=NAME "
      "--id-number=ID [--request-id=] [--at=TIME]\n"
      "  Records an online submission (status SUBMITTED).",
      With(kWrite, {"agency", "procedure", "name", "id-number"}),
      [](Client& client, const Args& a, bool json) -> absl::Status {
        v1::SubmitDossierRequest r;
        SetWrite(a, r.mutable_write());
        absl::Status s = SetAt(a, r.mutable_write());
        if (!s.ok()) return s;
        r.set_agency_code(a.Get("agency"));
        r.set_procedure_code(a.Get("procedure"));
        r.mutable_applicant()->set_kind(v1::Applicant::PERSON);
        r.mutable_applicant()->set_name(a.Get("name"));
        r.mutable_applicant()->set_id_number(a.Get("id-number"));
        return ShowDossier(client.Call(&v1::DossierService::Stub::SubmitDossier,
                                       *client.dossiers(), r),
                           json);
      }};

  c["dossier accept"] = {
      "dossier accept CODE [--request-id=] [--at=TIME]\n"
      "  Receives an online submission at the desk (SUBMITTED -> RECEIVED).",
      kWrite, [](Client& client, const Args& a, bool json) -> absl::Status {
        absl::StatusOr<std::string> code = Positional(a, 0, "CODE");
        if (!code.ok()) return code.status();
        v1::ReceiveDossierRequest r;
        SetWrite(a, r.mutable_write());
        absl::Status s = SetAt(a, r.mutable_write());
        if (!s.ok()) return s;
        r.set_submitted_code(*code);
        absl::StatusOr<v1::Receipt> receipt = client.Call(
            &v1::DossierService::Stub::ReceiveDossier, *client.dossiers(), r);
        if (!receipt.ok()) return receipt.status();
        return ShowDossier(receipt->dossier(), json);
      }};

  c["dossier status"] = {
      "dossier status CODE STATUS [--outcome=GRANTED|REFUSED] "
      "[--request-id=] [--note=] [--at=TIME]\n"
      "  Moves a dossier to STATUS: NOT_ACCEPTED, PROCESSING, "
      "AWAITING_SUPPLEMENT,\n  AWAITING_FINANCIAL_OBLIGATION, STOPPED, "
      "WITHDRAWN, RESOLVED (needs --outcome), RETURNED.",
      With(kWrite, {"outcome"}),
      [](Client& client, const Args& a, bool json) -> absl::Status {
        absl::StatusOr<std::string> code = Positional(a, 0, "CODE");
        if (!code.ok()) return code.status();
        absl::StatusOr<std::string> status = Positional(a, 1, "STATUS");
        if (!status.ok()) return status.status();
        v1::ChangeDossierStatusRequest r;
        SetWrite(a, r.mutable_write());
        absl::Status s = SetAt(a, r.mutable_write());
        if (!s.ok()) return s;
        r.set_code(*code);
        absl::StatusOr<v1::DossierStatus> to = ParseEnum<v1::DossierStatus>(
            *status, "STATUS", v1::DossierStatus_Parse);
        if (!to.ok()) return to.status();
        r.set_status(*to);
        if (a.Has("outcome")) {
          absl::StatusOr<v1::Outcome> outcome = ParseEnum<v1::Outcome>(
              a.Get("outcome"), "outcome", v1::Outcome_Parse);
          if (!outcome.ok()) return outcome.status();
          r.set_outcome(*outcome);
        }
        return ShowDossier(
            client.Call(&v1::DossierService::Stub::ChangeDossierStatus,
                        *client.dossiers(), r),
            json);
      }};

  c["dossier apologize"] = {
      "dossier apologize CODE --new-due=TIME [--request-id=] [--note=]\n"
      "  Records an apology (form 04) with a new appointment.",
      With(kWrite, {"new-due"}),
      [](Client& client, const Args& a, bool json) -> absl::Status {
        absl::StatusOr<std::string> code = Positional(a, 0, "CODE");
        if (!code.ok()) return code.status();
        v1::ApologizeForDossierRequest r;
        SetWrite(a, r.mutable_write());
        absl::Status s = SetAt(a, r.mutable_write());
        if (!s.ok()) return s;
        r.set_code(*code);
        absl::StatusOr<google::protobuf::Timestamp> due =
            ParseInstant(a.Get("new-due"), "new-due");
        if (!due.ok()) return due.status();
        *r.mutable_new_due_at() = *due;
        return ShowDossier(
            client.Call(&v1::DossierService::Stub::ApologizeForDossier,
                        *client.dossiers(), r),
            json);
      }};

  c["dossier hand"] = {
      "dossier hand CODE --agency=CODE (--days=N | --hours=N) [--request-id=]\n"
      "  Hands the dossier to the next agency (inter-agency step).",
      With(kWrite, {"agency", "days", "hours"}),
      [](Client& client, const Args& a, bool json) -> absl::Status {
        absl::StatusOr<std::string> code = Positional(a, 0, "CODE");
        if (!code.ok()) return code.status();
        v1::HandDossierToAgencyRequest r;
        SetWrite(a, r.mutable_write());
        absl::Status s = SetAt(a, r.mutable_write());
        if (!s.ok()) return s;
        r.set_code(*code);
        r.set_agency_code(a.Get("agency"));
        int amount = 0;
        const bool hours = a.Has("hours");
        if (!absl::SimpleAtoi(a.Get(hours ? "hours" : "days"), &amount)) {
          return Usage("--days=N or --hours=N is required");
        }
        r.mutable_allotted()->set_amount(amount);
        r.mutable_allotted()->set_unit(hours ? v1::WORKING_HOURS
                                             : v1::WORKING_DAYS);
        return ShowDossier(
            client.Call(&v1::DossierService::Stub::HandDossierToAgency,
                        *client.dossiers(), r),
            json);
      }};

  c["dossier finish-step"] = {
      "dossier finish-step CODE [--request-id=]\n"
      "  The agency holding the dossier has finished its step.",
      kWrite, [](Client& client, const Args& a, bool json) -> absl::Status {
        absl::StatusOr<std::string> code = Positional(a, 0, "CODE");
        if (!code.ok()) return code.status();
        v1::FinishDossierStepRequest r;
        SetWrite(a, r.mutable_write());
        absl::Status s = SetAt(a, r.mutable_write());
        if (!s.ok()) return s;
        r.set_code(*code);
        return ShowDossier(
            client.Call(&v1::DossierService::Stub::FinishDossierStep,
                        *client.dossiers(), r),
            json);
      }};

  c["dossier get"] = {
      "dossier get CODE\n  Shows a dossier and its history (control sheet).",
      {}, [](Client& client, const Args& a, bool json) -> absl::Status {
        absl::StatusOr<std::string> code = Positional(a, 0, "CODE");
        if (!code.ok()) return code.status();
        v1::GetDossierRequest r;
        r.set_code(*code);
        return Show<v1::DossierWithHistory>(
            client.Call(&v1::DossierService::Stub::GetDossier,
                        *client.dossiers(), r),
            json, [](const v1::DossierWithHistory& d) {
              PrintDossier(d.dossier());
              std::cout << "\n";
              std::vector<std::vector<std::string>> rows;
              for (const v1::DossierEvent& e : d.history()) {
                rows.push_back({absl::StrCat(e.sequence()),
                                LocalTime(e.occurred_at(), true),
                                v1::DossierEvent::Kind_Name(e.kind()),
                                v1::DossierStatus_Name(e.to_status()),
                                e.principal(), e.note()});
              }
              PrintTable(std::cout,
                         {"#", "when", "event", "status", "by", "note"}, rows);
            });
      }};

  c["dossier list"] = {
      "dossier list --scope=KIND:CODE [--status=S] [--from=DATE] [--to=DATE] "
      "[--overdue] [--page-size=N] [--page-token=T]",
      {"scope", "status", "from", "to", "overdue", "page-size", "page-token"},
      [](Client& client, const Args& a, bool json) -> absl::Status {
        v1::ListDossiersRequest r;
        absl::StatusOr<v1::Scope> scope = ParseScope(a.Get("scope"));
        if (!scope.ok()) return scope.status();
        *r.mutable_scope() = *scope;
        if (a.Has("status")) {
          absl::StatusOr<v1::DossierStatus> st = ParseEnum<v1::DossierStatus>(
              a.Get("status"), "status", v1::DossierStatus_Parse);
          if (!st.ok()) return st.status();
          r.set_status(*st);
        }
        for (const char* bound : {"from", "to"}) {
          if (!a.Has(bound)) continue;
          absl::StatusOr<v1::Date> d = ParseDate(a.Get(bound), bound);
          if (!d.ok()) return d.status();
          *(std::string(bound) == "from" ? r.mutable_received_from()
                                         : r.mutable_received_to()) = *d;
        }
        r.set_overdue_only(a.Has("overdue"));
        int size = 0;
        if (a.Has("page-size") && !absl::SimpleAtoi(a.Get("page-size"), &size)) {
          return Usage("--page-size must be a number");
        }
        r.set_page_size(size);
        r.set_page_token(a.Get("page-token"));
        return Show<v1::ListDossiersResponse>(
            client.Call(&v1::DossierService::Stub::ListDossiers,
                        *client.dossiers(), r),
            json, [](const v1::ListDossiersResponse& page) {
              std::vector<std::vector<std::string>> rows;
              for (const v1::Dossier& d : page.dossiers()) {
                rows.push_back({d.code(), v1::DossierStatus_Name(d.status()),
                                d.procedure_code(),
                                LocalTime(d.received_at(), d.has_received_at()),
                                LocalTime(d.due_at(), d.has_due_at())});
              }
              PrintTable(std::cout,
                         {"code", "status", "procedure", "received", "due"},
                         rows);
              if (!page.next_page_token().empty()) {
                std::cout << "next page: --page-token=" << page.next_page_token()
                          << "\n";
              }
            });
      }};

  c["dossier lookup"] = {
      "dossier lookup CODE --id-number=ID\n"
      "  Public status lookup (no token needed).",
      {"id-number"}, [](Client& client, const Args& a, bool json) -> absl::Status {
        absl::StatusOr<std::string> code = Positional(a, 0, "CODE");
        if (!code.ok()) return code.status();
        v1::LookupDossierStatusRequest r;
        r.set_code(*code);
        r.set_applicant_id_number(a.Get("id-number"));
        return Show<v1::PublicDossierStatus>(
            client.Call(&v1::DossierService::Stub::LookupDossierStatus,
                        *client.dossiers(), r),
            json, [](const v1::PublicDossierStatus& p) {
              PrintTable(std::cout, {"field", "value"},
                         {{"code", p.code()},
                          {"status", v1::DossierStatus_Name(p.status())},
                          {"due", LocalTime(p.due_at(), p.has_due_at())}});
            });
      }};

  c["catalogue procedures"] = {
      "catalogue procedures [--as-of=DATE]\n  Lists the procedures.",
      {"as-of"}, [](Client& client, const Args& a, bool json) -> absl::Status {
        v1::ListCatalogueRequest r;
        absl::Status as_of = SetAsOf(a, &r);
        if (!as_of.ok()) return as_of;
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
                         {"code", "name", "field", "time", "level", "class"},
                         rows);
            });
      }};

  c["catalogue import"] = {
      "catalogue import FILE.json\n"
      "  Loads units, agencies, fields and procedures (ImportCatalogueRequest "
      "JSON,\n  as in data/demo/catalogue.json); reports refused entries.",
      {}, [](Client& client, const Args& a, bool json) -> absl::Status {
        absl::StatusOr<std::string> path = Positional(a, 0, "FILE.json");
        if (!path.ok()) return path.status();
        absl::StatusOr<std::string> text = ReadFile(*path);
        if (!text.ok()) return text.status();
        v1::ImportCatalogueRequest r;
        if (!google::protobuf::util::JsonStringToMessage(*text, &r).ok()) {
          return Usage(absl::StrCat(*path, " is not a catalogue JSON file"));
        }
        return Show<v1::ImportCatalogueResponse>(
            client.Call(&v1::CatalogueService::Stub::ImportCatalogue,
                        *client.catalogue(), r),
            json, [](const v1::ImportCatalogueResponse& out) {
              std::cout << "stored " << out.stored() << ", refused "
                        << out.refused_size() << "\n";
              for (const auto& refusal : out.refused()) {
                std::cout << "  " << refusal.kind() << " #" << refusal.index()
                          << ": " << refusal.reason() << "\n";
              }
            });
      }};

  c["calendar preview"] = {
      "calendar preview PROCEDURE [--at=TIME]\n"
      "  The due date a receipt would show for PROCEDURE received now (or at).",
      {"at"}, [](Client& client, const Args& a, bool json) -> absl::Status {
        absl::StatusOr<std::string> code = Positional(a, 0, "PROCEDURE");
        if (!code.ok()) return code.status();
        v1::PreviewDueDateRequest r;
        r.set_procedure_code(*code);
        if (a.Has("at")) {
          absl::StatusOr<google::protobuf::Timestamp> at =
              ParseInstant(a.Get("at"), "at");
          if (!at.ok()) return at.status();
          *r.mutable_received_at() = *at;
        }
        return Show<v1::PreviewDueDateResponse>(
            client.Call(&v1::CalendarService::Stub::PreviewDueDate,
                        *client.calendar(), r),
            json, [](const v1::PreviewDueDateResponse& p) {
              std::cout << "due " << LocalTime(p.due_at(), true)
                        << (p.provisional() ? " (provisional calendar)" : "")
                        << "\n";
            });
      }};

  c["calendar years"] = {
      "calendar years\n  Lists the loaded calendar years.", {},
      [](Client& client, const Args&, bool json) -> absl::Status {
        return Show<v1::ListCalendarYearsResponse>(
            client.Call(&v1::CalendarService::Stub::ListCalendarYears,
                        *client.calendar(), v1::ListCalendarYearsRequest()),
            json, [](const v1::ListCalendarYearsResponse& list) {
              std::vector<std::vector<std::string>> rows;
              for (const v1::CalendarYear& y : list.years()) {
                rows.push_back({absl::StrCat(y.year()),
                                y.provisional() ? "provisional" : "official",
                                absl::StrCat(y.days_off_size()),
                                absl::StrCat(y.makeup_days_size()), y.source()});
              }
              PrintTable(std::cout,
                         {"year", "status", "periods off", "make-up days",
                          "source"},
                         rows);
            });
      }};

  c["import"] = {
      "import FILE.jsonl [--batch=N]\n"
      "  Imports complete past histories: one motcua.v1.HistoricalDossier JSON\n"
      "  object per line (see README). Lines are sent in batches (default 200);\n"
      "  refused lines are reported with their numbers and do not stop the\n"
      "  others; running the same file again changes nothing. Exits 1 when\n"
      "  any line was refused.",
      {"batch"}, [](Client& client, const Args& a, bool json) -> absl::Status {
        absl::StatusOr<std::string> path = Positional(a, 0, "FILE.jsonl");
        if (!path.ok()) return path.status();
        std::ifstream in(*path);
        if (!in) return Usage(absl::StrCat("cannot read ", *path));
        int batch_size = 200;
        if (a.Has("batch") && (!absl::SimpleAtoi(a.Get("batch"), &batch_size) ||
                               batch_size < 1 || batch_size > 1000)) {
          return Usage("--batch must be 1 to 1000");
        }
        int imported = 0, unchanged = 0, refused = 0, line_number = 0;
        const absl::Time start = absl::Now();
        v1::ImportDossiersRequest batch;
        std::vector<int> lines;  // the file line of each dossier in `batch`
        auto report = [&](int line, const std::string& code,
                          const std::string& reason) {
          ++refused;
          if (json) {
            std::cout << "{\"line\": " << line << ", \"code\": \"" << code
                      << "\", \"refused\": \"" << absl::CEscape(reason)
                      << "\"}\n";
          } else {
            std::cout << "line " << line << (code.empty() ? "" : " ") << code
                      << ": " << reason << "\n";
          }
        };
        auto send = [&]() -> absl::Status {
          if (batch.dossiers_size() == 0) return absl::OkStatus();
          absl::StatusOr<v1::ImportDossiersResponse> out = client.Call(
              &v1::DossierService::Stub::ImportDossiers, *client.dossiers(),
              batch);
          if (!out.ok()) return out.status();
          for (const auto& r : out->results()) {
            if (r.outcome() == v1::ImportDossiersResponse::Result::IMPORTED) {
              ++imported;
            } else if (r.outcome() ==
                       v1::ImportDossiersResponse::Result::UNCHANGED) {
              ++unchanged;
            } else {
              report(lines[r.index()], r.code(), r.reason());
            }
          }
          const double seconds =
              std::max(1e-3, absl::ToDoubleSeconds(absl::Now() - start));
          std::cerr << "\rimported " << imported << ", unchanged " << unchanged
                    << ", refused " << refused << " ("
                    << static_cast<int>((imported + unchanged) / seconds)
                    << " dossiers/s)" << std::flush;
          batch.Clear();
          lines.clear();
          return absl::OkStatus();
        };
        std::string line;
        while (std::getline(in, line)) {
          ++line_number;
          if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
          v1::HistoricalDossier* d = batch.add_dossiers();
          if (!google::protobuf::util::JsonStringToMessage(line, d).ok()) {
            batch.mutable_dossiers()->RemoveLast();
            report(line_number, "", "not a HistoricalDossier JSON object");
            continue;
          }
          lines.push_back(line_number);
          if (batch.dossiers_size() == batch_size) {
            absl::Status s = send();
            if (!s.ok()) return s;
          }
        }
        absl::Status s = send();
        if (!s.ok()) return s;
        std::cerr << "\n";
        std::cout << "imported " << imported << ", unchanged " << unchanged
                  << ", refused " << refused << " in "
                  << absl::FormatDuration(absl::Trunc(absl::Now() - start,
                                                      absl::Milliseconds(1)))
                  << "\n";
        if (refused > 0) {
          return absl::FailedPreconditionError(
              absl::StrCat(refused, " line(s) were refused (listed above)"));
        }
        return absl::OkStatus();
      }};

  c["report"] = {
      "report --scope=KIND:CODE (--from=DATE --to=DATE | --year=Y [--quarter=Q "
      "| --month=M])\n"
      "       [--by=field|unit|procedure|month|agency] [--csv] [--vi] [--json]\n"
      "  Report form 06 (Circular 01/2020/TT-VPCP); --by=agency adds each\n"
      "  agency's inter-agency steps early/on time/late. --csv writes UTF-8 with a\n"
      "  byte-order mark, so spreadsheets read Vietnamese text correctly;\n"
      "  --vi uses the form's Vietnamese column headings.",
      {"scope", "from", "to", "year", "quarter", "month", "by", "csv", "vi"},
      [](Client& client, const Args& a, bool json) -> absl::Status {
        v1::GetReportRequest r;
        absl::StatusOr<v1::Scope> scope = ParseScope(a.Get("scope"));
        if (!scope.ok()) return scope.status();
        *r.mutable_scope() = *scope;
        absl::StatusOr<v1::Period> period = ParsePeriod(a);
        if (!period.ok()) return period.status();
        *r.mutable_period() = *period;
        static const std::map<std::string, v1::GetReportRequest::Breakdown> by = {
            {"field", v1::GetReportRequest::FIELD},
            {"unit", v1::GetReportRequest::CHILD_UNIT},
            {"procedure", v1::GetReportRequest::PROCEDURE},
            {"month", v1::GetReportRequest::MONTH},
            {"agency", v1::GetReportRequest::AGENCY}};
        auto it = by.find(a.Get("by", "field"));
        if (it == by.end()) {
          return Usage("--by must be field, unit, procedure, month or agency");
        }
        r.set_breakdown(it->second);
        absl::StatusOr<v1::Report> report = client.Call(
            &v1::StatisticsService::Stub::GetReport, *client.statistics(), r);
        if (!report.ok()) return report.status();
        if (json) {
          std::cout << ToJson(*report);
          return absl::OkStatus();
        }
        const bool vi = a.Has("vi");
        const bool steps = r.breakdown() == v1::GetReportRequest::AGENCY;
        std::vector<std::string> header = {vi ? "Mã" : "key", vi ? "Tên" : "name"};
        for (const auto& col : Form06Columns(v1::Form06Row(), steps)) {
          header.push_back(vi ? std::get<1>(col) : std::get<0>(col));
        }
        std::vector<std::vector<std::string>> rows;
        auto add = [&](const v1::Form06Row& row, const std::string& name) {
          std::vector<std::string> cells = {row.key(), name};
          for (const auto& col : Form06Columns(row, steps)) {
            cells.push_back(absl::StrCat(std::get<2>(col)));
          }
          rows.push_back(std::move(cells));
        };
        for (const v1::Form06Row& row : report->rows()) add(row, row.name());
        add(report->total(), vi ? "Tổng cộng" : "total");
        if (a.Has("csv")) {
          std::cout << "\xEF\xBB\xBF";  // UTF-8 byte-order mark
          std::cout << CsvLine(header);
          for (const auto& line : rows) std::cout << CsvLine(line);
        } else {
          PrintTable(std::cout, header, rows);
          std::cout << "as of " << LocalTime(report->as_of(), true) << "\n";
        }
        return absl::OkStatus();
      }};

  c["rates"] = {
      "rates --scope=KIND:CODE (--from=DATE --to=DATE | --year=Y [--quarter=Q "
      "| --month=M]) [--monthly] [--json]\n"
      "  On-time, early, progress index (Decision 766) and online ratios.",
      {"scope", "from", "to", "year", "quarter", "month", "monthly"},
      [](Client& client, const Args& a, bool json) -> absl::Status {
        v1::GetRatesRequest r;
        absl::StatusOr<v1::Scope> scope = ParseScope(a.Get("scope"));
        if (!scope.ok()) return scope.status();
        *r.mutable_scope() = *scope;
        absl::StatusOr<v1::Period> period = ParsePeriod(a);
        if (!period.ok()) return period.status();
        *r.mutable_period() = *period;
        r.set_monthly(a.Has("monthly"));
        return Show<v1::RatesReport>(
            client.Call(&v1::StatisticsService::Stub::GetRates,
                        *client.statistics(), r),
            json, [](const v1::RatesReport& report) {
              auto pct = [](const v1::Rate& rate) -> std::string {
                if (rate.denominator() == 0) return "no data";
                return absl::StrFormat("%.2f%% (%d/%d)", 100 * rate.value(),
                                       rate.numerator(), rate.denominator());
              };
              std::vector<std::vector<std::string>> rows;
              auto add = [&](const v1::Rates& x, const std::string& key) {
                rows.push_back({key, pct(x.on_time()), pct(x.early()),
                                pct(x.progress_index()), pct(x.online_level3()),
                                pct(x.online_level4())});
              };
              add(report.total(), "period");
              for (const v1::Rates& m : report.months()) add(m, m.key());
              PrintTable(std::cout,
                         {"", "on time", "early", "progress index",
                          "online L3", "online L4"},
                         rows);
            });
      }};

  c["export"] = {
      "export --scope=KIND:CODE (--from=DATE --to=DATE | --year=Y [--quarter=Q "
      "| --month=M]) [--csv]\n"
      "  Streams the dossiers received in the period: JSON Lines (one dossier\n"
      "  per line), or CSV in UTF-8 with a byte-order mark. Applicants'\n"
      "  personal data only for tokens entitled to it.",
      {"scope", "from", "to", "year", "quarter", "month", "csv"},
      [](Client& client, const Args& a, bool) -> absl::Status {
        v1::ExportDossiersRequest r;
        absl::StatusOr<v1::Scope> scope = ParseScope(a.Get("scope"));
        if (!scope.ok()) return scope.status();
        *r.mutable_scope() = *scope;
        absl::StatusOr<v1::Period> period = ParsePeriod(a);
        if (!period.ok()) return period.status();
        *r.mutable_period() = *period;
        const bool csv = a.Has("csv");
        if (csv) {
          std::cout << "\xEF\xBB\xBF"
                       "code,agency,procedure,field,channel,status,received_at,"
                       "due_at,finished_at,returned_at,timeliness,online_level,"
                       "online_class\r\n";
        }
        int64_t count = 0;
        const absl::Time start = absl::Now();
        google::protobuf::util::JsonPrintOptions one_line;
        one_line.preserve_proto_field_names = true;
        absl::Status s = client.ExportDossiers(r, [&](const v1::Dossier& d) {
          ++count;
          if (csv) {
            std::cout << CsvLine(
                             {d.code(), d.agency_code(), d.procedure_code(),
                              d.field_code(), v1::Channel_Name(d.channel()),
                              v1::DossierStatus_Name(d.status()),
                              LocalTime(d.received_at(), d.has_received_at()),
                              LocalTime(d.due_at(), d.has_due_at()),
                              LocalTime(d.finished_at(), d.has_finished_at()),
                              LocalTime(d.returned_at(), d.has_returned_at()),
                              d.timeliness() == v1::TIMELINESS_UNSPECIFIED
                                  ? std::string()
                                  : v1::Timeliness_Name(d.timeliness()),
                              absl::StrCat(d.online_level()),
                              v1::OnlineClass_Name(d.online_class())});
          } else {
            std::string line;
            (void)google::protobuf::util::MessageToJsonString(d, &line, one_line);
            std::cout << line << "\n";
          }
          return true;
        });
        if (!s.ok()) return s;
        const double seconds =
            std::max(1e-3, absl::ToDoubleSeconds(absl::Now() - start));
        std::cerr << "exported " << count << " dossiers in "
                  << absl::StrFormat("%.2f s (%.0f dossiers/s)", seconds,
                                     count / seconds)
                  << "\n";
        return absl::OkStatus();
      }};

  c["catalogue get"] = {
      "catalogue get unit|agency|procedure CODE [--as-of=DATE]\n"
      "  Shows the version of one entry in force on a day (default today).",
      {"as-of"}, [](Client& client, const Args& a, bool json) -> absl::Status {
        absl::StatusOr<std::string> kind = Positional(a, 0, "KIND");
        if (!kind.ok()) return kind.status();
        absl::StatusOr<std::string> code = Positional(a, 1, "CODE");
        if (!code.ok()) return code.status();
        v1::GetCatalogueEntryRequest r;
        r.set_code(*code);
        absl::Status as_of = SetAsOf(a, &r);
        if (!as_of.ok()) return as_of;
        // Entries print as their JSON, which names every field.
        auto show = [](const auto& entry) { std::cout << ToJson(entry); };
        if (*kind == "unit") {
          return Show<v1::Unit>(client.Call(&v1::CatalogueService::Stub::GetUnit,
                                            *client.catalogue(), r),
                                json, show);
        }
        if (*kind == "agency") {
          return Show<v1::Agency>(
              client.Call(&v1::CatalogueService::Stub::GetAgency,
                          *client.catalogue(), r),
              json, show);
        }
        if (*kind == "procedure") {
          return Show<v1::Procedure>(
              client.Call(&v1::CatalogueService::Stub::GetProcedure,
                          *client.catalogue(), r),
              json, show);
        }
        return Usage("KIND must be unit, agency or procedure");
      }};

  c["catalogue units"] = {
      "catalogue units [--as-of=DATE]\n  Lists administrative units.",
      {"as-of"}, [](Client& client, const Args& a, bool json) -> absl::Status {
        v1::ListCatalogueRequest r;
        absl::Status as_of = SetAsOf(a, &r);
        if (!as_of.ok()) return as_of;
        r.set_page_size(5000);
        return Show<v1::ListUnitsResponse>(
            client.Call(&v1::CatalogueService::Stub::ListUnits,
                        *client.catalogue(), r),
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
      }};

  c["catalogue agencies"] = {
      "catalogue agencies [--as-of=DATE]\n  Lists agencies.", {"as-of"},
      [](Client& client, const Args& a, bool json) -> absl::Status {
        v1::ListCatalogueRequest r;
        absl::Status as_of = SetAsOf(a, &r);
        if (!as_of.ok()) return as_of;
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
      }};

  c["catalogue fields"] = {
      "catalogue fields\n  Lists fields (lĩnh vực).", {},
      [](Client& client, const Args&, bool json) -> absl::Status {
        v1::ListCatalogueRequest r;
        r.set_page_size(5000);
        return Show<v1::ListFieldsResponse>(
            client.Call(&v1::CatalogueService::Stub::ListFields,
                        *client.catalogue(), r),
            json, [](const v1::ListFieldsResponse& list) {
              std::vector<std::vector<std::string>> rows;
              for (const v1::Field& f : list.fields()) {
                rows.push_back({f.code(), f.name()});
              }
              PrintTable(std::cout, {"code", "name"}, rows);
            });
      }};

  c["calendar get"] = {
      "calendar get YEAR\n  Shows a year's days off and make-up working days.",
      {}, [](Client& client, const Args& a, bool json) -> absl::Status {
        absl::StatusOr<std::string> year_text = Positional(a, 0, "YEAR");
        if (!year_text.ok()) return year_text.status();
        int year = 0;
        if (!absl::SimpleAtoi(*year_text, &year)) return Usage("YEAR is a number");
        v1::GetCalendarYearRequest r;
        r.set_year(year);
        return Show<v1::CalendarYear>(
            client.Call(&v1::CalendarService::Stub::GetCalendarYear,
                        *client.calendar(), r),
            json, [](const v1::CalendarYear& y) {
              std::cout << y.year() << (y.provisional() ? " (provisional)" : "")
                        << " - " << y.source() << "\n";
              std::vector<std::vector<std::string>> rows;
              for (const auto& off : y.days_off()) {
                rows.push_back({"off", DateString(off.first()),
                                DateString(off.last()), off.note()});
              }
              for (const auto& m : y.makeup_days()) {
                rows.push_back({"work", DateString(m.day()), "", m.note()});
              }
              PrintTable(std::cout, {"kind", "from", "to", "note"}, rows);
            });
      }};

  c["calendar put"] = {
      "calendar put FILE.txt\n"
      "  Replaces a year's calendar from a file in the format of\n"
      "  data/calendar/README.md (when the Government announces the year).",
      {}, [](Client& client, const Args& a, bool json) -> absl::Status {
        absl::StatusOr<std::string> path = Positional(a, 0, "FILE.txt");
        if (!path.ok()) return path.status();
        absl::StatusOr<std::string> text = ReadFile(*path);
        if (!text.ok()) return text.status();
        absl::StatusOr<core::CalendarYear> year = core::ParseCalendarYear(*text);
        if (!year.ok()) {
          return Usage(absl::StrCat(*path, ": ", year.status().message()));
        }
        v1::PutCalendarYearRequest r;
        v1::CalendarYear* y = r.mutable_year();
        y->set_year(year->year);
        y->set_provisional(year->provisional);
        y->set_source(year->source);
        for (const core::DaysOff& off : year->days_off) {
          v1::CalendarYear::DaysOff* o = y->add_days_off();
          *o->mutable_first() = ToDate(off.first);
          *o->mutable_last() = ToDate(off.last);
          o->set_note(off.note);
        }
        for (const core::MakeupDay& m : year->makeup_days) {
          v1::CalendarYear::MakeupDay* o = y->add_makeup_days();
          *o->mutable_day() = ToDate(m.day);
          o->set_note(m.note);
        }
        return Show<v1::CalendarYear>(
            client.Call(&v1::CalendarService::Stub::PutCalendarYear,
                        *client.calendar(), r),
            json, [](const v1::CalendarYear& stored) {
              std::cout << "calendar " << stored.year() << " replaced\n";
            });
      }};

  c["settings get"] = {
      "settings get\n  Shows the deployment's rules and working hours.", {},
      [](Client& client, const Args&, bool json) -> absl::Status {
        return Show<v1::Settings>(
            client.Call(&v1::CalendarService::Stub::GetSettings,
                        *client.calendar(), v1::GetSettingsRequest()),
            json, [](const v1::Settings& st) {
              std::cout << "supplement rule: "
                        << v1::Settings::SupplementRule_Name(st.supplement_rule())
                        << "\ngranularity: "
                        << v1::Settings::Granularity_Name(st.granularity())
                        << "\nworking hours:\n" << st.work_schedule();
            });
      }};

  c["settings set"] = {
      "settings set [--supplement-rule=PAUSE|RESTART] "
      "[--granularity=DATE|INSTANT] [--work-schedule=TEXT]\n"
      "  Changes the deployment's rules (granularity is fixed once dossiers "
      "exist).",
      {"supplement-rule", "granularity", "work-schedule"},
      [](Client& client, const Args& a, bool json) -> absl::Status {
        absl::StatusOr<v1::Settings> current =
            client.Call(&v1::CalendarService::Stub::GetSettings,
                        *client.calendar(), v1::GetSettingsRequest());
        if (!current.ok()) return current.status();
        v1::UpdateSettingsRequest r;
        *r.mutable_settings() = *current;
        if (a.Has("supplement-rule")) {
          absl::StatusOr<v1::Settings::SupplementRule> rule =
              ParseEnum<v1::Settings::SupplementRule>(
                  a.Get("supplement-rule"), "supplement-rule",
                  v1::Settings::SupplementRule_Parse);
          if (!rule.ok()) return rule.status();
          r.mutable_settings()->set_supplement_rule(*rule);
        }
        if (a.Has("granularity")) {
          absl::StatusOr<v1::Settings::Granularity> g =
              ParseEnum<v1::Settings::Granularity>(
                  a.Get("granularity"), "granularity",
                  v1::Settings::Granularity_Parse);
          if (!g.ok()) return g.status();
          r.mutable_settings()->set_granularity(*g);
        }
        if (a.Has("work-schedule")) {
          r.mutable_settings()->set_work_schedule(a.Get("work-schedule"));
        }
        return Show<v1::Settings>(
            client.Call(&v1::CalendarService::Stub::UpdateSettings,
                        *client.calendar(), r),
            json, [](const v1::Settings&) { std::cout << "settings updated\n"; });
      }};

  c["token create"] = {
      "token create --principal=NAME --role=DESK|VIEWER|BATCH|ADMIN|IMPORT "
      "[--agency=CODE ...] [--unit=KIND:CODE]\n"
      "  Creates a token; its secret is printed once.",
      {"principal", "role", "agency", "unit"},
      [](Client& client, const Args& a, bool json) -> absl::Status {
        v1::CreateTokenRequest r;
        r.set_principal(a.Get("principal"));
        absl::StatusOr<v1::Token::Role> role = ParseEnum<v1::Token::Role>(
            a.Get("role"), "role", v1::Token::Role_Parse);
        if (!role.ok()) return role.status();
        r.set_role(*role);
        for (const std::string& agency : a.All("agency")) r.add_agency_codes(agency);
        if (a.Has("unit")) {
          absl::StatusOr<v1::Scope> unit = ParseScope(a.Get("unit"));
          if (!unit.ok()) return unit.status();
          *r.mutable_unit() = *unit;
        }
        return Show<v1::CreateTokenResponse>(
            client.Call(&v1::AdminService::Stub::CreateToken, *client.admin(),
                        r),
            json, [](const v1::CreateTokenResponse& t) {
              std::cout << "token " << t.token().id() << " for "
                        << t.token().principal() << "\nsecret (shown once): "
                        << t.secret() << "\n";
            });
      }};

  c["token list"] = {
      "token list\n  Lists tokens (never their secrets).", {},
      [](Client& client, const Args&, bool json) -> absl::Status {
        return Show<v1::ListTokensResponse>(
            client.Call(&v1::AdminService::Stub::ListTokens, *client.admin(),
                        v1::ListTokensRequest()),
            json, [](const v1::ListTokensResponse& list) {
              std::vector<std::vector<std::string>> rows;
              for (const v1::Token& t : list.tokens()) {
                rows.push_back({t.id(), t.principal(),
                                v1::Token::Role_Name(t.role()),
                                absl::StrJoin(t.agency_codes(), ","),
                                t.has_revoked_at() ? "revoked" : "valid"});
              }
              PrintTable(std::cout,
                         {"id", "principal", "role", "agencies", "state"},
                         rows);
            });
      }};

  c["token revoke"] = {
      "token revoke ID\n  Revokes a token at once.", {},
      [](Client& client, const Args& a, bool json) -> absl::Status {
        absl::StatusOr<std::string> id = Positional(a, 0, "ID");
        if (!id.ok()) return id.status();
        v1::RevokeTokenRequest r;
        r.set_id(*id);
        return Show<v1::Token>(
            client.Call(&v1::AdminService::Stub::RevokeToken, *client.admin(),
                        r),
            json, [](const v1::Token& t) {
              std::cout << "revoked " << t.id() << "\n";
            });
      }};

  c["store verify"] = {
      "store verify [--repair]\n"
      "  Recounts statistics and indexes from the dossiers; reports (and with\n"
      "  --repair fixes) every difference.",
      {"repair"}, [](Client& client, const Args& a, bool json) -> absl::Status {
        v1::VerifyStoreRequest r;
        r.set_repair(a.Has("repair"));
        return Show<v1::VerifyStoreResponse>(
            client.Call(&v1::AdminService::Stub::VerifyStore, *client.admin(),
                        r),
            json, [](const v1::VerifyStoreResponse& v) {
              std::cout << "dossiers checked " << v.dossiers_checked()
                        << "; differences: counters " << v.counter_differences()
                        << ", indexes " << v.index_differences()
                        << ", histories " << v.history_differences()
                        << ", sequences " << v.sequence_differences()
                        << (v.repaired() ? " (repaired)" : "") << "\n";
              for (const std::string& e : v.examples()) {
                std::cout << "  " << e << "\n";
              }
            });
      }};
  return c;
}

void PrintHelp(const std::map<std::string, Command>& commands) {
  std::cout << "motcua [--addr=HOST:PORT] [--token=TOKEN] [--tls-ca=PEM] [--json] "
               "COMMAND ...\n"
               "  (MOTCUA_ADDR and MOTCUA_TOKEN are read when the flags are "
               "not given)\n\nCommands (COMMAND --help for details):\n";
  for (const auto& [name, command] : commands) {
    std::cout << "  " << command.usage.substr(0, command.usage.find('\n'))
              << "\n";
  }
}

}  // namespace
}  // namespace motcua::client

int main(int argc, char** argv) {
  using motcua::client::Args;
  const auto commands = motcua::client::Commands();
  const std::set<std::string> flags = {"json",  "help",    "overdue",
                                       "repair", "organisation", "csv",
                                       "vi",    "monthly"};
  absl::StatusOr<Args> args = Args::Parse(argc, argv, 1, flags);
  if (!args.ok()) {
    std::cerr << "motcua: " << args.status().message() << "\n";
    return 2;
  }
  const std::vector<std::string>& words = args->positional();
  // Commands are one word ("import") or two ("dossier get").
  size_t command_words = 0;
  if (!words.empty() && commands.count(words[0]) > 0) {
    command_words = 1;
  } else if (words.size() >= 2 && commands.count(words[0] + " " + words[1]) > 0) {
    command_words = 2;
  }
  if (command_words == 0) {
    motcua::client::PrintHelp(commands);
    return args->Has("help") && words.empty() ? 0 : 2;
  }
  const motcua::client::Command& command =
      commands.at(command_words == 1 ? words[0] : words[0] + " " + words[1]);
  if (args->Has("help")) {
    std::cout << "motcua " << command.usage << "\n";
    return 0;
  }
  std::set<std::string> known = command.options;
  known.insert({"addr", "token", "json", "help", "tls-ca"});
  absl::Status s = args->OnlyKnown(known);
  if (!s.ok()) {
    std::cerr << "motcua: " << s.message() << "\n";
    return 2;
  }
  const Args command_args = args->DropPositional(command_words);
  motcua::client::ClientOptions options;
  const char* env_addr = std::getenv("MOTCUA_ADDR");
  const char* env_token = std::getenv("MOTCUA_TOKEN");
  options.address = args->Get("addr", env_addr ? env_addr : options.address);
  options.token = args->Get("token", env_token ? env_token : "");
  if (args->Has("tls-ca")) {
    std::ifstream ca(args->Get("tls-ca"));
    if (!ca) {
      std::cerr << "motcua: cannot read --tls-ca " << args->Get("tls-ca") << "\n";
      return 2;
    }
    std::stringstream pem;
    pem << ca.rdbuf();
    options.tls_ca_pem = pem.str();
  }
  motcua::client::Client client(options);
  s = command.run(client, command_args, args->Has("json"));
  if (motcua::client::IsUsage(s)) {
    std::cerr << "motcua: " << s.message() << "\n";
    return 2;
  }
  if (!s.ok()) {
    std::cerr << "motcua: " << absl::StatusCodeToString(s.code()) << ": "
              << s.message() << "\n";
    return 1;
  }
  return 0;
}
