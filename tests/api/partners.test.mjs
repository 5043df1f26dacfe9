// The Sector Partner programme through the API of the running binary:
// applying, screening to a shortlist, partners, plans, progress, trainers,
// trainings, knowledge and social audits, and every refusal the mission
// names.  The shortlist is checked against what the round's criteria give,
// computed here independently.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { jjm, tempDir, startServer, api, addUser, signIn, SHARED, newDb, assertRefused } from '../lib/jjm.mjs';
import { openapiOf } from '../lib/openapi.mjs';

const KERALA = join(SHARED, 'jjm-dashboard', 'jjm_villages_kerala.csv');
const TELANGANA = join(SHARED, 'jjm-dashboard', 'jjm_villages_telangana.csv');
const TODAY = new Date(Date.now() + 5.5 * 3600e3).toISOString().slice(0, 10);
const day = (n) => new Date(Date.parse(TODAY) + n * 86400e3).toISOString().slice(0, 10);
const FY_START = Number(TODAY.slice(0, 4)) - (Number(TODAY.slice(5, 7)) < 4 ? 1 : 0);
const FY = `${FY_START}-${String((FY_START + 1) % 100).padStart(2, '0')}`;
const QUARTER = (() => { const m = Number(TODAY.slice(5, 7)); return m >= 4 ? Math.floor((m - 4) / 3) + 1 : 4; })();
const PDF = Buffer.from('%PDF-1.4\n% jjm test\n').toString('base64');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]).toString('base64');

let server;
let base;
const S = {};
const P = {};

// A refusal: the status, its error code, a message and the field.
const isError = (r, status, field) => assertRefused(r, status, field);

// A deterministic organisation: number i of a round.
function application(i, { states = [P.kerala], districts = [] } = {}) {
  const themes = [
    ['water_sanitation_hygiene', 'community_engagement'],
    ['education', 'health'],
    ['natural_resource_management', 'capacity_building', 'gender_equity'],
    ['tribal_development'],
  ][i % 4];
  const years = 2 + (i * 7) % 15;
  return {
    org_name: `Gram Vikas Sangh ${i}`,
    org_type: ['ngo', 'trust', 'foundation', 'un_agency', 'csr', 'academic', 'community', 'other'][i % 8],
    registration_numbers: [{ kind: 'NGO Darpan', number: `KL/2010/${String(100000 + i)}` }],
    years_of_work: years,
    years_rural: Math.max(0, years - (i % 5)),
    themes,
    states,
    districts,
    past_projects: i % 6 === 5 ? [] : [{
      title: `Community water project ${i}`, from_year: 2015, to_year: 2018,
      themes: i % 3 === 0 ? ['water_sanitation_hygiene'] : ['education'], funded_by: 'CSR', summary: 'Village meetings and training',
    }],
    contact: { name: `Contact ${i}`, designation: 'Director', email: `org${i}@example.org`, phone: `+91 98470 ${String(10000 + i)}` },
    documents: [{ name: 'registration.pdf', content_type: 'application/pdf', data_base64: PDF }],
  };
}

before(async () => {
  const db = newDb(tempDir(), 'partners');
  for (const f of [KERALA, TELANGANA]) {
    const r = jjm(['import', 'villages', f, '--db', db, '--as-of', TODAY, '--commit', '--quiet']);
    assert.equal(r.status, 0, r.stdout);
  }
  addUser(db, 'admin', 'national_admin', 'IN');
  server = await startServer({ db });
  base = server.url;
  S.admin = await signIn(base, 'admin');
  const states = (await api(base, '/api/v1/coverage?level=state')).body.rows;
  P.kerala = states.find((s) => s.name === 'Kerala').code;
  P.telangana = states.find((s) => s.name === 'Telangana').code;
  P.kDistricts = (await api(base, `/api/v1/coverage?parent=${P.kerala}&level=district`)).body.rows.map((d) => d.code);
  P.kVillages = (await api(base, `/api/v1/coverage?parent=${P.kDistricts[0]}&level=village`)).body.rows.map((v) => v.code);
  P.tVillage = (await api(base, `/api/v1/coverage?parent=${P.telangana}&level=village`)).body.rows[0].code;
  for (const [u, role, unit] of [['rev1', 'national_viewer', 'IN'], ['rev2', 'national_viewer', 'IN'], ['rev3', 'national_viewer', 'IN'], ['keralaofficer', 'state_officer', P.kerala]]) {
    const r = await api(base, '/api/v1/users', { method: 'POST', session: S.admin, body: { username: u, role, unit, password: 'correct horse 42' } });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    S[u] = await signIn(base, u);
  }
});

after(async () => { await server?.stop(); });

// Each step builds on the ones before (the round, its shortlist, the
// partners, their plans), so they are subtests of one test.
test('the programme, from a round of applications to social audits', async (t) => {
  await t.test('expressions of interest', async (t) => {
    await t.test('rounds: only administrators open them; rules are checked', async () => {
      isError(await api(base, '/api/v1/rounds', { method: 'POST', session: S.rev1, body: { name: 'x round', opens_on: TODAY, closes_on: day(5) } }), 403, null);
      isError(await api(base, '/api/v1/rounds', { method: 'POST', body: { name: 'x round', opens_on: TODAY, closes_on: day(5) } }), 401, null);
      const bad = await api(base, '/api/v1/rounds', {
        method: 'POST', session: S.admin,
        body: { name: 'bad weights', opens_on: TODAY, closes_on: day(5), rules: { criteria: [{ code: 'a', label: 'A', weight: 50 }], pass_mark: 60 } },
      });
      isError(bad, 400, 'rules.criteria');
      assert.match(bad.body.error.message, /add up to 50, not 100/);
      isError(await api(base, '/api/v1/rounds', { method: 'POST', session: S.admin, body: { name: 'backwards', opens_on: day(5), closes_on: TODAY } }), 400, 'closes_on');
      const r = await api(base, '/api/v1/rounds', { method: 'POST', session: S.admin, body: { name: 'EOI round 1', opens_on: day(-10), closes_on: day(10) } });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      P.round = r.body.id;
      assert.equal(r.body.open, true);
      assert.equal(r.body.rules.pass_mark, 60);
      const closed = await api(base, '/api/v1/rounds', { method: 'POST', session: S.admin, body: { name: 'EOI closed round', opens_on: day(-30), closes_on: day(-1) } });
      P.closedRound = closed.body.id;
      const listed = await api(base, '/api/v1/rounds');
      assert.equal(listed.status, 200);
      assert.deepEqual(listed.body.rounds.map((x) => x.open).sort(), [false, true]);
    });

    await t.test('applying: the public form, field-named errors, duplicates, documents, a closed round', async () => {
      const first = await api(base, `/api/v1/rounds/${P.round}/applications`, { method: 'POST', body: application(0, { districts: [P.kDistricts[0]] }) });
      assert.equal(first.status, 201, JSON.stringify(first.body));
      assert.match(first.body.reference, /^EOI-\d+-0001$/);
      // The same organisation again, by registration number, name or e-mail.
      const again = application(0);
      isError(await api(base, `/api/v1/rounds/${P.round}/applications`, { method: 'POST', body: again }), 409, 'org_name');
      const renamedSameReg = { ...application(999), registration_numbers: [{ kind: 'Darpan', number: 'kl-2010-100000' }] };
      const dup = await api(base, `/api/v1/rounds/${P.round}/applications`, { method: 'POST', body: renamedSameReg });
      isError(dup, 409, 'org_name');
      assert.match(dup.body.error.message, /EOI-\d+-0001 \(the same registration number\)/);
      isError(await api(base, `/api/v1/rounds/${P.round}/applications`, { method: 'POST', body: { ...application(998), contact: { ...application(998).contact, email: 'ORG0@example.org' } } }), 409, 'org_name');
      // Field by field.
      const cases = [
        [{ org_type: 'company' }, 'org_type'],
        [{ years_rural: 99, years_of_work: 5 }, 'years_rural'],
        [{ themes: ['water_sanitation_hygiene', 'mining'] }, 'themes[1]'],
        [{ states: [P.kDistricts[0]] }, 'states[0]'],
        [{ districts: ['DX999999'] }, 'districts[0]'],
        [{ contact: { name: 'A B', email: 'not-an-email', phone: '9847012345' } }, 'contact.email'],
        [{ past_projects: [{ title: 'Old project', from_year: 2020, to_year: 2010, themes: ['health'] }] }, 'past_projects[0].to_year'],
        [{ documents: [{ name: 'photo.png', content_type: 'image/png', data_base64: PDF }] }, 'documents[0].data_base64'],
        [{ documents: [{ name: 'x.exe', content_type: 'application/x-msdownload', data_base64: PDF }] }, 'documents[0].content_type'],
        [{ surprise: true }, 'surprise'],
      ];
      for (const [change, field] of cases) {
        const r = await api(base, `/api/v1/rounds/${P.round}/applications`, { method: 'POST', body: { ...application(500), ...change } });
        isError(r, 400, field);
      }
      const big = { ...application(501), documents: [{ name: 'big.pdf', content_type: 'application/pdf', data_base64: Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(2.5 * 1024 * 1024)]).toString('base64') }] };
      isError(await api(base, `/api/v1/rounds/${P.round}/applications`, { method: 'POST', body: big }), 413, 'documents[0].data_base64');
      const png = await api(base, `/api/v1/rounds/${P.round}/applications`, { method: 'POST', body: { ...application(1), documents: [{ name: 'certificate.png', content_type: 'image/png', data_base64: PNG }] } });
      assert.equal(png.status, 201, JSON.stringify(png.body));
      // After the round closed.
      const late = await api(base, `/api/v1/rounds/${P.closedRound}/applications`, { method: 'POST', body: application(2) });
      isError(late, 422, null);
      assert.match(late.body.error.message, /closed on/);
      isError(await api(base, '/api/v1/rounds/999999/applications', { method: 'POST', body: application(3) }), 404, null);
      // Nothing of the refused ones was kept.
      const list = await api(base, `/api/v1/rounds/${P.round}/applications`, { session: S.admin });
      assert.equal(list.body.applications.length, 2);
    });

    await t.test('applications are for the mission only; documents download', async () => {
      isError(await api(base, `/api/v1/rounds/${P.round}/applications`), 401, null);
      isError(await api(base, `/api/v1/rounds/${P.round}/applications`, { session: S.keralaofficer }), 403, null);
      const list = await api(base, `/api/v1/rounds/${P.round}/applications`, { session: S.rev1 });
      assert.equal(list.status, 200);
      const one = await api(base, `/api/v1/applications/${list.body.applications[0].id}`, { session: S.admin });
      assert.equal(one.status, 200);
      assert.equal(one.body.application.org_name, 'Gram Vikas Sangh 0');
      const doc = await fetch(`${base}/api/v1/documents/${one.body.documents[0].id}`, { headers: { cookie: S.admin.cookie } });
      assert.equal(doc.status, 200);
      assert.equal(doc.headers.get('content-type'), 'application/pdf');
      assert.equal(Buffer.from(await doc.arrayBuffer()).toString('base64'), PDF);
      assert.equal((await fetch(`${base}/api/v1/documents/${one.body.documents[0].id}`, { headers: { cookie: S.keralaofficer.cookie } })).status, 403);
    });
  });

  await t.test('screening to a shortlist', async (t) => {
    let apps;
    let rules;

    // Scores a reviewer gives: a function of the organisation and the
    // reviewer, so that the test can recompute the decision.
    const scoreOf = (i, reviewer) => {
      const base0 = 3 + ((i * 37) % 7); // 3..9
      const delta = reviewer === 'rev2' ? ((i % 3) - 1) : 0;
      return {
        experience: Math.min(10, Math.max(0, base0 + delta)),
        capacity: Math.min(10, base0 + 1),
        reach: Math.max(0, base0 - 1),
        approach: base0,
      };
    };

    await t.test('thirty more applications, reviewers assigned; conflicts are declared before scoring', async () => {
      for (let i = 2; i < 32; i++) {
        const r = await api(base, `/api/v1/rounds/${P.round}/applications`, { method: 'POST', body: application(i) });
        assert.equal(r.status, 201, JSON.stringify(r.body));
      }
      isError(await api(base, `/api/v1/rounds/${P.round}/reviewers`, { method: 'POST', session: S.rev1, body: { reviewers: ['rev1'] } }), 403, null);
      isError(await api(base, `/api/v1/rounds/${P.round}/reviewers`, { method: 'POST', session: S.admin, body: { reviewers: ['keralaofficer'] } }), 400, 'reviewers[0]');
      const a = await api(base, `/api/v1/rounds/${P.round}/reviewers`, { method: 'POST', session: S.admin, body: { reviewers: ['rev1', 'rev2'] } });
      assert.equal(a.status, 200, JSON.stringify(a.body));
      const list = (await api(base, `/api/v1/rounds/${P.round}/applications`, { session: S.admin })).body;
      rules = list.round.rules;
      apps = list.applications;
      const eligible = apps.filter((x) => x.eligible);
      assert.ok(eligible.length > 5 && eligible.length < apps.length, `${eligible.length} of ${apps.length} eligible`);
      assert.equal(a.body.assigned, eligible.length * 2);
      for (const x of apps.filter((y) => !y.eligible)) assert.equal(x.review_counts.assigned, 0);
    });

    await t.test('reviewers score; one declares a conflict and may not score; another reviewer replaces them', async () => {
      const eligible = apps.filter((x) => x.eligible);
      const conflicted = eligible[0];
      const num = (x) => Number(x.org_name.split(' ').pop());
      // Scoring before declaring is refused.
      const early = await api(base, `/api/v1/applications/${conflicted.id}/review`, { method: 'POST', session: S.rev2, body: { scores: scoreOf(num(conflicted), 'rev2') } });
      isError(early, 422, 'conflict');
      // A conflict needs a note, then bars scoring.
      isError(await api(base, `/api/v1/applications/${conflicted.id}/review`, { method: 'POST', session: S.rev2, body: { conflict: true } }), 400, 'conflict_note');
      const declared = await api(base, `/api/v1/applications/${conflicted.id}/review`, { method: 'POST', session: S.rev2, body: { conflict: true, conflict_note: 'I advised this organisation in 2023' } });
      assert.equal(declared.status, 200, JSON.stringify(declared.body));
      const barred = await api(base, `/api/v1/applications/${conflicted.id}/review`, { method: 'POST', session: S.rev2, body: { scores: scoreOf(num(conflicted), 'rev2') } });
      isError(barred, 403, 'scores');
      assert.match(barred.body.error.message, /conflict of interest/);
      isError(await api(base, `/api/v1/applications/${conflicted.id}/review`, { method: 'POST', session: S.rev2, body: { conflict: false } }), 409, 'conflict');
      // Someone not assigned may not review.
      isError(await api(base, `/api/v1/applications/${conflicted.id}/review`, { method: 'POST', session: S.rev3, body: { conflict: false } }), 403, null);
      // Invalid scores name the field.
      isError(await api(base, `/api/v1/applications/${eligible[1].id}/review`, { method: 'POST', session: S.rev1, body: { conflict: false, scores: { experience: 11, capacity: 5, reach: 5, approach: 5 } } }), 400, 'scores');
      isError(await api(base, `/api/v1/applications/${eligible[1].id}/review`, { method: 'POST', session: S.rev1, body: { conflict: false, scores: { experience: 5 } } }), 400, 'scores');
      // The replacement: assigning again fills the gap with rev3.
      const re = await api(base, `/api/v1/rounds/${P.round}/reviewers`, { method: 'POST', session: S.admin, body: { reviewers: ['rev1', 'rev2', 'rev3'] } });
      assert.equal(re.body.assigned, 1);
      for (const x of eligible) {
        for (const who of ['rev1', 'rev2', 'rev3']) {
          const detail = (await api(base, `/api/v1/applications/${x.id}`, { session: S[who] })).body;
          if (!detail.my_review || detail.my_review.conflict === true) continue;
          const r = await api(base, `/api/v1/applications/${x.id}/review`, {
            method: 'POST', session: S[who], body: { conflict: false, scores: scoreOf(num(x), who === 'rev3' ? 'rev1' : who), comment: 'read the proposal' },
          });
          assert.equal(r.status, 200, JSON.stringify(r.body));
        }
      }
      // Reviewers see their own review only; administrators see all.
      const asRev = (await api(base, `/api/v1/applications/${eligible[1].id}`, { session: S.rev1 })).body;
      assert.equal(asRev.reviews, undefined);
      const asAdmin = (await api(base, `/api/v1/applications/${eligible[1].id}`, { session: S.admin })).body;
      assert.equal(asAdmin.reviews.length, 2);
    });

    await t.test('moderation: the mean by default, a note where reviewers differ; then the shortlist after closing', async () => {
      const list = (await api(base, `/api/v1/rounds/${P.round}/applications`, { session: S.admin })).body.applications;
      // The shortlist waits for the round to close.
      isError(await api(base, `/api/v1/rounds/${P.round}/shortlist`, { method: 'POST', session: S.admin }), 422, null);
      for (const x of list.filter((y) => y.eligible)) {
        const plain = await api(base, `/api/v1/applications/${x.id}/moderation`, { method: 'POST', session: S.admin, body: {} });
        if (x.disagreements.length > 0) {
          isError(plain, 400, 'note');
          const noted = await api(base, `/api/v1/applications/${x.id}/moderation`, { method: 'POST', session: S.admin, body: { note: 'discussed with both reviewers; the mean stands' } });
          assert.equal(noted.status, 200, JSON.stringify(noted.body));
        } else {
          assert.equal(plain.status, 200, JSON.stringify(plain.body));
          assert.deepEqual(plain.body.scores, x.mean_scores);
        }
      }
      // One application's scores are changed by the moderator, with a reason.
      const changed = list.filter((y) => y.eligible)[2];
      isError(await api(base, `/api/v1/applications/${changed.id}/moderation`, { method: 'POST', session: S.admin, body: { scores: { experience: 9, capacity: 9, reach: 9, approach: 9 } } }), 400, 'note');
      const m = await api(base, `/api/v1/applications/${changed.id}/moderation`, { method: 'POST', session: S.admin, body: { scores: { experience: 9, capacity: 9, reach: 9, approach: 9 }, note: 'field visit confirmed strong presence' } });
      assert.equal(m.body.score, 90);
      isError(await api(base, `/api/v1/applications/${list.find((y) => !y.eligible).id}/moderation`, { method: 'POST', session: S.admin, body: {} }), 422, null);
      isError(await api(base, `/api/v1/applications/${changed.id}/moderation`, { method: 'POST', session: S.rev1, body: {} }), 403, null);
      // Close the round (yesterday was its last day) and decide.
      const closed = await api(base, `/api/v1/rounds/${P.round}`, { method: 'PATCH', session: S.admin, body: { closes_on: day(-1) } });
      assert.equal(closed.status, 200, JSON.stringify(closed.body));
      isError(await api(base, `/api/v1/rounds/${P.round}/applications`, { method: 'POST', body: application(77) }), 422, null);
      isError(await api(base, `/api/v1/rounds/${P.round}`, { method: 'PATCH', session: S.admin, body: { rules } }), 422, 'rules');
      isError(await api(base, `/api/v1/rounds/${P.round}/shortlist`, { method: 'POST', session: S.rev1 }), 403, null);
      const d = await api(base, `/api/v1/rounds/${P.round}/shortlist`, { method: 'POST', session: S.admin });
      assert.equal(d.status, 200, JSON.stringify(d.body));
      assert.equal(d.body.applied, 32);
      isError(await api(base, `/api/v1/rounds/${P.round}/shortlist`, { method: 'POST', session: S.admin }), 409, null);
    });

    await t.test('the shortlist is exactly what the round\'s criteria give, with a reason for every application', async () => {
      const list = (await api(base, `/api/v1/rounds/${P.round}/applications`, { session: S.admin })).body.applications;
      let shortlisted = 0;
      for (const x of list) {
        const detail = (await api(base, `/api/v1/applications/${x.id}`, { session: S.admin })).body;
        const a = detail.application;
        // Eligibility from the application itself.
        const waterThemes = ['water_sanitation_hygiene', 'natural_resource_management'];
        const measures = {
          years_work: a.years_of_work,
          years_rural: a.years_rural,
          themes: a.themes.length,
          states: a.states.length,
          past_projects: a.past_projects.length,
          water_work: a.themes.some((t) => waterThemes.includes(t)) || a.past_projects.some((p) => p.themes.some((t) => waterThemes.includes(t))) ? 1 : 0,
        };
        const failures = rules.checks.filter((c) => (measures[c.measure] ?? 0) < c.min);
        const eligible = failures.length === 0;
        let expect = false;
        let score = null;
        if (eligible) {
          // The moderated scores: the reviewers' mean unless the moderator changed them.
          const scores = detail.moderation.scores;
          const counted = detail.reviews.filter((r) => r.conflict === false && r.scores);
          const mean = Object.fromEntries(rules.criteria.map((c) => [c.code, Math.round(counted.reduce((s, r) => s + r.scores[c.code], 0) / counted.length * 100) / 100]));
          if (!/field visit/.test(detail.moderation.note)) assert.deepEqual(scores, mean);
          score = Math.round(rules.criteria.reduce((s, c) => s + c.weight * scores[c.code] / 10, 0) * 100) / 100;
          const perCriterion = rules.criteria.every((c) => !(c.pass > 0) || scores[c.code] >= c.pass);
          expect = score >= rules.pass_mark && perCriterion;
        }
        assert.equal(x.decision.eligible, eligible, x.reference);
        assert.equal(x.decision.shortlisted, expect, `${x.reference}: ${x.decision.reason}`);
        if (score !== null) assert.equal(x.decision.score, score);
        if (!eligible) assert.match(x.decision.reason, /^not eligible: /);
        if (expect) {
          assert.match(x.decision.reason, /^shortlisted: eligible; score /);
          assert.ok(x.partner_id > 0);
          shortlisted++;
        } else {
          assert.ok(x.decision.reason.length > 10);
          assert.equal(x.partner_id, null);
        }
      }
      assert.ok(shortlisted >= 3 && shortlisted < list.length, `${shortlisted} shortlisted`);
      P.shortlisted = shortlisted;
    });

    await t.test('the funnel by organisation type and by state, and as CSV', async () => {
      const byType = await api(base, `/api/v1/rounds/${P.round}/funnel?by=org_type`, { session: S.rev1 });
      assert.equal(byType.status, 200);
      assert.equal(byType.body.total.applied, 32);
      assert.equal(byType.body.total.shortlisted, P.shortlisted);
      assert.equal(byType.body.rows.reduce((s, r) => s + r.applied, 0), 32);
      assert.ok(byType.body.rows.every((r) => r.applied >= r.eligible && r.eligible >= r.screened && r.screened >= r.shortlisted));
      const byState = await api(base, `/api/v1/rounds/${P.round}/funnel?by=state`, { session: S.admin });
      assert.equal(byState.body.rows[0].name, 'Kerala');
      const csv = await fetch(`${base}/api/v1/rounds/${P.round}/funnel?by=org_type&format=csv`, { headers: { cookie: S.admin.cookie } });
      assert.equal(csv.status, 200);
      assert.match(csv.headers.get('content-type'), /text\/csv/);
      const lines = (await csv.text()).trim().split('\n');
      assert.equal(lines[0], 'key,name,applied,eligible,screened,shortlisted');
      assert.match(lines.at(-1), new RegExp(`^total,All applications,32,\\d+,\\d+,${P.shortlisted}$`));
      isError(await api(base, `/api/v1/rounds/${P.round}/funnel?by=district`, { session: S.admin }), 400, 'by');
      isError(await api(base, `/api/v1/rounds/${P.round}/funnel`, { session: S.keralaofficer }), 403, null);
    });
  });

  await t.test('a round with too few reviewers, closed on its opening day', async (t) => {
    await t.test('moderation waits for the number of reviewers the rules ask for', async () => {
      const r = await api(base, '/api/v1/rounds', { method: 'POST', session: S.admin, body: { name: 'Small round', opens_on: TODAY, closes_on: day(5) } });
      assert.equal(r.status, 201);
      const a = await api(base, `/api/v1/rounds/${r.body.id}/applications`, { method: 'POST', body: application(40) });
      assert.equal(a.status, 201, JSON.stringify(a.body));
      const assigned = await api(base, `/api/v1/rounds/${r.body.id}/reviewers`, { method: 'POST', session: S.admin, body: { reviewers: ['rev1'] } });
      assert.deepEqual(assigned.body, { assigned: 1, applications_short_of_reviewers: 1 });
      assert.equal((await api(base, `/api/v1/applications/${a.body.id}/review`, { method: 'POST', session: S.rev1, body: { conflict: false, scores: { experience: 7, capacity: 7, reach: 7, approach: 7 } } })).status, 200);
      const m = await api(base, `/api/v1/applications/${a.body.id}/moderation`, { method: 'POST', session: S.admin, body: {} });
      isError(m, 422, null);
      assert.match(m.body.error.message, /rules ask for 2/);
      // Closed on the day it opened: its last day is yesterday; not earlier.
      isError(await api(base, `/api/v1/rounds/${r.body.id}`, { method: 'PATCH', session: S.admin, body: { closes_on: day(-2) } }), 400, 'closes_on');
      const closed = await api(base, `/api/v1/rounds/${r.body.id}`, { method: 'PATCH', session: S.admin, body: { closes_on: day(-1) } });
      assert.equal(closed.status, 200, JSON.stringify(closed.body));
      assert.equal(closed.body.closed, true);
      isError(await api(base, `/api/v1/rounds/${r.body.id}/shortlist`, { method: 'POST', session: S.admin }), 422, null);
    });
  });

  await t.test('partners, plans and progress', async (t) => {
    let plan;

    await t.test('partner users see and change only their own organisation', async () => {
      const partners = (await api(base, '/api/v1/partners', { session: S.admin })).body.partners;
      assert.equal(partners.length, P.shortlisted);
      P.partner = partners[0].id;
      P.other = partners[1].id;
      for (const [u, id] of [['partner.one', P.partner], ['partner.two', P.other]]) {
        const r = await api(base, '/api/v1/users', { method: 'POST', session: S.admin, body: { username: u, role: 'partner_user', unit: 'IN', partner_id: id, password: 'correct horse 42' } });
        assert.equal(r.status, 201, JSON.stringify(r.body));
        S[u === 'partner.one' ? 'p1' : 'p2'] = await signIn(base, u);
      }
      const mine = (await api(base, '/api/v1/partners', { session: S.p1 })).body.partners;
      assert.deepEqual(mine.map((p) => p.id), [P.partner]);
      isError(await api(base, `/api/v1/partners/${P.other}`, { session: S.p1 }), 403, null);
      const detail = (await api(base, `/api/v1/partners/${P.partner}`, { session: S.p1 })).body;
      assert.deepEqual(detail.users.map((u) => u.username), ['partner.one']);
      assert.equal(detail.units[0].code, P.kerala);
      const upd = await api(base, `/api/v1/partners/${P.partner}`, { method: 'PATCH', session: S.p1, body: { profile: { about: 'Water safety in Kerala', focal_persons: [{ name: 'Meera Nair', designation: 'Programme lead', email: 'meera@example.org', phone: '+91 98470 55555' }] } } });
      assert.equal(upd.status, 200, JSON.stringify(upd.body));
      assert.equal(upd.body.profile.focal_persons[0].name, 'Meera Nair');
      isError(await api(base, `/api/v1/partners/${P.partner}`, { method: 'PATCH', session: S.p1, body: { agreement: { signed_on: TODAY, from: TODAY, to: day(365) } } }), 403, 'agreement');
      isError(await api(base, `/api/v1/partners/${P.other}`, { method: 'PATCH', session: S.p1, body: { profile: { about: 'taken over' } } }), 403, null);
      const ag = await api(base, `/api/v1/partners/${P.partner}`, { method: 'PATCH', session: S.admin, body: { agreement: { signed_on: day(-20), from: day(-20), to: day(700) } } });
      assert.equal(ag.body.agreement.from, day(-20));
    });

    await t.test('a plan: draft, submitted, returned with comments, resubmitted, approved and locked; every version kept', async () => {
      isError(await api(base, `/api/v1/partners/${P.partner}/plans`, { method: 'POST', session: S.p2, body: { fy: FY } }), 403, null);
      isError(await api(base, `/api/v1/partners/${P.partner}/plans`, { method: 'POST', session: S.p1, body: { fy: '2024-2025' } }), 400, 'fy');
      const made = await api(base, `/api/v1/partners/${P.partner}/plans`, { method: 'POST', session: S.p1, body: { fy: FY } });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      plan = made.body.id;
      isError(await api(base, `/api/v1/partners/${P.partner}/plans`, { method: 'POST', session: S.p1, body: { fy: FY } }), 409, 'fy');
      const activities = [
        { level: 'state', unit: P.kerala, theme: 'capacity_building', description: 'Train VWSC members on operation and maintenance', targets: [{ measure: 'trainings', q1: 5, q2: 5, q3: 5, q4: 5 }, { measure: 'participants', q1: 100, q2: 100, q3: 100, q4: 100 }], resources: 'two master trainers', budget_inr: 400000 },
        { level: 'district', unit: P.kDistricts[0], theme: 'iec', description: 'Wall paintings and village meetings on safe water', targets: [{ measure: 'iec_events', q1: 10, q2: 10, q3: 0, q4: 0 }] },
      ];
      // Another partner may not edit it; a place the partner does not work in is refused.
      isError(await api(base, `/api/v1/plans/${plan}`, { method: 'PATCH', session: S.p2, body: { activities } }), 403, null);
      isError(await api(base, `/api/v1/plans/${plan}`, { method: 'PATCH', session: S.p1, body: { activities: [{ ...activities[0], unit: P.telangana }] } }), 403, 'activities[0].unit');
      isError(await api(base, `/api/v1/plans/${plan}`, { method: 'PATCH', session: S.p1, body: { activities: [{ ...activities[0], level: 'district' }] } }), 400, 'activities[0].unit');
      isError(await api(base, `/api/v1/plans/${plan}`, { method: 'PATCH', session: S.p1, body: { activities: [{ ...activities[0], targets: [{ measure: 'trainings' }] }] } }), 400, 'activities[0].targets[0].q1');
      isError(await api(base, `/api/v1/plans/${plan}/status`, { method: 'POST', session: S.p1, body: { status: 'submitted' } }), 422, 'activities');
      const saved = await api(base, `/api/v1/plans/${plan}`, { method: 'PATCH', session: S.p1, body: { activities } });
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      assert.deepEqual(saved.body.current.activities.map((a) => a.id), ['A1', 'A2']);
      // The mission cannot approve a draft; the partner submits.
      isError(await api(base, `/api/v1/plans/${plan}/status`, { method: 'POST', session: S.admin, body: { status: 'approved' } }), 422, 'status');
      assert.equal((await api(base, `/api/v1/plans/${plan}/status`, { method: 'POST', session: S.p1, body: { status: 'submitted' } })).status, 200);
      isError(await api(base, `/api/v1/plans/${plan}`, { method: 'PATCH', session: S.p1, body: { activities } }), 422, null);
      const queue = (await api(base, '/api/v1/review-queue', { session: S.admin })).body;
      assert.deepEqual(queue.plans.map((p) => p.plan_id), [plan]);
      isError(await api(base, `/api/v1/plans/${plan}/status`, { method: 'POST', session: S.p1, body: { status: 'approved' } }), 403, null);
      isError(await api(base, `/api/v1/plans/${plan}/status`, { method: 'POST', session: S.admin, body: { status: 'returned' } }), 400, 'comment');
      const back = await api(base, `/api/v1/plans/${plan}/status`, { method: 'POST', session: S.admin, body: { status: 'returned', comment: 'Add quarterly IEC targets for Q3 and Q4' } });
      assert.equal(back.body.current.status, 'returned');
      activities[1].targets[0].q3 = 5;
      activities[1].targets[0].q4 = 5;
      const keyed = saved.body.current.activities.map((a, i) => ({ ...activities[i], id: a.id }));
      assert.equal((await api(base, `/api/v1/plans/${plan}`, { method: 'PATCH', session: S.p1, body: { activities: keyed } })).status, 200);
      assert.equal((await api(base, `/api/v1/plans/${plan}/status`, { method: 'POST', session: S.p1, body: { status: 'submitted' } })).status, 200);
      const ok = await api(base, `/api/v1/plans/${plan}/status`, { method: 'POST', session: S.admin, body: { status: 'approved', comment: 'approved by the national mission' } });
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.equal(ok.body.in_force.revision, 1);
      assert.deepEqual(ok.body.history.map((v) => v.status), ['approved', 'submitted', 'draft', 'returned', 'submitted', 'draft', 'draft']);
      // Locked: only a new revision changes it, and revision 1 stays in force until that is approved.
      const locked = await api(base, `/api/v1/plans/${plan}`, { method: 'PATCH', session: S.p1, body: { activities: keyed } });
      isError(locked, 422, null);
      assert.match(locked.body.error.message, /approved and locked; start a new revision/);
      const rev = await api(base, `/api/v1/plans/${plan}/status`, { method: 'POST', session: S.p1, body: { status: 'draft' } });
      assert.equal(rev.body.current.revision, 2);
      assert.equal(rev.body.in_force.revision, 1);
      const withNew = [...keyed, { level: 'state', unit: P.kerala, theme: 'social_audit', description: 'Social audits of village schemes', targets: [{ measure: 'audits', q1: 2, q2: 2, q3: 2, q4: 2 }] }];
      const r2 = await api(base, `/api/v1/plans/${plan}`, { method: 'PATCH', session: S.p1, body: { activities: withNew } });
      assert.equal(r2.body.current.activities[2].id, 'A3');
      assert.equal(r2.body.in_force.activities.length, 2);
    });

    await t.test('progress: only against approved activities; submitted and accepted; roll-ups change', async () => {
      const rollup = async (by) => (await api(base, `/api/v1/progress/rollup?by=${by}&fy=${FY}`, { session: S.admin })).body.rows;
      const before = await rollup('theme');
      const cb = before.find((r) => r.key === 'capacity_building' && r.measure === 'trainings');
      assert.equal(cb.target, 20);
      assert.equal(cb.achieved, 0);
      // A3 is in the draft revision only: refused.
      const unapproved = await api(base, `/api/v1/plans/${plan}/progress/${QUARTER}`, { method: 'PATCH', session: S.p1, body: { rows: [{ activity: 'A3', measure: 'audits', achieved: 1 }] } });
      isError(unapproved, 422, 'rows[0].activity');
      assert.match(unapproved.body.error.message, /not in the approved plan/);
      isError(await api(base, `/api/v1/plans/${plan}/progress/${QUARTER}`, { method: 'PATCH', session: S.p2, body: { rows: [] } }), 403, null);
      if (QUARTER < 4) {
        isError(await api(base, `/api/v1/plans/${plan}/progress/${QUARTER + 1}`, { method: 'PATCH', session: S.p1, body: { rows: [] } }), 422, 'quarter');
      }
      isError(await api(base, `/api/v1/plans/${plan}/progress/5`, { method: 'PATCH', session: S.p1, body: { rows: [] } }), 404, null);
      const saved = await api(base, `/api/v1/plans/${plan}/progress/${QUARTER}`, {
        method: 'PATCH', session: S.p1,
        body: {
          rows: [{ activity: 'A1', measure: 'trainings', achieved: 4, narrative: 'four block-level trainings' }, { activity: 'A1', measure: 'participants', achieved: 96 }],
          evidence: [{ name: 'attendance.pdf', content_type: 'application/pdf', data_base64: PDF }],
        },
      });
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      assert.equal(saved.body.evidence.length, 1);
      isError(await api(base, `/api/v1/plans/${plan}/progress/${QUARTER}/status`, { method: 'POST', session: S.admin, body: { status: 'accepted' } }), 422, 'status');
      assert.equal((await api(base, `/api/v1/plans/${plan}/progress/${QUARTER}/status`, { method: 'POST', session: S.p1, body: { status: 'submitted' } })).status, 200);
      isError(await api(base, `/api/v1/plans/${plan}/progress/${QUARTER}`, { method: 'PATCH', session: S.p1, body: { rows: [] } }), 422, null);
      assert.equal((await api(base, '/api/v1/review-queue', { session: S.admin })).body.reports.length, 1);
      // Not counted until accepted.
      assert.equal((await rollup('theme')).find((r) => r.key === 'capacity_building' && r.measure === 'trainings').achieved, 0);
      isError(await api(base, `/api/v1/plans/${plan}/progress/${QUARTER}/status`, { method: 'POST', session: S.p1, body: { status: 'accepted' } }), 403, null);
      const acc = await api(base, `/api/v1/plans/${plan}/progress/${QUARTER}/status`, { method: 'POST', session: S.admin, body: { status: 'accepted' } });
      assert.equal(acc.status, 200, JSON.stringify(acc.body));
      const after = await rollup('theme');
      assert.equal(after.find((r) => r.key === 'capacity_building' && r.measure === 'trainings').achieved, 4);
      assert.equal(after.find((r) => r.key === 'capacity_building' && r.measure === 'participants').achieved, 96);
      const byState = await rollup('state');
      assert.equal(byState.find((r) => r.key === P.kerala && r.measure === 'trainings').achieved, 4);
      const byPartner = await rollup('partner');
      assert.ok(byPartner.every((r) => r.key === String(P.partner)));
      const progress = (await api(base, `/api/v1/plans/${plan}/progress`, { session: S.p1 })).body;
      const a1 = progress.activities.find((a) => a.id === 'A1').measures.find((m) => m.measure === 'trainings');
      assert.equal(a1.achieved, 4);
      assert.equal(a1.quarters[QUARTER - 1].cumulative_achieved, 4);
      assert.equal(a1.quarters[3].cumulative_target, 20);
      // The other partner sees none of it; its own roll-up is empty.
      isError(await api(base, `/api/v1/plans/${plan}/progress`, { session: S.p2 }), 403, null);
      assert.deepEqual((await api(base, `/api/v1/progress/rollup?by=theme&fy=${FY}`, { session: S.p2 })).body.rows, []);
      isError(await api(base, `/api/v1/progress/rollup?by=theme&fy=${FY}`, { session: S.keralaofficer }), 403, null);
      // Overdue: earlier quarters past their due date without a report.
      const overdue = (await api(base, `/api/v1/progress/overdue?fy=${FY}`, { session: S.admin })).body.overdue;
      const quartersDue = [1, 2, 3, 4].filter((q) => q !== QUARTER && q < QUARTER && overdue.some((o) => o.quarter === q));
      for (const o of overdue) {
        assert.equal(o.plan_id, plan);
        assert.notEqual(o.quarter, QUARTER);
        assert.ok(o.days_overdue > 0);
      }
      assert.equal(quartersDue.length, overdue.length);
    });
  });

  await t.test('master trainers, trainings, knowledge and social audits', async (t) => {
    await t.test('trainers and trainings in the partner\'s own villages; the coverage of villages trained', async () => {
      const t = await api(base, `/api/v1/partners/${P.partner}/trainers`, { method: 'POST', session: S.p1, body: { name: 'Lakshmi K', gender: 'female', phone: '+91 94470 11111', skills: ['field test kits', 'O&M'], languages: ['Malayalam', 'English'], districts: [P.kDistricts[0]] } });
      assert.equal(t.status, 201, JSON.stringify(t.body));
      isError(await api(base, `/api/v1/partners/${P.partner}/trainers`, { method: 'POST', session: S.p2, body: { name: 'X Y', gender: 'male', skills: ['a'], languages: ['b'] } }), 403, null);
      isError(await api(base, `/api/v1/partners/${P.partner}/trainers`, { method: 'POST', session: S.p1, body: { name: 'X Y', gender: 'unknown', skills: ['a'], languages: ['b'] } }), 400, 'gender');
      const before = (await api(base, `/api/v1/trainings/coverage?parent=${P.kerala}&level=district`)).body;
      const training = {
        kind: 'training', date: day(-2), place: P.kVillages[0], topic: 'Testing water with field test kits', trainer_id: t.body.id,
        participants: { female: 18, male: 7, other: 0 }, roles: { vwsc_members: 9, ftk_women: 5, pri_members: 2, frontline_workers: 3 },
      };
      const r = await api(base, `/api/v1/partners/${P.partner}/trainings`, { method: 'POST', session: S.p1, body: training });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.participants.total, 25);
      isError(await api(base, `/api/v1/partners/${P.partner}/trainings`, { method: 'POST', session: S.p1, body: { ...training, place: P.tVillage } }), 403, 'place');
      isError(await api(base, `/api/v1/partners/${P.partner}/trainings`, { method: 'POST', session: S.p1, body: { ...training, roles: { ftk_women: 19 } } }), 400, 'roles.ftk_women');
      isError(await api(base, `/api/v1/partners/${P.partner}/trainings`, { method: 'POST', session: S.p1, body: { ...training, date: day(3) } }), 400, 'date');
      isError(await api(base, `/api/v1/partners/${P.partner}/trainings`, { method: 'POST', session: S.p1, body: { ...training, place: P.kDistricts[0] } }), 400, 'place');
      isError(await api(base, `/api/v1/partners/${P.partner}/trainings`, { method: 'POST', session: S.p1, body: { ...training, trainer_id: 999999 } }), 400, 'trainer_id');
      const after = (await api(base, `/api/v1/trainings/coverage?parent=${P.kerala}&level=district`)).body;
      assert.equal(after.total.villages_trained, before.total.villages_trained + 1);
      assert.equal(after.total.ftk_women, before.total.ftk_women + 5);
      const row = after.rows.find((x) => x.code === P.kDistricts[0]);
      assert.equal(row.villages_trained, 1);
      assert.ok(row.villages > 1 && row.total_hh > 0 && row.pct_hh_with_tap >= 0);
      assert.equal((await api(base, `/api/v1/partners/${P.partner}/trainings`, { session: S.p1 })).body.trainings.length, 1);
      isError(await api(base, `/api/v1/partners/${P.partner}/trainings`, { session: S.p2 }), 403, null);
      isError(await api(base, '/api/v1/trainings/coverage?level=nation'), 400, 'level');
    });

    await t.test('knowledge records and social audits with follow-up by the partner and the state', async () => {
      const k = await api(base, `/api/v1/partners/${P.partner}/knowledge`, {
        method: 'POST', session: S.p1,
        body: { kind: 'best_practice', title: 'Women-led water testing', place: P.kDistricts[0], theme: 'capacity_building', date: day(-5), what_was_done: 'Five women per village trained to use field test kits and report monthly', evidence: [{ name: 'photo.png', content_type: 'image/png', data_base64: PNG }] },
      });
      assert.equal(k.status, 201, JSON.stringify(k.body));
      isError(await api(base, `/api/v1/partners/${P.partner}/knowledge`, { method: 'POST', session: S.p1, body: { kind: 'workshop', title: 'District workshop', theme: 'workshops_conferences', date: day(-5), what_was_done: 'A workshop with district officials' } }), 400, 'participants');
      const w = await api(base, `/api/v1/partners/${P.partner}/knowledge`, { method: 'POST', session: S.p1, body: { kind: 'workshop', title: 'State workshop on O&M', place: P.kerala, theme: 'workshops_conferences', date: day(-4), participants: 120, what_was_done: 'A workshop with engineers and VWSC members' } });
      assert.equal(w.status, 201, JSON.stringify(w.body));
      assert.equal((await api(base, `/api/v1/knowledge?partner=${P.partner}`, { session: S.p2 })).body.records.length, 2);
      assert.equal((await api(base, `/api/v1/knowledge?partner=${P.other}`, { session: S.p1 })).body.records.length, 0);
      isError(await api(base, '/api/v1/knowledge?partner=x', { session: S.p1 }), 400, 'partner');
      const listed = (await api(base, '/api/v1/knowledge?kind=best_practice', { session: S.keralaofficer })).body.records;
      assert.equal(listed.length, 1);
      assert.equal(listed[0].evidence[0].name, 'photo.png');
      const sa = await api(base, `/api/v1/partners/${P.partner}/social-audits`, {
        method: 'POST', session: S.p1,
        body: { village: P.kVillages[1], date: day(-3), findings: 'Two standposts leak; the VWSC has not met for three months', actions: [{ action: 'Repair the leaking standposts', owner: 'Gram Panchayat', due_on: day(20) }, { action: 'Hold a VWSC meeting', owner: 'VWSC president' }] },
      });
      assert.equal(sa.status, 201, JSON.stringify(sa.body));
      assert.equal(sa.body.actions.length, 2);
      const act = sa.body.actions[0].id;
      const byPartner = await api(base, `/api/v1/audit-actions/${act}`, { method: 'PATCH', session: S.p1, body: { status: 'in_progress' } });
      assert.equal(byPartner.body.status, 'in_progress');
      const byState = await api(base, `/api/v1/audit-actions/${act}`, { method: 'PATCH', session: S.keralaofficer, body: { status: 'done' } });
      assert.equal(byState.status, 200, JSON.stringify(byState.body));
      isError(await api(base, `/api/v1/audit-actions/${act}`, { method: 'PATCH', session: S.p2, body: { status: 'open' } }), 403, null);
      isError(await api(base, `/api/v1/audit-actions/${act}`, { method: 'PATCH', session: S.p1, body: { status: 'finished' } }), 400, 'status');
      isError(await api(base, `/api/v1/partners/${P.partner}/social-audits`, { method: 'POST', session: S.p1, body: { village: P.tVillage, date: day(-3), findings: 'Findings in another state' } }), 403, 'village');
      const audits = (await api(base, `/api/v1/partners/${P.partner}/social-audits`, { session: S.admin })).body.social_audits;
      assert.equal(audits[0].actions[0].status, 'done');
    });

    await t.test('every write left an audit row with who and what', async () => {
      const rows = (await api(base, '/api/v1/audit?limit=1000', { session: S.admin })).body.rows;
      const actions = new Set(rows.map((r) => r.action));
      for (const a of ['round.create', 'round.update', 'application.submit', 'reviewers.assign', 'review.declare', 'review.score', 'application.moderate', 'round.shortlist', 'partner.update', 'plan.create', 'plan.save', 'plan.submitted', 'plan.returned', 'plan.approved', 'plan.revise', 'progress.save', 'progress.submitted', 'progress.accepted', 'trainer.create', 'training.create', 'knowledge.create', 'social_audit.create', 'audit_action.update']) {
        assert.ok(actions.has(a), `an audit row for ${a}`);
      }
      const submit = rows.find((r) => r.action === 'application.submit');
      assert.equal(submit.actor, 'public');
      assert.equal(submit.remote, '127.0.0.1');
      const approve = rows.find((r) => r.action === 'plan.approved');
      assert.equal(approve.actor, 'admin');
      assert.equal(approve.before.status, 'submitted');
      assert.equal(approve.after.status, 'approved');
    });
  });

  await t.test('answers match the OpenAPI document, with every list filled', async () => {
    const { conforms } = openapiOf((await api(base, '/api/v1/openapi.json')).body);
    const plans = (await api(base, `/api/v1/partners/${P.partner}/plans`, { session: S.admin })).body.plans;
    const plan = plans[0].id;
    // Something waiting in the mission's queue: the second revision.
    const sent = await api(base, `/api/v1/plans/${plan}/status`, { method: 'POST', session: S.p1, body: { status: 'submitted' } });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    const app = (await api(base, `/api/v1/rounds/${P.round}/applications`, { session: S.admin })).body.applications.find((x) => x.partner_id === P.partner);
    // path: [url, the list in the answer that must not be empty]
    const samples = {
      '/rounds': ['/api/v1/rounds', 'rounds'],
      '/rounds/{id}/applications': [`/api/v1/rounds/${P.round}/applications`, 'applications'],
      '/rounds/{id}/funnel': [`/api/v1/rounds/${P.round}/funnel?by=state`, 'rows'],
      '/applications/{id}': [`/api/v1/applications/${app.id}`, 'reviews'],
      '/partners': ['/api/v1/partners', 'partners'],
      '/partners/{id}': [`/api/v1/partners/${P.partner}`, 'users'],
      '/partners/{id}/plans': [`/api/v1/partners/${P.partner}/plans`, 'plans'],
      '/plans/{id}': [`/api/v1/plans/${plan}`, 'history'],
      '/plans/{id}/progress': [`/api/v1/plans/${plan}/progress`, 'activities'],
      '/progress/rollup': [`/api/v1/progress/rollup?by=theme&fy=${FY}`, 'rows'],
      '/progress/overdue': [`/api/v1/progress/overdue?fy=${FY}`, QUARTER > 1 ? 'overdue' : null],
      '/review-queue': ['/api/v1/review-queue', 'plans'],
      '/partners/{id}/trainers': [`/api/v1/partners/${P.partner}/trainers`, 'trainers'],
      '/partners/{id}/trainings': [`/api/v1/partners/${P.partner}/trainings`, 'trainings'],
      '/trainings/coverage': [`/api/v1/trainings/coverage?parent=${P.kerala}&level=district`, 'rows'],
      '/knowledge': [`/api/v1/knowledge?partner=${P.partner}`, 'records'],
      '/partners/{id}/social-audits': [`/api/v1/partners/${P.partner}/social-audits`, 'social_audits'],
    };
    for (const [path, [url, list]] of Object.entries(samples)) {
      const r = await api(base, url, { session: S.admin });
      assert.equal(r.status, 200, `${url}: ${JSON.stringify(r.body)}`);
      if (list) assert.ok(Array.isArray(r.body[list]) && r.body[list].length > 0, `${url}: ${list} is not empty`);
      conforms(path, 'get', r);
    }
    // A partner user's view of its own organisation, too.
    for (const path of ['/partners', '/partners/{id}']) {
      const r = await api(base, `/api/v1${path.replace('{id}', P.partner)}`, { session: S.p1 });
      conforms(path, 'get', r);
    }
  });
});
