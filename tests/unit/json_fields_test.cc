#include "base/json_fields.h"

#include <gtest/gtest.h>

namespace jjm {
namespace {

TEST(JsonFieldsTest, UnknownFieldsAndObjects) {
  EXPECT_TRUE(CheckFields(Json{{"a", 1}}, "", {"a", "b"}).ok());
  Status s = CheckFields(Json{{"a", 1}, {"c", 2}}, "", {"a"});
  EXPECT_EQ(s.message(), "unknown field 'c'");
  EXPECT_EQ(s.field(), "c");
  s = CheckFields(Json{{"c", 2}}, "contact", {"a"});
  EXPECT_EQ(s.field(), "contact.c");
  s = CheckFields(Json::array(), "", {"a"});
  EXPECT_EQ(s.message(), "the body must be a JSON object");
  EXPECT_EQ(s.field(), "body");
}

TEST(JsonFieldsTest, Values) {
  const Json j{{"name", "  Asha  "},
               {"n", 5},
               {"list", {"x", "y"}},
               {"day", "2024-05-01"}};
  EXPECT_EQ(*TextField(j, "", "name", true, 2, 10), "Asha");
  EXPECT_EQ(TextField(j, "p", "missing", true, 0, 10).status().field(),
            "p.missing");
  EXPECT_EQ(*TextField(j, "", "missing", false, 0, 10), "");
  EXPECT_FALSE(TextField(j, "", "n", false, 0, 10).ok());
  EXPECT_EQ(*IntField(j, "", "n", true, 0, 10), 5);
  EXPECT_EQ(IntField(j, "", "n", true, 6, 10).status().message(),
            "n must be 6 to 10");
  EXPECT_EQ(*IntField(j, "", "missing", false, 0, 10, 7), 7);
  EXPECT_EQ(DateField(j, "", "day", true)->ToString(), "2024-05-01");
  EXPECT_FALSE(PastDateField(j, "day", Date::FromCivil(2024, 4, 30)).ok());
  EXPECT_TRUE(PastDateField(j, "day", Date::FromCivil(2024, 5, 1)).ok());
  EXPECT_EQ((*ArrayField(j, "", "list", true, 1, 2))->size(), 2u);
  EXPECT_FALSE(ArrayField(j, "", "list", true, 3, 4).ok());
  auto choices = ChoicesField(
      j, "", "list", 1, 5, [](std::string_view v) { return v != "z"; }, "x");
  ASSERT_TRUE(choices.ok());
  EXPECT_EQ(choices->size(), 2u);
  EXPECT_EQ(ItemPath("a", "b", 3), "a.b[3]");
  EXPECT_EQ(FieldPath("", "b"), "b");
}

}  // namespace
}  // namespace jjm
