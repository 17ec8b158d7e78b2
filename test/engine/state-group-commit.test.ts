// StateWriter with groupCommit (what apply uses): journal fsyncs run in the background and are
// shared; a record() resolves only once its entry is durable (replayed by a reader).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { journalFileOf, readState, StateWriter, writeState } from '../../src/engine/state';
import { emptyState } from '../../src/engine/state/format';

const stateFile = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wecom-gc-')), 'terraform.proj.tfstate');

describe('StateWriter({ groupCommit: true })', () => {
  test('records made together resolve once durable: a reader replays them all from the journal', async () => {
    const file = stateFile();
    const w = new StateWriter(file, writeState(file, emptyState()), { flushEvery: 1000, groupCommit: true });
    await Promise.all(Array.from({ length: 50 }, (_, i) => w.record('managed', 'wecom_tag', `t${i}`, { id: String(i) })));
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).resources).toEqual([]);
    expect(readState(file)!.resources).toHaveLength(50);
    await w.record('managed', 'wecom_tag', 't0', null);
    expect(readState(file)!.resources.map((r) => r.name)).not.toContain('t0');
    expect(w.flush().resources).toHaveLength(49);
    expect(fs.existsSync(journalFileOf(file))).toBe(false);
  });

  test('a compaction while a sync is running resolves what was waiting, and the journal starts afresh', async () => {
    const file = stateFile();
    const w = new StateWriter(file, undefined, { flushEvery: 3, groupCommit: true });
    const pending = [1, 2, 3, 4].map((i) => w.record('managed', 'wecom_tag', `t${i}`, { id: String(i) }));
    await Promise.all(pending);
    expect(readState(file)!.resources.map((r) => r.name).sort()).toEqual(['t1', 't2', 't3', 't4']);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).resources).toHaveLength(3);
    expect(w.flush().resources).toHaveLength(4);
  });
});
