// Complaint deadlines and the escalation ladder, on a clock the test
// controls; the steps of a complaint's status.
#include <gtest/gtest.h>

#include <vector>

#include "operations/escalation.h"

namespace jjm {
namespace {

using S = ComplaintStatus;
using L = EscalationLevel;

constexpr int64_t kHour = 3600;
// 2024-06-03 10:00:00 UTC.
constexpr int64_t kFiled = 1717408800;

StatusOr<ComplaintClock> At(
    int64_t now, std::vector<StatusChange> history = {},
    ComplaintCategory c = ComplaintCategory::kNoSupply,
    const ComplaintRules& rules = DefaultComplaintRules()) {
  return ComplaintClockAt(kFiled, c, history, rules, now);
}

TEST(OperationsEscalationTest,
     FiledAtTenWithA48HourDeadlineEscalatesAtTenTwoDaysLater) {
  ASSERT_EQ(DefaultComplaintRules()
                .deadline_hours[static_cast<int>(ComplaintCategory::kNoSupply)],
            48);
  const int64_t two_days_later = kFiled + 48 * kHour;  // 2024-06-05 10:00

  StatusOr<ComplaintClock> before = At(two_days_later - 1);
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  EXPECT_EQ(before->holder, L::kCommittee);
  EXPECT_FALSE(before->overdue);
  EXPECT_TRUE(before->escalations.empty());
  EXPECT_EQ(before->deadline, two_days_later);
  EXPECT_EQ(before->next_escalation_at, two_days_later);

  StatusOr<ComplaintClock> at = At(two_days_later);
  ASSERT_TRUE(at.ok());
  EXPECT_EQ(at->holder, L::kBlock);
  EXPECT_EQ(at->rung, 1);
  EXPECT_TRUE(at->overdue);
  ASSERT_EQ(at->escalations.size(), 1u);
  EXPECT_EQ(at->escalations[0].at, two_days_later);
  EXPECT_EQ(at->escalations[0].from, L::kCommittee);
  EXPECT_EQ(at->escalations[0].to, L::kBlock);
  EXPECT_EQ(at->escalations[0].round, 0);
  EXPECT_EQ(at->escalations[0].rung, 1);
  // The block has it for 48 hours, then the district.
  EXPECT_EQ(at->next_escalation_at, two_days_later + 48 * kHour);
}

TEST(OperationsEscalationTest, TheBlockPassesItToTheDistrictAfterItsHours) {
  const int64_t to_district = kFiled + (48 + 48) * kHour;
  StatusOr<ComplaintClock> before = At(to_district - 1);
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(before->holder, L::kBlock);
  StatusOr<ComplaintClock> c = At(to_district + 1000 * kHour);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->holder, L::kDistrict);
  ASSERT_EQ(c->escalations.size(), 2u);
  EXPECT_EQ(c->escalations[1].at, to_district);
  EXPECT_EQ(c->escalations[1].from, L::kBlock);
  EXPECT_EQ(c->escalations[1].to, L::kDistrict);
  // The top keeps it: no further escalation, its own 72 hours as due.
  EXPECT_FALSE(c->next_escalation_at.has_value());
  EXPECT_EQ(c->holder_due_at, to_district + 72 * kHour);
  EXPECT_TRUE(c->overdue);
}

TEST(OperationsEscalationTest, APollerSeesEachEscalationOnceAndInTheSamePlace) {
  // Asked every hour for ten days, the list only grows at its end, and each
  // (round, rung) appears once with the same time.
  std::vector<StatusChange> h = {{kFiled + kHour, S::kAssigned}};
  std::vector<Escalation> seen;
  for (int64_t now = kFiled; now <= kFiled + 240 * kHour; now += kHour) {
    StatusOr<ComplaintClock> c = At(now, h);
    ASSERT_TRUE(c.ok());
    ASSERT_GE(c->escalations.size(), seen.size());
    for (size_t i = 0; i < seen.size(); ++i) {
      EXPECT_EQ(c->escalations[i].at, seen[i].at);
      EXPECT_EQ(c->escalations[i].rung, seen[i].rung);
    }
    seen = c->escalations;
  }
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].at, kFiled + 48 * kHour);
  EXPECT_EQ(seen[1].at, kFiled + 96 * kHour);
}

TEST(OperationsEscalationTest, ResolvedInTheLastSecondDoesNotEscalate) {
  const int64_t deadline = kFiled + 48 * kHour;
  std::vector<StatusChange> h = {{kFiled, S::kReceived},
                                 {kFiled + 60, S::kAssigned},
                                 {deadline, S::kResolved}};
  StatusOr<ComplaintClock> c = At(deadline + 100 * kHour, h);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->status, S::kResolved);
  EXPECT_FALSE(c->open);
  EXPECT_FALSE(c->overdue);
  EXPECT_TRUE(c->escalations.empty());
  EXPECT_EQ(c->holder, L::kCommittee);
  EXPECT_FALSE(c->next_escalation_at.has_value());
  EXPECT_FALSE(c->holder_due_at.has_value());

  // One second later and it had gone to the block first.
  h[2].at = deadline + 1;
  StatusOr<ComplaintClock> late = At(deadline + 100 * kHour, h);
  ASSERT_TRUE(late.ok());
  ASSERT_EQ(late->escalations.size(), 1u);
  EXPECT_EQ(late->holder, L::kBlock);  // held it when resolved
}

TEST(OperationsEscalationTest, AReopenedComplaintStartsAgainAtTheCommittee) {
  const int64_t resolved = kFiled + 50 * kHour;  // after going to the block
  const int64_t reopened = resolved + 5 * kHour;
  std::vector<StatusChange> h = {{kFiled + 60, S::kAssigned},
                                 {kFiled + 3 * kHour, S::kInProgress},
                                 {resolved, S::kResolved},
                                 {reopened, S::kReopened}};
  StatusOr<ComplaintClock> c = At(reopened + 48 * kHour - 1, h);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->status, S::kReopened);
  EXPECT_EQ(c->round, 1);
  EXPECT_EQ(c->clock_start, reopened);
  EXPECT_EQ(c->deadline, reopened + 48 * kHour);
  EXPECT_EQ(c->holder, L::kCommittee);
  EXPECT_FALSE(c->overdue);
  ASSERT_EQ(c->escalations.size(), 1u);  // round 0's stays
  EXPECT_EQ(c->escalations[0].round, 0);

  StatusOr<ComplaintClock> later = At(reopened + 48 * kHour, h);
  ASSERT_TRUE(later.ok());
  ASSERT_EQ(later->escalations.size(), 2u);
  EXPECT_EQ(later->escalations[1].round, 1);
  EXPECT_EQ(later->escalations[1].rung, 1);
  EXPECT_EQ(later->escalations[1].at, reopened + 48 * kHour);
  EXPECT_TRUE(later->overdue);
}

TEST(OperationsEscalationTest, ChangesAfterNowAreIgnored) {
  std::vector<StatusChange> h = {{kFiled + 10 * kHour, S::kAssigned},
                                 {kFiled + 20 * kHour, S::kResolved}};
  StatusOr<ComplaintClock> c = At(kFiled + 15 * kHour, h);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->status, S::kAssigned);
  EXPECT_TRUE(c->open);
}

TEST(OperationsEscalationTest, AResolvedComplaintClosesItselfAfterTheDays) {
  const int64_t resolved = kFiled + 5 * kHour;
  std::vector<StatusChange> h = {{kFiled + kHour, S::kAssigned},
                                 {resolved, S::kResolved}};
  const int64_t due = resolved + 7 * 86400;
  StatusOr<ComplaintClock> c = At(due - 1, h);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->auto_close_at, due);
  EXPECT_FALSE(AutoCloseDue(*c, due - 1));
  EXPECT_TRUE(AutoCloseDue(*c, due));
  // Closed (the filer confirmed): nothing left to close.
  h.push_back({resolved + 3600, S::kClosed});
  StatusOr<ComplaintClock> closed = At(due, h);
  ASSERT_TRUE(closed.ok());
  EXPECT_FALSE(closed->auto_close_at.has_value());
  EXPECT_FALSE(AutoCloseDue(*closed, due));
}

TEST(OperationsEscalationTest, DeadlinesAndTheLadderAreData) {
  ComplaintRules r = DefaultComplaintRules();
  r.deadline_hours[static_cast<int>(ComplaintCategory::kBilling)] = 2;
  r.ladder = {{L::kCommittee, 0}, {L::kDistrict, 1}};  // no block
  StatusOr<ComplaintClock> c =
      At(kFiled + 2 * kHour, {}, ComplaintCategory::kBilling, r);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->holder, L::kDistrict);
  EXPECT_FALSE(c->next_escalation_at.has_value());
  EXPECT_EQ(c->holder_due_at, kFiled + 3 * kHour);

  r.ladder = {{L::kCommittee, 0}};  // nobody above the committee
  StatusOr<ComplaintClock> alone =
      At(kFiled + 100 * kHour, {}, ComplaintCategory::kBilling, r);
  ASSERT_TRUE(alone.ok());
  EXPECT_TRUE(alone->overdue);
  EXPECT_TRUE(alone->escalations.empty());
  EXPECT_EQ(alone->holder_due_at, kFiled + 2 * kHour);
}

TEST(OperationsEscalationTest, BadRulesAreRefusedNamingTheField) {
  EXPECT_TRUE(CheckComplaintRules(DefaultComplaintRules()).ok());
  ComplaintRules r = DefaultComplaintRules();
  r.deadline_hours[3] = 0;
  EXPECT_EQ(CheckComplaintRules(r).field(), "deadline_hours");
  r = DefaultComplaintRules();
  r.ladder[0].hours = 5;
  EXPECT_EQ(CheckComplaintRules(r).field(), "ladder");
  r = DefaultComplaintRules();
  r.ladder = {{L::kCommittee, 0}, {L::kDistrict, 5}, {L::kBlock, 5}};
  EXPECT_EQ(CheckComplaintRules(r).field(), "ladder");
  r = DefaultComplaintRules();
  r.ladder[1].hours = 0;
  EXPECT_EQ(CheckComplaintRules(r).field(), "ladder");
  r = DefaultComplaintRules();
  r.ladder.clear();
  EXPECT_EQ(CheckComplaintRules(r).field(), "ladder");
  r = DefaultComplaintRules();
  r.close_after_days = 0;
  EXPECT_EQ(CheckComplaintRules(r).field(), "close_after_days");
  EXPECT_EQ(At(kFiled, {}, ComplaintCategory::kNoSupply, r).status().field(),
            "close_after_days");
}

TEST(OperationsEscalationTest, ABadHistoryIsRefused) {
  // Out of order.
  StatusOr<ComplaintClock> c = At(
      kFiled + 10 * kHour,
      {{kFiled + 2 * kHour, S::kAssigned}, {kFiled + kHour, S::kInProgress}});
  EXPECT_EQ(c.status().field(), "history");
  // Before filing.
  EXPECT_EQ(At(kFiled, {{kFiled - 1, S::kAssigned}}).status().field(),
            "history");
  // A step not allowed: received straight to resolved.
  StatusOr<ComplaintClock> skip = At(kFiled + 10, {{kFiled + 5, S::kResolved}});
  EXPECT_EQ(skip.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(skip.status().field(), "history");
  // Closed as spam from received is a step.
  StatusOr<ComplaintClock> spam =
      At(kFiled + 100 * kHour, {{kFiled + 5, S::kClosed}});
  ASSERT_TRUE(spam.ok());
  EXPECT_FALSE(spam->open);
  EXPECT_TRUE(spam->escalations.empty());
  EXPECT_EQ(At(kFiled, {}, static_cast<ComplaintCategory>(8)).status().field(),
            "category");
}

TEST(OperationsEscalationTest, CheckComplaintStepAllowsOnlyTheLifecycle) {
  EXPECT_TRUE(CheckComplaintStep(S::kReceived, S::kAssigned).ok());
  EXPECT_TRUE(CheckComplaintStep(S::kReceived, S::kInProgress).ok());
  EXPECT_TRUE(CheckComplaintStep(S::kAssigned, S::kInProgress).ok());
  EXPECT_TRUE(CheckComplaintStep(S::kAssigned, S::kResolved).ok());
  EXPECT_TRUE(CheckComplaintStep(S::kInProgress, S::kResolved).ok());
  EXPECT_TRUE(CheckComplaintStep(S::kResolved, S::kClosed).ok());
  EXPECT_TRUE(CheckComplaintStep(S::kResolved, S::kReopened).ok());
  EXPECT_TRUE(CheckComplaintStep(S::kReopened, S::kInProgress).ok());
  EXPECT_TRUE(CheckComplaintStep(S::kReopened, S::kAssigned).ok());

  Status s = CheckComplaintStep(S::kReceived, S::kResolved);
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  ASSERT_EQ(s.details().size(), 1u);
  EXPECT_EQ(s.details()[0].first, "status");
  EXPECT_EQ(s.details()[0].second, "received");
  EXPECT_EQ(s.message(), "a complaint that is received cannot become resolved");
  EXPECT_FALSE(CheckComplaintStep(S::kInProgress, S::kClosed).ok());
  EXPECT_FALSE(CheckComplaintStep(S::kAssigned, S::kAssigned).ok());
  EXPECT_FALSE(CheckComplaintStep(S::kClosed, S::kReopened).ok());
  EXPECT_FALSE(CheckComplaintStep(S::kClosed, S::kClosed, true).ok());
  EXPECT_FALSE(CheckComplaintStep(S::kReceived, S::kReopened).ok());
  // Spam closes from any open status.
  EXPECT_TRUE(CheckComplaintStep(S::kInProgress, S::kClosed, true).ok());
  EXPECT_TRUE(CheckComplaintStep(S::kReceived, S::kClosed, true).ok());
  EXPECT_EQ(CheckComplaintStep(S::kReceived, static_cast<S>(6)).field(),
            "status");
}

TEST(OperationsEscalationTest, ContaminatedWaterAsksForAQualityTest) {
  EXPECT_TRUE(NeedsQualityTest(ComplaintCategory::kContaminatedWater));
  for (int i = 0; i < kComplaintCategories; ++i) {
    auto c = static_cast<ComplaintCategory>(i);
    EXPECT_EQ(ParseComplaintCategory(ComplaintCategoryName(c)), c);
    if (c != ComplaintCategory::kContaminatedWater) {
      EXPECT_FALSE(NeedsQualityTest(c));
    }
  }
  for (int i = 0; i < kComplaintStatuses; ++i) {
    auto s = static_cast<S>(i);
    EXPECT_EQ(ParseComplaintStatus(ComplaintStatusName(s)), s);
  }
  EXPECT_EQ(ParseEscalationLevel("block"), L::kBlock);
  EXPECT_EQ(ParseComplaintCategory("spam"), std::nullopt);
}

}  // namespace
}  // namespace jjm
