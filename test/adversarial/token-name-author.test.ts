// An officer cancels only his own item, and "his own" was read from the
// actor string alone: a token's actor is "token:<name>", and token names are
// not unique. A district's automation (officer token "tin-huyen") posts a
// district-wide item that waits for approval; it is shown in every commune
// with its author, so commune B's admin makes an officer token of the same
// name and cancels the district's item with it. An officer's item plays
// only inside his scope (he could not have made it otherwise), so the
// cancel now also takes the item to lie wholly inside the caller's scope,
// as the archive of a schedule already did.
import { expect, it } from 'vitest';
import { COMMUNES, DISTRICT, worldForFile } from '../tenancy/world.js';

const w = worldForFile();

it("a commune's token named like the district's token cannot cancel the district's pending item; the district's own token can", async () => {
  const at = new Date(Date.now() + 7_200_000).toISOString();
  const district = (await w.t.api('POST', '/api/v1/tokens', { name: 'tin-huyen', role: 'officer', zoneId: DISTRICT.id })).body.token as string;
  const made = await w.t.api('POST', '/api/v1/broadcasts', { title: 'Tin của huyện', text: 'Thông báo của huyện.', zoneIds: [DISTRICT.id], startAt: at }, district);
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  expect(made.body.status).toBe('pending_approval');
  // Commune B sees it, and who made it.
  const seen = await w.caller('officer-b').token('GET', `/api/v1/broadcasts/${made.body.id}`);
  expect(seen.body.createdBy).toBe('token:tin-huyen');
  // B's admin makes an officer token of that name.
  const impostor = await w.caller('admin-b').token('POST', '/api/v1/tokens', { name: 'tin-huyen', role: 'officer', zoneId: COMMUNES.B.id });
  expect(impostor.status).toBe(201);
  const cancel = await w.t.api('POST', `/api/v1/broadcasts/${made.body.id}/cancel`, {}, impostor.body.token);
  expect(cancel.status, JSON.stringify(cancel.body)).toBe(403);
  expect(cancel.body.code).toBe('out_of_scope');
  expect((await w.t.api('GET', `/api/v1/broadcasts/${made.body.id}`)).body.status).toBe('pending_approval');
  // Its real author still withdraws it.
  const own = await w.t.api('POST', `/api/v1/broadcasts/${made.body.id}/cancel`, {}, district);
  expect(own.status, JSON.stringify(own.body)).toBe(200);
  expect(own.body.status).toBe('cancelled');
});

it('an officer still cancels his own pending item in his commune', async () => {
  const at = new Date(Date.now() + 7_200_000).toISOString();
  const made = await w.caller('officer-a').token('POST', '/api/v1/broadcasts', { title: 'Tin xã', text: 'Thông báo của xã.', zoneIds: [COMMUNES.A.hamlets[0].id], startAt: at });
  expect(made.body.status).toBe('pending_approval');
  const r = await w.caller('officer-a').token('POST', `/api/v1/broadcasts/${made.body.id}/cancel`, {});
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  expect(r.body.status).toBe('cancelled');
});
