// Words typed without diacritics in e-mail and web addresses
// ("ubndxathachha@hatinh.gov.vn") are read with their tones where the
// words are known: from the sentence itself ("Hộp thư UBND xã Thạch Hà:
// ubndthachha@…"), from the names of the provinces and their cities, and
// from the words communes put in their addresses ("tiepnhan", "phananh").
// A piece known nowhere is read by its syllables as written.

import { COMMUNE_NAMES } from './commune-names.js';
import { DISTRICT_AND_TOWN_NAMES } from './district-names.js';
import { hasDiacritics, isVietnameseSyllable, stripDiacritics } from './syllables.js';
import { table } from './table.js';

/** Provinces and cities (before and after the 2025 mergers); districts and townships in district-names.ts. */
const PROVINCE_NAMES = `
an giang; bà rịa vũng tàu; vũng tàu; bạc liêu; bắc giang; bắc kạn; bắc ninh; bến tre; bình dương; bình định;
bình phước; bình thuận; cà mau; cao bằng; cần thơ; đà nẵng; đắk lắk; đắk nông; điện biên; đồng nai; đồng tháp;
gia lai; hà giang; hà nam; hà nội; hà tĩnh; hải dương; hải phòng; hậu giang; hòa bình; hưng yên; khánh hòa;
kiên giang; kon tum; lai châu; lạng sơn; lào cai; lâm đồng; long an; nam định; nghệ an; ninh bình; ninh thuận;
phú thọ; phú yên; quảng bình; quảng nam; quảng ngãi; quảng ninh; quảng trị; sóc trăng; sơn la; tây ninh;
thái bình; thái nguyên; thanh hóa; thừa thiên huế; huế; tiền giang; trà vinh; tuyên quang; vĩnh long;
vĩnh phúc; yên bái; hồ chí minh; sài gòn; vinh; đà lạt; nha trang; quy nhơn; buôn ma thuột; pleiku; hạ long;
việt trì; biên hòa; thủ đức; móng cái; sầm sơn; cửa lò; hồng lĩnh; đông hà; đồng hới; tam kỳ; hội an; tuy hòa;
phan thiết; rạch giá; long xuyên; châu đốc; mỹ tho; cao lãnh; sa đéc; vị thanh; bến cát; thủ dầu một
`;

/** The provinces and the words of commune addresses. */
const ADDRESS_PHRASES = `${PROVINCE_NAMES};
ủy ban; ủy ban nhân dân; hội đồng nhân dân; văn phòng; một cửa; tiếp nhận; trả kết quả; phản ánh; kiến nghị;
ý kiến; góp ý; hỗ trợ; liên hệ; thông tin; tin tức; điện tử; cổng thông tin; hành chính công; dịch vụ công;
công an; quân sự; y tế; trạm y tế; giáo dục; mầm non; tiểu học; trung học; trường; tuyển sinh; tuyển dụng;
đảng ủy; mặt trận; đoàn thanh niên; hội nông dân; hội phụ nữ; hội cựu chiến binh; phụ nữ; cựu chiến binh; nông nghiệp; địa chính; tư pháp;
hộ tịch; văn hóa; bảo hiểm; bảo hiểm xã hội; kho bạc; bưu điện; nông thôn mới; chuyển đổi số; khuyến nông;
thú y; kiểm lâm; phòng chống thiên tai; đường dây nóng; hộp thư; bầu cử; dân vận; quốc phòng; an ninh;
đăng ký; tiêm chủng; khai báo; khảo sát; biểu mẫu; văn bản; thông báo; hướng dẫn; lịch; truyền thanh; phát thanh; truyền thông; văn thư; tuyên truyền; tiếp dân; cải cách hành chính; thị trấn; thị xã; thành phố; tổ dân phố; xã; phường;
huyện; tỉnh; thôn; xóm; trường; trạm; chính quyền; thân thiện; quê hương; quê hương tôi; người dân; nhân dân; doanh nghiệp; hợp tác xã;
mới; mới nhất; tin mới; thông báo mới; văn bản mới; lịch công tác; kết quả; công khai; ngân sách; quy hoạch; kế hoạch;
chỉ đạo điều hành; hỏi đáp; giới thiệu; sự kiện; thủ tục hành chính; thiên tai; đất đai; thu hồi đất; bồi thường;
giải phóng mặt bằng; đấu giá; giao thông; an toàn giao thông; dịch bệnh; phòng chống dịch; tiêm chủng mở rộng;
tra cứu; thuế; thuế điện tử; nộp thuế; hóa đơn; hóa đơn điện tử; cấp đổi; cấp lại; căn cước; định danh; hộ khẩu; cư trú
`;

/**
 * Single syllables as they are read in an address: "xa" is the xã, "phuong"
 * the phường, and a syllable of a place name takes the reading place names
 * most often give it ("son" → "sơn", "loc" → "lộc", "phu" → "phú"), which is
 * nearer than the bare letters, whose vowels and tone are both wrong.
 */
const SYLLABLES: Readonly<Record<string, string>> = table({
  xa: 'xã',
  phuong: 'phường',
  huyen: 'huyện',
  tinh: 'tỉnh',
  thon: 'thôn',
  xom: 'xóm',
  truong: 'trường',
  tram: 'trạm',
  hoi: 'hội',
  so: 'sở',
  toi: 'tôi',
  phong: 'phòng',
  // Spellings no Vietnamese word has without its marks, read as place names most often have them.
  yen: 'yên',
  xuyen: 'xuyên',
  uyen: 'uyên',
  nguyen: 'nguyên',
  tien: 'tiên',
  lien: 'liên',
  thien: 'thiên',
  bien: 'biên',
  duong: 'dương',
  luong: 'lương',
  huong: 'hương',
  xuan: 'xuân',
  ky: 'kỳ',
  thach: 'thạch',
  loc: 'lộc',
  lac: 'lạc',
  duc: 'đức',
  phuc: 'phúc',
  phuoc: 'phước',
  bac: 'bắc',
  viet: 'việt',
  hiep: 'hiệp',
  thuan: 'thuận',
  thang: 'thắng',
  // Syllables of place names whose bare letters spell another word.
  son: 'sơn',
  tan: 'tân',
  phu: 'phú',
  cam: 'cẩm',
  chau: 'châu',
  hai: 'hải',
  hoa: 'hòa',
  hung: 'hưng',
  lam: 'lâm',
  my: 'mỹ',
  thai: 'thái',
  thinh: 'thịnh',
  thuy: 'thủy',
  khanh: 'khánh',
  hau: 'hậu',
  vu: 'vũ',
  tay: 'tây',
  hong: 'hồng',
  loi: 'lợi',
  nghia: 'nghĩa',
  tho: 'thọ',
  ha: 'hà',
  binh: 'bình',
});

/** Whether a syllable has a reading of its own in addresses, so a split that keeps it whole is preferred ("xa thach", not "xat hach"). */
export function isAddressSyllable(piece: string): boolean {
  return piece in SYLLABLES;
}

const key = (words: string) => stripDiacritics(words).toLowerCase().replace(/[^a-z]/g, '');

const phrases = (list: string) =>
  list
    .split(/[;\n]/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => [key(p), p] as const);
// The words of addresses and the provinces win over a district spelled the same, a district over a commune
// ("kyhoa" is Kỳ Hoa, not "kỳ hòa" as the syllables alone would guess).
const BUILTIN: ReadonlyMap<string, string> = new Map([...phrases(COMMUNE_NAMES), ...phrases(DISTRICT_AND_TOWN_NAMES), ...phrases(ADDRESS_PHRASES)]);

const PLACE_NAMES: ReadonlySet<string> = new Set(
  [COMMUNE_NAMES, DISTRICT_AND_TOWN_NAMES, PROVINCE_NAMES].flatMap((list) => list.split(/[;\n]/u).map((p) => p.trim())).filter(Boolean),
);

/** Whether words in lower case ("cẩm xuyên", "hà tĩnh") name a commune, a district, a township or a province. */
export function isPlaceName(words: string): boolean {
  return PLACE_NAMES.has(words);
}

/**
 * The words of a sentence (runs of one to four syllables carrying
 * diacritics) by the letters they are typed with in an address: "Thạch Hà"
 * by "thachha". Sentence words win over the built-in names.
 */
export function addressWords(sentence: string): (piece: string) => string | undefined {
  // The addresses themselves, and names joined by underscores, are no words of the sentence.
  const words = sentence.normalize('NFC').replace(/\S*[@/._]\S*/gu, ' ').match(/\p{L}+/gu) ?? [];
  const local = new Map<string, string>();
  // Runs that carry diacritics first; then capitalised names typed without any ("Hoa Sen"), which still say how the address reads.
  for (const marked of [true, false]) {
    for (let i = 0; i < words.length; i++) {
      if (!isVietnameseSyllable(words[i])) continue;
      for (let n = 1; n <= 4 && i + n <= words.length; n++) {
        const run = words.slice(i, i + n);
        if (!run.every(isVietnameseSyllable)) break;
        if (run.some(hasDiacritics) !== marked || (!marked && !run.every((w) => /^\p{Lu}/u.test(w)))) continue;
        const k = key(run.join(''));
        if (!local.has(k)) local.set(k, run.join(' ').toLowerCase());
      }
    }
  }
  for (const [k, words] of officeInitials(sentence, 3)) if (!local.has(k)) local.set(k, words);
  return (piece) => local.get(piece) ?? BUILTIN.get(piece);
}

/**
 * The initials of an office the sentence names, as its mailbox is called: "Đài truyền thanh" by "dtt". Only
 * initials without a vowel, which no syllable of an address could be; from `shortest` words, and from two only for
 * a name in capitals ("Phòng Kinh tế … phongkt@"), where they outrank the lexicon's meaning of the letters.
 */
export function officeInitials(sentence: string, shortest: number): Map<string, string> {
  const found = new Map<string, string>();
  const clauses = sentence.normalize('NFC').replace(/\S*[@/._]\S*/gu, ',').split(/[^\p{L}\s]+/u);
  for (const clause of clauses) {
    const run = clause.match(/\p{L}+/gu) ?? [];
    for (let i = 0; i < run.length; i++) {
      for (let n = shortest; n <= 8 && i + n <= run.length; n++) {
        const part = run.slice(i, i + n);
        if (!part.every(isVietnameseSyllable)) break;
        if (n === 2 && !/^\p{Lu}/u.test(part[0])) continue;
        const k = key(part.map((w) => w[0]).join(''));
        if (!/[aeiouy]/.test(k) && !found.has(k)) found.set(k, part.join(' ').toLowerCase());
      }
    }
  }
  return found;
}

/** A single syllable left as typed, with its tone where it has one reading in an address. */
export function addressSyllable(piece: string): string {
  return SYLLABLES[piece] ?? piece;
}
