// Error messages in the caller's language. Most of the server's messages are
// written "Vietnamese (English)"; some only in English. The JSON error body
// carries one language: Vietnamese unless the request prefers English
// (Accept-Language, which the panel sets from its own language switch).
// The split happens here, once, for every error answer (localizeErrors);
// `code` and the other fields of the body are left as they are.
import type { RequestHandler } from 'express';

export type Lang = 'vi' | 'en';

/** 'en' when Accept-Language ranks English above Vietnamese; Vietnamese otherwise (and by default). */
export function preferredLang(header: string | undefined): Lang {
  if (!header) return 'vi';
  let best: { lang: Lang; q: number } = { lang: 'vi', q: -1 };
  for (const part of header.split(',')) {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';');
    const primary = tag.trim().split('-')[0];
    if (primary !== 'en' && primary !== 'vi') continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (Number.isFinite(q) && q > 0 && q > best.q) best = { lang: primary, q };
  }
  return best.lang;
}

const VI_LETTER = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i;
const EN_WORD = /\b(the|a|an|is|are|no|not|of|in|at|on|for|with|by|your|you|it|its|this|that|does|cannot|can|must|already|only|such|give|has|have|was|be|from|or|and|too|missing|wrong|invalid|unknown|empty|outside|available|another|someone|file|format|audio|request|token)\b/i;

/** Share of the words (outside quotes) that carry Vietnamese letters. */
function viShare(s: string): number {
  const words = s.replace(/"[^"]*"|«[^»]*»|“[^”]*”/g, ' ').match(/\p{L}+/gu) ?? [];
  if (words.length === 0) return 0;
  return words.filter((w) => VI_LETTER.test(w)).length / words.length;
}

/** Whether a parenthesised part reads as English (names and ids aside). */
function looksEnglish(s: string): boolean {
  if (!/\p{L}/u.test(s)) return false;
  const share = viShare(s);
  return share === 0 || (share < 0.5 && EN_WORD.test(s.replace(/"[^"]*"/g, ' ')));
}

/** "Vietnamese text (English text)" → both halves; null if the message has no such ending. */
export function splitBilingual(message: string): { vi: string; en: string } | null {
  const m = /\)\s*\.?\s*$/.exec(message);
  if (!m) return null;
  // Walk back to the "(" matching the last ")".
  let depth = 0;
  let open = -1;
  for (let i = m.index; i >= 0; i--) {
    const c = message[i];
    if (c === ')') depth++;
    else if (c === '(' && --depth === 0) {
      open = i;
      break;
    }
  }
  if (open <= 0 || !/\s/.test(message[open - 1]!)) return null;
  const vi = message.slice(0, open).trimEnd();
  const en = message.slice(open + 1, m.index).trim();
  if (!looksEnglish(en) || viShare(vi) < 0.2) return null;
  return { vi, en };
}

const STATUS_VI: Record<string, string> = {
  draft: 'nháp',
  pending_approval: 'chờ duyệt',
  approved: 'đã duyệt',
  rejected: 'bị từ chối',
  archived: 'đã lưu trữ',
  scheduled: 'đã lên lịch',
  dispatching: 'đang gửi',
  dispatched: 'đang phát',
  done: 'đã phát xong',
  partial: 'phát một phần',
  failed: 'thất bại',
  expired: 'quá hạn',
  cancelled: 'đã hủy',
  stopped: 'đã dừng',
  received: 'đã nhận',
  placed: 'đã xếp lịch',
  declined: 'đã từ chối',
  aired: 'đã phát',
  missed: 'không phát được',
  sent: 'đã gửi',
  withdrawn: 'đã thu hồi',
};
/** A status or state word in Vietnamese, for messages that name one. */
export const statusVi = (s: string) => STATUS_VI[s] ?? s;
const ACTION_VI: Record<string, string> = { approved: 'duyệt', rejected: 'từ chối', cancelled: 'hủy', withdrawn: 'thu hồi' };
/** What was to be done to an item, in Vietnamese. */
export const actionVi = (what: string) => ACTION_VI[what] ?? what;

const NOUN_VI: Record<string, string> = {
  'parent zone': 'khu vực cha',
  schedule: 'lịch phát',
  broadcast: 'bản tin',
  receiver: 'cụm loa',
  zone: 'khu vực',
  template: 'mẫu lời chúc',
  media: 'tệp âm thanh',
  bulletin: 'bản tin cấp trên',
  user: 'tài khoản',
};
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The server's English-only messages, in Vietnamese. `$n` are the captured parts; a function may rephrase them. */
const TABLE: [RegExp, string | ((...m: string[]) => string)][] = [
  [/^(parent zone|schedule|broadcast|receiver|zone|template|media|bulletin|user) (.+?) does not exist(: upload it first)?$/, (n, id, up) => `Không có ${NOUN_VI[n!]} ${id}${up ? ': hãy tải tệp lên trước' : ''}`],
  [/^(zone|receiver) (.+) already exists$/, (n, id) => `${cap(NOUN_VI[n!]!)} ${id} đã có`],
  [/^receiver id (.+) is reserved$/, 'Mã cụm loa $1 được dành riêng, hãy chọn mã khác'],
  [/^zone (.+) cannot move under (.+): that is inside it$/, 'Không thể chuyển khu vực $1 vào dưới $2 vì $2 nằm trong nó'],
  [/^schedule (.+) is archived$/, 'Lịch phát $1 đã được lưu trữ'],
  [/^schedule (.+) is (\w+), not a draft$/, (id, st) => `Lịch phát ${id} đang ở trạng thái ${statusVi(st!)}, không phải bản nháp`],
  [/^schedule (.+) is (\w+), not waiting for approval$/, (id, st) => `Lịch phát ${id} đang ở trạng thái ${statusVi(st!)}, không còn chờ duyệt`],
  [/^broadcast (.+) is already stopped$/, 'Bản tin $1 đã được dừng'],
  [/^broadcast (.+) is (\w+) and cannot be (\w+)$/, (id, st, what) => `Bản tin ${id} đang ở trạng thái ${statusVi(st!)}, không thể ${ACTION_VI[what!] ?? what}`],
  [/^nothing is targeted: give zoneIds and\/or receiverIds$/, 'Chưa chọn nơi phát: cần zoneIds hoặc receiverIds'],
  [/^give the announcement text or a mediaSha256$/, 'Cần nội dung thông báo hoặc tệp âm thanh mediaSha256'],
  [/^give the announcement text, a mediaSha256, a templateId or a relayUrl$/, 'Cần nội dung thông báo, tệp âm thanh, mẫu lời chúc hoặc địa chỉ tiếp sóng'],
  [/^a relay schedule airs its relayUrl: give no text, mediaSha256 or templateId with it$/, 'Lịch tiếp sóng chỉ phát địa chỉ tiếp sóng relayUrl: đừng kèm nội dung, tệp âm thanh hay mẫu lời chúc'],
  [/^relayDurationS is required with relayUrl \(how long to relay, in seconds\)$/, 'Cần relayDurationS cùng relayUrl: tiếp sóng trong bao nhiêu giây'],
  [/^at is in the past$/, 'Thời điểm phát đã qua'],
  [/^expiresAt must be after startAt$/, 'Giờ hết hạn expiresAt phải sau giờ bắt đầu startAt'],
  [/^expiresAt is already in the past$/, 'Giờ hết hạn expiresAt đã qua'],
  [/^the window must end after it starts$/, 'Khoảng thời gian phải kết thúc sau khi bắt đầu'],
  [/^the window is at most (\d+) days \(a month view\)$/, 'Khoảng thời gian dài nhất $1 ngày, tức một tháng'],
  [/^year must be a whole number such as (\d+)$/, 'Năm phải là số nguyên, ví dụ $1'],
  [/^year must be an integer from (\d+) to (\d+)$/, 'Năm phải từ $1 đến $2'],
  [/^unknown holiday (.+)$/, 'Không có ngày lễ $1'],
  [/^invalid time window$/, 'Khoảng thời gian không hợp lệ'],
  [/^MQTT broker is not connected$/, 'Máy chủ chưa kết nối được tới MQTT broker'],
  [/^"(.+)" is not in the lexicon$/, '"$1" không có trong từ điển'],
  [/^this server has no commune zone to receive bulletins in$/, 'Máy chủ này chưa có xã nào để nhận bản tin cấp trên'],
  [/^no audio was recorded$/, 'Chưa ghi được âm thanh nào'],
  [/^no such API route: (.+)$/, 'Không có đường dẫn API $1'],
  [/^request body is not valid JSON$/, 'Dữ liệu gửi lên không phải JSON hợp lệ'],
  [/^request body is too large$/, 'Dữ liệu gửi lên quá lớn'],
  [/^internal error$/, 'Lỗi trong máy chủ, hãy thử lại sau'],
  [/^bad request$/, 'Yêu cầu không hợp lệ'],
  // Field messages (after "invalid request: field:") and the schemas' own wording.
  [/^must be after (\w+)$/, 'phải sau $1'],
  [/^(\w+) must be before (\w+)$/, '$1 phải trước $2'],
  [/^title is empty$/, 'tiêu đề đang trống'],
  [/^text is longer than (\d+) characters$/, 'nội dung dài quá $1 ký tự'],
  [/^must be an ISO-8601 time such as (.+)$/, 'phải là thời điểm ISO-8601, ví dụ $1'],
  [/^must be a lower-case hex sha256$/, 'phải là mã sha256 viết thường'],
  [/^level must be normal, priority or emergency$/, 'mức độ phải là normal, priority hoặc emergency'],
  [/^give at least one zone$/, 'cần chọn ít nhất một khu vực'],
  [/^give the reason for declining$/, 'cần nêu lý do từ chối'],
  [/^must be YYYY-MM-DD$/, 'phải có dạng YYYY-MM-DD'],
  [/^must be YYYY-MM$/, 'phải có dạng YYYY-MM'],
  [/^must be YYYY-MM, a month from 2000 to 2099$/, 'phải có dạng YYYY-MM, một tháng từ năm 2000 đến 2099'],
  [/^must be a date from 2000 to 2099$/, 'phải là ngày từ năm 2000 đến 2099'],
  [/^must be a time between 2000 and 2100$/, 'phải là thời điểm từ năm 2000 đến trước năm 2100'],
  [/^(?:time )?must be HH:mm(?: \(.*\))?$/, 'phải là giờ:phút theo 24 giờ, ví dụ 17:30'],
  [/^on and off must differ$/, 'giờ bật và giờ tắt phải khác nhau'],
  [/^must be a voice id such as (\S+), or several separated by commas$/, 'phải là mã giọng đọc như $1, hoặc nhiều mã cách nhau bởi dấu phẩy'],
  [/^must be an http:\/\/ or https:\/\/ stream URL$/, 'phải là địa chỉ luồng http:// hoặc https://'],
  [/^holiday ids are lowercase-kebab-case$/, 'mã ngày lễ viết thường, nối bằng dấu gạch ngang'],
  [/^receiver id must match (.+)$/, 'mã cụm loa phải khớp $1'],
  [/^zone id must match (.+)$/, 'mã khu vực phải khớp $1'],
];

/** Vietnamese for one of the server's English messages; null when it has none. */
export function toVi(en: string): string | null {
  const invalid = /^invalid request: (.*)$/s.exec(en);
  if (invalid) {
    const parts = invalid[1]!.split('; ').map((part) => {
      const field = /^([\w.]+): (.*)$/s.exec(part);
      if (field) return `${field[1] === 'body' ? 'dữ liệu' : field[1]}: ${toVi(field[2]!) ?? field[2]}`;
      return toVi(part) ?? part;
    });
    return `Yêu cầu không hợp lệ: ${parts.join('; ')}`;
  }
  for (const [re, to] of TABLE) {
    const m = re.exec(en);
    if (!m) continue;
    return typeof to === 'string' ? to.replace(/\$(\d)/g, (_, i: string) => m[Number(i)] ?? '') : to(...m.slice(1));
  }
  return null;
}

/** A Vietnamese half with English left inside it: English asides dropped, status names in Vietnamese. */
function cleanVi(vi: string): string {
  return vi
    .replace(/\s*\(([^()]*)\)/g, (all, inner: string) => {
      // Own keys only: the aside may be a name someone typed, "(toString)".
      if (Object.hasOwn(STATUS_VI, inner)) return ` (${STATUS_VI[inner]})`;
      if (inner === 'cancel') return '';
      return /\s/.test(inner.trim()) && looksEnglish(inner) ? '' : all;
    })
    .trim();
}

/** Both languages of a message; `en` when the thrower gave the English itself. */
export function bilingual(message: string, en?: string): { vi: string; en: string } {
  if (en) return { vi: cleanVi(message), en };
  const split = splitBilingual(message);
  if (split) return { vi: cleanVi(split.vi), en: cap(split.en) };
  const vi = toVi(message);
  if (vi) return { vi, en: message };
  return { vi: cleanVi(message), en: message };
}

export const localize = (message: string, lang: Lang, en?: string): string => bilingual(message, en)[lang];

/** res.locals key: the English an AppError carried separately (see errors.ts). */
export const ERROR_EN = 'loaErrorEn';

/**
 * Every JSON error answer (status ≥ 400 with an `error` string), whoever
 * sent it — the error handler, a guard, a route — goes out in one language.
 */
export const localizeErrors: RequestHandler = (req, res, next) => {
  const send = res.send.bind(res);
  res.send = (body?: unknown) => {
    if (res.statusCode >= 400 && typeof body === 'string' && body.startsWith('{') && /json/i.test(String(res.get('Content-Type') ?? ''))) {
      try {
        const parsed = JSON.parse(body) as { error?: unknown };
        if (typeof parsed.error === 'string') {
          parsed.error = localize(parsed.error, preferredLang(req.get('accept-language')), res.locals[ERROR_EN] as string | undefined);
          res.vary('Accept-Language');
          body = JSON.stringify(parsed);
        }
      } catch {
        /* not JSON after all: sent as it is */
      }
    }
    return send(body);
  };
  next();
};
