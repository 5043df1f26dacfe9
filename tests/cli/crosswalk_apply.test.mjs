// Stored name aliases on the real Telangana file: `crosswalk apply` keeps
// the accepted names as aliases of LGD places, so that the next import of
// the file places the same rows with no crosswalk; a name already an alias
// of another place is refused; `crosswalk revoke` lists the villages
// imported through an alias, after which the name is refused again; and
// every apply and revoke is in the audit trail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { jjm, tempDir, newDb, sql, SHARED, parseCsv, figure } from '../lib/jjm.mjs';

const TELANGANA = join(SHARED, 'jjm-dashboard', 'jjm_villages_telangana.csv');
const LGD = join(SHARED, 'lgd');
const HIST = ['--closed-periods', 'tests load published history', '--as-of', '2024-03-01', '--quiet'];

function ok(args) {
  const r = jjm(args);
  assert.equal(r.status, 0, `jjm ${args.join(' ')}\n${r.stdout}${r.stderr}`);
  return r;
}

// The aliases `crosswalk list` prints: CSV on standard output, the count
// on standard error.
function listAliases(db, ...more) {
  const r = ok(['crosswalk', 'list', '--db', db, ...more]);
  assert.match(r.stdout, /^id,level,parent,source_name,place,created_by,created_at/);
  const rows = parseCsv(r.stdout);
  assert.match(r.stderr, new RegExp(`^${rows.length} aliases`));
  return rows;
}

function scalar(db, statement) {
  const r = sql(db, statement);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

test('stored aliases place the next file with no crosswalk, refuse conflicts and can be revoked', async (t) => {
  const dir = tempDir();
  const db = newDb(dir, 'aliases');
  ok(['import', 'lgd', LGD, '--db', db, '--commit', '--quiet']);
  const cw = join(dir, 'telangana.crosswalk.csv');
  ok(['crosswalk', 'suggest', TELANGANA, '--db', db, '--out', cw]);
  const source = parseCsv(readFileSync(TELANGANA, 'utf8'));

  await t.test('apply is a dry run unless --commit', () => {
    const r = ok(['crosswalk', 'apply', cw, '--db', db]);
    assert.equal(figure(r.stdout, 'to store as aliases'), 111);
    assert.equal(figure(r.stdout, 'refused'), 0);
    assert.match(r.stdout, /store {3}block 'Bazarhathnoor' in Adilabad -> B4636 Bazarhatnoor \(line \d+\)/);
    assert.match(r.stdout, /dry run: nothing written/);
    assert.equal(listAliases(db).length, 0);
    assert.equal(scalar(db, "SELECT COUNT(*) FROM audit WHERE action LIKE 'crosswalk.%'"), '0');
  });

  await t.test('apply --commit stores the accepted names, audited; again it is a no-op', () => {
    const r = ok(['crosswalk', 'apply', cw, '--db', db, '--commit', '--by', 'asha']);
    assert.match(r.stdout, /stored 111 aliases, by cli:asha/);
    const aliases = listAliases(db, '--state', 'S36');
    assert.equal(aliases.length, 111);
    const ranga = aliases.find((a) => a.source_name === 'Rangareddy');
    assert.deepEqual([ranga.level, ranga.parent, ranga.place, ranga.created_by],
      ['district', 'S36 Telangana', 'D518 Ranga Reddy', 'cli:asha']);
    assert.equal(listAliases(db, '--state', '32').length, 0, 'Kerala has none');
    // One audit row per alias, with who and when.
    assert.equal(scalar(db, "SELECT COUNT(*) FROM audit WHERE action = 'crosswalk.apply' AND actor = 'cli:asha' AND entity = 'name_alias' AND at <> ''"), '111');
    assert.equal(scalar(db, `SELECT unit_path FROM audit WHERE action = 'crosswalk.apply' AND entity_id = '${ranga.id}'`), 'IN/S36/D518');

    // Suggesting again leaves only the names no alias has.
    const s = ok(['crosswalk', 'suggest', TELANGANA, '--db', db, '--out', join(dir, 'left.csv')]);
    assert.equal(figure(s.stdout, 'names not found in LGD'), 167 - 111);
    assert.equal(figure(s.stdout, 'suggestion clearly ahead \\(decision accept\\)'), 0);

    const again = ok(['crosswalk', 'apply', cw, '--db', db, '--commit', '--by', 'asha']);
    assert.equal(figure(again.stdout, 'to store as aliases'), 0);
    assert.equal(figure(again.stdout, 'already stored'), 111);
    assert.match(again.stdout, /nothing to store/);
    assert.equal(listAliases(db).length, 111);
    assert.equal(scalar(db, "SELECT COUNT(*) FROM audit WHERE action = 'crosswalk.apply'"), '111');
  });

  await t.test('the next import places the same rows with no crosswalk as with it', () => {
    const a = join(dir, 'aliases.rejected.csv');
    const b = join(dir, 'crosswalk.rejected.csv');
    const viaAliases = jjm(['import', 'villages', TELANGANA, '--db', db, '--rejects', a, ...HIST]);
    assert.equal(viaAliases.status, 1);
    assert.equal(figure(viaAliases.stdout, 'rows rejected'), 1892);
    assert.equal(figure(viaAliases.stdout, 'names placed through stored aliases'), 111);
    assert.doesNotMatch(viaAliases.stdout, /names placed through the crosswalk/);
    assert.equal(readFileSync(a, 'utf8').length > 0, true);

    // The same import through the crosswalk file, into a database with no
    // aliases, commits the same villages.
    const other = newDb(dir, 'viafile');
    ok(['import', 'lgd', LGD, '--db', other, '--commit', '--quiet']);
    const viaFile = jjm(['import', 'villages', TELANGANA, '--db', other, '--crosswalk', cw, '--rejects', b,
      '--commit', '--skip-invalid', ...HIST]);
    assert.equal(viaFile.status, 1);
    assert.equal(figure(viaFile.stdout, 'rows rejected'), 1892);
    assert.equal(readFileSync(a, 'utf8'), readFileSync(b, 'utf8'));

    const commit = jjm(['import', 'villages', TELANGANA, '--db', db, '--rejects', a, '--commit', '--skip-invalid', ...HIST]);
    assert.equal(commit.status, 1);
    assert.match(commit.stdout, /committed/);
    const rowsThroughAliases = figure(commit.stdout, 'rows placed through stored aliases');
    assert.ok(rowsThroughAliases > 0);
    const ea = join(dir, 'aliases.villages.csv');
    const eb = join(dir, 'viafile.villages.csv');
    ok(['export', 'villages', '--db', db, '--out', ea, '--as-of', '2024-03-01']);
    ok(['export', 'villages', '--db', other, '--out', eb, '--as-of', '2024-03-01']);
    const exported = readFileSync(ea, 'utf8');
    assert.equal(exported, readFileSync(eb, 'utf8'));
    assert.equal(parseCsv(exported).length, 9458 - 1892);
    // Each village placed through an alias is recorded against it.
    assert.equal(Number(scalar(db, 'SELECT COUNT(DISTINCT village_id) FROM name_alias_use')), rowsThroughAliases);
  });

  await t.test('a name already an alias of another place is refused, naming both, and nothing is stored', () => {
    const bad = join(dir, 'conflict.csv');
    writeFileSync(bad, [
      'level,state,district,block,source_name,rows,candidate_code,candidate_name,score,decision,reason',
      'block,Telangana,Adilabad,,Bazarhathnoor,1,B4647,Gudihatnur,0.60,accept,',
      'block,Telangana,Adilabad,,Keshampet,1,B5230,Keshampeta,0.90,accept,',
      'block,Telangana,Adilabad,,Boath spelt otherwise,1,B4642,Boath,0.90,accept,',
    ].join('\n'));
    const auditBefore = scalar(db, 'SELECT COUNT(*) FROM audit');
    const r = jjm(['crosswalk', 'apply', bad, '--db', db, '--commit', '--by', 'asha']);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /line 2, column candidate_code, value 'B4647': 'Bazarhathnoor' in Adilabad \(block\) is already an alias of B4636 Bazarhatnoor \(alias \d+, by cli:asha at [^)]+\); this row maps it to B4647 Gudihatnur/);
    assert.match(r.stdout, /line 3, column candidate_code, value 'B5230': B5230 Keshampeta is a block of Ranga Reddy, not of Adilabad/);
    assert.equal(figure(r.stdout, 'to store as aliases'), 1);
    assert.equal(figure(r.stdout, 'refused'), 2);
    assert.match(r.stdout, /nothing stored: 2 rows refused/);
    assert.equal(listAliases(db).length, 111);
    assert.equal(listAliases(db).filter((a) => a.source_name === 'Boath spelt otherwise').length, 0);
    assert.equal(scalar(db, 'SELECT COUNT(*) FROM audit'), auditBefore);
  });

  await t.test('revoke lists the villages imported through an alias; then the name is refused again', () => {
    const ranga = listAliases(db).find((a) => a.source_name === 'Rangareddy');
    const dry = ok(['crosswalk', 'revoke', ranga.id, '--db', db, '--reason', 'checking']);
    assert.match(dry.stdout, new RegExp(`alias ${ranga.id}: district 'Rangareddy' in Telangana -> D518 Ranga Reddy, by cli:asha`));
    assert.match(dry.stdout, /dry run: nothing written/);
    const listed = dry.stdout.split('\n');
    const header = listed.findIndex((l) => l === 'village_code,village_name,batch,file,recorded_at,line');
    assert.ok(header > 0, dry.stdout);
    const uses = parseCsv(listed.slice(header, -2).join('\n'));
    assert.equal(figure(dry.stdout, 'villages imported through it'), uses.length);
    assert.ok(uses.length > 0);
    // Every listed row is a Rangareddy row of the file, at its line.
    for (const u of uses) {
      const row = source[Number(u.line) - 2];
      assert.equal(row.district_name, 'Rangareddy', `line ${u.line}`);
      assert.equal(row.village_name, u.village_name, `line ${u.line}`);
      assert.equal(u.file, 'jjm_villages_telangana.csv');
    }
    assert.equal(uses.length, Number(scalar(db, `SELECT COUNT(*) FROM name_alias_use WHERE alias_id = ${ranga.id}`)));
    assert.equal(listAliases(db).length, 111, 'a dry run revokes nothing');

    const r = ok(['crosswalk', 'revoke', ranga.id, '--db', db, '--reason', 'checked by the district', '--commit', '--by', 'ravi']);
    assert.match(r.stdout, /revoked by cli:ravi/);
    assert.equal(listAliases(db).length, 110);
    const all = listAliases(db, '--all');
    const revoked = all.find((a) => a.id === ranga.id);
    assert.deepEqual([revoked.revoked_by, revoked.revoke_reason], ['cli:ravi', 'checked by the district']);
    assert.ok(revoked.revoked_at.length > 0);
    assert.equal(scalar(db, `SELECT actor || ' ' || entity_id FROM audit WHERE action = 'crosswalk.revoke'`), `cli:ravi ${ranga.id}`);

    const again = jjm(['crosswalk', 'revoke', ranga.id, '--db', db, '--reason', 'twice', '--commit']);
    assert.equal(again.status, 2);
    assert.match(again.stderr, /was revoked already, by cli:ravi/);

    // The Rangareddy rows are refused again.
    const rej = join(dir, 'after-revoke.rejected.csv');
    const after = jjm(['import', 'villages', TELANGANA, '--db', db, '--rejects', rej, ...HIST]);
    assert.equal(after.status, 1);
    const refused = parseCsv(readFileSync(rej, 'utf8'))
      .filter((x) => x.column === 'district_name' && x.value === 'Rangareddy');
    const refusedRows = new Set(refused.map((x) => x.row));
    for (const u of uses) assert.ok(refusedRows.has(u.line), `line ${u.line} is refused again`);
    assert.ok(refused.every((x) => /no district of Telangana has this name/.test(x.reason)));

    // A new alias may be stored for the name once the old one is revoked.
    const fix = join(dir, 'fix.csv');
    writeFileSync(fix, [
      'level,state,district,block,source_name,rows,candidate_code,candidate_name,score,decision,reason',
      'district,Telangana,,,Rangareddy,1,D518,Ranga Reddy,1,accept,',
    ].join('\n'));
    const re = ok(['crosswalk', 'apply', fix, '--db', db, '--commit', '--by', 'ravi']);
    assert.match(re.stdout, /stored 1 aliases/);
    assert.equal(listAliases(db).length, 111);
  });
});
