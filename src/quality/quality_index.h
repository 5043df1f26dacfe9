// The water-quality roll-ups in memory, for every place and any date, like
// coverage's.  Fed with what the store holds (at start-up, in any order)
// and then with each write as it commits; answers for a place and a day
// without touching the store.
//
// Every figure is a count over intervals of days: a sample counts from the
// day it was collected; a source tested in a financial year counts from its
// first test in that year to the year's end; a habitation is affected from
// the day an alert opened to the day the last of its alerts closed.  So
// each figure is kept, for each place from India down to its blocks, as a
// sorted run of (day, change) with running totals, and a question is a
// binary search per figure.  Gram panchayats and villages are answered
// from their villages' own rows (a handful each).
//
// Feeding before the first question only records the facts; the runs are
// built once, by Finish() or by the first question (whichever comes
// first), and from then on each write changes them at once.  A write of a
// recent day appends to a run; a write of an earlier day shifts the
// totals after it in that run.
//
// Definitions (RecomputeSummary is the reference):
//   - A place holds a fact when the fact's habitation (its village when it
//     has none) is the place or lies below it.  Figures counting villages
//     (villages_*, villages_affected, households_affected,
//     trained_testers) count a village within the place, so they are 0
//     for a habitation.
//   - The financial-year figures (sources_tested_*, sources_bact_*,
//     villages_lab*, villages_ftk) count by the day the sample was
//     collected, in the year of the day asked, once the sample is final
//     (whenever it became final); a source's tests count at its samples'
//     village (a source's samples are at its village).
//   - An alert is open on the days [opened, closed); a remedial action
//     pending on [started, done); a repeat overdue on the days after
//     repeat_due while the alert is open and before the repeat was taken.
//   - A second call about the same fact: SampleTested and AlertRepeatTaken
//     keep the earliest day; SampleFinal, AlertClosed and ActionDone keep
//     the first call; adding an id already added is ignored.
//
// Not thread-safe for writes: the quality service guards it with its
// roll-ups' lock (readers shared, a writer exclusive).  Readers may run
// together, even the first one that builds the runs.
#ifndef JJM_QUALITY_QUALITY_INDEX_H_
#define JJM_QUALITY_QUALITY_INDEX_H_

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "base/date.h"
#include "coverage/hierarchy.h"
#include "quality/standard.h"

namespace jjm {

enum class SampleMethod : uint8_t { kLab, kFtk };

// The figures of one place on one day.
struct QualitySummary {
  // Samples collected on or before the day.
  int64_t samples = 0, lab_samples = 0, ftk_samples = 0;
  // ... of those, tested (a tested event on or before the day), and
  // reported final with a result failing the standard (beyond a limit, or
  // above the acceptable one where the source has an alternate).
  int64_t tested = 0, failing = 0;
  std::array<int64_t, kContaminantCount> failing_by{};
  // Sources existing on the day, and those tested in the financial year of
  // the day, up to the day: chemically (a chemical or physical parameter,
  // final, by a lab), bacteriologically by a lab, and bacteriologically in
  // each season window (pre-monsoon April to June, post-monsoon October to
  // March).
  int64_t sources = 0, sources_tested_chemical = 0,
          sources_tested_bacteriological = 0, sources_bact_pre_monsoon = 0,
          sources_bact_post_monsoon = 0;
  // Villages, of those below the place, with a final test in the financial
  // year up to the day: by a lab (any), a lab chemical, a lab
  // bacteriological, and by FTK (Format L5).
  int64_t villages_lab = 0, villages_lab_chemical = 0,
          villages_lab_bacteriological = 0, villages_ftk = 0;
  // Habitations quality-affected on the day (any contaminant, and by
  // contaminant; a village's sample without a habitation counts the
  // village as one), the villages holding them, and those villages'
  // households as they were when each village became affected.
  int64_t habitations_affected = 0;
  std::array<int64_t, kContaminantCount> affected_by{};
  int64_t villages_affected = 0, households_affected = 0;
  // Alerts open on the day; of them, with a repeat sample overdue (due
  // before the day, none taken yet); remedial actions started and not
  // completed on the day; women trained in FTK use by the day.
  int64_t alerts_open = 0, repeats_overdue = 0, actions_pending = 0,
          trained_testers = 0;
};

// What the index is fed.  Ids are the store's.  Each call is one fact;
// facts may come in any order (start-up reads tables one after another),
// except that a fact about a sample, alert or action comes after the one
// that introduced it.
class QualityIndex {
 public:
  explicit QualityIndex(const Hierarchy* hierarchy);
  ~QualityIndex();
  QualityIndex(const QualityIndex&) = delete;
  QualityIndex& operator=(const QualityIndex&) = delete;

  // `households` of each village, for households_affected; call before
  // the alerts (0 when unknown).
  void SetVillageHouseholds(UnitId village, int64_t households);

  void AddSource(int64_t source_id, UnitId village, UnitId habitation,
                 Date created);  // habitation kNoUnit: none
  void AddSample(int64_t sample_id, UnitId village, UnitId habitation,
                 int64_t source_id,  // 0: not at a source
                 SampleMethod method, Date collected);
  void SampleTested(int64_t sample_id, Date day);
  // Reported final (an FTK test: on the day it was tested).  `families`
  // says which kinds of parameter it tested; `failing` the contaminants it
  // failed for.
  struct Final {
    bool chemical = false, bacteriological = false;  // physical: chemical
    std::vector<Contaminant> failing;
  };
  void SampleFinal(int64_t sample_id, Date day, const Final& final);

  void AlertOpened(int64_t alert_id, UnitId village, UnitId habitation,
                   Contaminant contaminant, Date opened,
                   std::optional<Date> repeat_due);
  // The first repeat sample of a bacteriological alert was collected.
  void AlertRepeatTaken(int64_t alert_id, Date day);
  void AlertClosed(int64_t alert_id, Date day);

  void ActionStarted(int64_t action_id, int64_t alert_id, Date day);
  void ActionDone(int64_t action_id, Date day);

  void TesterTrained(UnitId village, Date day);

  // Ends the feeding at start-up: builds the runs from the facts fed so
  // far.  Optional (the first question does it); call it once everything
  // is loaded, so that the first reader does not wait for it.
  void Finish();

  // The figures of `place` (any level) on `day`.
  QualitySummary Summary(UnitId place, Date day) const;
  // Trained women of one village by `day`.
  int64_t TrainedTesters(UnitId village, Date day) const;
  // The contaminants a habitation (or a village, for samples without a
  // habitation) is affected by on `day`; empty when none.
  std::vector<Contaminant> AffectedBy(UnitId habitation_or_village,
                                      Date day) const;
  // Bytes held, for the start-up report.
  size_t MemoryBytes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The same figures worked out the slow way from plain rows, for tests
// that compare the index with a recomputation.
struct QualityFacts {
  struct Source {
    int64_t id;
    UnitId village, habitation;
    Date created;
  };
  struct Sample {
    int64_t id;
    UnitId village, habitation;
    int64_t source_id;
    SampleMethod method;
    Date collected;
    std::optional<Date> tested;
    std::optional<Date> final_day;
    QualityIndex::Final final;
  };
  struct Alert {
    int64_t id;
    UnitId village, habitation;
    Contaminant contaminant;
    Date opened;
    std::optional<Date> repeat_due, repeat_taken, closed;
  };
  struct Action {
    int64_t id, alert_id;
    Date started;
    std::optional<Date> done;
  };
  std::vector<std::pair<UnitId, int64_t>> village_households;
  std::vector<Source> sources;
  std::vector<Sample> samples;
  std::vector<Alert> alerts;
  std::vector<Action> actions;
  std::vector<std::pair<UnitId, Date>> testers;
};
QualitySummary RecomputeSummary(const QualityFacts& facts, const Hierarchy& h,
                                UnitId place, Date day);

}  // namespace jjm

#endif  // JJM_QUALITY_QUALITY_INDEX_H_
