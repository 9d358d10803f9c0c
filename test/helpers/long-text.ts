// A long announcement of real Vietnamese: the seed plans in /work/shared/seeds
// when present, otherwise a commune notice repeated; cut to `chars`.
import fs from 'node:fs';

const SEED = '/work/shared/seeds/001_441678c1e1cbebc9.txt';
const NOTICE =
  'UBND xã Bình Minh thông báo: từ 7h30 ngày 15/6, Trạm Y tế xã tổ chức tiêm vắc-xin sởi - rubella cho trẻ từ 1 đến 5 tuổi. ' +
  'Đề nghị các gia đình đưa trẻ đến đúng giờ, mang theo sổ tiêm chủng. Mọi thắc mắc xin liên hệ số điện thoại 0912 345 678. ';

export function longVietnameseText(chars = 20_000): string {
  const base = fs.existsSync(SEED) ? fs.readFileSync(SEED, 'utf8') : NOTICE;
  let text = base;
  while (text.length < chars) text += '\n' + base;
  return text.slice(0, chars);
}
