#!/usr/bin/env node
// `loa <command>`: the operators' entry point (npm start runs `loa serve`).
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './log.js';
import { PortInUseError } from './mqtt/broker.js';

const USAGE = `Loa Làng — máy chủ truyền thanh thông minh cấp xã

Cách dùng: loa <lệnh>
  serve                 chạy máy chủ (bảng điều khiển, API, MQTT, phát thanh)
  simulate [options]    chạy các cụm loa mô phỏng (xem devices/README.md)
  normalize [--builtin] đọc từng dòng văn bản từ stdin, in dạng đọc thành ra stdout,
                        theo từ điển viết tắt của xã (--builtin: chỉ bảng có sẵn)
  token create --role <admin|officer|chairman|technician> --name <tên> [--zone <mã khu vực>]
                        tạo mã truy cập API (chỉ hiện một lần); --zone: chỉ trong khu vực đó
  user add --username <tên> --role <admin|officer|chairman|technician> --password <mật khẩu> [--name <họ tên>] [--zone <mã khu vực>]
                        tạo tài khoản đăng nhập bảng điều khiển; --zone: chỉ quản lý khu vực đó
                        (tỉnh, huyện, xã...); không có --zone: toàn hệ thống
  downstream create --zone <mã xã> | list | revoke <id>
                        mã kết nối cho máy chủ riêng của một xã (liên kết lên tỉnh, xem docs/upstream.md)
  mosquitto-config --out <thư mục> [--broker-dir <thư mục>] [--every <giây>]
                        ghi passwd, acl, mosquitto.conf cho Mosquitto (xem docs/deployment.md)
  backup --out <tệp>    sao lưu cơ sở dữ liệu và âm thanh vào một tệp tar
  restore --from <tệp>  khôi phục từ tệp sao lưu (dừng máy chủ trước)
  tls init [--host <tên>]… [--ip <địa chỉ>]…
                        tạo CA của xã và chứng chỉ HTTPS cho tên máy và địa chỉ LAN (trong DATA_DIR/tls)
`;

async function serve(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const { startServer } = await import('./app.js');
  const { seedDemo } = await import('./demo.js');
  const server = await startServer(config, log);
  if (config.demo) {
    const demo = await seedDemo(server);
    if (demo) {
      const rel = shortPath(demo.receiversFile);
      // The output usually ends up in a log (journald, docker logs): it says
      // where the secrets are, never what they are; the files are 0600.
      process.stdout.write(
        [
          '',
          '  Đã tạo huyện mẫu "Huyện Ý Yên" với hai xã, Bình Minh (4 thôn) và Yên Phong (3 thôn), 14 cụm loa;',
          '  mỗi xã có tài khoản riêng cho cán bộ, chủ tịch, kỹ thuật viên và quản trị, chỉ thấy xã mình.',
          `  Mã quản trị (admin API token) ở tệp ${shortPath(demo.adminTokenFile)}`,
          '  Bật các cụm loa mô phỏng trong một cửa sổ khác:',
          `      npm run simulate -- --receivers ${rel}`,
          `  Tài khoản bảng điều khiển (${demo.users.map((u) => u.username).join(', ')}), mật khẩu ở tệp ${shortPath(demo.usersFile)}:`,
          `      cat ${shortPath(demo.usersFile)}`,
          `  Rồi mở ${config.tls ? 'https' : 'http'}://127.0.0.1:${server.httpPort}/, đăng nhập và gửi một bản tin.`,
          '',
        ].join('\n') + '\n',
      );
    }
  }
  const shutdown = async (signal: string) => {
    log.info(`${signal}: shutting down`);
    await server.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

async function tokenCreate(args: string[]): Promise<void> {
  const role = flag(args, '--role');
  const name = flag(args, '--name') ?? 'cli';
  const { ROLES } = await import('./access/roles.js');
  if (!role || !(ROLES as string[]).includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  const config = loadConfig();
  const { openDatabase } = await import('./db/index.js');
  const { TokenService } = await import('./access/tokens.js');
  const database = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl ?? undefined });
  try {
    const zoneId = await zoneFlag(database.db, args);
    process.stdout.write((await new TokenService(database.db).issue({ name, role: role as never, zoneId })).token + '\n');
  } finally {
    await database.close();
  }
}

async function userAdd(args: string[]): Promise<void> {
  const username = flag(args, '--username');
  const role = flag(args, '--role');
  const password = flag(args, '--password');
  const { ROLES } = await import('./access/roles.js');
  if (!username || !password) throw new UsageError('--username and --password are required');
  if (!role || !(ROLES as string[]).includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  const config = loadConfig();
  const { openDatabase } = await import('./db/index.js');
  const { UserService } = await import('./users/service.js');
  const database = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl ?? undefined });
  try {
    const zoneId = await zoneFlag(database.db, args);
    const user = await new UserService(database.db).create({ username, password, role: role as never, displayName: flag(args, '--name'), zoneId });
    process.stdout.write(`đã tạo tài khoản ${user.username} (${user.role}, ${zoneId ? `khu vực ${zoneId}` : 'toàn hệ thống'})\n`);
  } finally {
    await database.close();
  }
}

/** Reads as the server would: with the commune's lexicon when its database exists. */
async function normalize(args: string[]): Promise<void> {
  const { runNormalizeCli } = await import('./speech/normalize/index.js');
  const lexicon = args.includes('--builtin') ? [] : await communeLexicon();
  await runNormalizeCli(process.stdin, process.stdout, { lexicon, stderr: process.stderr });
}

async function communeLexicon() {
  const config = loadConfig();
  const { openDatabase, sqliteFile } = await import('./db/index.js');
  // A text tool must not create a database where there is none.
  if (!config.databaseUrl && !fs.existsSync(sqliteFile(config.dataDir))) return [];
  const { Lexicon } = await import('./speech/lexicon.js');
  const database = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl ?? undefined });
  try {
    return await new Lexicon(database.db).normalizerEntries();
  } finally {
    await database.close();
  }
}

class UsageError extends Error {}

/** --zone: the scope's zone, which must exist; absent: the whole system. */
async function zoneFlag(db: import('./db/index.js').Db, args: string[]): Promise<string | null> {
  if (!args.includes('--zone')) return null;
  const zoneId = flag(args, '--zone');
  if (!zoneId || zoneId.startsWith('--')) throw new UsageError('--zone needs a zone id');
  const zone = await db.selectFrom('zones').select('id').where('id', '=', zoneId).executeTakeFirst();
  if (!zone) throw new UsageError(`không có khu vực "${zoneId}" (no such zone)`);
  return zoneId;
}

/** A path as the operator would type it: relative when under the current folder. */
function shortPath(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith('..') ? rel : p;
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(argv: string[]): Promise<void> {
  const [command = 'serve', ...rest] = argv;
  switch (command) {
    case 'serve':
      return serve();
    case 'simulate': {
      const { main: simulate } = await import('../devices/simulator.js');
      return simulate(rest);
    }
    case 'normalize':
      return normalize(rest);
    case 'token':
      if (rest[0] === 'create') return tokenCreate(rest.slice(1));
      throw new UsageError(USAGE);
    case 'user':
      if (rest[0] === 'add') return userAdd(rest.slice(1));
      throw new UsageError(USAGE);
    case 'downstream': {
      const { downstreamCli } = await import('./bulletins/cli.js');
      return downstreamCli(rest);
    }
    case 'mosquitto-config': {
      const { mosquittoConfigCli } = await import('./mqtt/mosquitto.js');
      return mosquittoConfigCli(rest);
    }
    case 'backup': {
      const { backupCli } = await import('./ops/backup.js');
      return backupCli(rest);
    }
    case 'restore': {
      const { restoreCli } = await import('./ops/backup.js');
      return restoreCli(rest);
    }
    case 'tls': {
      const { tlsCli } = await import('./tls/cli.js');
      return tlsCli(rest);
    }
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return;
    default:
      throw new UsageError(`unknown command "${command}"\n\n${USAGE}`);
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  // Operators get one clear line (or one per bad setting), never a stack trace.
  if (err instanceof ConfigError) {
    process.stderr.write(`loa: cấu hình sai (invalid configuration):\n${err.problems.map((p) => `  - ${p}`).join('\n')}\n`);
    process.exit(2);
  }
  if (err instanceof PortInUseError || err instanceof UsageError) {
    process.stderr.write(`loa: ${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`loa: ${err instanceof Error ? err.message : String(err)}\n`);
  if (process.env.LOG_LEVEL === 'debug' && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  process.exit(1);
});
