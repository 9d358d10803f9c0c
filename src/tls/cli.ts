// `loa tls init [--host NAME]… [--ip ADDRESS]…`: the commune's CA and the
// server's certificate under DATA_DIR/tls, then what to set and how phones
// come to trust it.
import net from 'node:net';
import path from 'node:path';
import { loadConfig } from '../config.js';
import { initTls } from './certificates.js';

export async function tlsCli(args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  if (sub !== 'init') throw new Error('usage: loa tls init [--host tên-máy]… [--ip địa-chỉ]…');
  const hosts: string[] = [];
  const ips: string[] = [];
  for (let i = 0; i < rest.length; i += 2) {
    const [name, value] = [rest[i], rest[i + 1]];
    if ((name !== '--host' && name !== '--ip') || !value) throw new Error(`tls init: unexpected ${JSON.stringify(name)} (use --host NAME or --ip ADDRESS)`);
    if (name === '--ip' && !net.isIP(value)) throw new Error(`tls init: --ip ${JSON.stringify(value)} is not an IP address`);
    if (name === '--host' && !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(value)) throw new Error(`tls init: --host ${JSON.stringify(value)} is not a host name`);
    (name === '--host' ? hosts : ips).push(value);
  }
  const config = loadConfig();
  const done = await initTls(config.dataDir, { hosts, ips });
  const lan = done.ips.find((ip) => ip !== '127.0.0.1') ?? done.hosts.find((h) => h !== 'localhost')!;
  const base = `https://${net.isIPv6(lan) ? `[${lan}]` : lan}:${config.port}`;
  const rel = (p: string) => (path.relative(process.cwd(), p).startsWith('..') ? p : path.relative(process.cwd(), p));
  process.stdout.write(
    [
      '',
      `  Chứng chỉ HTTPS cho (certificate for): ${[...done.hosts, ...done.ips].join(', ')}`,
      `  hết hạn (expires) ${done.notAfter.toISOString().slice(0, 10)}: chạy lại lệnh này trước ngày đó, hoặc khi máy đổi địa chỉ.`,
      done.newCa
        ? `  CA của xã mới tạo (new local CA): ${rel(done.files.caCert)} — khóa (key) ${rel(done.files.caKey)} chỉ ở máy này.`
        : `  Giữ CA cũ (kept the existing CA): ${rel(done.files.caCert)} — điện thoại đã tin cậy vẫn dùng được.`,
      '',
      '  Thêm vào cấu hình (.env) rồi khởi động lại máy chủ (add to the environment, restart):',
      `      TLS_CERT=${done.files.serverCert}`,
      `      TLS_KEY=${done.files.serverKey}`,
      `      PUBLIC_URL=${base}`,
      `  MQTT qua TLS cho loa (receivers): mqtts://${lan}:${config.mqttTlsPort}, tệp CA: ${rel(done.files.caCert)}`,
      '',
      '  Tin cậy CA trên điện thoại, một lần (trust the CA once on each phone):',
      `   Android: mở ${base}/ca.crt trong Chrome (bấm "Nâng cao" → "Tiếp tục" ở cảnh báo lần đầu), tải tệp về;`,
      '            Cài đặt → Bảo mật → Mã hóa và thông tin xác thực → Cài đặt chứng chỉ → Chứng chỉ CA → chọn loa-lang-ca.crt.',
      `   iPhone:  mở ${base}/ca.crt trong Safari (bấm "Hiển thị chi tiết" → "truy cập trang web này"), chọn "Cho phép";`,
      '            Cài đặt → Cài đặt chung → VPN & Quản lý thiết bị → "Loa Lang local CA" → Cài đặt;',
      '            rồi Cài đặt chung → Giới thiệu → Cài đặt tin cậy chứng nhận → bật "Loa Lang local CA".',
      `   Sau đó mở ${base}/ — không còn cảnh báo, và ghi âm lời chúc được.`,
      '',
    ].join('\n') + '\n',
  );
}
