// Built-in abbreviation and pronunciation tables, merged with the officers'
// lexicon. Abbreviations match case-sensitively (UBND, TTg); pronunciations
// (loanwords, brand names) match case-insensitively. Entries the officers add
// win over the built-ins: "TU" is "tỉnh ủy" here but "thành ủy" in a city.

import { spellLetters } from './syllables.js';
import type { LexiconEntry, NormalizeWarning } from './types.js';

export const BUILTIN_ABBREVIATIONS: Readonly<Record<string, string>> = {
  // State and Party bodies
  UBND: 'ủy ban nhân dân',
  HĐND: 'hội đồng nhân dân',
  MTTQ: 'mặt trận tổ quốc',
  MTTQVN: 'mặt trận tổ quốc việt nam',
  UBMTTQ: 'ủy ban mặt trận tổ quốc',
  UBMTTQVN: 'ủy ban mặt trận tổ quốc việt nam',
  UBKT: 'ủy ban kiểm tra',
  UBTVQH: 'ủy ban thường vụ quốc hội',
  QH: 'quốc hội',
  ĐBQH: 'đại biểu quốc hội',
  HĐBC: 'hội đồng bầu cử',
  UBBC: 'ủy ban bầu cử',
  CP: 'chính phủ',
  TTg: 'thủ tướng',
  VPCP: 'văn phòng chính phủ',
  TW: 'trung ương',
  TU: 'tỉnh ủy',
  HU: 'huyện ủy',
  QU: 'quận ủy',
  ĐU: 'đảng ủy',
  BTV: 'ban thường vụ',
  BCH: 'ban chấp hành',
  BCĐ: 'ban chỉ đạo',
  BTC: 'ban tổ chức',
  BQL: 'ban quản lý',
  BĐD: 'ban đại diện',
  ĐCSVN: 'đảng cộng sản việt nam',
  CHXHCN: 'cộng hòa xã hội chủ nghĩa',
  CHXHCNVN: 'cộng hòa xã hội chủ nghĩa việt nam',
  XHCN: 'xã hội chủ nghĩa',
  VN: 'việt nam',
  HCM: 'hồ chí minh',
  TP: 'thành phố',
  Tp: 'thành phố',
  TX: 'thị xã',
  TDP: 'tổ dân phố',
  KDC: 'khu dân cư',
  KP: 'khu phố',
  KV: 'khu vực',
  ĐVHC: 'đơn vị hành chính',
  // Ministries and departments (document codes)
  BTTTT: 'bộ thông tin và truyền thông',
  STTTT: 'sở thông tin và truyền thông',
  TTTT: 'thông tin và truyền thông',
  TTCS: 'thông tin cơ sở',
  BYT: 'bộ y tế',
  SYT: 'sở y tế',
  BNV: 'bộ nội vụ',
  SNV: 'sở nội vụ',
  BCA: 'bộ công an',
  BQP: 'bộ quốc phòng',
  BGDĐT: 'bộ giáo dục và đào tạo',
  SGDĐT: 'sở giáo dục và đào tạo',
  GDĐT: 'giáo dục và đào tạo',
  BNNPTNT: 'bộ nông nghiệp và phát triển nông thôn',
  NNPTNT: 'nông nghiệp và phát triển nông thôn',
  BTNMT: 'bộ tài nguyên và môi trường',
  TNMT: 'tài nguyên và môi trường',
  BLĐTBXH: 'bộ lao động thương binh và xã hội',
  LĐTBXH: 'lao động thương binh và xã hội',
  VP: 'văn phòng',
  VH: 'văn hóa',
  XH: 'xã hội',
  VHXH: 'văn hóa xã hội',
  VHTT: 'văn hóa thông tin',
  TDTT: 'thể dục thể thao',
  // Kinds of documents
  KH: 'kế hoạch',
  QĐ: 'quyết định',
  NĐ: 'nghị định',
  TT: 'thông tư',
  NQ: 'nghị quyết',
  CT: 'chỉ thị',
  TB: 'thông báo',
  BC: 'báo cáo',
  CV: 'công văn',
  HD: 'hướng dẫn',
  TTr: 'tờ trình',
  KL: 'kết luận',
  QC: 'quy chế',
  GM: 'giấy mời',
  BB: 'biên bản',
  PA: 'phương án',
  CTr: 'chương trình',
  VBQPPL: 'văn bản quy phạm pháp luật',
  // Public administration and services
  TTHC: 'thủ tục hành chính',
  HCC: 'hành chính công',
  DVC: 'dịch vụ công',
  DVCTT: 'dịch vụ công trực tuyến',
  CBCC: 'cán bộ công chức',
  CBCCVC: 'cán bộ công chức viên chức',
  CNTT: 'công nghệ thông tin',
  CCCD: 'căn cước công dân',
  CMND: 'chứng minh nhân dân',
  BHYT: 'bảo hiểm y tế',
  BHXH: 'bảo hiểm xã hội',
  BHTN: 'bảo hiểm thất nghiệp',
  BTXH: 'bảo trợ xã hội',
  CSXH: 'chính sách xã hội',
  NHCSXH: 'ngân hàng chính sách xã hội',
  NSNN: 'ngân sách nhà nước',
  KBNN: 'kho bạc nhà nước',
  MST: 'mã số thuế',
  TNCN: 'thu nhập cá nhân',
  GTGT: 'giá trị gia tăng',
  HKD: 'hộ kinh doanh',
  HTX: 'hợp tác xã',
  DN: 'doanh nghiệp',
  GCN: 'giấy chứng nhận',
  QSDĐ: 'quyền sử dụng đất',
  NTM: 'nông thôn mới',
  PBGDPL: 'phổ biến giáo dục pháp luật',
  TGPL: 'trợ giúp pháp lý',
  NCT: 'người cao tuổi',
  NKT: 'người khuyết tật',
  NLĐ: 'người lao động',
  // Security, fire, disasters
  PCCC: 'phòng cháy chữa cháy',
  CNCH: 'cứu nạn cứu hộ',
  CA: 'công an',
  CAX: 'công an xã',
  CAH: 'công an huyện',
  CAND: 'công an nhân dân',
  QĐND: 'quân đội nhân dân',
  BCHQS: 'ban chỉ huy quân sự',
  NVQS: 'nghĩa vụ quân sự',
  DQTV: 'dân quân tự vệ',
  CSGT: 'cảnh sát giao thông',
  ANTT: 'an ninh trật tự',
  ATGT: 'an toàn giao thông',
  TTATGT: 'trật tự an toàn giao thông',
  PCTT: 'phòng chống thiên tai',
  TKCN: 'tìm kiếm cứu nạn',
  KTTV: 'khí tượng thủy văn',
  ATNĐ: 'áp thấp nhiệt đới',
  BĐKH: 'biến đổi khí hậu',
  // Health and schools
  TTYT: 'trung tâm y tế',
  TYT: 'trạm y tế',
  BV: 'bệnh viện',
  KCB: 'khám chữa bệnh',
  TCMR: 'tiêm chủng mở rộng',
  SXH: 'sốt xuất huyết',
  TCM: 'tay chân miệng',
  ATTP: 'an toàn thực phẩm',
  VSATTP: 'vệ sinh an toàn thực phẩm',
  HIV: 'hát i vê',
  THCS: 'trung học cơ sở',
  THPT: 'trung học phổ thông',
  TH: 'tiểu học',
  MN: 'mầm non',
  GDTX: 'giáo dục thường xuyên',
  HS: 'học sinh',
  GV: 'giáo viên',
  // Mass organisations
  HLHPN: 'hội liên hiệp phụ nữ',
  LHPN: 'liên hiệp phụ nữ',
  HND: 'hội nông dân',
  CCB: 'cựu chiến binh',
  ĐTN: 'đoàn thanh niên',
  HCTĐ: 'hội chữ thập đỏ',
  // Everyday
  ĐT: 'điện thoại',
  SĐT: 'số điện thoại',
  CN: 'chủ nhật',
  ÂL: 'âm lịch',
  DL: 'dương lịch',
  VNĐ: 'việt nam đồng',
  TBA: 'trạm biến áp',
  EVN: 'e vê en',
  SMS: 'ét em ét',
  CSKH: 'chăm sóc khách hàng',
  LMLM: 'lở mồm long móng',
  DTLCP: 'dịch tả lợn châu phi',
  // Document footers and signatures
  VT: 'văn thư',
  TM: 'thay mặt',
  KT: 'ký thay',
  PCT: 'phó chủ tịch',
  TTĐU: 'thường trực đảng ủy',
  TTĐT: 'trang thông tin điện tử',
  // What communes write in notices, reviewed from their bulletins
  CB: 'cán bộ',
  GPLX: 'giấy phép lái xe',
  GPXD: 'giấy phép xây dựng',
  GPKD: 'giấy phép kinh doanh',
  ĐKKD: 'đăng ký kinh doanh',
  CHQS: 'chỉ huy quân sự',
  CHT: 'chỉ huy trưởng',
  CHP: 'chỉ huy phó',
  HĐNVQS: 'hội đồng nghĩa vụ quân sự',
  QNCN: 'quân nhân chuyên nghiệp',
  GDQP: 'giáo dục quốc phòng',
  ANQP: 'an ninh quốc phòng',
  QPAN: 'quốc phòng an ninh',
  QP: 'quốc phòng',
  DQ: 'dân quân',
  DQTT: 'dân quân thường trực',
  TNXP: 'thanh niên xung phong',
  HCCB: 'hội cựu chiến binh',
  HPN: 'hội phụ nữ',
  ĐVTN: 'đoàn viên thanh niên',
  CTĐ: 'chữ thập đỏ',
  HNCT: 'hội người cao tuổi',
  GPMB: 'giải phóng mặt bằng',
  TĐC: 'tái định cư',
  GCNQSDĐ: 'giấy chứng nhận quyền sử dụng đất',
  QSD: 'quyền sử dụng',
  ĐC: 'địa chính',
  XD: 'xây dựng',
  XDCB: 'xây dựng cơ bản',
  KTHT: 'kinh tế hạ tầng',
  TCKH: 'tài chính kế hoạch',
  GTNT: 'giao thông nông thôn',
  GTVT: 'giao thông vận tải',
  TNGT: 'tai nạn giao thông',
  KTXH: 'kinh tế xã hội',
  CSVC: 'cơ sở vật chất',
  CCHC: 'cải cách hành chính',
  BPMC: 'bộ phận một cửa',
  TTPVHCC: 'trung tâm phục vụ hành chính công',
  NVH: 'nhà văn hóa',
  TTVH: 'trung tâm văn hóa',
  TTHTCĐ: 'trung tâm học tập cộng đồng',
  CLB: 'câu lạc bộ',
  HSSV: 'học sinh sinh viên',
  SV: 'sinh viên',
  DS: 'dân số',
  KHHGĐ: 'kế hoạch hóa gia đình',
  CSSKSS: 'chăm sóc sức khỏe sinh sản',
  BVTV: 'bảo vệ thực vật',
  CNTY: 'chăn nuôi thú y',
  VSMT: 'vệ sinh môi trường',
  NSVSMT: 'nước sạch vệ sinh môi trường',
  TTCN: 'tiểu thủ công nghiệp',
  KHCN: 'khoa học công nghệ',
  KHKT: 'khoa học kỹ thuật',
  PCCCR: 'phòng cháy chữa cháy rừng',
  QLBVR: 'quản lý bảo vệ rừng',
  BVR: 'bảo vệ rừng',
  MTQG: 'mục tiêu quốc gia',
  CTMTQG: 'chương trình mục tiêu quốc gia',
  DTTS: 'dân tộc thiểu số',
  HGĐ: 'hộ gia đình',
  ĐB: 'đại biểu',
  UV: 'ủy viên',
  UVBTV: 'ủy viên ban thường vụ',
  BTT: 'ban thường trực',
  PBT: 'phó bí thư',
  GĐ: 'giám đốc',
  PGĐ: 'phó giám đốc',
  VPĐU: 'văn phòng đảng ủy',
  QL: 'quốc lộ',
  TL: 'tỉnh lộ',
  VNPT: 'vê en pê tê',
  // Found in commune bulletins (issue 15)
  BKS: 'biển kiểm soát',
  BS: 'bác sĩ',
  ThS: 'thạc sĩ',
  TS: 'tiến sĩ',
  PGS: 'phó giáo sư',
  GS: 'giáo sư',
  KS: 'kỹ sư',
  BCCI: 'bưu chính công ích',
  NTTS: 'nuôi trồng thủy sản',
  OCOP: 'ô cốp',
  OTP: 'ô tê pê',
  PDF: 'pê đê ép',
  NPK: 'en pê ca',
  pH: 'pê hát',
  ATM: 'a tê em',
  USB: 'u ét bê',
  GPS: 'giê pê ét',
  SOS: 'ét ô ét',
  TV: 'ti vi',
  ID: 'ai đi',
  PCR: 'pê xê e rờ',
  LLVT: 'lực lượng vũ trang',
  CSTT: 'cảnh sát trật tự',
  CSKV: 'cảnh sát khu vực',
  ANCS: 'an ninh cơ sở',
  BVANTT: 'bảo vệ an ninh trật tự',
  ĐHĐB: 'đại hội đại biểu',
  HTXNN: 'hợp tác xã nông nghiệp',
  TNCS: 'thanh niên cộng sản',
  OA: 'ô a',
  USD: 'đô la mỹ',
  GDNN: 'giáo dục nghề nghiệp',
  DQCĐ: 'dân quân cơ động',
  DQTC: 'dân quân tại chỗ',
  ĐK: 'đăng ký',
  TNHH: 'trách nhiệm hữu hạn',
  MTV: 'một thành viên',
  CTCP: 'công ty cổ phần',
  TDND: 'tín dụng nhân dân',
  QTDND: 'quỹ tín dụng nhân dân',
  DVNN: 'dịch vụ nông nghiệp',
  PTDS: 'phòng thủ dân sự',
  BĐVHX: 'bưu điện văn hóa xã',
  NSTP: 'nông sản thực phẩm',
  KTTT: 'kinh tế tập thể',
  DTTG: 'dân tộc tôn giáo',
  CĐ: 'cao đẳng',
  EM: 'e em',
  ĐTNCS: 'đoàn thanh niên cộng sản',
  STK: 'số tài khoản',
  BIDV: 'bê i đê vê',
  SIPAS: 'xi pát',
  PAPI: 'pa pi',
  PCI: 'pê xê i',
  DDCI: 'đê đê xê i',
  // With punctuation inside: matched before numbers and dates are read.
  'TP.': 'thành phố',
  'Tp.': 'thành phố',
  'TX.': 'thị xã',
  'TT.': 'thị trấn',
  'Đ/c': 'đồng chí',
  'đ/c': 'đồng chí',
  'v.v.': 'vân vân',
  'NN&MT': 'nông nghiệp và môi trường',
  'KH&ĐT': 'kế hoạch và đầu tư',
  'VH-TT&DL': 'văn hóa thể thao và du lịch',
  'VHTT&DL': 'văn hóa thể thao và du lịch',
  'VH,TT&DL': 'văn hóa thể thao và du lịch',
  'DT&TG': 'dân tộc và tôn giáo',
  'XD&MT': 'xây dựng và môi trường',
  'THCS&THPT': 'trung học cơ sở và trung học phổ thông',
  'V/v': 'về việc',
  'v/v': 'về việc',
  'VP-TK': 'văn phòng thống kê',
  'TP-HT': 'tư pháp hộ tịch',
  'ĐC-XD': 'địa chính xây dựng',
  'ĐC-NN-XD-MT': 'địa chính nông nghiệp xây dựng và môi trường',
  'ĐC-NN-MT': 'địa chính nông nghiệp môi trường',
  'TC-KT': 'tài chính kế toán',
  'TC-KH': 'tài chính kế hoạch',
  'VH-TT': 'văn hóa thông tin',
  'PGS.TS': 'phó giáo sư tiến sĩ',
  'PGS.TS.': 'phó giáo sư tiến sĩ',
  'GS.TS': 'giáo sư tiến sĩ',
  'ThS.BS': 'thạc sĩ bác sĩ',
  'BS.CKI': 'bác sĩ chuyên khoa một',
  'BS.CKII': 'bác sĩ chuyên khoa hai',
  'HIV/AIDS': 'hát i vê ết',
  'GD&ĐT': 'giáo dục và đào tạo',
  'NN&PTNT': 'nông nghiệp và phát triển nông thôn',
  'TN&MT': 'tài nguyên và môi trường',
  'LĐ-TB&XH': 'lao động thương binh và xã hội',
  'TT&TT': 'thông tin và truyền thông',
  'KH&CN': 'khoa học và công nghệ',
  'KT-XH': 'kinh tế xã hội',
  'PCCC&CNCH': 'phòng cháy chữa cháy và cứu nạn cứu hộ',
  'PCTT&TKCN': 'phòng chống thiên tai và tìm kiếm cứu nạn',
};

export const BUILTIN_PRONUNCIATIONS: Readonly<Record<string, string>> = {
  zalo: 'da lô',
  facebook: 'phây búc',
  fanpage: 'phan pết',
  page: 'pết',
  internet: 'in tơ nét',
  wifi: 'oai phai',
  'wi-fi': 'oai phai',
  camera: 'ca mê ra',
  email: 'i meo',
  'e-mail': 'i meo',
  online: 'on lai',
  website: 'oép sai',
  video: 'vi đê ô',
  youtube: 'diu túp',
  tiktok: 'tích tốc',
  livestream: 'lai xtrim',
  'covid-19': 'cô vít mười chín',
  covid: 'cô vít',
  vaccine: 'vắc xin',
  vacxin: 'vắc xin',
  photocopy: 'phô tô cóp pi',
  photo: 'phô tô',
  panô: 'pa nô',
  pano: 'pa nô',
  qr: 'kiu a',
  vneid: 'vê en e ai đi',
  ok: 'ô kê',
  aids: 'ết',
  asean: 'a xê an',
  rubella: 'ru bê la',
  vitamin: 'vi ta min',
  gas: 'ga',
  hotline: 'hót lai',
  mail: 'meo',
  gmail: 'gờ meo',
  scan: 'xờ can',
  file: 'phai',
  link: 'linh',
  app: 'áp',
  smartphone: 'xmát phôn',
  laptop: 'láp tóp',
  zoom: 'dum',
  'mã qr': 'mã kiu a',
  password: 'pát uốt',
  pass: 'pát',
  'check-in': 'chéc in',
  modem: 'mô đem',
  router: 'rao tơ',
  dichvucong: 'dịch vụ công',
  // Common words of Vietnamese web and e-mail addresses, typed without diacritics.
  congan: 'công an',
  chinhphu: 'chính phủ',
  dangcongsan: 'đảng cộng sản',
  baohiemxahoi: 'bảo hiểm xã hội',
  quochoi: 'quốc hội',
  'đề án 06': 'đề án không sáu',
  test: 'tét',
  hashtag: 'hát tác',
  chip: 'chíp',
  google: 'gu gồ',
  'google meet': 'gu gồ mít',
  meet: 'mít',
  'google form': 'gu gồ phom',
  form: 'phom',
  banking: 'banh king',
  'internet banking': 'in tơ nét banh king',
  'mobile money': 'mô bai mo ni',
  clip: 'clíp',
  web: 'oép',
  offline: 'óp lai',
  ship: 'síp',
  shipper: 'síp pơ',
  game: 'gêm',
  code: 'cốt',
  'qr code': 'kiu a cốt',
  vietgap: 'việt gáp',
  globalgap: 'gờ lô bồ gáp',
  viettel: 'viết ten',
  vinaphone: 'vi na phôn',
  mobifone: 'mô bi phôn',
  agribank: 'a gờ ri banh',
  vietcombank: 'việt com banh',
  vietinbank: 'việt tin banh',
  sim: 'sim',
  tivi: 'ti vi',
  pin: 'pin',
  'vắc-xin': 'vắc xin',
  'vác-xin': 'vắc xin',
  'e-learning': 'i lơ ninh',
  'check-out': 'chéc ao',
  ipad: 'ai pát',
  iphone: 'ai phôn',
  vssid: 'vê ét ét ai đi',
  momo: 'mô mô',
  zalopay: 'da lô pây',
  vnpay: 'vê en pây',
  viettelpay: 'viết ten pây',
  inbox: 'in bốc',
  karaoke: 'ca ra ô kê',
  'ka-ra-ô-kê': 'ca ra ô kê',
  ihanoi: 'ai hà nội',
  fax: 'phắc',
  excel: 'ếch xeo',
  word: 'uốt',
  powerpoint: 'pao ơ poi',
};

export type Lexicon = {
  /** Case-sensitive, e.g. "UBND" → "ủy ban nhân dân". */
  abbreviations: ReadonlyMap<string, string>;
  /** Keyed by lower-case term. */
  pronunciations: ReadonlyMap<string, string>;
  /** Abbreviations with punctuation or digits ("TP.", "GD&ĐT"): read first. */
  punctuatedTerms: TermMatcher | null;
  pronunciationTerms: TermMatcher | null;
};

/** Merges the officers' entries over the built-ins. */
export function buildLexicon(entries: readonly LexiconEntry[] = []): Lexicon {
  const abbreviations = new Map(Object.entries(BUILTIN_ABBREVIATIONS));
  const pronunciations = new Map(Object.entries(BUILTIN_PRONUNCIATIONS));
  for (const entry of entries) {
    const term = entry.term.trim().normalize('NFC');
    const spoken = entry.spoken.trim().normalize('NFC').toLowerCase().replace(/\s+/g, ' ');
    if (!term || !spoken) continue;
    // An officer's entry replaces any built-in spelling of the same term,
    // whichever table it was in.
    pronunciations.delete(term.toLowerCase());
    abbreviations.delete(term);
    if (entry.kind === 'abbreviation') abbreviations.set(term, spoken);
    else pronunciations.set(term.toLowerCase(), spoken);
  }
  const punctuated = [...abbreviations.keys()].filter((term) => /[^\p{L}]/u.test(term));
  return {
    abbreviations,
    pronunciations,
    punctuatedTerms: termMatcher(punctuated, false),
    pronunciationTerms: termMatcher([...pronunciations.keys()], true),
  };
}

/** Replaces every whole-word occurrence of the matcher's terms, leftmost first, longest first. */
export type TermMatcher = (text: string, replace: (term: string) => string) => string;

const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * Finds terms by their first character instead of one large alternation, so
 * a long text with a large lexicon is scanned once. A term that begins (ends)
 * with a letter or digit only matches where no letter or digit stands before
 * (after) it.
 */
function termMatcher(terms: string[], caseInsensitive: boolean): TermMatcher | null {
  if (terms.length === 0) return null;
  const fold = (t: string) => (caseInsensitive ? t.toLowerCase() : t);
  const byFirst = new Map<string, string[]>();
  for (const term of [...new Set(terms.map(fold))].sort((a, b) => b.length - a.length)) {
    const first = term[0];
    if (!byFirst.has(first)) byFirst.set(first, []);
    byFirst.get(first)!.push(term);
  }
  return (text, replace) => {
    let out = '';
    let last = 0;
    for (let i = 0; i < text.length; ) {
      const candidates = byFirst.get(fold(text[i]));
      const atWordStart = i === 0 || !WORD_CHAR.test(text[i - 1]);
      let matched = 0;
      if (candidates) {
        for (const term of candidates) {
          if (WORD_CHAR.test(term[0]) && !atWordStart) continue;
          const piece = text.substr(i, term.length);
          if (fold(piece) !== term) continue;
          if (WORD_CHAR.test(term[term.length - 1]) && WORD_CHAR.test(text[i + term.length] ?? '')) continue;
          out += text.slice(last, i) + replace(piece);
          matched = term.length;
          break;
        }
      }
      if (matched) {
        i += matched;
        last = i;
      } else {
        i++;
      }
    }
    return last === 0 ? text : out + text.slice(last);
  };
}

/**
 * Reads one acronym: from the lexicon, or as a compound of known parts
 * ("VH-XH", "GD&ĐT"), or spelled letter by letter with a warning so officers
 * can add it to the lexicon.
 */
export function readAcronym(term: string, lexicon: Lexicon, warn: (w: NormalizeWarning) => void): string {
  const known = lexicon.abbreviations.get(term);
  if (known) return known;
  if (/[-&]/.test(term)) {
    return term
      .split(/([-&])/)
      .filter((part) => part && part !== '-')
      .map((part) => (part === '&' ? 'và' : readAcronym(part, lexicon, warn)))
      .join(' ');
  }
  warn({
    code: 'unknown-abbreviation',
    term,
    message: `Chữ viết tắt «${term}» chưa có trong từ điển nên sẽ được đánh vần từng chữ cái. Hãy thêm cách đọc vào từ điển.`,
    en: `Abbreviation "${term}" is not in the lexicon, so it will be spelled letter by letter. Add its reading to the lexicon.`,
  });
  return spellLetters(term);
}
