// Which communes a bulletin reaches, and who may send or handle one.
// Communes are the zones of kind "commune"; what sits above them (district,
// province) only groups them.
import type { Principal } from '../access/tokens.js';
import type { ZoneService } from '../zones/service.js';
import { AppError } from '../errors.js';

/** The caller's zone scope; null: the whole system. */
export const scopeOf = (p: Principal): string | null => (p as Principal & { zoneId?: string | null }).zoneId ?? null;

async function covers(zones: ZoneService, scope: string | null, zoneId: string): Promise<boolean> {
  return scope === null || (await zones.lineage(zoneId)).includes(scope);
}

/** The commune a zone is in (itself, or its nearest commune ancestor). */
export async function communeOf(zones: ZoneService, zoneId: string): Promise<string | undefined> {
  for (const id of await zones.lineage(zoneId)) if ((await zones.get(id))?.kind === 'commune') return id;
  return undefined;
}

/** The communes a bulletin to these zones lands in: each targeted commune, and every commune below a targeted group. */
export async function communesUnder(zones: ZoneService, zoneIds: readonly string[]): Promise<string[]> {
  const out = new Set<string>();
  for (const id of zoneIds) {
    const zone = await zones.get(id);
    if (!zone) throw new AppError(`Không có vùng ${id} (zone ${id} does not exist)`, 400);
    if (zone.kind === 'commune') {
      out.add(id);
      continue;
    }
    if (await communeOf(zones, id)) throw new AppError(`Bản tin gửi tới xã hoặc cấp trên, không tới thôn: ${id} (a bulletin targets communes or the zones above them, not ${id})`, 400);
    for (const z of await zones.subtree([id])) if ((await zones.get(z))?.kind === 'commune') out.add(z);
  }
  if (out.size === 0) throw new AppError('Không có xã nào dưới các vùng đã chọn (no commune under the zones given)', 400);
  return [...out].sort();
}

/** A sender works above the communes and its scope covers every target. */
export async function checkSender(zones: ZoneService, by: Principal, zoneIds: readonly string[]): Promise<void> {
  const scope = scopeOf(by);
  if (scope !== null && (await communeOf(zones, scope))) {
    throw new AppError('Bản tin cấp trên do cấp huyện, tỉnh gửi; tài khoản cấp xã không gửi được (a commune account cannot send bulletins)', 403, 'forbidden');
  }
  for (const z of zoneIds) {
    if (!(await covers(zones, scope, z))) throw new AppError(`Vùng ${z} nằm ngoài phạm vi của bạn (zone ${z} is outside your scope)`, 403, 'forbidden');
  }
}

/** The commune is in the caller's scope (or the caller's scope is inside the commune: a hamlet account sees its commune's inbox). */
export async function checkCommune(zones: ZoneService, by: Principal, communeId: string): Promise<void> {
  const scope = scopeOf(by);
  if (scope === null || (await covers(zones, scope, communeId)) || (await communeOf(zones, scope)) === communeId) return;
  throw new AppError(`Xã ${communeId} nằm ngoài phạm vi của bạn (commune ${communeId} is outside your scope)`, 403, 'forbidden');
}

/** Communes whose inbox the caller reads: null for all. */
export async function inboxCommunes(zones: ZoneService, by: Principal): Promise<string[] | null> {
  const scope = scopeOf(by);
  if (scope === null) return null;
  const own = await communeOf(zones, scope);
  if (own) return [own];
  return communesUnder(zones, [scope]).catch(() => []);
}
