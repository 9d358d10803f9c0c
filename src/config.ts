// Configuration from the environment, validated once at start. Every bad
// value yields one line naming the variable, so an operator fixes all at once.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  mqttPort: number;
  mqttHost: string;
  /** PEM files (`loa tls init` makes them): the panel, API and media over HTTPS, and the embedded broker on mqttTlsPort. */
  tls: { certFile: string; keyFile: string } | null;
  mqttTlsPort: number;
  mqttUrl: string | null;
  mqttUsername: string;
  mqttPassword: string | null;
  topicRoot: string;
  dataDir: string;
  databaseUrl: string | null;
  /** null: derived from the bound HTTP port (fine on one machine; set it for real receivers). */
  publicUrl: string | null;
  /** INSTANCE_URL: where the other instances reach this one (a live session's push and listeners are passed to the instance running it). */
  instanceUrl: string | null;
  initAdminToken: string | null;
  /** Bearer token Prometheus scrapes /metrics with; null: API tokens only. */
  metricsToken: string | null;
  /** Makes sure a panel account "admin" exists, with this password when it is created. */
  initAdminPassword: string | null;
  communeTz: string;
  leadTimeMs: number;
  leadTimeEmergencyMs: number;
  defaultExpiryMs: number;
  /** How late an occurrence may still air, per priority (after a restart, say). */
  graceMs: { normal: number; priority: number; emergency: number };
  horizonMs: number;
  renderAheadMs: number;
  /** An emergency plays now: one starting later than this is an ordinary item that needs approval. */
  emergencyWindowMs: number;
  demo: boolean;
  /** A voice id or a failover chain of them, comma-separated (LOA_VOICE). */
  voice: string;
  /** Domestic cloud voices; a vendor is offered only once its key is set. */
  cloudVoices: Record<CloudVendor, { key: string | null; url: string; monthlyChars: number | undefined }>;
  /** How long a cloud voice may take per request before the next voice of a chain speaks. */
  voiceTimeoutMs: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** A commune's own server linked up to its province (docs/upstream.md): the province's base URL and the token it issued. */
  upstreamUrl: string | null;
  upstreamToken: string | null;
  upstreamStatusMs: number;
  /** Live streams go through this Icecast (`http://source:<password>@host:8000`); null: the embedded engine. */
  icecastUrl: string | null;
  /** Host names, addresses and CIDR ranges a live relay may fetch although they are loopback, private or link-local (LIVE_SOURCE_ALLOW). */
  liveSourceAllow: string[];
  /** How long a stop waits for running renders and uploads (SHUTDOWN_WAIT_S). */
  shutdownWaitMs: number;
  /** A live session on air (a relay from its start) that gets no audio this long ends as failed (LIVE_IDLE_S). */
  liveIdleMs: number;
  /** Icecast's address as receivers reach it, when not the one the server pushes to. */
  icecastPublicUrl: string | null;
  /** Which proxies' X-Forwarded-For is believed (Express "trust proxy"); false: none, the socket's address counts. */
  trustProxy: false | number | string[];
  /** How often open event streams and microphone sockets check that their session or token still stands. */
  sessionRecheckMs: number;
  /** A request body (other than a live push) not received in full this long closes its connection (REQUEST_BODY_TIMEOUT_S). */
  requestBodyTimeoutMs: number;
  /** A receiver shown online that sent nothing (state, telemetry, ack) this long is marked offline; 0: never. */
  receiverSilenceMs: number;
  /** The broker address receivers are given in their agent config (they may reach it by another name than the server does). */
  receiverMqttUrl: string | null;
  /** Alerts by e-mail and webhook (src/alerts/); off when neither is set. */
  alerts: {
    webhookUrl: string | null;
    /** Internal hosts, addresses and CIDR ranges a zone's own webhook URL may reach (ALERT_WEBHOOK_ALLOW). */
    webhookAllow: string[];
    smtpUrl: string | null;
    emailTo: string[];
    emailFrom: string;
    offlineMs: number;
    failStreak: number;
    checkMs: number;
  };
}

export type CloudVendor = 'fpt' | 'viettel' | 'zalo';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const int = (name: string, def: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return def;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name}=${JSON.stringify(raw)} must be a whole number from ${min} to ${max}`);
      return def;
    }
    return n;
  };
  const url = (name: string, protocols: string[]): string | null => {
    const raw = env[name];
    if (!raw) return null;
    try {
      const u = new URL(raw);
      if (!protocols.includes(u.protocol)) {
        problems.push(`${name}=${JSON.stringify(raw)} must start with ${protocols.map((p) => p + '//').join(' or ')}`);
        return null;
      }
      return raw;
    } catch {
      problems.push(`${name}=${JSON.stringify(raw)} is not a URL`);
      return null;
    }
  };

  const port = int('PORT', 8080, 0, 65535);
  const mqttPort = int('MQTT_PORT', 1883, 0, 65535);
  const communeTz = env.COMMUNE_TZ || 'Asia/Ho_Chi_Minh';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: communeTz });
  } catch {
    problems.push(`COMMUNE_TZ=${JSON.stringify(communeTz)} is not a known IANA time zone (e.g. Asia/Ho_Chi_Minh)`);
  }
  const initAdminToken = env.LOA_INIT_ADMIN_TOKEN || null;
  if (initAdminToken !== null && (initAdminToken.length < 16 || initAdminToken.length > 512)) {
    problems.push('LOA_INIT_ADMIN_TOKEN must be 16 to 512 characters long');
  }
  const metricsToken = env.METRICS_TOKEN || null;
  if (metricsToken !== null && metricsToken.length < 16) problems.push('METRICS_TOKEN must be at least 16 characters long');
  const initAdminPassword = env.LOA_INIT_ADMIN_PASSWORD || null;
  if (initAdminPassword !== null && initAdminPassword.length < 8) {
    problems.push('LOA_INIT_ADMIN_PASSWORD must be at least 8 characters long');
  }
  const logLevel = (env.LOG_LEVEL || 'info') as Config['logLevel'];
  if (!['debug', 'info', 'warn', 'error', 'silent'].includes(logLevel)) {
    problems.push(`LOG_LEVEL=${JSON.stringify(env.LOG_LEVEL)} must be one of debug, info, warn, error, silent`);
  }
  const topicRoot = env.MQTT_TOPIC_ROOT || 'loa/v1';
  if (/[#+]/.test(topicRoot) || topicRoot.endsWith('/')) {
    problems.push(`MQTT_TOPIC_ROOT=${JSON.stringify(topicRoot)} must not contain wildcards or end with /`);
  }
  const emailTo = (env.ALERT_EMAIL_TO || '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const a of emailTo) if (!/^[^\s@]+@[^\s@]+$/.test(a)) problems.push(`ALERT_EMAIL_TO: ${JSON.stringify(a)} is not an e-mail address`);
  const publicUrl = url('PUBLIC_URL', ['http:', 'https:']);
  const pem = (name: string): string | null => {
    const raw = env[name];
    if (!raw) return null;
    const file = path.resolve(raw);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      problems.push(`${name}=${JSON.stringify(raw)} is not a readable file (a PEM file; \`loa tls init\` makes one)`);
      return null;
    }
    if (!text.includes('-----BEGIN ')) {
      problems.push(`${name}=${JSON.stringify(raw)} is not a PEM file (it has no -----BEGIN line)`);
      return null;
    }
    return file;
  };
  const tlsCert = pem('TLS_CERT');
  const tlsKey = pem('TLS_KEY');
  if (!env.TLS_CERT !== !env.TLS_KEY) problems.push('TLS_CERT and TLS_KEY go together: set both or neither');
  const tls = tlsCert && tlsKey ? { certFile: tlsCert, keyFile: tlsKey } : null;
  // The server answers only HTTPS then: media URLs over http:// would fail on every receiver.
  if (tls && publicUrl?.startsWith('http:')) problems.push(`PUBLIC_URL=${JSON.stringify(publicUrl)} must start with https:// when TLS_CERT is set`);
  const upstreamUrl = url('UPSTREAM_URL', ['http:', 'https:']);
  const upstreamToken = env.UPSTREAM_TOKEN || null;
  if (env.UPSTREAM_URL && !upstreamToken) problems.push('UPSTREAM_URL is set but UPSTREAM_TOKEN is not: give the token the province issued (POST /api/v1/downstreams)');
  if (upstreamToken && !env.UPSTREAM_URL) problems.push('UPSTREAM_TOKEN is set but UPSTREAM_URL is not: give the province server\'s address');
  const icecastUrl = url('ICECAST_URL', ['http:']);
  if (icecastUrl && !new URL(icecastUrl).password) problems.push('ICECAST_URL must carry the source credentials, e.g. http://source:<password>@127.0.0.1:8000');
  const voice = env.LOA_VOICE || 'espeak:vi';
  if (!voice.split(',').every((v) => /^[a-z]+:[\w.-]+$/.test(v.trim()))) {
    problems.push(`LOA_VOICE=${JSON.stringify(voice)} must be a voice id such as espeak:vi, or several separated by commas (fpt:banmai,espeak:vi)`);
  }
  const vendor = (prefix: string, keyName: string, defaultUrl: string) => ({
    key: env[keyName] || null,
    url: (url(`${prefix}_URL`, ['http:', 'https:']) ?? defaultUrl).replace(/\/+$/, ''),
    monthlyChars: env[`${prefix}_MONTHLY_CHARS`] ? int(`${prefix}_MONTHLY_CHARS`, 0, 0, Number.MAX_SAFE_INTEGER) : undefined,
  });
  const trustProxy = parseTrustProxy(env.TRUST_PROXY, problems);
  const allowList = (name: string) => {
    const list = (env[name] || '').split(',').map((s) => s.trim()).filter(Boolean);
    for (const e of list) {
      if (!isAddressOrRange(e) && !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(e)) {
        problems.push(`${name}: ${JSON.stringify(e)} is not a host name, an address or a CIDR range`);
      }
    }
    return list;
  };
  const liveSourceAllow = allowList('LIVE_SOURCE_ALLOW');
  const webhookAllow = allowList('ALERT_WEBHOOK_ALLOW');
  const config: Config = {
    port,
    host: env.HOST || '0.0.0.0',
    mqttPort,
    mqttHost: env.MQTT_HOST || '0.0.0.0',
    tls,
    mqttTlsPort: int('MQTT_TLS_PORT', 8883, 0, 65535),
    mqttUrl: url('MQTT_URL', ['mqtt:', 'mqtts:', 'tcp:', 'ws:', 'wss:']),
    mqttUsername: env.MQTT_USERNAME || 'loa-server',
    mqttPassword: env.MQTT_PASSWORD || null,
    topicRoot,
    dataDir: path.resolve(env.DATA_DIR || './data'),
    databaseUrl: url('DATABASE_URL', ['postgres:', 'postgresql:']),
    publicUrl: publicUrl ? publicUrl.replace(/\/+$/, '') : null,
    instanceUrl: url('INSTANCE_URL', ['http:', 'https:'])?.replace(/\/+$/, '') ?? null,
    initAdminToken,
    metricsToken,
    initAdminPassword,
    communeTz,
    leadTimeMs: int('LEAD_TIME_MS', 30_000, 0, 3_600_000),
    leadTimeEmergencyMs: int('LEAD_TIME_EMERGENCY_MS', 5_000, 0, 3_600_000),
    defaultExpiryMs: int('DEFAULT_EXPIRY_MIN', 30, 1, 7 * 24 * 60) * 60_000,
    graceMs: {
      normal: int('GRACE_NORMAL_S', 600, 0, 86_400) * 1000,
      priority: int('GRACE_PRIORITY_S', 900, 0, 86_400) * 1000,
      emergency: int('GRACE_EMERGENCY_S', 1800, 0, 86_400) * 1000,
    },
    horizonMs: int('SCHEDULE_HORIZON_H', 48, 1, 24 * 31) * 3_600_000,
    renderAheadMs: int('RENDER_AHEAD_MIN', 60, 0, 7 * 24 * 60) * 60_000,
    emergencyWindowMs: int('EMERGENCY_WINDOW_MIN', 5, 0, 60) * 60_000,
    demo: env.LOA_DEMO !== '0' && env.LOA_DEMO !== 'false',
    voice,
    cloudVoices: {
      fpt: vendor('FPT_AI', 'FPT_AI_API_KEY', 'https://api.fpt.ai'),
      viettel: vendor('VIETTEL_AI', 'VIETTEL_AI_TOKEN', 'https://viettelai.vn'),
      zalo: vendor('ZALO_AI', 'ZALO_AI_API_KEY', 'https://api.zalo.ai'),
    },
    voiceTimeoutMs: int('VOICE_TIMEOUT_S', 30, 1, 600) * 1000,
    logLevel,
    upstreamUrl,
    upstreamToken,
    upstreamStatusMs: int('UPSTREAM_STATUS_S', 10, 1, 3600) * 1000,
    liveSourceAllow,
    shutdownWaitMs: int('SHUTDOWN_WAIT_S', 30, 0, 3600) * 1000,
    liveIdleMs: int('LIVE_IDLE_S', 15, 1, 3600) * 1000,
    icecastUrl,
    icecastPublicUrl: url('ICECAST_PUBLIC_URL', ['http:', 'https:']),
    trustProxy,
    sessionRecheckMs: int('SESSION_RECHECK_S', 20, 1, 3600) * 1000,
    requestBodyTimeoutMs: int('REQUEST_BODY_TIMEOUT_S', 300, 1, 24 * 3600) * 1000,
    receiverMqttUrl: url('RECEIVER_MQTT_URL', ['mqtt:', 'mqtts:', 'ws:', 'wss:']),
    // Five missed 60 s telemetry periods.
    receiverSilenceMs: int('RECEIVER_SILENCE_MS', 5 * 60_000, 0, 7 * 86_400_000),
    alerts: {
      webhookUrl: url('ALERT_WEBHOOK_URL', ['http:', 'https:']),
      webhookAllow,
      smtpUrl: url('SMTP_URL', ['smtp:', 'smtps:']),
      emailTo,
      emailFrom: env.ALERT_EMAIL_FROM || 'Loa Làng <loa-lang@localhost>',
      offlineMs: int('ALERT_OFFLINE_MIN', 10, 0, 7 * 24 * 60) * 60_000,
      failStreak: int('ALERT_FAIL_STREAK', 3, 1, 50),
      checkMs: int('ALERT_CHECK_S', 30, 1, 3600) * 1000,
    },
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

const PROXY_SUBNETS = ['loopback', 'linklocal', 'uniquelocal'];

// TRUST_PROXY: off (default), a hop count, or a comma-separated list of
// proxy addresses, CIDR ranges and the names loopback, linklocal, uniquelocal.
function parseTrustProxy(raw: string | undefined, problems: string[]): Config['trustProxy'] {
  const value = raw?.trim() ?? '';
  if (value === '' || value === '0' || value === 'false' || value === 'off') return false;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops <= 10) return hops;
  }
  const entries = value.split(',').map((e) => e.trim());
  const bad = entries.filter((e) => !PROXY_SUBNETS.includes(e) && !isAddressOrRange(e));
  if (bad.length === 0 && entries.length > 0) return entries;
  problems.push(
    `TRUST_PROXY=${JSON.stringify(raw)} must be off, a hop count from 1 to 10, or a comma-separated list of addresses, CIDR ranges, loopback, linklocal, uniquelocal`,
  );
  return false;
}

function isAddressOrRange(entry: string): boolean {
  const [addr, bits, ...rest] = entry.split('/');
  const family = net.isIP(addr ?? '');
  if (!family || rest.length) return false;
  if (bits === undefined) return true;
  return /^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}
