// Which communes a bulletin reaches, and who may send or handle one (on top
// of src/access/scope.ts). Communes are the zones of kind "commune"; what
// sits above them (district, province) groups them.
import type { Principal } from '../access/tokens.js';
import { outOfScope, type ScopeAccess } from '../access/scope.js';
import type { ZoneService } from '../zones/service.js';
import { AppError } from '../errors.js';

const scopeOf = (p: Principal) => ({ zoneId: p.zoneId });

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
export async function checkSender(zones: ZoneService, scopes: ScopeAccess, by: Principal, zoneIds: readonly string[]): Promise<void> {
  if (by.zoneId !== null && (await communeOf(zones, by.zoneId))) {
    throw new AppError('Bản tin cấp trên do cấp huyện, tỉnh gửi; tài khoản cấp xã không gửi được (a commune account cannot send bulletins)', 403, 'out_of_scope');
  }
  await scopes.requireZones(scopeOf(by), zoneIds);
}

/** The commune is in the caller's scope, or the caller works inside it (a hamlet account handles its commune's inbox). */
export async function checkCommune(zones: ZoneService, scopes: ScopeAccess, by: Principal, communeId: string): Promise<void> {
  if ((await scopes.coversZone(scopeOf(by), communeId)) || (by.zoneId !== null && (await communeOf(zones, by.zoneId)) === communeId)) return;
  const zone = await zones.get(communeId);
  throw outOfScope(`xã "${zone?.name ?? communeId}" (${communeId})`, { zoneId: communeId });
}

/** Communes the caller acts for: null for all. */
export async function callerCommunes(zones: ZoneService, by: Principal): Promise<string[] | null> {
  if (by.zoneId === null) return null;
  const own = await communeOf(zones, by.zoneId);
  if (own) return [own];
  return communesUnder(zones, [by.zoneId]).catch(() => []);
}
