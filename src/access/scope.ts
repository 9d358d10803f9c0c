// Scope: every account and API token acts inside one zone's subtree
// (province, district, commune, ...) or, with no zone, the whole system.
// Features ask this module, never the zone tree directly, whether a caller
// may see or touch a zone or receiver: lists are filtered with zoneIds(),
// single targets are checked with require*(), which answer 403 naming what
// lies outside (docs/architecture.md, "Scope").
import { Router, type Request, type RequestHandler } from 'express';
import { AppError } from '../errors.js';

export interface Scope {
  /** The subtree's root; null = the whole system. */
  zoneId: string | null;
}

const WHOLE_SYSTEM: Scope = Object.freeze({ zoneId: null });

/** The header the panel's commune picker narrows a request's scope with. */
const NARROW_HEADER = 'x-loa-zone';
const NARROW_PARAM = 'narrow';

/** What scope needs of the zone tree (ZoneService provides it). */
interface ZoneTree {
  get(id: string): Promise<{ id: string; name: string; parent_id: string | null; kind: string } | undefined>;
  lineage(id: string): Promise<string[]>;
  subtree(ids: readonly string[]): Promise<Set<string>>;
}

/** A receiver's zone, undefined when there is no such receiver. */
type ReceiverZone = (receiverId: string) => Promise<string | undefined>;

/** The caller's scope, set by authenticate() for sessions and tokens alike. */
export function scopeOf(req: Request): Scope {
  return req.scope ?? { zoneId: req.principal?.zoneId ?? null };
}

export const outOfScope = (what: string, detail: Record<string, string>): AppError =>
  new AppError(`Ngoài phạm vi quản lý của tài khoản: ${what} (outside your scope)`, 403, 'out_of_scope', detail);

export class ScopeAccess {
  constructor(
    private readonly zones: ZoneTree,
    private readonly receiverZone: ReceiverZone,
  ) {}

  /** The zone ids a scope covers; null when it covers everything (no filter needed). */
  async zoneIds(scope: Scope): Promise<Set<string> | null> {
    return scope.zoneId === null ? null : this.zones.subtree([scope.zoneId]);
  }

  async coversZone(scope: Scope, zoneId: string): Promise<boolean> {
    if (scope.zoneId === null) return true;
    return (await this.zones.lineage(zoneId)).includes(scope.zoneId);
  }

  async coversReceiver(scope: Scope, receiverId: string): Promise<boolean> {
    if (scope.zoneId === null) return true;
    const zoneId = await this.receiverZone(receiverId);
    return zoneId !== undefined && (await this.coversZone(scope, zoneId));
  }

  /**
   * The zones whose items reach into a scope: its subtree and the zones above
   * it (a district-wide item plays in the commune too). null: everything.
   */
  async reachZoneIds(scope: Scope): Promise<{ above: string[]; within: Set<string> } | null> {
    if (scope.zoneId === null) return null;
    return { above: (await this.zones.lineage(scope.zoneId)).slice(1), within: await this.zones.subtree([scope.zoneId]) };
  }

  /** Whether an item with these targets plays anywhere in the scope (what its people may see of it). */
  async reaches(scope: Scope, zoneIds: readonly string[], receiverIds: readonly string[]): Promise<boolean> {
    if (scope.zoneId === null) return true;
    for (const z of zoneIds) {
      if (await this.coversZone(scope, z)) return true;
      if ((await this.zones.lineage(scope.zoneId)).includes(z)) return true;
    }
    for (const r of receiverIds) if (await this.coversReceiver(scope, r)) return true;
    return false;
  }

  /** Whether `inner` lies within `outer` (a scoped admin grants no wider scope than its own). */
  async contains(outer: Scope, inner: Scope): Promise<boolean> {
    if (outer.zoneId === null) return true;
    return inner.zoneId !== null && (await this.coversZone(outer, inner.zoneId));
  }

  /** 403 naming the first zone outside the scope. Unknown zones pass: the feature answers those. */
  async requireZones(scope: Scope, zoneIds: readonly string[]): Promise<void> {
    if (scope.zoneId === null) return;
    for (const id of zoneIds) {
      const zone = await this.zones.get(id);
      if (zone && !(await this.coversZone(scope, id))) throw outOfScope(`khu vực "${zone.name}" (${id})`, { zoneId: id });
    }
  }

  /** 403 naming the first receiver outside the scope. Unknown receivers pass: the feature answers those. */
  async requireReceivers(scope: Scope, receiverIds: readonly string[]): Promise<void> {
    if (scope.zoneId === null) return;
    for (const id of receiverIds) {
      const zoneId = await this.receiverZone(id);
      if (zoneId !== undefined && !(await this.coversZone(scope, zoneId))) throw outOfScope(`cụm loa ${id}`, { receiverId: id });
    }
  }

  /**
   * For deciding on an item someone else made (approve, reject, stop,
   * cancel, replay): it must play only inside the scope, and the 403 names
   * nothing outside it. requireZones named the first zone outside, which for
   * a district's item was another commune's hamlet the caller is never shown.
   */
  async requireWhollyInside(scope: Scope, zoneIds: readonly string[], receiverIds: readonly string[]): Promise<void> {
    try {
      await this.requireZones(scope, zoneIds);
      await this.requireReceivers(scope, receiverIds);
    } catch (err) {
      // A zone above the scope (its district) is one the caller is shown: named as before.
      const above = scope.zoneId === null ? [] : await this.zones.lineage(scope.zoneId);
      if (err instanceof AppError && err.code === 'out_of_scope' && !above.includes(String(err.detail?.zoneId))) {
        throw new AppError(
          'Ngoài phạm vi quản lý của tài khoản: mục này phát cả ở nơi khác, cần người có phạm vi bao trùm mọi nơi phát (it also plays outside your scope)',
          403,
          'out_of_scope',
          undefined,
          'Outside your scope: this item also plays elsewhere; it takes someone whose scope covers every place it plays',
        );
      }
      throw err;
    }
  }

  /** The zones a set of targets lies in (a receiver counts by its zone). */
  async targetZones(zoneIds: readonly string[], receiverIds: readonly string[]): Promise<string[]> {
    const out = new Set(zoneIds);
    for (const id of receiverIds) {
      const z = await this.receiverZone(id);
      if (z) out.add(z);
    }
    return [...out];
  }

  /** The deepest zone that holds all of these (null: none, or they span several top zones). */
  async commonZone(zoneIds: readonly string[]): Promise<string | null> {
    let common: string[] | null = null;
    for (const id of zoneIds) {
      const path = (await this.zones.lineage(id)).reverse(); // root first
      if (common === null) common = path;
      else {
        let n = 0;
        while (n < common.length && common[n] === path[n]) n++;
        common = common.slice(0, n);
      }
      if (!common.length) return null;
    }
    return common?.at(-1) ?? null;
  }

  /** The scope for a zone id that may be null (whole system), checking the zone exists. */
  async scopeFor(zoneId: string | null | undefined): Promise<Scope> {
    if (zoneId == null) return WHOLE_SYSTEM;
    if (!(await this.zones.get(zoneId))) throw new AppError(`Không có khu vực ${zoneId} (no such zone)`, 400, 'invalid_request');
    return { zoneId };
  }

  /**
   * `X-Loa-Zone: <zone id>` narrows the caller's scope for one request: the
   * panel's commune picker, for a district or province account. It can
   * only narrow: a zone outside the scope is a 403 naming it. The event
   * stream, which a browser opens without headers, takes it as `?narrow=`.
   */
  narrowing(): Router {
    return Router().use((req, _res, next) => {
      const zoneId = req.get(NARROW_HEADER) ?? (req.method === 'GET' && typeof req.query[NARROW_PARAM] === 'string' ? req.query[NARROW_PARAM] : undefined);
      if (!zoneId || !req.principal) return next();
      this.requireZones(scopeOf(req), [zoneId])
        .then(async () => {
          if (!(await this.zones.get(zoneId))) throw new AppError(`Không có khu vực ${zoneId} (no such zone)`, 400, 'invalid_request');
          req.scope = { zoneId };
        })
        .then(() => next(), next);
    });
  }

  /** Route guard: the zone named by a path parameter must be in the caller's scope. */
  zoneParam(name = 'id'): RequestHandler {
    return (req, _res, next) => {
      this.requireZones(scopeOf(req), [String(req.params[name])]).then(() => next(), next);
    };
  }

  /** Route guard: the receiver named by a path parameter must be in the caller's scope. */
  receiverParam(name = 'id'): RequestHandler {
    return (req, _res, next) => {
      this.requireReceivers(scopeOf(req), [String(req.params[name])]).then(() => next(), next);
    };
  }
}
