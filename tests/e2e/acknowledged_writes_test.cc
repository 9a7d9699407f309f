// The log motcua-load --acknowledged writes and the durability tests read.
#include "client/acknowledged_writes.h"

#include <fstream>

#include "gtest/gtest.h"
#include "tests/testing/temp_dir.h"

namespace motcua::client {
namespace {

TEST(AcknowledgedWrites, RecordedLinesReadBackInOrder) {
  testing::TempDir dir;
  const std::string path = dir.Sub("acknowledged.tsv");
  {
    absl::StatusOr<std::unique_ptr<AcknowledgedWritesLog>> log =
        AcknowledgedWritesLog::Open(path);
    ASSERT_TRUE(log.ok()) << log.status();
    ASSERT_TRUE((*log)
                    ->Record({"ReceiveDossier", "H29.18070-260301-0001", 1,
                              v1::RECEIVED, "load-1-0"})
                    .ok());
    ASSERT_TRUE((*log)
                    ->Record({"ChangeDossierStatus", "H29.18070-260301-0001", 2,
                              v1::PROCESSING, "load-1-1"})
                    .ok());
  }
  std::ifstream in(path);
  std::string first;
  std::getline(in, first);
  EXPECT_EQ(first,
            "ReceiveDossier\tH29.18070-260301-0001\t1\tRECEIVED\tload-1-0");
  absl::StatusOr<std::vector<AcknowledgedWrite>> read =
      ReadAcknowledgedWrites(path);
  ASSERT_TRUE(read.ok()) << read.status();
  ASSERT_EQ(read->size(), 2u);
  EXPECT_EQ((*read)[1].rpc, "ChangeDossierStatus");
  EXPECT_EQ((*read)[1].code, "H29.18070-260301-0001");
  EXPECT_EQ((*read)[1].version, 2);
  EXPECT_EQ((*read)[1].status, v1::PROCESSING);
  EXPECT_EQ((*read)[1].request_id, "load-1-1");
}

TEST(AcknowledgedWrites, ALastLineCutShortIsNotAnAcknowledgement) {
  testing::TempDir dir;
  const std::string path = dir.Sub("acknowledged.tsv");
  std::ofstream(path)
      << "SubmitDossier\tH29.18070-260301-0001\t1\tSUBMITTED\tr-1\n"
      << "ReceiveDossier\tH29.18070-260301-0001\t2\tREC";
  absl::StatusOr<std::vector<AcknowledgedWrite>> read =
      ReadAcknowledgedWrites(path);
  ASSERT_TRUE(read.ok()) << read.status();
  ASSERT_EQ(read->size(), 1u);
  EXPECT_EQ((*read)[0].status, v1::SUBMITTED);
}

TEST(AcknowledgedWrites, AMalformedLineIsDataLoss) {
  testing::TempDir dir;
  const std::string path = dir.Sub("acknowledged.tsv");
  std::ofstream(path)
      << "ReceiveDossier\tH29.18070-260301-0001\tone\tRECEIVED\tr\n";
  EXPECT_EQ(ReadAcknowledgedWrites(path).status().code(),
            absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace motcua::client
