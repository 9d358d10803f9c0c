// Settings and greeting wordings could be written for a zone that does not
// exist: the scope check lets an unknown zone through (for the feature to
// answer), and neither feature did. The zone made later with that id —
// anywhere in the tree, by anyone — then had them: commune A's admin set
// "xa-moi" (a commune the district had not made yet) to skip the chairman's
// approval and to post its receivers' alerts to A's webhook. Zone deletion
// already clears what a zone set for itself for this reason. Such a write
// (and read) is a 400 now, as the lexicon answers.
import { expect, it } from 'vitest';
import { DISTRICT, worldForFile } from '../tenancy/world.js';

const w = worldForFile();

it("a commune's admin cannot plant settings or wordings for a zone id not made yet; the zone made later starts clean", async () => {
  const adminA = w.caller('admin-a');
  const planted = await adminA.token('PATCH', '/api/v1/settings', { zoneId: 'xa-moi', waiveApprovalForNormal: true, alertWebhookUrl: 'https://example.org/hook-of-commune-a' });
  expect(planted.status, JSON.stringify(planted.body)).toBe(400);
  expect(planted.body.error).toMatch(/^Không có khu vực xa-moi/);
  const templateId = (await w.t.api('GET', '/api/v1/templates')).body[0].id as string;
  const wording = await adminA.token('PUT', `/api/v1/templates/${templateId}?zoneId=xa-moi`, { text: 'Lời chúc cài sẵn' });
  expect(wording.status, JSON.stringify(wording.body)).toBe(400);
  for (const p of ['/api/v1/settings?zoneId=xa-moi', '/api/v1/templates?zoneId=xa-moi', `/api/v1/templates/${templateId}/preview?zoneId=xa-moi`]) {
    expect((await adminA.token('GET', p)).status, p).toBe(400);
  }

  // The district makes the commune later: it has nothing of A's.
  expect((await w.t.api('POST', '/api/v1/zones', { id: 'xa-moi', name: 'Xã Mới', kind: 'commune', parentId: DISTRICT.id })).status).toBe(201);
  const settings = (await w.t.api('GET', '/api/v1/settings?zoneId=xa-moi')).body;
  expect(settings.ownKeys).toEqual([]);
  expect(settings.waiveApprovalForNormal).toBe(false);
  const templates = (await w.t.api('GET', '/api/v1/templates?zoneId=xa-moi')).body as { text: string }[];
  expect(templates.some((x) => x.text.includes('cài sẵn'))).toBe(false);
  // And now that it exists, A's admin is refused as outside his scope.
  expect((await adminA.token('PATCH', '/api/v1/settings', { zoneId: 'xa-moi', chairmanName: 'x' })).status).toBe(403);
});
