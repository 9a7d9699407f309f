// The golden scenario (issue #5, "Proof"): one district (436, Thành phố Hà
// Tĩnh) and its three communes through the year 2025, about forty dossiers
// written by hand, and every cell of report form 06 and every rate written
// out as the number worked out by hand from DOMAIN.md and the shipped
// calendar. Nothing expected here was read off the code under test.
//
// Rules in force: the defaults (supplement PAUSE, granularity DATE), hours
// Mon-Fri 07:30-11:30 and 13:30-17:00 (7.5 working hours a day).
// The 2025 calendar (CALENDAR-FACTS.md): off Wed 01/01, Tết Sat 25/01 - Sun
// 02/02 (weekdays 27/01-31/01), Mon 07/04, Wed 30/04 - Fri 02/05, Mon 01/09
// and Tue 02/09; Saturday 26/04 is a make-up working day. No 2024 holiday
// falls in the spans of the 2024 dossiers below; 2026 is off Thu 01/01 - Sun
// 04/01.
//
// All instants below are local (Asia/Ho_Chi_Minh) clock times.
#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "core/dossier_changes.h"
#include "core/local_time.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/server_builder.h"
#include "gtest/gtest.h"
#include "server/api_codec.h"
#include "server/statistics_service.h"
#include "service/tokens.h"
#include "storage/rocksdb_store.h"
#include "tests/storage/world.h"
#include "tests/testing/calendar_testing.h"
#include "tests/testing/temp_dir.h"

namespace motcua::server {
namespace {

using core::Channel;
using ::motcua::testing::Local;
using ::motcua::testing::ShippedCalendar;
using service::GenerateToken;
using service::NewToken;
using S = core::DossierStatus;

// Agencies (tests/storage/world.cc). Commune 18352 belonged to district 437
// until 2024-12-31 and to 436 from 2025-01-01.
constexpr char kBacHa[] = "H29.18070";    // commune 18070, district 436
constexpr char kNamHa[] = "H29.18073";    // commune 18073, district 436
constexpr char kBacHong[] = "H29.18352";  // commune 18352, 437 then 436
constexpr char kCity[] = "H29.436";       // the district's own agency
constexpr char kHongLinh[] = "H29.437";   // district 437's own agency
constexpr char kNamHong[] = "H29.18355";  // commune 18355, district 437

// Procedures (tests/storage/world.cc): processing time, online level and
// class, field.
constexpr char kBirth[] = "1.001193";     // 4 working hours, L4 FULL, HOTICH
constexpr char kMarriage[] = "1.000894";  // 5 working days, L3 PARTIAL, HOTICH
constexpr char kDeath[] = "1.000656";     // 1 working day, L4 FULL, HOTICH
constexpr char kCopy[] = "1.004873";      // 8 working hours, L3 PARTIAL, HOTICH
constexpr char kLandFirst[] = "1.003003";  // 30 working days, L2 NONE, DATDAI
// 15 working days, L3, DATDAI; PARTIAL, and in this scenario reclassified
// FULL (Decree 42) from 2025-07-01 while its legacy level stays 3.
constexpr char kLandUse[] = "2.000889";
constexpr char kBuild[] = "1.009994";   // 15 working days, L3 PARTIAL, XAYDUNG
constexpr char kRepair[] = "1.010011";  // 20 calendar days, L2 NONE, XAYDUNG
constexpr char kHousehold[] = "2.000720";  // 3 working days, L4 FULL, KINHDOANH
constexpr char kHouseholdChange[] =
    "2.000575";  // 3 working days, L4 FULL, KINHDOANH

const absl::CivilDay kReclassified(2025, 7, 1);

// Writes dossiers the way the reception desk does, under the default rules.
// A refused write is a broken scenario: it fails the test suite.
class Desk {
 public:
  Desk(storage::Store& store, const testing::World& world)
      : store_(store), world_(world) {}

  // Received at the desk (status 2): DIRECT, POSTAL, or ONLINE checked at
  // once.
  std::string Receive(const std::string& agency, const std::string& procedure,
                      Channel channel, absl::Time at) {
    return Create(agency, procedure, channel, at, /*submitted_only=*/false);
  }
  // Submitted online, not yet checked (status 1).
  std::string Submit(const std::string& agency, const std::string& procedure,
                     absl::Time at) {
    return Create(agency, procedure, Channel::kOnline, at,
                  /*submitted_only=*/true);
  }
  // The desk checks a submission and receives it (1 -> 2), with the
  // procedure and hierarchy of the reception day.
  void Accept(const std::string& code, absl::Time at) {
    Apply(code, [&](const core::Dossier& d) {
      const absl::CivilDay day = core::LocalDay(at);
      return core::ReceiveSubmittedChange(
          ShippedCalendar(), core::DomainRules(), d, at,
          SnapshotOn(d.procedure.code, day), world_.PathOf(d.agency_code, day),
          kActor);
    });
  }
  void Move(const std::string& code, S to, absl::Time at) {
    Apply(code, [&](const core::Dossier& d) {
      return core::TransitionChange(ShippedCalendar(), core::DomainRules(), d,
                                    to, at, core::Outcome::kUnspecified,
                                    kActor);
    });
  }
  void Resolve(const std::string& code, absl::Time at,
               core::Outcome outcome = core::Outcome::kGranted) {
    Apply(code, [&](const core::Dossier& d) {
      return core::TransitionChange(ShippedCalendar(), core::DomainRules(), d,
                                    S::kResolved, at, outcome, kActor);
    });
  }
  void Apologise(const std::string& code, absl::Time at, absl::Time new_due) {
    Apply(code, [&](const core::Dossier& d) {
      return core::ApologyChange(d, at, new_due, kActor);
    });
  }
  void StartStep(const std::string& code, absl::Time at,
                 const std::string& agency, int working_days) {
    Apply(code, [&](const core::Dossier& d) {
      return core::StepStartChange(
          ShippedCalendar(), core::DomainRules(), d, at, agency,
          {working_days, core::TimeUnit::kWorkingDays}, kActor);
    });
  }
  void FinishStep(const std::string& code, absl::Time at) {
    Apply(code, [&](const core::Dossier& d) {
      return core::StepFinishChange(ShippedCalendar(), core::DomainRules(), d,
                                    at, kActor);
    });
  }

 private:
  inline static const core::Actor kActor{"desk-golden", ""};

  core::ProcedureSnapshot SnapshotOn(const std::string& code,
                                     absl::CivilDay day) const {
    for (const core::Procedure& p : world_.procedures) {
      if (p.code == code && p.validity.Covers(day)) return world_.SnapshotOf(p);
    }
    ADD_FAILURE() << "no version of procedure " << code << " on " << day;
    return {};
  }

  std::string Create(const std::string& agency, const std::string& procedure,
                     Channel channel, absl::Time at, bool submitted_only) {
    const absl::CivilDay day = core::LocalDay(at);
    absl::StatusOr<storage::DossierWrite> w =
        store_.CreateDossier(agency, day, {}, [&](const std::string& code) {
          core::NewDossier n;
          n.code = code;
          n.agency_code = agency;
          n.channel = channel;
          n.procedure = SnapshotOn(procedure, day);
          n.units = world_.PathOf(agency, day);
          n.applicant.kind = core::ApplicantKind::kPerson;
          n.applicant.name = "Lê Văn C";
          n.applicant.id_number = "042080009999";
          n.at = at;
          n.submitted_only = submitted_only;
          return core::CreateDossierChange(ShippedCalendar(), n, kActor);
        });
    if (!w.ok()) {
      ADD_FAILURE() << agency << " " << procedure << " at "
                    << testing::LocalString(at) << ": " << w.status();
      return "";
    }
    // The scenario names its dossiers G01, G02 ... in creation order.
    labels_[w->dossier.code] = absl::StrFormat("G%02d", labels_.size() + 1);
    return w->dossier.code;
  }

  void Apply(const std::string& code,
             const std::function<absl::StatusOr<core::DossierChange>(
                 const core::Dossier&)>& change) {
    absl::StatusOr<storage::DossierWrite> w =
        store_.UpdateDossier(code, {}, change);
    if (!w.ok()) ADD_FAILURE() << code << ": " << w.status();
  }

  storage::Store& store_;
  const testing::World& world_;

 public:
  // Dossier code -> scenario label ("G01").
  std::map<std::string, std::string> labels_;
};

// The world of the storage suites, with one catalogue edit: kLandUse is
// reclassified FULL from 2025-07-01 (its legacy level stays 3), so that a
// dossier's classification is the one of its reception day.
testing::World GoldenWorld() {
  testing::World world = testing::SmallProvince();
  core::Procedure reclassified;
  for (core::Procedure& p : world.procedures) {
    if (p.code != kLandUse) continue;
    p.validity.valid_to = kReclassified;
    reclassified = p;
  }
  reclassified.online_class = core::OnlineClass::kFull;
  reclassified.validity = {kReclassified, std::nullopt};
  world.procedures.push_back(reclassified);
  return world;
}

// Plays the scenario. Each dossier: reception, due date worked out by hand,
// events, and what it is at the end of 2025 (and of Q1 when it matters).
void PlayScenario(Desk& desk) {
  std::string c;
  // ---- Received in 2024 -------------------------------------------------

  // G01 Bắc Hồng (18352, then in district 437), death, DIRECT, Tue
  // 2024-10-15 09:00. Due: 1 working day -> Wed 2024-10-16 09:00. Resolved
  // Wed 16/10 08:00: ON_TIME. Counts under 437 for 2024, never under 436.
  c = desk.Receive(kBacHong, kDeath, Channel::kDirect,
                   Local(2024, 10, 15, 9, 0));
  desk.Resolve(c, Local(2024, 10, 16, 8, 0));

  // G02 City, land first registration (30 working days), DIRECT, Mon
  // 2024-11-25 09:00. Due: working days 26/11 (1) ... 31/12 (26), then Wed
  // 01/01 is off: Thu 02/01 (27), Fri 03/01 (28), Mon 06/01 (29), Tue 07/01
  // (30) -> Tue 2025-01-07 09:00. Apology Mon 06/01 10:00 promising Fri
  // 10/01 17:00; resolved Thu 2025-01-09 10:00: LATE against the due date
  // (an apology never moves it), late with apology; returned Fri 10/01.
  // Carried over into 2025 (within time at the end of 2024).
  c = desk.Receive(kCity, kLandFirst, Channel::kDirect,
                   Local(2024, 11, 25, 9, 0));
  desk.Move(c, S::kProcessing, Local(2024, 11, 25, 9, 30));
  desk.Apologise(c, Local(2025, 1, 6, 10, 0), Local(2025, 1, 10, 17, 0));
  desk.Resolve(c, Local(2025, 1, 9, 10, 0));
  desk.Move(c, S::kReturned, Local(2025, 1, 10, 9, 0));

  // G03 Bắc Hà, marriage (5 working days), DIRECT, Mon 2024-12-02 09:00.
  // Due Mon 2024-12-09 09:00; resolved Fri 06/12: EARLY, in 2024. Finished
  // before 2025: not carried over, absent from every 2025 figure.
  c = desk.Receive(kBacHa, kMarriage, Channel::kDirect,
                   Local(2024, 12, 2, 9, 0));
  desk.Move(c, S::kProcessing, Local(2024, 12, 2, 9, 30));
  desk.Resolve(c, Local(2024, 12, 6, 10, 0));

  // G04 City, land use change (15 working days, L3 PARTIAL then), POSTAL,
  // Mon 2024-12-16 14:00. Due: 17-20/12 (4), 23-27/12 (9), 30-31/12 (11),
  // 02-03/01 (13), 06-07/01 (15) -> Tue 2025-01-07 14:00. Stuck: OVERDUE at
  // the end of January and of March; resolved Wed 2025-04-09 10:00: LATE.
  c = desk.Receive(kCity, kLandUse, Channel::kPostal,
                   Local(2024, 12, 16, 14, 0));
  desk.Move(c, S::kProcessing, Local(2024, 12, 16, 14, 30));
  desk.Resolve(c, Local(2025, 4, 9, 10, 0));

  // G05 Bắc Hà, marriage, DIRECT, Mon 2024-12-30 15:00. Due: Tue 31/12 (1),
  // 01/01 off, Thu 02/01 (2), Fri 03/01 (3), Mon 06/01 (4), Tue 07/01 (5)
  // -> Tue 2025-01-07 15:00. Resolved Mon 2025-01-06 10:00: EARLY. Carried
  // over.
  c = desk.Receive(kBacHa, kMarriage, Channel::kDirect,
                   Local(2024, 12, 30, 15, 0));
  desk.Move(c, S::kProcessing, Local(2024, 12, 30, 15, 30));
  desk.Resolve(c, Local(2025, 1, 6, 10, 0));

  // ---- Received in 2025, district 436 --------------------------------------

  // G06 Bắc Hà, birth (4 working hours, L4 FULL), ONLINE received Fri
  // 2025-01-10 16:00. Due: 1 h on Friday, 3 h from Mon 07:30 -> Mon 13/01
  // 10:30. Resolved Fri 10/01 16:45: EARLY.
  c = desk.Receive(kBacHa, kBirth, Channel::kOnline, Local(2025, 1, 10, 16, 0));
  desk.Move(c, S::kProcessing, Local(2025, 1, 10, 16, 10));
  desk.Resolve(c, Local(2025, 1, 10, 16, 45));

  // G07 Nam Hà, death (1 working day), DIRECT, Wed 2025-01-15 11:30 sharp:
  // outside working time (periods are half-open), counted from 13:30. Due
  // Thu 16/01 13:30. Resolved Thu 16/01 16:00: ON_TIME.
  c = desk.Receive(kNamHa, kDeath, Channel::kDirect,
                   Local(2025, 1, 15, 11, 30));
  desk.Move(c, S::kProcessing, Local(2025, 1, 15, 13, 45));
  desk.Resolve(c, Local(2025, 1, 16, 16, 0));

  // G08 Bắc Hà, marriage, DIRECT, Thu 2025-01-23 09:00, just before Tết.
  // Due: Fri 24/01 (1), Tết 25/01-02/02, Mon 03/02 (2), Tue 04/02 (3), Wed
  // 05/02 (4), Thu 06/02 (5) -> Thu 2025-02-06 09:00. Resolved Thu 06/02
  // 16:00: ON_TIME (LATE if Tết were counted); returned Fri 07/02.
  c = desk.Receive(kBacHa, kMarriage, Channel::kDirect,
                   Local(2025, 1, 23, 9, 0));
  desk.Move(c, S::kProcessing, Local(2025, 1, 23, 9, 30));
  desk.Resolve(c, Local(2025, 2, 6, 16, 0));
  desk.Move(c, S::kReturned, Local(2025, 2, 7, 9, 0));

  // G09 Nam Hà, birth (4 working hours, L4 FULL), submitted online Fri
  // 2025-01-24 16:00, received 16:30. Due: 0.5 h on Friday, Tết, 3.5 h from
  // Mon 03/02 07:30 -> Mon 2025-02-03 11:00. Resolved Mon 03/02 10:00:
  // ON_TIME.
  c = desk.Submit(kNamHa, kBirth, Local(2025, 1, 24, 16, 0));
  desk.Accept(c, Local(2025, 1, 24, 16, 30));
  desk.Move(c, S::kProcessing, Local(2025, 1, 24, 16, 40));
  desk.Resolve(c, Local(2025, 2, 3, 10, 0));

  // G10 City, household business registration (3 working days, L4 FULL),
  // ONLINE received Mon 2025-02-10 08:00. Due Thu 13/02 08:00. Resolved Wed
  // 12/02 15:00: EARLY; returned Thu 13/02.
  c = desk.Receive(kCity, kHousehold, Channel::kOnline,
                   Local(2025, 2, 10, 8, 0));
  desk.Move(c, S::kProcessing, Local(2025, 2, 10, 8, 30));
  desk.Resolve(c, Local(2025, 2, 12, 15, 0));
  desk.Move(c, S::kReturned, Local(2025, 2, 13, 9, 0));

  // G11 Bắc Hà, civil status copy (8 working hours), DIRECT, Wed 2025-02-12
  // 18:30: after hours, counted from Thu 13/02 07:30. Due: 7.5 h on
  // Thursday, 0.5 h on Friday -> Fri 14/02 08:00. Resolved Fri 14/02 09:00:
  // ON_TIME (DATE granularity: same date, although after the due instant).
  // Its reception day is still Wed 12/02.
  c = desk.Receive(kBacHa, kCopy, Channel::kDirect, Local(2025, 2, 12, 18, 30));
  desk.Move(c, S::kProcessing, Local(2025, 2, 13, 7, 45));
  desk.Resolve(c, Local(2025, 2, 14, 9, 0));
  desk.Move(c, S::kReturned, Local(2025, 2, 14, 10, 0));

  // G12 Nam Hà, marriage, POSTAL, Mon 2025-02-17 10:00. Due Mon 24/02
  // 10:00. Supplement requested Wed 19/02 09:00, arrives Mon 24/02 09:00:
  // waited 6 + 7.5 + 7.5 + 1.5 = 22.5 working hours (PAUSE), so the due
  // moves to Thu 27/02 10:00. Resolved Wed 26/02 14:00: EARLY (LATE without
  // the pause).
  c = desk.Receive(kNamHa, kMarriage, Channel::kPostal,
                   Local(2025, 2, 17, 10, 0));
  desk.Move(c, S::kProcessing, Local(2025, 2, 17, 10, 30));
  desk.Move(c, S::kAwaitingSupplement, Local(2025, 2, 19, 9, 0));
  desk.Move(c, S::kProcessing, Local(2025, 2, 24, 9, 0));
  desk.Resolve(c, Local(2025, 2, 26, 14, 0));

  // G13 City, land use change (15 working days; before the reclassification:
  // L3 PARTIAL), ONLINE received Mon 2025-03-03 09:00. Due: 04-07/03 (4),
  // 10-14/03 (9), 17-21/03 (14), Mon 24/03 (15) -> Mon 24/03 09:00.
  // Inter-agency step to Bắc Hồng (H29.18352) Tue 04/03 10:00 for 2 working
  // days -> step due Thu 06/03 10:00; finished Thu 06/03 15:00: step
  // ON_TIME. Resolved Thu 20/03: EARLY.
  c = desk.Receive(kCity, kLandUse, Channel::kOnline, Local(2025, 3, 3, 9, 0));
  desk.Move(c, S::kProcessing, Local(2025, 3, 3, 9, 30));
  desk.StartStep(c, Local(2025, 3, 4, 10, 0), kBacHong, 2);
  desk.FinishStep(c, Local(2025, 3, 6, 15, 0));
  desk.Resolve(c, Local(2025, 3, 20, 10, 0));

  // G14 City, building permit (15 working days), DIRECT, Tue 2025-03-04
  // 09:00. Due: 05-07/03 (3), 10-14/03 (8), 17-21/03 (13), Mon 24/03 (14),
  // Tue 25/03 (15) -> Tue 25/03 09:00. The inter-agency dossier:
  //  step 1 to Nam Hà (H29.18073) Mon 10/03 09:00 for 3 working days -> due
  //    Thu 13/03 09:00; finished Tue 18/03 10:00: step LATE, charged to Nam
  //    Hà;
  //  step 2 to Bắc Hà (H29.18070) Wed 19/03 08:00 for 2 working days -> due
  //    Fri 21/03 08:00; finished Thu 20/03 16:00: step EARLY.
  // Resolved Thu 27/03 10:00: LATE (the dossier's lateness is the City's).
  c = desk.Receive(kCity, kBuild, Channel::kDirect, Local(2025, 3, 4, 9, 0));
  desk.Move(c, S::kProcessing, Local(2025, 3, 4, 9, 30));
  desk.StartStep(c, Local(2025, 3, 10, 9, 0), kNamHa, 3);
  desk.FinishStep(c, Local(2025, 3, 18, 10, 0));
  desk.StartStep(c, Local(2025, 3, 19, 8, 0), kBacHa, 2);
  desk.FinishStep(c, Local(2025, 3, 20, 16, 0));
  desk.Resolve(c, Local(2025, 3, 27, 10, 0));

  // G15 Bắc Hồng (18352, now in 436), death (1 working day, L4 FULL),
  // submitted online Mon 2025-03-10 20:00, received Tue 11/03 08:00. Due Wed
  // 12/03 08:00. Resolved Tue 11/03 14:00: EARLY; returned 15:00.
  c = desk.Submit(kBacHong, kDeath, Local(2025, 3, 10, 20, 0));
  desk.Accept(c, Local(2025, 3, 11, 8, 0));
  desk.Move(c, S::kProcessing, Local(2025, 3, 11, 8, 30));
  desk.Resolve(c, Local(2025, 3, 11, 14, 0));
  desk.Move(c, S::kReturned, Local(2025, 3, 11, 15, 0));

  // G16 Nam Hà, marriage, DIRECT, Fri 2025-03-21 10:00. Due: 24-28/03 ->
  // Fri 28/03 10:00. Supplement requested Wed 26/03 15:00, arrives Thu 03/04
  // 09:00: waited 2 + 5 x 7.5 + 1.5 = 41 working hours; the due moves from
  // Fri 28/03 10:00 by 41 h: 5 h on Friday, 7.5 h on each of 31/03, 01/04,
  // 02/04, 03/04 (35 h), 6 h on Fri 04/04 -> Fri 04/04 15:30. Resolved Fri
  // 04/04 16:00: ON_TIME. At the end of March: awaiting supplement and
  // WITHIN_TIME (it was within time when the wait began; no time runs
  // against it while it waits), although its first due date (28/03) is past.
  c = desk.Receive(kNamHa, kMarriage, Channel::kDirect,
                   Local(2025, 3, 21, 10, 0));
  desk.Move(c, S::kProcessing, Local(2025, 3, 21, 10, 30));
  desk.Move(c, S::kAwaitingSupplement, Local(2025, 3, 26, 15, 0));
  desk.Move(c, S::kProcessing, Local(2025, 4, 3, 9, 0));
  desk.Resolve(c, Local(2025, 4, 4, 16, 0));

  // G17 Bắc Hà, marriage, DIRECT, Mon 2025-03-24 09:00. Due: 25-28/03 (4),
  // Mon 31/03 (5) -> Mon 31/03 09:00. At the end of March (its due date):
  // WITHIN_TIME. Resolved Tue 01/04 09:00: LATE.
  c = desk.Receive(kBacHa, kMarriage, Channel::kDirect,
                   Local(2025, 3, 24, 9, 0));
  desk.Move(c, S::kProcessing, Local(2025, 3, 24, 9, 30));
  desk.Resolve(c, Local(2025, 4, 1, 9, 0));

  // G18 City, household business change (3 working days, L4 FULL),
  // submitted online Sun 2025-03-23 21:00, received Mon 24/03 10:00. Due Thu
  // 27/03 10:00. At the end of March: OVERDUE. Resolved Wed 02/04 11:00:
  // LATE; returned 15:00.
  c = desk.Submit(kCity, kHouseholdChange, Local(2025, 3, 23, 21, 0));
  desk.Accept(c, Local(2025, 3, 24, 10, 0));
  desk.Move(c, S::kProcessing, Local(2025, 3, 24, 10, 30));
  desk.Resolve(c, Local(2025, 4, 2, 11, 0));
  desk.Move(c, S::kReturned, Local(2025, 4, 2, 15, 0));

  // G19 Bắc Hồng, birth (4 working hours, L4 FULL), submitted online Sun
  // 2025-04-06 10:00, received Mon 07/04 08:00: a holiday (Hùng Kings), so
  // counted from Tue 08/04 07:30. Due Tue 08/04 11:30. Resolved Tue 08/04
  // 14:00: ON_TIME. Its reception day is Mon 07/04 (April).
  c = desk.Submit(kBacHong, kBirth, Local(2025, 4, 6, 10, 0));
  desk.Accept(c, Local(2025, 4, 7, 8, 0));
  desk.Move(c, S::kProcessing, Local(2025, 4, 8, 7, 45));
  desk.Resolve(c, Local(2025, 4, 8, 14, 0));

  // G20 Nam Hà, marriage, DIRECT, Thu 2025-04-24 09:00. Due: Fri 25/04 (1),
  // Sat 26/04 make-up working day (2), Mon 28/04 (3), Tue 29/04 (4), 30/04 -
  // 04/05 off, Mon 05/05 (5) -> Mon 05/05 09:00. Resolved Tue 06/05 10:00:
  // LATE (ON_TIME if the make-up Saturday were ignored); returned 15:00.
  c = desk.Receive(kNamHa, kMarriage, Channel::kDirect,
                   Local(2025, 4, 24, 9, 0));
  desk.Move(c, S::kProcessing, Local(2025, 4, 24, 9, 30));
  desk.Resolve(c, Local(2025, 5, 6, 10, 0));
  desk.Move(c, S::kReturned, Local(2025, 5, 6, 15, 0));

  // G21 Bắc Hà, death (1 working day), DIRECT, Sat 2025-04-26 09:00, the
  // make-up working day: working time. Due Mon 28/04 09:00. Resolved Mon
  // 28/04 10:00: ON_TIME (EARLY if the Saturday were off: due Tue 29/04).
  c = desk.Receive(kBacHa, kDeath, Channel::kDirect, Local(2025, 4, 26, 9, 0));
  desk.Move(c, S::kProcessing, Local(2025, 4, 26, 9, 30));
  desk.Resolve(c, Local(2025, 4, 28, 10, 0));

  // G22 Bắc Hà, marriage, submitted online Mon 2025-05-12 20:00, not
  // accepted Tue 13/05 09:00: NOT_ACCEPTED in May, never received.
  c = desk.Submit(kBacHa, kMarriage, Local(2025, 5, 12, 20, 0));
  desk.Move(c, S::kNotAccepted, Local(2025, 5, 13, 9, 0));

  // G23 City, household business registration (3 working days), POSTAL, Wed
  // 2025-05-14 09:00. Due: 15, 16, 19/05 -> Mon 19/05 09:00. Resolved Fri
  // 16/05: EARLY.
  c = desk.Receive(kCity, kHousehold, Channel::kPostal,
                   Local(2025, 5, 14, 9, 0));
  desk.Move(c, S::kProcessing, Local(2025, 5, 14, 9, 30));
  desk.Resolve(c, Local(2025, 5, 16, 10, 0));

  // G24 Bắc Hồng, marriage, DIRECT, Mon 2025-06-02 09:00. Due Mon 09/06
  // 09:00. Withdrawn by the citizen Tue 03/06 10:00 (from RECEIVED):
  // finished (DOMAIN.md section 6) and EARLY; withdrawn.
  c = desk.Receive(kBacHong, kMarriage, Channel::kDirect,
                   Local(2025, 6, 2, 9, 0));
  desk.Move(c, S::kWithdrawn, Local(2025, 6, 3, 10, 0));

  // G25 City, building permit (15 working days), DIRECT, Tue 2025-06-10
  // 09:00. Due: 11-13/06 (3), 16-20/06 (8), 23-27/06 (13), 30/06 (14), Tue
  // 01/07 (15) -> Tue 01/07 09:00. Stopped (form 05) Fri 20/06 10:00:
  // finished, EARLY.
  c = desk.Receive(kCity, kBuild, Channel::kDirect, Local(2025, 6, 10, 9, 0));
  desk.Move(c, S::kProcessing, Local(2025, 6, 10, 9, 30));
  desk.Move(c, S::kStopped, Local(2025, 6, 20, 10, 0));

  // G26 Bắc Hồng, civil status copy (8 working hours, L3 PARTIAL), submitted
  // online Wed 2025-06-18 22:00, received Thu 19/06 08:00. Due: 3.5 + 3.5 h
  // on Thursday, 1 h on Friday -> Fri 20/06 08:30. Resolved (REFUSED: still
  // a resolution) Fri 20/06 15:00: ON_TIME; returned Mon 23/06.
  c = desk.Submit(kBacHong, kCopy, Local(2025, 6, 18, 22, 0));
  desk.Accept(c, Local(2025, 6, 19, 8, 0));
  desk.Move(c, S::kProcessing, Local(2025, 6, 19, 8, 30));
  desk.Resolve(c, Local(2025, 6, 20, 15, 0), core::Outcome::kRefused);
  desk.Move(c, S::kReturned, Local(2025, 6, 23, 9, 0));

  // G27 Bắc Hà, death (1 working day), POSTAL, Tue 2025-06-24 09:00. Due Wed
  // 25/06 09:00. Resolved Wed 25/06 10:00: ON_TIME.
  c = desk.Receive(kBacHa, kDeath, Channel::kPostal, Local(2025, 6, 24, 9, 0));
  desk.Move(c, S::kProcessing, Local(2025, 6, 24, 9, 30));
  desk.Resolve(c, Local(2025, 6, 25, 10, 0));

  // G28 Nam Hà, marriage, POSTAL, Mon 2025-07-07 09:00. Due Mon 14/07 09:00.
  // Supplement requested Tue 08/07 10:00; the citizen withdraws Mon 21/07
  // 09:00 while it waits. Waited 5 + 3 x 7.5 + 5 x 7.5 + 1.5 = 66.5 working
  // hours, so the due moves to Fri 25/07 08:00 (8 working days to Thu 24/07
  // 09:00, then 6.5 h). Finished Mon 21/07: EARLY (LATE against the
  // unpaused 14/07); withdrawn.
  c = desk.Receive(kNamHa, kMarriage, Channel::kPostal,
                   Local(2025, 7, 7, 9, 0));
  desk.Move(c, S::kProcessing, Local(2025, 7, 7, 9, 30));
  desk.Move(c, S::kAwaitingSupplement, Local(2025, 7, 8, 10, 0));
  desk.Move(c, S::kWithdrawn, Local(2025, 7, 21, 9, 0));

  // G29 Bắc Hà, marriage (L3 PARTIAL), submitted online Tue 2025-07-15
  // 21:00, received Wed 16/07 08:00. Due: 17, 18, 21, 22, 23/07 -> Wed 23/07
  // 08:00. Resolved Wed 23/07 10:00: ON_TIME; returned Thu 24/07.
  c = desk.Submit(kBacHa, kMarriage, Local(2025, 7, 15, 21, 0));
  desk.Accept(c, Local(2025, 7, 16, 8, 0));
  desk.Move(c, S::kProcessing, Local(2025, 7, 16, 8, 30));
  desk.Resolve(c, Local(2025, 7, 23, 10, 0));
  desk.Move(c, S::kReturned, Local(2025, 7, 24, 9, 0));

  // G30 City, household business change (L4 FULL), submitted online Thu
  // 2025-08-07 20:00, received Fri 08/08 09:00. Due: 11, 12, 13/08 -> Wed
  // 13/08 09:00. Resolved Tue 12/08 10:00: EARLY.
  c = desk.Submit(kCity, kHouseholdChange, Local(2025, 8, 7, 20, 0));
  desk.Accept(c, Local(2025, 8, 8, 9, 0));
  desk.Move(c, S::kProcessing, Local(2025, 8, 8, 9, 30));
  desk.Resolve(c, Local(2025, 8, 12, 10, 0));

  // G31 City, repair permit (20 calendar days), DIRECT, Mon 2025-08-11
  // 09:00. 20 days later is Sun 31/08, not a working day, nor are Mon 01/09
  // and Tue 02/09 (National Day) -> due Wed 03/09 09:00. Resolved Wed 03/09
  // 16:00: ON_TIME.
  c = desk.Receive(kCity, kRepair, Channel::kDirect, Local(2025, 8, 11, 9, 0));
  desk.Move(c, S::kProcessing, Local(2025, 8, 11, 9, 30));
  desk.Resolve(c, Local(2025, 9, 3, 16, 0));

  // G32 Bắc Hồng, marriage, DIRECT, Mon 2025-08-25 09:00. Due: 26-29/08 (4),
  // 30/08 - 02/09 off, Wed 03/09 (5) -> Wed 03/09 09:00. Apology Wed 03/09
  // 08:00 promising Mon 08/09 17:00; resolved Thu 04/09 09:00: LATE, late
  // with apology.
  c = desk.Receive(kBacHong, kMarriage, Channel::kDirect,
                   Local(2025, 8, 25, 9, 0));
  desk.Move(c, S::kProcessing, Local(2025, 8, 25, 9, 30));
  desk.Apologise(c, Local(2025, 9, 3, 8, 0), Local(2025, 9, 8, 17, 0));
  desk.Resolve(c, Local(2025, 9, 4, 9, 0));

  // G33 City, building permit (L3 PARTIAL), ONLINE received Mon 2025-09-15
  // 09:00. Due: 16-19/09 (4), 22-26/09 (9), 29-30/09 (11), 01-03/10 (14),
  // Mon 06/10 (15) -> Mon 06/10 09:00. Resolved Fri 03/10: EARLY.
  c = desk.Receive(kCity, kBuild, Channel::kOnline, Local(2025, 9, 15, 9, 0));
  desk.Move(c, S::kProcessing, Local(2025, 9, 15, 9, 30));
  desk.Resolve(c, Local(2025, 10, 3, 10, 0));

  // G34 Nam Hà, birth (4 working hours, L4 FULL), ONLINE received Tue
  // 2025-10-14 09:00. Due: 2.5 h to 11:30, 1.5 h from 13:30 -> 15:00.
  // Resolved 16:00 the same day: ON_TIME (DATE).
  c = desk.Receive(kNamHa, kBirth, Channel::kOnline, Local(2025, 10, 14, 9, 0));
  desk.Move(c, S::kProcessing, Local(2025, 10, 14, 9, 15));
  desk.Resolve(c, Local(2025, 10, 14, 16, 0));

  // G35 Bắc Hà, marriage, POSTAL, Mon 2025-10-20 09:00. Due Mon 27/10 09:00.
  // Resolved Thu 23/10: EARLY; returned Fri 24/10.
  c = desk.Receive(kBacHa, kMarriage, Channel::kPostal,
                   Local(2025, 10, 20, 9, 0));
  desk.Move(c, S::kProcessing, Local(2025, 10, 20, 9, 30));
  desk.Resolve(c, Local(2025, 10, 23, 10, 0));
  desk.Move(c, S::kReturned, Local(2025, 10, 24, 9, 0));

  // G36 City, land first registration (30 working days), POSTAL, Mon
  // 2025-11-03 09:00. Due: 04-07/11 (4), 10-14/11 (9), 17-21/11 (14),
  // 24-28/11 (19), 01-05/12 (24), 08-12/12 (29), Mon 15/12 (30) -> Mon 15/12
  // 09:00. Still processing on 31/12: OVERDUE.
  c = desk.Receive(kCity, kLandFirst, Channel::kPostal,
                   Local(2025, 11, 3, 9, 0));
  desk.Move(c, S::kProcessing, Local(2025, 11, 3, 9, 30));

  // G37 Bắc Hồng, death (1 working day), DIRECT, Fri 2025-11-14 16:30. Due
  // Mon 17/11 16:30. Resolved Mon 17/11 09:00: ON_TIME.
  c = desk.Receive(kBacHong, kDeath, Channel::kDirect,
                   Local(2025, 11, 14, 16, 30));
  desk.Move(c, S::kProcessing, Local(2025, 11, 14, 16, 45));
  desk.Resolve(c, Local(2025, 11, 17, 9, 0));

  // G38 Bắc Hà, civil status copy (8 working hours), DIRECT, Mon 2025-11-24
  // 08:00. Due: 7 h on Monday, 1 h on Tuesday -> Tue 25/11 08:30. Still
  // processing on 31/12 (and on 30/11): OVERDUE.
  c = desk.Receive(kBacHa, kCopy, Channel::kDirect, Local(2025, 11, 24, 8, 0));
  desk.Move(c, S::kProcessing, Local(2025, 11, 24, 8, 30));

  // G39 City, household business registration (3 working days), DIRECT, Mon
  // 2025-12-01 09:00. Due Thu 04/12 09:00. Awaiting the fee (financial
  // obligation) from Mon 08/12 10:00, already overdue: still waiting on
  // 31/12, OVERDUE (a pause does not cure lateness that came before it).
  c = desk.Receive(kCity, kHousehold, Channel::kDirect,
                   Local(2025, 12, 1, 9, 0));
  desk.Move(c, S::kProcessing, Local(2025, 12, 1, 9, 30));
  desk.Move(c, S::kAwaitingFinancial, Local(2025, 12, 8, 10, 0));

  // G40 Nam Hà, marriage (L3 PARTIAL), ONLINE received Thu 2025-12-11 09:00.
  // Due: 12, 15, 16, 17, 18/12 -> Thu 18/12 09:00. Resolved Thu 18/12 08:00:
  // ON_TIME.
  c = desk.Receive(kNamHa, kMarriage, Channel::kOnline,
                   Local(2025, 12, 11, 9, 0));
  desk.Move(c, S::kProcessing, Local(2025, 12, 11, 9, 30));
  desk.Resolve(c, Local(2025, 12, 18, 8, 0));

  // G41 City, land use change, submitted online Sun 2025-12-14 20:00,
  // received Mon 15/12 09:00: after the reclassification, L3 FULL. Due:
  // 16-19/12 (4), 22-26/12 (9), 29-31/12 (12), 01-04/01/2026 off, Mon 05/01
  // (13), Tue 06/01 (14), Wed 07/01 (15) -> Wed 2026-01-07 09:00. Still
  // processing on 31/12: WITHIN_TIME.
  c = desk.Submit(kCity, kLandUse, Local(2025, 12, 14, 20, 0));
  desk.Accept(c, Local(2025, 12, 15, 9, 0));
  desk.Move(c, S::kProcessing, Local(2025, 12, 15, 9, 30));

  // G42 Bắc Hà, marriage, DIRECT, Mon 2025-12-22 09:00. Due Mon 29/12 09:00.
  // Supplement requested Wed 24/12 10:00, still awaited on 31/12: awaiting
  // supplement, WITHIN_TIME (within time when the wait began), although
  // 29/12 has passed.
  c = desk.Receive(kBacHa, kMarriage, Channel::kDirect,
                   Local(2025, 12, 22, 9, 0));
  desk.Move(c, S::kProcessing, Local(2025, 12, 22, 9, 30));
  desk.Move(c, S::kAwaitingSupplement, Local(2025, 12, 24, 10, 0));

  // G43 Nam Hà, civil status copy (8 working hours, with fee), DIRECT, Tue
  // 2025-12-30 14:00. Due: 3 h on Tuesday, 4 h on Wednesday morning, 1 h
  // from 13:30 -> Wed 31/12 14:30. Awaiting the fee from Wed 31/12 09:00:
  // still waiting at the end of the year, WITHIN_TIME, not a supplement.
  c = desk.Receive(kNamHa, kCopy, Channel::kDirect, Local(2025, 12, 30, 14, 0));
  desk.Move(c, S::kProcessing, Local(2025, 12, 30, 14, 30));
  desk.Move(c, S::kAwaitingFinancial, Local(2025, 12, 31, 9, 0));

  // G44 Nam Hà, birth, submitted online Wed 2025-12-31 18:00, not yet
  // checked: not received, in no figure.
  desk.Submit(kNamHa, kBirth, Local(2025, 12, 31, 18, 0));

  // ---- District 437 in 2025: in none of 436's figures ----------------------

  // G45 Hồng Lĩnh (437), building permit, DIRECT, Tue 2025-03-04 09:00. Due
  // Tue 25/03 09:00 (as G14). Never resolved: OVERDUE on 31/12.
  c = desk.Receive(kHongLinh, kBuild, Channel::kDirect,
                   Local(2025, 3, 4, 9, 0));
  desk.Move(c, S::kProcessing, Local(2025, 3, 4, 9, 30));

  // G46 Nam Hồng (18355, district 437), marriage (L3 PARTIAL), ONLINE
  // received Mon 2025-06-02 09:00. Due Mon 09/06 09:00; resolved Thu 05/06:
  // EARLY.
  c = desk.Receive(kNamHong, kMarriage, Channel::kOnline,
                   Local(2025, 6, 2, 9, 0));
  desk.Move(c, S::kProcessing, Local(2025, 6, 2, 9, 30));
  desk.Resolve(c, Local(2025, 6, 5, 10, 0));
}

// ---- Reading the figures --------------------------------------------------

// A form 06 row laid out as the form reads, one line per group of columns,
// so that a failure's diff points at the line of the cell that differs.
std::string Layout(const v1::Form06Row& r) {
  return absl::StrCat(
      "received ", r.received_total(), " = online ", r.received_online(),
      " + direct/postal ", r.received_direct_postal(), " + carried over ",
      r.carried_over(), "\nresolved ", r.resolved_total(), " = early ",
      r.resolved_early(), " + on time ", r.resolved_on_time(), " + late ",
      r.resolved_late(), "\nin progress ", r.in_progress_total(),
      " = within time ", r.in_progress_within_time(), " + overdue ",
      r.in_progress_overdue(), "\nawaiting supplement ",
      r.awaiting_supplement(), ", withdrawn ", r.withdrawn(), ", not accepted ",
      r.not_accepted(), ", late with apology ", r.late_with_apology(),
      "\nonline level3 ", r.received_online_level3(), ", level4 ",
      r.received_online_level4(), ", partial ", r.received_online_partial(),
      ", full ", r.received_online_full());
}

// `text` with its indentation, blank lines and repeated spaces removed, so
// that expected rows can be written aligned in the source.
std::string Normalised(absl::string_view text) {
  std::vector<std::string> lines;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    std::vector<absl::string_view> words =
        absl::StrSplit(line, ' ', absl::SkipEmpty());
    if (!words.empty()) lines.push_back(absl::StrJoin(words, " "));
  }
  return absl::StrJoin(lines, "\n");
}

#define EXPECT_ROW(row, expected) \
  EXPECT_EQ(Layout(row), Normalised(expected)) << "row " << (row).key()

std::string Layout(const v1::Rate& r) {
  return absl::StrCat(r.numerator(), "/", r.denominator());
}

std::string Layout(const v1::Rates& r) {
  return absl::StrCat(
      "on time ", Layout(r.on_time()), ", early ", Layout(r.early()),
      ", progress index ", Layout(r.progress_index()), "\nonline level3 ",
      Layout(r.online_level3()), ", level4 ", Layout(r.online_level4()),
      ", partial ", Layout(r.online_partial()), ", full ",
      Layout(r.online_full()));
}

#define EXPECT_RATES(rates, expected) \
  EXPECT_EQ(Layout(rates), Normalised(expected)) << "rates " << (rates).key()

// The row of `report` keyed `key`; an empty row (and a failure) when absent.
const v1::Form06Row& RowOf(const v1::Report& report, const std::string& key) {
  for (const v1::Form06Row& row : report.rows()) {
    if (row.key() == key) return row;
  }
  ADD_FAILURE() << "no row " << key;
  return v1::Form06Row::default_instance();
}

std::string Keys(const v1::Report& report) {
  std::vector<std::string> keys;
  for (const v1::Form06Row& row : report.rows()) keys.push_back(row.key());
  return absl::StrJoin(keys, " ");
}

class StatisticsGoldenTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir;
    storage::RocksDbStoreOptions options;
    options.sync_writes = false;  // a test store: no power loss to survive
    absl::StatusOr<std::unique_ptr<storage::Store>> store =
        storage::OpenRocksDbStore(dir_->Sub("db"), options);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = store->release();
    world_ = new testing::World(GoldenWorld());
    ASSERT_TRUE(testing::LoadWorld(*world_, *store_).ok());
    Desk desk(*store_, *world_);
    PlayScenario(desk);
    labels_ = new std::map<std::string, std::string>(desk.labels_);

    // Asked in mid-January 2026: every period below has ended.
    app_ = service::Application::Create(*store_, service::TimePolicy(), [] {
             return Local(2026, 1, 15, 9, 0);
           })->release();
    service_ = new StatisticsServiceImpl(*app_, nullptr);
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port);
    builder.RegisterService(service_);
    server_ = builder.BuildAndStart().release();
    stub_ = v1::StatisticsService::NewStub(
                grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                                    grpc::InsecureChannelCredentials()))
                .release();
    absl::StatusOr<NewToken> token =
        GenerateToken({"admin", core::Role::kAdmin, {}, {}}, absl::Now());
    ASSERT_TRUE(token.ok());
    ASSERT_TRUE(store_->PutToken(token->stored).ok());
    admin_ = new std::string(token->secret);
  }

  static void TearDownTestSuite() {
    if (server_ != nullptr) server_->Shutdown();
    delete stub_;
    delete server_;
    delete service_;
    delete app_;
    delete admin_;
    delete labels_;
    delete world_;
    delete store_;
    delete dir_;
  }

  void SetUp() override {
    // SetUpTestSuite stopped before the server was up: nothing to ask.
    ASSERT_NE(admin_, nullptr) << "the scenario could not be set up";
  }

  static v1::Period Period(absl::CivilDay from, absl::CivilDay to) {
    v1::Period p;
    ToProto(from, p.mutable_from());
    ToProto(to, p.mutable_to());
    return p;
  }
  static v1::Period Year(int year) {
    return Period(absl::CivilDay(year, 1, 1), absl::CivilDay(year, 12, 31));
  }
  static v1::Scope ScopeOf(v1::Scope::Kind kind, const std::string& code) {
    v1::Scope s;
    s.set_kind(kind);
    s.set_code(code);
    return s;
  }
  static v1::Scope District(const std::string& code) {
    return ScopeOf(v1::Scope::DISTRICT, code);
  }

  v1::Report Report(
      const v1::Scope& scope, const v1::Period& period,
      v1::GetReportRequest::Breakdown breakdown = v1::GetReportRequest::FIELD) {
    v1::GetReportRequest r;
    *r.mutable_scope() = scope;
    *r.mutable_period() = period;
    r.set_breakdown(breakdown);
    grpc::ClientContext c;
    c.AddMetadata("authorization", "Bearer " + *admin_);
    v1::Report out;
    grpc::Status s = stub_->GetReport(&c, r, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  v1::RatesReport Rates(const v1::Scope& scope, const v1::Period& period,
                        bool monthly) {
    v1::GetRatesRequest r;
    *r.mutable_scope() = scope;
    *r.mutable_period() = period;
    r.set_monthly(monthly);
    grpc::ClientContext c;
    c.AddMetadata("authorization", "Bearer " + *admin_);
    v1::RatesReport out;
    grpc::Status s = stub_->GetRates(&c, r, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  inline static testing::TempDir* dir_ = nullptr;
  inline static storage::Store* store_ = nullptr;
  inline static testing::World* world_ = nullptr;
  inline static service::Application* app_ = nullptr;
  inline static StatisticsServiceImpl* service_ = nullptr;
  inline static grpc::Server* server_ = nullptr;
  inline static v1::StatisticsService::Stub* stub_ = nullptr;
  inline static std::string* admin_ = nullptr;
  inline static std::map<std::string, std::string>* labels_ = nullptr;

  // The labels of the dossiers one cell lists, sorted, all pages followed.
  std::string Cell(
      const v1::Scope& scope, const v1::Period& period,
      const std::string& column, const std::string& row = "",
      v1::GetReportRequest::Breakdown breakdown = v1::GetReportRequest::FIELD) {
    v1::ListReportDossiersRequest r;
    *r.mutable_scope() = scope;
    *r.mutable_period() = period;
    r.set_breakdown(breakdown);
    r.set_row(row);
    r.set_column(column);
    r.set_page_size(2);
    std::vector<std::string> labels;
    for (int pages = 0; pages < 100; ++pages) {
      grpc::ClientContext c;
      c.AddMetadata("authorization", "Bearer " + *admin_);
      v1::ListReportDossiersResponse out;
      grpc::Status s = stub_->ListReportDossiers(&c, r, &out);
      EXPECT_TRUE(s.ok()) << s.error_message();
      for (const v1::Dossier& d : out.dossiers()) {
        labels.push_back(labels_->count(d.code()) ? labels_->at(d.code())
                                                  : d.code());
      }
      if (out.next_page_token().empty()) break;
      r.set_page_token(out.next_page_token());
    }
    std::sort(labels.begin(), labels.end());
    return absl::StrJoin(labels, " ");
  }
};

// ---- The year 2025 ----------------------------------------------------------

TEST_F(StatisticsGoldenTest, Form06TotalsOfTheYear) {
  const v1::Report report = Report(District("436"), Year(2025));
  // Judged at the end of 31/12/2025: the period is over.
  EXPECT_EQ(report.as_of().seconds(),
            absl::ToUnixSeconds(Local(2025, 12, 31, 23, 59, 59)));
  // Online: G06 G09 G10 G13 G15 G18 G19 G26 G29 G30 G33 G34 G40 G41 (14).
  // Direct/postal: G07 G08 G11 G12 G14 G16 G17 G20 G21 G23 G24 G25 G27 G28
  // G31 G32 G35 G36 G37 G38 G39 G42 G43 (23). Carried over: G02 G04 G05
  // (G03 finished in 2024). Not received: G22 (not accepted), G44.
  // Early: G05 G06 G10 G12 G13 G15 G23 G24 G25 G28 G30 G33 G35 (13).
  // On time: G07 G08 G09 G11 G16 G19 G21 G26 G27 G29 G31 G34 G37 G40 (14).
  // Late: G02 G04 G14 G17 G18 G20 G32 (7).
  // Open on 31/12: within time G41 G42 G43, overdue G36 G38 G39.
  // Withdrawn G24 G28; late with apology G02 G32.
  // Online level 3: G13 G26 G29 G33 G40 G41; level 4: G06 G09 G10 G15 G18
  // G19 G30 G34; PARTIAL: the level 3 ones but G41 (FULL by then); FULL:
  // the level 4 ones and G41.
  EXPECT_ROW(report.total(), R"(
      received    40 = online 14 + direct/postal 23 + carried over 3
      resolved    34 = early 13 + on time 14 + late 7
      in progress  6 = within time 3 + overdue 3
      awaiting supplement 1, withdrawn 2, not accepted 1, late with apology 2
      online level3 6, level4 8, partial 5, full 9)");
}

TEST_F(StatisticsGoldenTest, DrillDownOfTheYearListsTheHandWorkedDossiers) {
  const v1::Scope d436 = District("436");
  EXPECT_EQ(Cell(d436, Year(2025), "carried_over"), "G02 G04 G05");
  EXPECT_EQ(Cell(d436, Year(2025), "received_online"),
            "G06 G09 G10 G13 G15 G18 G19 G26 G29 G30 G33 G34 G40 G41");
  EXPECT_EQ(Cell(d436, Year(2025), "resolved_early"),
            "G05 G06 G10 G12 G13 G15 G23 G24 G25 G28 G30 G33 G35");
  EXPECT_EQ(Cell(d436, Year(2025), "resolved_late"),
            "G02 G04 G14 G17 G18 G20 G32");
  EXPECT_EQ(Cell(d436, Year(2025), "in_progress_within_time"), "G41 G42 G43");
  EXPECT_EQ(Cell(d436, Year(2025), "in_progress_overdue"), "G36 G38 G39");
  EXPECT_EQ(Cell(d436, Year(2025), "withdrawn"), "G24 G28");
  EXPECT_EQ(Cell(d436, Year(2025), "late_with_apology"), "G02 G32");
  EXPECT_EQ(Cell(d436, Year(2025), "received_online_level4"),
            "G06 G09 G10 G15 G18 G19 G30 G34");
}

TEST_F(StatisticsGoldenTest, DrillDownOfARowListsOnlyItsDossiers) {
  const v1::Scope d436 = District("436");
  // The City's own agency, a child row of the district.
  EXPECT_EQ(Cell(d436, Year(2025), "carried_over", "H29.436",
                 v1::GetReportRequest::CHILD_UNIT),
            "G02 G04");
  EXPECT_EQ(Cell(d436, Year(2025), "resolved_late", "H29.436",
                 v1::GetReportRequest::CHILD_UNIT),
            "G02 G04 G14 G18");
  EXPECT_EQ(Cell(d436, Year(2025), "in_progress_overdue", "H29.436",
                 v1::GetReportRequest::CHILD_UNIT),
            "G36 G39");
}

TEST_F(StatisticsGoldenTest, DrillDownOfAQuarterJudgesItsEnd) {
  const v1::Scope d436 = District("436");
  const v1::Period q1 =
      Period(absl::CivilDay(2025, 1, 1), absl::CivilDay(2025, 3, 31));
  EXPECT_EQ(Cell(d436, q1, "received_total"),
            "G02 G04 G05 G06 G07 G08 G09 G10 G11 G12 G13 G14 G15 G16 G17 G18");
  EXPECT_EQ(Cell(d436, q1, "awaiting_supplement"), "G16");
  EXPECT_EQ(Cell(d436, q1, "in_progress_within_time"), "G16 G17");
  EXPECT_EQ(Cell(d436, q1, "in_progress_overdue"), "G04 G18");
  EXPECT_EQ(Cell(d436, q1, "carried_over", "DATDAI"), "G02 G04");
}

TEST_F(StatisticsGoldenTest, FieldRowsOfTheYear) {
  const v1::Report report = Report(District("436"), Year(2025));
  EXPECT_EQ(Keys(report), "DATDAI HOTICH KINHDOANH XAYDUNG");
  EXPECT_EQ(RowOf(report, "DATDAI").name(), "Đất đai");
  // DATDAI: G02 G04 carried over, G13 G41 online, G36 postal; G13 early,
  // G02 (apologised) and G04 late; G41 within time, G36 overdue.
  EXPECT_ROW(RowOf(report, "DATDAI"), R"(
      received    5 = online 2 + direct/postal 1 + carried over 2
      resolved    3 = early 1 + on time 0 + late 2
      in progress 2 = within time 1 + overdue 1
      awaiting supplement 0, withdrawn 0, not accepted 0, late with apology 1
      online level3 2, level4 0, partial 1, full 1)");
  // HOTICH: the communes' dossiers. Carried over G05; online G06 G09 G15
  // G19 G26 G29 G34 G40; direct/postal G07 G08 G11 G12 G16 G17 G20 G21 G24
  // G27 G28 G32 G35 G37 G38 G42 G43 (17). Early G05 G06 G12 G15 G24 G28
  // G35; late G17 G20 G32; the 13 others on time. Open: G42 G43 within
  // time, G38 overdue.
  EXPECT_ROW(RowOf(report, "HOTICH"), R"(
      received    26 = online 8 + direct/postal 17 + carried over 1
      resolved    23 = early 7 + on time 13 + late 3
      in progress  3 = within time 2 + overdue 1
      awaiting supplement 1, withdrawn 2, not accepted 1, late with apology 1
      online level3 3, level4 5, partial 3, full 5)");
  // KINHDOANH: G10 G18 G30 online, G23 G39 direct/postal; G10 G23 G30
  // early, G18 late; G39 overdue while it awaits the fee.
  EXPECT_ROW(RowOf(report, "KINHDOANH"), R"(
      received    5 = online 3 + direct/postal 2 + carried over 0
      resolved    4 = early 3 + on time 0 + late 1
      in progress 1 = within time 0 + overdue 1
      awaiting supplement 0, withdrawn 0, not accepted 0, late with apology 0
      online level3 0, level4 3, partial 0, full 3)");
  // XAYDUNG: G33 online, G14 G25 G31 direct; G25 (stopped) and G33 early,
  // G31 on time, G14 late.
  EXPECT_ROW(RowOf(report, "XAYDUNG"), R"(
      received    4 = online 1 + direct/postal 3 + carried over 0
      resolved    4 = early 2 + on time 1 + late 1
      in progress 0 = within time 0 + overdue 0
      awaiting supplement 0, withdrawn 0, not accepted 0, late with apology 0
      online level3 1, level4 0, partial 1, full 0)");
}

TEST_F(StatisticsGoldenTest, ChildUnitRowsOfTheYear) {
  const v1::Report report =
      Report(District("436"), Year(2025), v1::GetReportRequest::CHILD_UNIT);
  // The three communes of 2025 (18352 moved in) and the district's own
  // agency.
  EXPECT_EQ(Keys(report), "18070 18073 18352 H29.436");
  // Bắc Hà: G05 carried over; G06 G29 online; G08 G11 G17 G21 G27 G35 G38
  // G42 direct/postal. Early G05 G06 G35; on time G08 G11 G21 G27 G29; late
  // G17. G42 waits within time, G38 overdue. G22 not accepted.
  EXPECT_ROW(RowOf(report, "18070"), R"(
      received    11 = online 2 + direct/postal 8 + carried over 1
      resolved     9 = early 3 + on time 5 + late 1
      in progress  2 = within time 1 + overdue 1
      awaiting supplement 1, withdrawn 0, not accepted 1, late with apology 0
      online level3 1, level4 1, partial 1, full 1)");
  // Nam Hà: G09 G34 G40 online; G07 G12 G16 G20 G28 G43 direct/postal.
  // Early G12 G28 (withdrawn); on time G07 G09 G16 G34 G40; late G20. G43
  // waits for its fee, within time.
  EXPECT_ROW(RowOf(report, "18073"), R"(
      received    9 = online 3 + direct/postal 6 + carried over 0
      resolved    8 = early 2 + on time 5 + late 1
      in progress 1 = within time 1 + overdue 0
      awaiting supplement 0, withdrawn 1, not accepted 0, late with apology 0
      online level3 1, level4 2, partial 1, full 2)");
  // Bắc Hồng, 2025 only (G01 of 2024 finished in 2024): G15 G19 G26 online;
  // G24 G32 G37 direct. Early G15 G24 (withdrawn); on time G19 G26 G37;
  // late G32 (apologised).
  EXPECT_ROW(RowOf(report, "18352"), R"(
      received    6 = online 3 + direct/postal 3 + carried over 0
      resolved    6 = early 2 + on time 3 + late 1
      in progress 0 = within time 0 + overdue 0
      awaiting supplement 0, withdrawn 1, not accepted 0, late with apology 1
      online level3 1, level4 2, partial 1, full 2)");
  // The City's agency: G02 G04 carried over; G10 G13 G18 G30 G33 G41
  // online; G14 G23 G25 G31 G36 G39 direct/postal. Early G10 G13 G23 G25
  // G30 G33; on time G31; late G02 G04 G14 G18. G41 within time, G36 G39
  // overdue.
  EXPECT_ROW(RowOf(report, "H29.436"), R"(
      received    14 = online 6 + direct/postal 6 + carried over 2
      resolved    11 = early 6 + on time 1 + late 4
      in progress  3 = within time 1 + overdue 2
      awaiting supplement 0, withdrawn 0, not accepted 0, late with apology 1
      online level3 3, level4 3, partial 2, full 4)");
}

TEST_F(StatisticsGoldenTest, MonthRowsJudgeEachMonthAtItsEnd) {
  const v1::Report report =
      Report(District("436"), Year(2025), v1::GetReportRequest::MONTH);
  EXPECT_EQ(Keys(report),
            "2025-01 2025-02 2025-03 2025-04 2025-05 2025-06 2025-07 2025-08 "
            "2025-09 2025-10 2025-11 2025-12");
  // January: G02 G04 G05 carried over; G06 G09 online, G07 G08 direct.
  // G05 G06 early, G07 on time, G02 late (apologised). On 31/01: G04
  // overdue; G08 (due 06/02) and G09 (due 03/02) within time.
  EXPECT_ROW(RowOf(report, "2025-01"), R"(
      received    7 = online 2 + direct/postal 2 + carried over 3
      resolved    4 = early 2 + on time 1 + late 1
      in progress 3 = within time 2 + overdue 1
      awaiting supplement 0, withdrawn 0, not accepted 0, late with apology 1
      online level3 0, level4 2, partial 0, full 2)");
  // April: G04 G16 G17 G18 carried over; G19 online, G20 G21 direct. G16
  // G19 G21 on time, G04 G17 G18 late. On 30/04: G20 (due 05/05) within.
  EXPECT_ROW(RowOf(report, "2025-04"), R"(
      received    7 = online 1 + direct/postal 2 + carried over 4
      resolved    6 = early 0 + on time 3 + late 3
      in progress 1 = within time 1 + overdue 0
      awaiting supplement 0, withdrawn 0, not accepted 0, late with apology 0
      online level3 0, level4 1, partial 0, full 1)");
  // May: G20 carried over and late; G23 by post, early; G22 not accepted.
  EXPECT_ROW(RowOf(report, "2025-05"), R"(
      received    2 = online 0 + direct/postal 1 + carried over 1
      resolved    2 = early 1 + on time 0 + late 1
      in progress 0 = within time 0 + overdue 0
      awaiting supplement 0, withdrawn 0, not accepted 1, late with apology 0
      online level3 0, level4 0, partial 0, full 0)");
  // December: G36 G38 carried over; G40 G41 online; G39 G42 G43 direct. G40
  // on time. On 31/12 the six open ones, as in the year's total.
  EXPECT_ROW(RowOf(report, "2025-12"), R"(
      received    7 = online 2 + direct/postal 3 + carried over 2
      resolved    1 = early 0 + on time 1 + late 0
      in progress 6 = within time 3 + overdue 3
      awaiting supplement 1, withdrawn 0, not accepted 0, late with apology 0
      online level3 2, level4 0, partial 1, full 1)");
}

// ---- The first quarter, whose end cuts through open dossiers ---------------

TEST_F(StatisticsGoldenTest, QuarterCutsThroughOpenDossiers) {
  const v1::Period q1 =
      Period(absl::CivilDay(2025, 1, 1), absl::CivilDay(2025, 3, 31));
  const v1::Report report = Report(District("436"), q1);
  EXPECT_EQ(report.as_of().seconds(),
            absl::ToUnixSeconds(Local(2025, 3, 31, 23, 59, 59)));
  // Carried over G02 G04 G05; online G06 G09 G10 G13 G15 G18; direct/postal
  // G07 G08 G11 G12 G14 G16 G17. Early G05 G06 G10 G12 G13 G15; on time G07
  // G08 G09 G11; late G02 G14. Open on 31/03: G16 awaiting supplement and
  // G17 (due that day) within time; G04 and G18 overdue.
  EXPECT_ROW(report.total(), R"(
      received    16 = online 6 + direct/postal 7 + carried over 3
      resolved    12 = early 6 + on time 4 + late 2
      in progress  4 = within time 2 + overdue 2
      awaiting supplement 1, withdrawn 0, not accepted 0, late with apology 1
      online level3 1, level4 5, partial 1, full 5)");
  EXPECT_EQ(Keys(report), "DATDAI HOTICH KINHDOANH XAYDUNG");
  EXPECT_ROW(RowOf(report, "DATDAI"), R"(
      received    3 = online 1 + direct/postal 0 + carried over 2
      resolved    2 = early 1 + on time 0 + late 1
      in progress 1 = within time 0 + overdue 1
      awaiting supplement 0, withdrawn 0, not accepted 0, late with apology 1
      online level3 1, level4 0, partial 1, full 0)");
  EXPECT_ROW(RowOf(report, "HOTICH"), R"(
      received    10 = online 3 + direct/postal 6 + carried over 1
      resolved     8 = early 4 + on time 4 + late 0
      in progress  2 = within time 2 + overdue 0
      awaiting supplement 1, withdrawn 0, not accepted 0, late with apology 0
      online level3 0, level4 3, partial 0, full 3)");
  EXPECT_ROW(RowOf(report, "KINHDOANH"), R"(
      received    2 = online 2 + direct/postal 0 + carried over 0
      resolved    1 = early 1 + on time 0 + late 0
      in progress 1 = within time 0 + overdue 1
      awaiting supplement 0, withdrawn 0, not accepted 0, late with apology 0
      online level3 0, level4 2, partial 0, full 2)");
  EXPECT_ROW(RowOf(report, "XAYDUNG"), R"(
      received    1 = online 0 + direct/postal 1 + carried over 0
      resolved    1 = early 0 + on time 0 + late 1
      in progress 0 = within time 0 + overdue 0
      awaiting supplement 0, withdrawn 0, not accepted 0, late with apology 0
      online level3 0, level4 0, partial 0, full 0)");

  const v1::Report by_unit =
      Report(District("436"), q1, v1::GetReportRequest::CHILD_UNIT);
  // Bắc Hà: G05 carried; G06 online; G08 G11 G17 direct. G05 G06 early, G08
  // G11 on time; G17 open within time.
  EXPECT_ROW(RowOf(by_unit, "18070"), R"(
      received    5 = online 1 + direct/postal 3 + carried over 1
      resolved    4 = early 2 + on time 2 + late 0
      in progress 1 = within time 1 + overdue 0
      awaiting supplement 0, withdrawn 0, not accepted 0, late with apology 0
      online level3 0, level4 1, partial 0, full 1)");
  // Nam Hà: G09 online; G07 G12 G16 direct/postal. G12 early, G07 G09 on
  // time; G16 awaits its supplement.
  EXPECT_ROW(RowOf(by_unit, "18073"), R"(
      received    4 = online 1 + direct/postal 3 + carried over 0
      resolved    3 = early 1 + on time 2 + late 0
      in progress 1 = within time 1 + overdue 0
      awaiting supplement 1, withdrawn 0, not accepted 0, late with apology 0
      online level3 0, level4 1, partial 0, full 1)");
  // Bắc Hồng: G15 only.
  EXPECT_ROW(RowOf(by_unit, "18352"), R"(
      received    1 = online 1 + direct/postal 0 + carried over 0
      resolved    1 = early 1 + on time 0 + late 0
      in progress 0 = within time 0 + overdue 0
      awaiting supplement 0, withdrawn 0, not accepted 0, late with apology 0
      online level3 0, level4 1, partial 0, full 1)");
  // The City: G02 G04 carried; G10 G13 G18 online; G14 direct. G10 G13
  // early, G02 G14 late; G04 and G18 overdue.
  EXPECT_ROW(RowOf(by_unit, "H29.436"), R"(
      received    6 = online 3 + direct/postal 1 + carried over 2
      resolved    4 = early 2 + on time 0 + late 2
      in progress 2 = within time 0 + overdue 2
      awaiting supplement 0, withdrawn 0, not accepted 0, late with apology 1
      online level3 1, level4 2, partial 1, full 2)");

  // Month by month within the quarter, each month judged at its own end.
  const v1::Report by_month =
      Report(District("436"), q1, v1::GetReportRequest::MONTH);
  EXPECT_EQ(Keys(by_month), "2025-01 2025-02 2025-03");
  // February: G04 G08 G09 carried over; G10 online, G11 G12 direct/postal.
  // G10 G12 early, G08 G09 G11 on time. On 28/02 only G04 is open,
  // overdue.
  EXPECT_ROW(RowOf(by_month, "2025-02"), R"(
      received    6 = online 1 + direct/postal 2 + carried over 3
      resolved    5 = early 2 + on time 3 + late 0
      in progress 1 = within time 0 + overdue 1
      awaiting supplement 0, withdrawn 0, not accepted 0, late with apology 0
      online level3 0, level4 1, partial 0, full 1)");
  // March: G04 carried over; G13 G15 G18 online, G14 G16 G17 direct. G13
  // G15 early, G14 late. On 31/03 as in the quarter's total.
  EXPECT_ROW(RowOf(by_month, "2025-03"), R"(
      received    7 = online 3 + direct/postal 3 + carried over 1
      resolved    3 = early 2 + on time 0 + late 1
      in progress 4 = within time 2 + overdue 2
      awaiting supplement 1, withdrawn 0, not accepted 0, late with apology 0
      online level3 1, level4 2, partial 1, full 2)");
}

// ---- Rates ------------------------------------------------------------------

TEST_F(StatisticsGoldenTest, RatesOfTheYear) {
  const v1::RatesReport rates = Rates(District("436"), Year(2025), true);
  // On time: (13 early + 14 on time) / 34 resolved; early: 13 / 34.
  // Decision 766: (27 + 3 within time) / (34 resolved + 6 in progress).
  // Online: over the 37 received in 2025 (14 online + 23 direct/postal; the
  // 3 carried over are in neither).
  EXPECT_RATES(rates.total(), R"(
      on time 27/34, early 13/34, progress index 30/40
      online level3 6/37, level4 8/37, partial 5/37, full 9/37)");
  EXPECT_DOUBLE_EQ(rates.total().on_time().value(), 27.0 / 34.0);
  EXPECT_DOUBLE_EQ(rates.total().early().value(), 13.0 / 34.0);
  EXPECT_DOUBLE_EQ(rates.total().progress_index().value(), 0.75);
  EXPECT_DOUBLE_EQ(rates.total().online_level3().value(), 6.0 / 37.0);
  EXPECT_DOUBLE_EQ(rates.total().online_full().value(), 9.0 / 37.0);

  ASSERT_EQ(rates.months_size(), 12);
  // December: G40 on time, nothing early (0%, with data); (1 + 3) / (1 +
  // 6); online over the 5 received in December: G40 L3 PARTIAL, G41 L3
  // FULL.
  EXPECT_EQ(rates.months(11).key(), "2025-12");
  EXPECT_RATES(rates.months(11), R"(
      on time 1/1, early 0/1, progress index 4/7
      online level3 2/5, level4 0/5, partial 1/5, full 1/5)");
  // April: G16 G19 G21 on time, G04 G17 G18 late; G20 within time.
  EXPECT_EQ(rates.months(3).key(), "2025-04");
  EXPECT_RATES(rates.months(3), R"(
      on time 3/6, early 0/6, progress index 4/7
      online level3 0/3, level4 1/3, partial 0/3, full 1/3)");
  EXPECT_DOUBLE_EQ(rates.months(3).on_time().value(), 0.5);
}

TEST_F(StatisticsGoldenTest, NoDataIsNotZero) {
  // Bắc Hồng month by month: nothing at all in January; in September only
  // G32, carried over from August and resolved late, and nothing received.
  const v1::RatesReport rates =
      Rates(ScopeOf(v1::Scope::COMMUNE, "18352"), Year(2025), true);
  ASSERT_EQ(rates.months_size(), 12);
  EXPECT_EQ(rates.months(0).key(), "2025-01");
  EXPECT_RATES(rates.months(0), R"(
      on time 0/0, early 0/0, progress index 0/0
      online level3 0/0, level4 0/0, partial 0/0, full 0/0)");
  EXPECT_EQ(rates.months(8).key(), "2025-09");
  // 0% on time over one dossier is data; the online ratios over no
  // dossier received are not.
  EXPECT_RATES(rates.months(8), R"(
      on time 0/1, early 0/1, progress index 0/1
      online level3 0/0, level4 0/0, partial 0/0, full 0/0)");
}

// ---- Agencies and inter-agency steps ----------------------------------------

TEST_F(StatisticsGoldenTest, StepLatenessIsChargedToTheAgencyThatOverran) {
  const v1::Report report =
      Report(District("436"), Year(2025), v1::GetReportRequest::AGENCY);
  // The agencies within 436 at the end of 2025.
  EXPECT_EQ(Keys(report), "H29.18070 H29.18073 H29.18352 H29.436");
  auto steps = [](const v1::Form06Row& r) {
    return absl::StrCat("steps early ", r.steps_early(), ", on time ",
                        r.steps_on_time(), ", late ", r.steps_late());
  };
  // G14's dossier is the City's and late; its first step overran at Nam Hà
  // (late), its second finished early at Bắc Hà. G13's step at Bắc Hồng
  // finished on its due date. The City ran no step.
  EXPECT_EQ(steps(RowOf(report, "H29.18073")),
            "steps early 0, on time 0, late 1");
  EXPECT_EQ(steps(RowOf(report, "H29.18070")),
            "steps early 1, on time 0, late 0");
  EXPECT_EQ(steps(RowOf(report, "H29.18352")),
            "steps early 0, on time 1, late 0");
  EXPECT_EQ(steps(RowOf(report, "H29.436")),
            "steps early 0, on time 0, late 0");
  // Each agency's own dossiers are those of its unit (ChildUnitRowsOfTheYear):
  // the step it ran for another's dossier is not one of them.
  EXPECT_ROW(RowOf(report, "H29.18073"), R"(
      received    9 = online 3 + direct/postal 6 + carried over 0
      resolved    8 = early 2 + on time 5 + late 1
      in progress 1 = within time 1 + overdue 0
      awaiting supplement 0, withdrawn 1, not accepted 0, late with apology 0
      online level3 1, level4 2, partial 1, full 2)");
  EXPECT_ROW(RowOf(report, "H29.436"), R"(
      received    14 = online 6 + direct/postal 6 + carried over 2
      resolved    11 = early 6 + on time 1 + late 4
      in progress  3 = within time 1 + overdue 2
      awaiting supplement 0, withdrawn 0, not accepted 0, late with apology 1
      online level3 3, level4 3, partial 2, full 4)");
}

// ---- The moved commune ------------------------------------------------------

TEST_F(StatisticsGoldenTest, MovedCommuneCountsUnderItsOldDistrictFor2024) {
  // 2024 in 437: G01 of Bắc Hồng, received while 18352 was 437's, on time.
  const v1::Report d437 =
      Report(District("437"), Year(2024), v1::GetReportRequest::CHILD_UNIT);
  EXPECT_ROW(d437.total(), R"(
      received    1 = online 0 + direct/postal 1 + carried over 0
      resolved    1 = early 0 + on time 1 + late 0
      in progress 0 = within time 0 + overdue 0
      awaiting supplement 0, withdrawn 0, not accepted 0, late with apology 0
      online level3 0, level4 0, partial 0, full 0)");
  EXPECT_EQ(RowOf(d437, "18352").received_total(), 1);
  EXPECT_EQ(RowOf(d437, "18352").resolved_on_time(), 1);
  // 2024 in 436: G02 G03 G04 G05 but not G01. G03 early; G02 G04 G05 open
  // on 31/12/2024, all due on 07/01/2025: within time.
  EXPECT_ROW(Report(District("436"), Year(2024)).total(), R"(
      received    4 = online 0 + direct/postal 4 + carried over 0
      resolved    1 = early 1 + on time 0 + late 0
      in progress 3 = within time 3 + overdue 0
      awaiting supplement 0, withdrawn 0, not accepted 0, late with apology 0
      online level3 0, level4 0, partial 0, full 0)");
  // 2025 in 437: only G45 (overdue) and G46 (early); Bắc Hồng's 2025
  // dossiers are 436's.
  EXPECT_ROW(Report(District("437"), Year(2025)).total(), R"(
      received    2 = online 1 + direct/postal 1 + carried over 0
      resolved    1 = early 1 + on time 0 + late 0
      in progress 1 = within time 0 + overdue 1
      awaiting supplement 0, withdrawn 0, not accepted 0, late with apology 0
      online level3 1, level4 0, partial 1, full 0)");
}

}  // namespace
}  // namespace motcua::server
