#include "service/catalogue.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "core/local_time.h"
#include "core/status_macros.h"
#include "core/text.h"

namespace motcua::service {
namespace {

constexpr int kDefaultPageSize = 500;
constexpr int kMaxPageSize = 5000;
constexpr absl::string_view kChange = "change the catalogue";

// The listing order of catalogue entries: code, then start of validity.
std::string CursorOf(const std::string& code, absl::CivilDay from) {
  return absl::StrFormat("%s%c%08d", code, '\0',
                         static_cast<int>(from - absl::CivilDay(1970, 1, 1)));
}
template <typename Entry>
std::string CursorOf(const Entry& e) {
  return CursorOf(e.code, e.validity.valid_from);
}
template <>
std::string CursorOf(const core::Field& e) {
  return CursorOf(e.code, absl::CivilDay(1970, 1, 1));
}

template <typename Entry>
bool InForce(const Entry& e, absl::CivilDay day) {
  return e.validity.Covers(day);
}
template <>
bool InForce(const core::Field&, absl::CivilDay) {
  return true;
}

// One page of `all` (in listing order) after the request's cursor.
template <typename Entry>
absl::StatusOr<CataloguePage<Entry>> Page(const std::vector<Entry>& all,
                                          const CataloguePageRequest& r) {
  const int size = r.page_size == 0 ? kDefaultPageSize : r.page_size;
  if (size < 0 || size > kMaxPageSize) {
    return absl::InvalidArgumentError(
        absl::StrCat("page_size must be 0 to ", kMaxPageSize));
  }
  std::string after;
  if (!r.page_token.empty() &&
      !absl::WebSafeBase64Unescape(r.page_token, &after)) {
    return absl::InvalidArgumentError("page_token is not a token of this list");
  }
  CataloguePage<Entry> page;
  for (const Entry& e : all) {
    if (r.as_of.has_value() && !InForce(e, *r.as_of)) continue;
    if (!after.empty() && CursorOf(e) <= after) continue;
    if (static_cast<int>(page.entries.size()) == size) {
      page.next_page_token =
          absl::WebSafeBase64Escape(CursorOf(page.entries.back()));
      break;
    }
    page.entries.push_back(e);
  }
  return page;
}

template <typename Entry>
absl::StatusOr<Entry> Found(const Entry* e, absl::string_view what,
                            const std::string& code, absl::CivilDay day) {
  if (e == nullptr) {
    return absl::NotFoundError(absl::StrCat(
        what, " '", core::Quote(code),
        "' does not exist or is not in force on ", absl::FormatCivilTime(day)));
  }
  return *e;
}

}  // namespace

Catalogue::Catalogue(storage::Store& store, CatalogueState& state,
                     std::function<absl::Time()> clock)
    : store_(store), state_(state), clock_(std::move(clock)) {}

absl::CivilDay Catalogue::DayOf(std::optional<absl::CivilDay> as_of) const {
  return as_of.value_or(core::LocalDay(clock_()));
}

absl::StatusOr<core::Unit> Catalogue::PutUnit(const core::Principal& caller,
                                              const core::Unit& unit) {
  MOTCUA_RETURN_IF_ERROR(core::CheckIsAdmin(caller, kChange));
  MOTCUA_RETURN_IF_ERROR(state_.Change([&] { return store_.PutUnit(unit); }));
  return unit;
}

absl::StatusOr<core::Agency> Catalogue::PutAgency(const core::Principal& caller,
                                                  const core::Agency& agency) {
  MOTCUA_RETURN_IF_ERROR(core::CheckIsAdmin(caller, kChange));
  MOTCUA_RETURN_IF_ERROR(
      state_.Change([&] { return store_.PutAgency(agency); }));
  return agency;
}

absl::StatusOr<core::Field> Catalogue::PutField(const core::Principal& caller,
                                                const core::Field& field) {
  MOTCUA_RETURN_IF_ERROR(core::CheckIsAdmin(caller, kChange));
  MOTCUA_RETURN_IF_ERROR(state_.Change([&] { return store_.PutField(field); }));
  return field;
}

absl::StatusOr<core::Procedure> Catalogue::PutProcedure(
    const core::Principal& caller, const core::Procedure& procedure) {
  MOTCUA_RETURN_IF_ERROR(core::CheckIsAdmin(caller, kChange));
  MOTCUA_RETURN_IF_ERROR(
      state_.Change([&] { return store_.PutProcedure(procedure); }));
  return procedure;
}

absl::StatusOr<CatalogueImportResult> Catalogue::Import(
    const core::Principal& caller, const core::CatalogueEntries& entries) {
  MOTCUA_RETURN_IF_ERROR(core::CheckIsAdmin(caller, kChange));
  CatalogueImportResult result;
  auto each = [&](const auto& list, absl::string_view kind, auto put) {
    for (size_t i = 0; i < list.size(); ++i) {
      const absl::Status s = put(list[i]);
      if (s.ok()) {
        ++result.stored;
      } else {
        result.refused.push_back(
            {std::string(kind), static_cast<int>(i), std::string(s.message())});
      }
    }
  };
  MOTCUA_RETURN_IF_ERROR(state_.Change([&] {
    each(entries.units, "unit",
         [&](const core::Unit& e) { return store_.PutUnit(e); });
    each(entries.agencies, "agency",
         [&](const core::Agency& e) { return store_.PutAgency(e); });
    each(entries.fields, "field",
         [&](const core::Field& e) { return store_.PutField(e); });
    each(entries.procedures, "procedure",
         [&](const core::Procedure& e) { return store_.PutProcedure(e); });
    return absl::OkStatus();
  }));
  return result;
}

absl::StatusOr<core::Unit> Catalogue::GetUnit(
    const std::string& code, std::optional<absl::CivilDay> as_of) {
  const absl::CivilDay day = DayOf(as_of);
  return Found(state_.Get()->UnitOn(code, day), "unit", code, day);
}

absl::StatusOr<core::Agency> Catalogue::GetAgency(
    const std::string& code, std::optional<absl::CivilDay> as_of) {
  const absl::CivilDay day = DayOf(as_of);
  return Found(state_.Get()->AgencyOn(code, day), "agency", code, day);
}

absl::StatusOr<core::Procedure> Catalogue::GetProcedure(
    const std::string& code, std::optional<absl::CivilDay> as_of) {
  const absl::CivilDay day = DayOf(as_of);
  return Found(state_.Get()->ProcedureOn(code, day), "procedure", code, day);
}

absl::StatusOr<CataloguePage<core::Unit>> Catalogue::ListUnits(
    const CataloguePageRequest& r) {
  return Page(state_.Get()->units(), r);
}

absl::StatusOr<CataloguePage<core::Agency>> Catalogue::ListAgencies(
    const CataloguePageRequest& r) {
  return Page(state_.Get()->agencies(), r);
}

absl::StatusOr<CataloguePage<core::Field>> Catalogue::ListFields(
    const CataloguePageRequest& r) {
  CataloguePageRequest every = r;
  every.as_of.reset();
  return Page(state_.Get()->fields(), every);
}

absl::StatusOr<CataloguePage<core::Procedure>> Catalogue::ListProcedures(
    const CataloguePageRequest& r) {
  return Page(state_.Get()->procedures(), r);
}

}  // namespace motcua::service
