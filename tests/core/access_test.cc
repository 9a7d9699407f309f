// Who may do what: every role allowed and denied on representative calls.
#include "core/access.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace motcua::core {
namespace {

using ::testing::HasSubstr;

const Principal kDesk{"desk-bac-ha", Role::kDesk, {"H29.18070"}, {}};
const Principal kOtherDesk{"desk-nam-ha", Role::kDesk, {"H29.18073"}, {}};
const Principal kDistrictViewer{
    "dashboard-436", Role::kViewer, {}, {ScopeKind::kDistrict, "436"}};
const Principal kOtherViewer{
    "dashboard-437", Role::kViewer, {}, {ScopeKind::kDistrict, "437"}};
const Principal kBatch{
    "batch-42", Role::kBatch, {}, {ScopeKind::kProvince, "42"}};
const Principal kAdmin{"admin", Role::kAdmin, {}, {}};
const Principal kImporter{"migration", Role::kImport, {}, {}};

Dossier AtBacHa() {
  Dossier d;
  d.code = "H29.18070-250303-0001";
  d.agency_code = "H29.18070";
  d.units = {"42", "436", "18070"};
  d.timeline.status = DossierStatus::kProcessing;
  return d;
}

// The hierarchy of the small province: communes 18070, 18073 in 436.
bool Contains(const Scope& outer, const Scope& inner) {
  if (outer.kind == ScopeKind::kDeployment || outer == inner) return true;
  if (outer.kind == ScopeKind::kProvince && outer.code == "42") return true;
  if (outer.kind == ScopeKind::kDistrict && outer.code == "436") {
    return inner.code == "18070" || inner.code == "18073" ||
           inner.code == "H29.18070" || inner.code == "H29.18073";
  }
  return false;
}

TEST(Access, DeskWritesItsOwnAgencysDossiers) {
  EXPECT_TRUE(CheckCanWriteDossier(kDesk, AtBacHa()).ok());
  EXPECT_TRUE(CheckCanCreateAt(kDesk, "H29.18070").ok());
}

TEST(Access, DeskOfAnotherAgencyIsDeniedAndToldWhat) {
  absl::Status s = CheckCanWriteDossier(kOtherDesk, AtBacHa());
  EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(s.message(),
            "DESK token 'desk-nam-ha' may not change dossier "
            "H29.18070-250303-0001");
  EXPECT_EQ(CheckCanCreateAt(kOtherDesk, "H29.18070").code(),
            absl::StatusCode::kPermissionDenied);
}

TEST(Access, DeskHoldingTheOpenStepMayOnlyReadAndFinishIt) {
  Dossier d = AtBacHa();
  d.timeline.steps.push_back({"H29.18073",
                              {2, TimeUnit::kWorkingDays},
                              absl::UnixEpoch(),
                              absl::UnixEpoch(),
                              std::nullopt,
                              std::nullopt});
  EXPECT_TRUE(CheckCanFinishStep(kOtherDesk, d).ok());
  EXPECT_TRUE(CheckCanReadDossier(kOtherDesk, d).ok());
  EXPECT_FALSE(CheckCanWriteDossier(kOtherDesk, d).ok());
  EXPECT_FALSE(MaySeePersonalData(kOtherDesk, d));
  d.timeline.steps.back().finished_at = absl::UnixEpoch();
  EXPECT_FALSE(CheckCanFinishStep(kOtherDesk, d).ok());
  EXPECT_FALSE(CheckCanReadDossier(kOtherDesk, d).ok());
}

TEST(Access, OnlyCallersWhoCouldReadACodeLearnWhetherItExists) {
  EXPECT_TRUE(MayLookFor(kDesk, "H29.18070-250303-0001"));
  EXPECT_FALSE(MayLookFor(kOtherDesk, "H29.18070-250303-0001"));
  EXPECT_TRUE(MayLookFor(kAdmin, "H29.18070-250303-0001"));
  EXPECT_FALSE(MayLookFor(kDistrictViewer, "H29.18070-250303-0001"));
}

TEST(Access, ViewerReadsDossiersOfItsUnitWithoutPersonalData) {
  EXPECT_TRUE(CheckCanReadDossier(kDistrictViewer, AtBacHa()).ok());
  EXPECT_FALSE(MaySeePersonalData(kDistrictViewer, AtBacHa()));
  EXPECT_EQ(CheckCanReadDossier(kOtherViewer, AtBacHa()).code(),
            absl::StatusCode::kPermissionDenied);
}

TEST(Access, ViewerNeverWrites) {
  EXPECT_EQ(CheckCanWriteDossier(kDistrictViewer, AtBacHa()).code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(CheckCanCreateAt(kBatch, "H29.18070").code(),
            absl::StatusCode::kPermissionDenied);
}

TEST(Access, ViewerReadsFiguresWithinItsUnitOnly) {
  EXPECT_TRUE(CheckCanReadScope(kDistrictViewer, {ScopeKind::kDistrict, "436"},
                                Contains)
                  .ok());
  EXPECT_TRUE(CheckCanReadScope(kDistrictViewer, {ScopeKind::kCommune, "18073"},
                                Contains)
                  .ok());
  absl::Status s = CheckCanReadScope(kDistrictViewer,
                                     {ScopeKind::kProvince, "42"}, Contains);
  EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(std::string(s.message()), HasSubstr("outside its unit"));
  EXPECT_FALSE(
      CheckCanReadScope(kDistrictViewer, {ScopeKind::kDeployment, ""}, Contains)
          .ok());
}

TEST(Access, BatchReadsItsProvince) {
  EXPECT_TRUE(
      CheckCanReadScope(kBatch, {ScopeKind::kDistrict, "437"}, Contains).ok());
  EXPECT_TRUE(CheckCanReadDossier(kBatch, AtBacHa()).ok());
  EXPECT_FALSE(MaySeePersonalData(kBatch, AtBacHa()));
}

TEST(Access, DeskReadsFiguresOfItsOwnAgencyOnly) {
  EXPECT_TRUE(
      CheckCanReadScope(kDesk, {ScopeKind::kAgency, "H29.18070"}, Contains)
          .ok());
  EXPECT_FALSE(
      CheckCanReadScope(kDesk, {ScopeKind::kDistrict, "436"}, Contains).ok());
}

TEST(Access, AdminMayDoEverything) {
  EXPECT_TRUE(CheckCanWriteDossier(kAdmin, AtBacHa()).ok());
  EXPECT_TRUE(MaySeePersonalData(kAdmin, AtBacHa()));
  EXPECT_TRUE(
      CheckCanReadScope(kAdmin, {ScopeKind::kDeployment, ""}, Contains).ok());
  EXPECT_TRUE(CheckIsAdmin(kAdmin, "replace calendars").ok());
  EXPECT_TRUE(CheckCanImport(kAdmin).ok());
}

TEST(Access, OnlyAdminManagesCatalogueAndTokens) {
  for (const Principal* p : {&kDesk, &kDistrictViewer, &kBatch, &kImporter}) {
    absl::Status s = CheckIsAdmin(*p, "create tokens");
    EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied) << p->name;
    EXPECT_THAT(std::string(s.message()), HasSubstr("create tokens"));
  }
}

TEST(Access, ImportRoleImportsButReadsAndWritesNothingElse) {
  EXPECT_TRUE(CheckCanImport(kImporter).ok());
  EXPECT_FALSE(CheckCanImport(kDesk).ok());
  EXPECT_FALSE(CheckCanReadDossier(kImporter, AtBacHa()).ok());
  EXPECT_FALSE(CheckCanWriteDossier(kImporter, AtBacHa()).ok());
}

}  // namespace
}  // namespace motcua::core
