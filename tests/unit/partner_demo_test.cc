// The partners demo loader says what is wrong with a damaged file.
#include "partners/partner_demo.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "store/sqlite_db.h"

namespace jjm {
namespace {

class PartnerDemoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "/partner_demo_" + std::to_string(getpid());
    std::filesystem::create_directories(dir_);
    db_ = std::move(*OpenSqlite(":memory:"));
    ASSERT_TRUE(Migrate(db_.get()).ok());
    auto svc = CoverageService::Load(db_.get(), nullptr);
    ASSERT_TRUE(svc.ok()) << svc.status().ToString();
    coverage_ = std::move(*svc);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  Status LoadWith(const std::string& text) {
    std::ofstream(dir_ + "/partners.json") << text;
    return LoadPartnerDemo(dir_, db_.get(), coverage_.get(),
                           Date::FromCivil(2025, 1, 1), nullptr)
        .status();
  }
  std::string dir_;
  std::unique_ptr<Db> db_;
  std::unique_ptr<CoverageService> coverage_;
};

TEST_F(PartnerDemoTest, DamagedFilesAreErrorsNamingTheFile) {
  const std::string file = dir_ + "/partners.json";
  Status s = LoadWith("not json");
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), file + " is not JSON");

  s = LoadWith(R"({"round": {"name": "R", "opens_on": "2024-13-01",
                  "closes_on": "2024-07-15"}, "applications": []})");
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find(file + ": round.opens_on '2024-13-01'"),
            std::string::npos)
      << s.message();

  s = LoadWith(R"({"round": {"name": "R", "opens_on": "2024-06-01"},
                  "applications": []})");
  EXPECT_NE(s.message().find("round.closes_on is missing"), std::string::npos)
      << s.message();

  s = LoadWith(R"({"applications": []})");
  EXPECT_NE(s.message().find("has no round"), std::string::npos);

  // A value of the wrong type is reported, not an abort.
  s = LoadWith(R"({"reviewers": "six", "round": {"name": "Round of tests",
                  "opens_on": "2024-06-01", "closes_on": "2024-07-15"},
                  "applications": []})");
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << s.ToString();
  EXPECT_NE(s.message().find(file + " is not a partners demo file"),
            std::string::npos)
      << s.message();
}

TEST_F(PartnerDemoTest, NoFileIsNotFound) {
  EXPECT_EQ(LoadPartnerDemo(dir_ + "/none", db_.get(), coverage_.get(),
                            Date::FromCivil(2025, 1, 1), nullptr)
                .status()
                .code(),
            StatusCode::kNotFound);
}

}  // namespace
}  // namespace jjm
