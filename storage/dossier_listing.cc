// Store::ListDossiers and Store::ScanReceived over an engine's cursors.
#include "storage/dossier_listing.h"

#include <algorithm>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "core/local_time.h"
#include "core/status_macros.h"
#include "storage/keys.h"
#include "storage/paging.h"
#include "storage/record_codec.h"

namespace motcua::storage {
namespace {

// A stable 64-bit FNV-1a digest (std::hash and absl::Hash may differ
// between processes; page tokens must not).
uint64_t Fnv1a(absl::string_view bytes) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (char c : bytes) {
    h ^= static_cast<uint8_t>(c);
    h *= 0x100000001b3ull;
  }
  return h;
}

std::string QueryDigest(const DossierQuery& q) {
  std::string s;
  keys::AppendInt32(static_cast<int32_t>(q.scope.kind), &s);
  keys::AppendString(q.scope.code, &s);
  keys::AppendInt32(q.status ? static_cast<int32_t>(*q.status) : -1, &s);
  // Presence only: "overdue now" is asked again at each page's own now.
  keys::AppendInt32(q.overdue_as_of.has_value() ? 1 : 0, &s);
  keys::AppendInt32(q.due_on ? DayNumber(*q.due_on) : -1, &s);
  keys::AppendInt32(q.open_steps_due_by ? DayNumber(*q.open_steps_due_by) : -1,
                    &s);
  keys::AppendInt32(q.received_from ? DayNumber(*q.received_from) : -1, &s);
  keys::AppendInt32(q.received_to ? DayNumber(*q.received_to) : -1, &s);
  std::string digest;
  keys::AppendInt64(static_cast<int64_t>(Fnv1a(s)), &digest);
  return digest;
}

}  // namespace

absl::StatusOr<DossierPage> ListDossiersFrom(const DossierQuery& q,
                                             const core::DomainRules& rules,
                                             const IndexCursors& cursors,
                                             const DossierReader& read) {
  MOTCUA_ASSIGN_OR_RETURN(const int page_size, PageSizeOf(q.page_size));
  const bool agency_scope = q.scope.kind == core::ScopeKind::kAgency;
  if (q.received_from && q.received_to && *q.received_to < *q.received_from) {
    return absl::InvalidArgumentError(
        "received_to must not be before received_from");
  }
  if (q.scope.kind != core::ScopeKind::kDeployment && q.scope.code.empty()) {
    return absl::InvalidArgumentError("scope.code is required");
  }
  if (q.due_on.has_value() && !agency_scope) {
    return absl::InvalidArgumentError("due_on needs an AGENCY scope");
  }
  if (q.open_steps_due_by.has_value() &&
      (!agency_scope || q.overdue_as_of.has_value() || q.due_on.has_value())) {
    return absl::InvalidArgumentError(
        "open_steps_due_by needs an AGENCY scope, without overdue_as_of or "
        "due_on");
  }

  // The driving index: [lower, upper) of keys, the length of the fixed part
  // before the dossier code, and the direction.
  std::string lower, upper;
  size_t fixed_length = 0;
  bool newest_first = false;
  if (q.open_steps_due_by.has_value()) {
    lower = keys::OpenStepIndexPrefix(q.scope.code);
    upper = lower;
    keys::AppendInt32(DayNumber(*q.open_steps_due_by + 1), &upper);
    fixed_length = lower.size() + 4;
  } else if (agency_scope && q.overdue_as_of.has_value()) {
    lower = keys::OpenDueIndexPrefix(q.scope.code);
    upper = lower;
    keys::AppendInt32(DayNumber(core::LocalDay(*q.overdue_as_of) + 1), &upper);
    fixed_length = lower.size() + 4;
  } else if (agency_scope && q.due_on.has_value()) {
    lower = keys::OpenDueIndexPrefix(q.scope.code);
    keys::AppendInt32(DayNumber(*q.due_on), &lower);
    upper = keys::PrefixEnd(lower);
    fixed_length = lower.size();
  } else if (agency_scope && q.status.has_value()) {
    lower = keys::StatusIndexPrefix(q.scope.code, *q.status);
    upper = keys::PrefixEnd(lower);
    fixed_length = lower.size();
  } else {
    const std::string prefix = keys::ReceivedIndexPrefix(q.scope);
    lower = q.received_from
                ? keys::ReceivedIndexDayPrefix(q.scope, *q.received_from)
                : prefix;
    upper = q.received_to
                ? keys::ReceivedIndexDayPrefix(q.scope, *q.received_to + 1)
                : keys::PrefixEnd(prefix);
    fixed_length = prefix.size() + 4;
    newest_first = true;
  }

  const std::string digest = QueryDigest(q);
  std::string resume_after;
  if (!q.page_token.empty()) {
    std::string raw;
    if (!absl::WebSafeBase64Unescape(q.page_token, &raw) ||
        raw.size() < digest.size() || raw.compare(0, digest.size(), digest) ||
        raw.size() - digest.size() < fixed_length) {
      return absl::InvalidArgumentError(
          "page_token is not a token of this query");
    }
    resume_after = raw.substr(digest.size());
    if (resume_after < lower || resume_after >= upper) {
      return absl::InvalidArgumentError(
          "page_token is not a token of this query");
    }
  }

  std::unique_ptr<KeyCursor> it = cursors(lower, upper, newest_first);
  it->Start(resume_after);

  // Filtered scans stop after a bounded amount of work per page; the token
  // resumes where they stopped.
  const int scan_budget = std::max(2000, page_size * 20);
  DossierPage page;
  std::string last_key;
  int scanned = 0;
  std::vector<std::string> codes;
  while (it->Valid() && static_cast<int>(page.dossiers.size()) < page_size &&
         scanned < scan_budget) {
    // A chunk never holds more keys than the page has room for, so the page
    // cannot overflow and the token resumes after the last key read.
    const size_t room = std::min<size_t>(
        {kReadChunk, static_cast<size_t>(page_size) - page.dossiers.size(),
         static_cast<size_t>(scan_budget - scanned)});
    codes.clear();
    for (; it->Valid() && codes.size() < room; it->Next()) {
      last_key = std::string(it->key());
      codes.push_back(last_key.substr(fixed_length));
    }
    scanned += static_cast<int>(codes.size());
    MOTCUA_ASSIGN_OR_RETURN(std::vector<core::Dossier> chunk, read(codes));
    for (core::Dossier& d : chunk) {
      const core::DossierTimeline& t = d.timeline;
      if (q.status.has_value() && t.status != *q.status) continue;
      // The index and the record are read apart: the step may have moved.
      if (q.open_steps_due_by.has_value()) {
        const core::InterAgencyStep* step = core::OpenStep(t);
        if (step == nullptr ||
            core::LocalDay(step->due_at) > *q.open_steps_due_by ||
            (step->agency_code != q.scope.code &&
             d.agency_code != q.scope.code)) {
          continue;
        }
      }
      if (q.received_from || q.received_to) {
        if (!t.received_at.has_value()) continue;
        const absl::CivilDay day = core::LocalDay(*t.received_at);
        if (q.received_from && day < *q.received_from) continue;
        if (q.received_to && day > *q.received_to) continue;
      }
      if (q.overdue_as_of.has_value()) {
        absl::StatusOr<core::OpenTimeliness> open =
            core::ClassifyOpenDossier(rules, t, *q.overdue_as_of);
        if (!open.ok() || *open != core::OpenTimeliness::kOverdue) continue;
      }
      page.dossiers.push_back(std::move(d));
    }
  }
  MOTCUA_RETURN_IF_ERROR(it->status());
  if (it->Valid() && !last_key.empty()) {
    page.next_page_token = absl::WebSafeBase64Escape(digest + last_key);
  }
  return page;
}

absl::Status ScanReceivedFrom(
    const core::Scope& scope, absl::CivilDay first, absl::CivilDay last,
    const IndexCursors& cursors, const DossierReader& read,
    const std::function<bool(const core::Dossier&)>& visit) {
  if (last < first) {
    return absl::InvalidArgumentError(
        "the scan's last day is before its first");
  }
  const std::string prefix = keys::ReceivedIndexPrefix(scope);
  std::unique_ptr<KeyCursor> it =
      cursors(keys::ReceivedIndexDayPrefix(scope, first),
              keys::ReceivedIndexDayPrefix(scope, last + 1), false);
  it->Start("");
  std::vector<std::string> codes;
  while (it->Valid()) {
    codes.clear();
    for (; it->Valid() && codes.size() < kReadChunk; it->Next()) {
      codes.push_back(std::string(it->key().substr(prefix.size() + 4)));
    }
    MOTCUA_ASSIGN_OR_RETURN(const std::vector<core::Dossier> chunk,
                            read(codes));
    for (const core::Dossier& d : chunk) {
      if (!visit(d)) return absl::OkStatus();
    }
  }
  return it->status();
}

}  // namespace motcua::storage
