// Where the server connects on a user's behalf (a relay's source, a commune's
// alert webhook), from inside the commune's network: a URL someone typed must
// not reach the server's own ports, the LAN or a cloud's metadata service.
// Names are resolved and every address checked before connecting, and the
// connection goes to the address that was checked (no second lookup to
// rebind). An allow-list names the internal hosts that may be reached all the
// same. The caller says how a refusal reads (its own words and code).
import dns from 'node:dns';
import net from 'node:net';

const FORBIDDEN = new net.BlockList();
for (const [address, bits] of [
  ['0.0.0.0', 8], // unspecified ("this network")
  ['127.0.0.0', 8], // loopback
  ['10.0.0.0', 8], // private (RFC 1918)
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['169.254.0.0', 16], // link-local, the cloud's metadata service
] as const) FORBIDDEN.addSubnet(address, bits, 'ipv4');
for (const [address, bits] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['fc00::', 7], // unique-local
  ['fe80::', 10], // link-local
] as const) FORBIDDEN.addSubnet(address, bits, 'ipv6');

const family = (address: string) => (net.isIPv6(address) ? 'ipv6' : 'ipv4');

export class AddressPolicy {
  private readonly hosts = new Set<string>();
  private readonly allowed = new net.BlockList();

  /**
   * `allow`: host names, addresses and CIDR ranges that may be reached although internal.
   * `refused`: the error for an address that may not (`what`: the address, or "name → address").
   */
  constructor(allow: readonly string[], private readonly refused: (what: string) => Error) {
    for (const entry of allow) {
      const [address, bits] = entry.split('/');
      if (net.isIP(address!)) {
        if (bits === undefined) this.allowed.addAddress(address!, family(address!));
        else this.allowed.addSubnet(address!, Number(bits), family(address!));
      } else this.hosts.add(entry.toLowerCase());
    }
  }

  /** A host name on the allow-list: reached whatever it resolves to. */
  allowsHost(hostname: string): boolean {
    return this.hosts.has(hostname.toLowerCase());
  }

  /** Throws `refused` for an internal address not on the allow-list. */
  checkAddress(address: string, name = address): void {
    const f = family(address);
    if (FORBIDDEN.check(address, f) && !this.allowed.check(address, f)) throw this.refused(name === address ? address : `${name} → ${address}`);
  }

  /** The URL's host, if it is an address written out (IPv6 without its brackets), checked now. */
  checkLiteralHost(u: URL): void {
    const host = u.hostname.replace(/^\[|\]$/g, '');
    if (net.isIP(host) && !this.allowsHost(u.hostname)) this.checkAddress(host);
  }

  /**
   * The URL's host checked now: written out, or resolved. A name that does not resolve (yet) passes here; the
   * connection's own lookup checks it again.
   */
  async checkHostNow(u: URL): Promise<void> {
    if (this.allowsHost(u.hostname)) return;
    this.checkLiteralHost(u);
    const host = u.hostname.replace(/^\[|\]$/g, '');
    if (net.isIP(host)) return;
    const found = await dns.promises.lookup(host, { all: true }).catch(() => []);
    for (const a of found) this.checkAddress(a.address, host);
  }

  /** A `lookup` for http(s).request: connects only to addresses that pass, whatever the name resolves to by then. */
  lookupFor(hostname: string): net.LookupFunction {
    return (name, options, callback) => {
      dns.lookup(name, { ...options, all: true }, (err, addresses) => {
        if (err) return callback(err, '', 4);
        try {
          if (!this.allowsHost(hostname)) for (const a of addresses) this.checkAddress(a.address, name);
        } catch (refusal) {
          return callback(refusal as Error, '', 4);
        }
        if (options.all) return (callback as unknown as (e: null, all: dns.LookupAddress[]) => void)(null, addresses);
        callback(null, addresses[0]!.address, addresses[0]!.family);
      });
    };
  }
}
