// An item of the district that plays in both communes: a commune's chairman
// sees it with his own hamlets only, and may not decide on it. The 403 used
// to name the first zone outside his scope — the other commune's hamlet
// ("Xóm Trại" (xom-trai)), which he is never shown. It now names nothing
// outside, for broadcasts and schedules alike (deciding, editing, deleting).
import { expect, it } from 'vitest';
import { COMMUNES, worldForFile } from './world.js';

const w = worldForFile();
const A = COMMUNES.A;
const B = COMMUNES.B;
const hidden = [B.id, B.name, ...B.hamlets.flatMap((h) => [h.id, h.name])];

function revealsNothing(body: unknown, what: string): void {
  const text = JSON.stringify(body);
  for (const h of hidden) expect(text, `${what} names ${h}`).not.toContain(h);
}

it("a commune chairman deciding on a district item that also plays in another commune: 403 naming none of that commune's places", async () => {
  const at = new Date(Date.now() + 2 * 86_400_000).toISOString();
  const zoneIds = [A.hamlets[0].id, B.hamlets[0].id];
  const b = await w.caller('admin-district').token('POST', '/api/v1/broadcasts', { title: 'Huyện thông báo', text: 'Thông báo của huyện tới hai xã.', zoneIds, startAt: at });
  expect(b.status, JSON.stringify(b.body)).toBe(201);
  const s = await w.caller('admin-district').token('POST', '/api/v1/schedules', { kind: 'once', at, title: 'Lịch huyện', text: 'Lịch phát của huyện.', zoneIds });
  expect(s.status, JSON.stringify(s.body)).toBe(201);

  const chairman = w.caller('chairman-a');
  // He sees them, with his own hamlet only.
  const seen = await chairman.token('GET', `/api/v1/broadcasts/${b.body.id}`);
  expect(seen.status).toBe(200);
  expect(seen.body.zoneIds).toEqual([A.hamlets[0].id]);
  revealsNothing(seen.body, 'the broadcast as he sees it');

  for (const [path, body] of [
    [`/api/v1/broadcasts/${b.body.id}/approve`, {}],
    [`/api/v1/broadcasts/${b.body.id}/reject`, { reason: 'Không phù hợp' }],
    [`/api/v1/broadcasts/${b.body.id}/cancel`, {}],
    [`/api/v1/broadcasts/${b.body.id}/stop`, {}],
    [`/api/v1/broadcasts/${b.body.id}/replay-missed`, {}],
    [`/api/v1/schedules/${s.body.id}/approve`, {}],
    [`/api/v1/schedules/${s.body.id}/reject`, { reason: 'Không phù hợp' }],
    [`/api/v1/schedules/${s.body.id}/submit`, {}],
    [`PUT /api/v1/schedules/${s.body.id}`, { kind: 'once', at, title: 'Đổi', text: 'Chỉ thôn của xã A.', zoneIds: [A.hamlets[0].id] }],
    [`DELETE /api/v1/schedules/${s.body.id}`, undefined],
  ] as const) {
    for (const call of [chairman.token, chairman.session]) {
      const [method, url] = path.includes(' ') ? (path.split(' ') as [string, string]) : ['POST', path];
      const r = await call(method, url, body);
      expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBe(403);
      expect(r.body.code).toBe('out_of_scope');
      expect(r.body.error).toMatch(/^Ngoài phạm vi quản lý của tài khoản/);
      revealsNothing(r.body, path);
    }
  }
  // Nothing changed, and the district's chairman still decides.
  expect((await w.t.api('GET', `/api/v1/broadcasts/${b.body.id}`)).body.status).toBe('scheduled');
  expect((await w.t.api('GET', `/api/v1/schedules/${s.body.id}`)).body).toMatchObject({ title: 'Lịch huyện', zoneIds });
  const cancel = await w.caller('chairman-district').token('POST', `/api/v1/broadcasts/${b.body.id}/cancel`, {});
  expect(cancel.status, JSON.stringify(cancel.body)).toBe(200);
  expect(cancel.body.status).toBe('cancelled');
});
