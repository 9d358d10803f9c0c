// Vietnamese personal names the rules look for: the family names, and the
// middle names that follow one in a full name. One list, in the case a notice
// writes it and in capitals, so the rules for both agree on who is a person.

const SURNAMES = [
  'Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý',
  'Đinh', 'Đào', 'Trương', 'Lương', 'Mai', 'Cao', 'Lâm', 'Tạ', 'Hà', 'Trịnh', 'Đoàn', 'Lưu', 'Thái', 'Chu', 'Kiều', 'Tô',
  'Quách', 'Triệu', 'Nông', 'Lò', 'Hứa', 'Mạc', 'Từ', 'Tăng', 'La', 'Khúc', 'Doãn', 'Phùng', 'Tống', 'Âu',
];
const MIDDLE_NAMES = [
  'Văn', 'Thị', 'Đình', 'Đức', 'Hữu', 'Xuân', 'Thanh', 'Quang', 'Ngọc', 'Công', 'Trọng', 'Tiến', 'Thế', 'Bá', 'Minh',
  'Hồng', 'Kim', 'Duy', 'Hoàng', 'Khắc', 'Viết', 'Sỹ', 'Sĩ', 'Mạnh', 'Trung', 'Tuấn',
];
/** Middle names looked for in a name typed all in lower case, where no capital shows where a name begins. */
const MORE_MIDDLE_NAMES = [
  'Quốc', 'Như', 'Phương', 'Hoài', 'Thu', 'Bảo', 'Gia', 'Hải', 'Huy', 'Đăng', 'Việt', 'Nhật', 'Thành', 'Phúc', 'Diệu',
  'Khánh', 'Anh', 'Mỹ', 'Lệ',
];
const oneOf = (words: string[]): string => `(?:${words.join('|')})`;
const capitals = (words: string[]): string[] => words.map((w) => w.toUpperCase());
const lowerCase = (words: string[]): string[] => words.map((w) => w.toLowerCase());

/** A family name as a notice writes it ("Nguyễn") and in capitals ("NGUYỄN"): regular expression sources. */
export const SURNAME = oneOf(SURNAMES);
export const SURNAME_CAPS = oneOf(capitals(SURNAMES));
/** A middle name after a family name ("Văn", "Thị"), and in capitals. */
export const MIDDLE_NAME = oneOf(MIDDLE_NAMES);
export const MIDDLE_NAME_CAPS = oneOf(capitals(MIDDLE_NAMES));
/** In lower case ("nguyễn văn an"): the family names and the wider list of middle names, as alternations without a group. */
export const SURNAME_LOWER = lowerCase(SURNAMES).join('|');
export const MIDDLE_NAME_LOWER = lowerCase([...MIDDLE_NAMES, ...MORE_MIDDLE_NAMES]).join('|');
