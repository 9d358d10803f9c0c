// A commune's default voice is a setting any of its admins may write (a voice
// this server does not offer is allowed: the speech service passes it over).
// But broadcasts handed that setting to speech as the chosen voice, so a
// commune whose default named a voice not offered here (a typo, or a cloud
// key since removed) had every text announcement refused, emergencies too.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildWorld, COMMUNES, type Caller, type World } from './world.js';

let w: World;
const c = (name: string): Caller => w.callers[name]!;
beforeAll(async () => {
  w = await buildWorld();
});
afterAll(async () => {
  await w?.t.close();
});

it("a commune default voice this server does not offer is passed over: the commune's items still air, in the offline voice", async () => {
  // No FPT.AI key on this server.
  expect((await c('admin-a').token('PATCH', '/api/v1/settings', { defaultVoice: 'fpt:banmai' })).status).toBe(200);
  const b = await c('chairman-a').token('POST', '/api/v1/broadcasts', { title: 'Thông báo', text: 'Kính mời bà con dự họp thôn.', zoneIds: [COMMUNES.A.hamlets[0].id], startAt: new Date(Date.now() + 3600_000).toISOString() });
  expect(b.status, JSON.stringify(b.body)).toBe(201);
  expect(b.body.voice).toMatch(/^espeak:/);
  const e = await c('officer-a').token('POST', '/api/v1/emergency', { text: 'Khẩn cấp: nước lũ lên nhanh.', zoneIds: [COMMUNES.A.hamlets[0].id] });
  expect(e.status, JSON.stringify(e.body)).toBe(201);
  // A voice asked for by name is still checked.
  expect((await c('chairman-a').token('POST', '/api/v1/broadcasts', { title: 'x', text: 'Thông báo.', zoneIds: [COMMUNES.A.id], voice: 'fpt:banmai' })).body.code).toBe('unknown_voice');
  // Commune B, with no such setting, is not touched either way.
  expect((await c('chairman-b').token('POST', '/api/v1/broadcasts', { title: 'Thông báo', text: 'Kính mời bà con.', zoneIds: [COMMUNES.B.id], startAt: new Date(Date.now() + 3600_000).toISOString() })).status).toBe(201);
});
