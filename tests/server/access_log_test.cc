// The access log's line format and where it goes.
#include "server/access_log.h"

#include <fstream>
#include <sstream>

#include "gtest/gtest.h"
#include "tests/testing/temp_dir.h"

namespace motcua::server {
namespace {

AccessRecord Example() {
  AccessRecord r;
  r.at = absl::FromUnixMillis(1795338000123);  // 2026-11-22T09:00:00.123Z
  r.method = "/motcua.v1.DossierService/ReceiveDossier";
  r.principal = "desk-bac-ha";
  r.code = "OK";
  r.latency = absl::Microseconds(1234);
  r.bytes_in = 120;
  r.bytes_out = 310;
  return r;
}

TEST(AccessLog, OneLineWithEveryField) {
  EXPECT_EQ(AccessLog::Format(Example()),
            "A 2026-11-22T09:00:00.123Z "
            "/motcua.v1.DossierService/ReceiveDossier principal=desk-bac-ha "
            "code=OK latency_ms=1.234 bytes_in=120 bytes_out=310\n");
}

TEST(AccessLog, UnknownPrincipalAndRequestSizeAreDashes) {
  AccessRecord r = Example();
  r.principal = "";
  r.bytes_in.reset();
  r.code = "UNAUTHENTICATED";
  EXPECT_EQ(AccessLog::Format(r),
            "A 2026-11-22T09:00:00.123Z "
            "/motcua.v1.DossierService/ReceiveDossier principal=- "
            "code=UNAUTHENTICATED latency_ms=1.234 bytes_in=- bytes_out=310\n");
}

TEST(AccessLog, NamesCannotForgeFieldsOrLines) {
  AccessRecord r = Example();
  r.method = "/x/y\nA forged line";
  r.principal = "a b%";
  EXPECT_EQ(AccessLog::Format(r),
            "A 2026-11-22T09:00:00.123Z /x/y%0AA%20forged%20line "
            "principal=a%20b%25 code=OK latency_ms=1.234 bytes_in=120 "
            "bytes_out=310\n");
}

TEST(AccessLog, OffIsNoLogAndAFileIsAppendedTo) {
  absl::StatusOr<std::unique_ptr<AccessLog>> off = AccessLog::Open("off");
  ASSERT_TRUE(off.ok());
  EXPECT_EQ(*off, nullptr);
  absl::StatusOr<std::unique_ptr<AccessLog>> to_stderr = AccessLog::Open("");
  ASSERT_TRUE(to_stderr.ok());
  EXPECT_NE(*to_stderr, nullptr);

  testing::TempDir dir;
  const std::string path = dir.Sub("access.log");
  std::ofstream(path) << "earlier\n";
  {
    absl::StatusOr<std::unique_ptr<AccessLog>> log = AccessLog::Open(path);
    ASSERT_TRUE(log.ok()) << log.status();
    (*log)->Write(Example());
    (*log)->Write(Example());
  }
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), "earlier\n" + AccessLog::Format(Example()) +
                            AccessLog::Format(Example()));
  EXPECT_EQ(AccessLog::Open(dir.Sub("no/such/dir/log")).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace motcua::server
