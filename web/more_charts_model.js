// The figures of the extra charts (more_charts.js), apart so that node can
// test them: net connections per month, the rate achieved lately, and the
// places ranked by coverage.

// points: [{date, hh_with_tap, ...}] month by month -> [{date, added}]
// from the second point on (the change since the month before; negative
// when corrections took more taps away than were added).
export function monthlyConnections(points) {
  const out = [];
  for (let i = 1; i < (points || []).length; i++) {
    out.push({ date: points[i].date, added: points[i].hh_with_tap - points[i - 1].hh_with_tap });
  }
  return out;
}

const DAY_MS = 86400e3;

// Households per day connected over the last `months` months of the
// series (null without two points).
export function recentRate(points, months = 3) {
  if (!points || points.length < 2) return null;
  const last = points[points.length - 1];
  const first = points[Math.max(0, points.length - 1 - months)];
  const days = (Date.parse(last.date) - Date.parse(first.date)) / DAY_MS;
  if (!(days > 0)) return null;
  return (last.hh_with_tap - first.hh_with_tap) / days;
}

// The places with households, best covered first (ties by name).
export function ranked(rows) {
  return (rows || []).filter((r) => r.total_hh > 0)
    .slice()
    .sort((a, b) => b.pct - a.pct || String(a.name).localeCompare(String(b.name)));
}
