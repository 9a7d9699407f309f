// Fuzz target: dossier codes (AGENCY-yyMMdd-NNNN), which callers send in
// every dossier RPC and the public status lookup.
//
// Checks: any text is refused with InvalidArgument or parses to parts that
// format back to exactly that text (dossier_code.h: the parser accepts only
// what FormatDossierCode() produces); and parts built from the same bytes
// either fail to format or format to a code that parses back to them.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "core/dossier_code.h"

namespace motcua::core {
namespace {

[[noreturn]] void Broken(const std::string& what, absl::string_view input) {
  std::fprintf(stderr, "dossier_code_fuzzer: %s\n--- input ---\n%.*s\n",
               what.c_str(), static_cast<int>(input.size()), input.data());
  std::abort();
}

void CheckParse(absl::string_view text) {
  absl::StatusOr<DossierCode> code = ParseDossierCode(text);
  if (!code.ok()) {
    if (!absl::IsInvalidArgument(code.status())) {
      Broken("refused with " + code.status().ToString(), text);
    }
    return;
  }
  if (!ValidateAgencyCode(code->agency_code).ok()) {
    Broken("parsed an invalid agency code", text);
  }
  absl::StatusOr<std::string> formatted = FormatDossierCode(*code);
  if (!formatted.ok()) {
    Broken("parsed parts do not format: " + formatted.status().ToString(),
           text);
  }
  if (*formatted != text) {
    Broken("parsed a code that formats differently: " + *formatted, text);
  }
}

// Parts from raw bytes: 4 for the day and sequence, the rest the agency.
void CheckFormat(absl::string_view bytes) {
  if (bytes.size() < 4) return;
  const auto u = [&](size_t i) { return static_cast<unsigned char>(bytes[i]); };
  DossierCode parts;
  parts.reception_day = absl::CivilDay(2000, 1, 1) + (u(0) << 8 | u(1)) * 2;
  parts.sequence = (u(2) << 8 | u(3)) - 100;
  parts.agency_code = std::string(bytes.substr(4));
  absl::StatusOr<std::string> formatted = FormatDossierCode(parts);
  if (!formatted.ok()) {
    if (!absl::IsInvalidArgument(formatted.status())) {
      Broken("format refused with " + formatted.status().ToString(), bytes);
    }
    return;
  }
  absl::StatusOr<DossierCode> parsed = ParseDossierCode(*formatted);
  if (!parsed.ok() || !(*parsed == parts)) {
    Broken("formatted code " + *formatted + " does not parse back", bytes);
  }
}

}  // namespace
}  // namespace motcua::core

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view input(reinterpret_cast<const char*>(data), size);
  motcua::core::CheckParse(input);
  motcua::core::CheckFormat(input);
  return 0;
}
