// Dossier codes {agency}-{yyMMdd}-{NNNN} (DOMAIN.md section 4).
#include "core/dossier_code.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace motcua::core {
namespace {

using ::testing::HasSubstr;

TEST(DossierCode, FormatsAgencyDateAndFourDigitSequence) {
  absl::StatusOr<std::string> code =
      FormatDossierCode({"000.00.12.H55", absl::CivilDay(2025, 1, 7), 42});
  ASSERT_TRUE(code.ok()) << code.status();
  EXPECT_EQ(*code, "000.00.12.H55-250107-0042");
}

TEST(DossierCode, ParsesWhatItFormats) {
  absl::StatusOr<DossierCode> code =
      ParseDossierCode("000.00.12.H55-261231-9999");
  ASSERT_TRUE(code.ok()) << code.status();
  EXPECT_EQ(code->agency_code, "000.00.12.H55");
  EXPECT_EQ(code->reception_day, absl::CivilDay(2026, 12, 31));
  EXPECT_EQ(code->sequence, 9999);
}

TEST(DossierCode, SequenceStartsAtOne) {
  EXPECT_FALSE(FormatDossierCode({"H55", absl::CivilDay(2025, 1, 7), 0}).ok());
  EXPECT_FALSE(ParseDossierCode("H55-250107-0000").ok());
}

TEST(DossierCode, TenThousandthDossierOfADayCannotBeNumbered) {
  absl::StatusOr<std::string> code =
      FormatDossierCode({"H55", absl::CivilDay(2025, 1, 7), 10000});
  EXPECT_EQ(code.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(code.status().message()), HasSubstr("1..9999"));
}

struct BadCode {
  const char* text;
  const char* message_part;
};

void PrintTo(const BadCode& bad, std::ostream* os) {
  *os << "'" << bad.text << "'";
}

class DossierCodeRejects : public ::testing::TestWithParam<BadCode> {};

TEST_P(DossierCodeRejects, WithMessage) {
  absl::StatusOr<DossierCode> code = ParseDossierCode(GetParam().text);
  EXPECT_EQ(code.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(code.status().message()),
              HasSubstr(GetParam().message_part));
}

INSTANTIATE_TEST_SUITE_P(
    BadCodes, DossierCodeRejects,
    ::testing::Values(BadCode{"", "not AGENCY-yyMMdd-NNNN"},
                      BadCode{"H55-2501070042", "not AGENCY-yyMMdd-NNNN"},
                      BadCode{"-250107-0042", "1 to 32 characters"},
                      BadCode{"H55-25017-0042", "6-digit"},
                      BadCode{"H55-250107-042", "4-digit"},
                      BadCode{"H55-250107-00a2", "4-digit"},
                      BadCode{"H55-250230-0001", "impossible date"},
                      BadCode{"H55-251301-0001", "impossible date"},
                      BadCode{"H 55-250107-0001", "letters, digits and dots"},
                      BadCode{".H55-250107-0001", "start or end with a dot"},
                      BadCode{"H55-x-250107-0001",
                              "letters, digits and dots"}));

TEST(AgencyCode, AcceptsElectronicIdentifiers) {
  EXPECT_TRUE(ValidateAgencyCode("000.00.12.H55").ok());
  EXPECT_TRUE(ValidateAgencyCode("G22").ok());
}

TEST(AgencyCode, RejectsOverlongCodes) {
  EXPECT_FALSE(ValidateAgencyCode(std::string(33, 'A')).ok());
  EXPECT_TRUE(ValidateAgencyCode(std::string(32, 'A')).ok());
}

}  // namespace
}  // namespace motcua::core
