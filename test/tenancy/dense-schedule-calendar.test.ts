// A commune may keep dense schedules: eighteen crons, each once a minute,
// are 181 440 occurrences in a week. The calendar read every commune's
// written occurrences before keeping the caller's, so one commune's dense
// schedules made every other commune's calendar read them all (a week's view
// took over 20 s here), and its own answered 170 000 items (45 MB). The
// calendar now reads only the caller's schedules, and shows at most 2 000
// items per schedule, as it already did for projected ones.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildWorld, COMMUNES, type Caller, type World } from './world.js';

let w: World;
const c = (name: string): Caller => w.callers[name]!;
const dense = new Set<string>();
beforeAll(async () => {
  // A cron airs at most once a minute: more of them, written a week ahead, make the rows of one every second over 48 h.
  w = await buildWorld({ SCHEDULE_HORIZON_H: String(7 * 24) });
  for (let second = 0; second < 18; second++) {
    const s = await c('chairman-a').token('POST', '/api/v1/schedules', { title: `Mỗi phút, giây ${second}`, text: 'Thử.', zoneIds: [COMMUNES.A.id], kind: 'cron', cron: `${second} * * * * *` });
    expect(s.status).toBe(201);
    dense.add(s.body.id);
  }
  const b = await c('chairman-b').token('POST', '/api/v1/schedules', { title: 'Bản tin sáng', text: 'Bản tin.', zoneIds: [COMMUNES.B.id], kind: 'cron', cron: '0 0 6 * * *' });
  expect(b.status).toBe(201);
}, 120_000);
afterAll(async () => {
  await w?.t.close();
});

it("another commune's calendar does not read the dense schedule; its own shows a bounded number of items", async () => {
  const t0 = Date.now();
  const theirs = await c('officer-b').token('GET', '/api/v1/occurrences');
  const took = Date.now() - t0;
  expect(theirs.status).toBe(200);
  expect(theirs.body.length).toBeGreaterThan(0);
  expect(theirs.body.some((o: { scheduleId: string }) => dense.has(o.scheduleId))).toBe(false);
  // Generous: it read 172 800 rows (over 20 s) before; now it reads its own few.
  expect(took).toBeLessThan(15_000);

  const own = await c('officer-a').token('GET', '/api/v1/occurrences');
  expect(own.status).toBe(200);
  // A week of each is 10 080 written.
  for (const id of dense) {
    const items = own.body.filter((o: { scheduleId: string }) => o.scheduleId === id);
    expect(items.length).toBe(2000);
    // The first ones, in order.
    expect(items.map((o: { at: string }) => o.at)).toEqual([...items.map((o: { at: string }) => o.at)].sort());
  }
}, 120_000);
