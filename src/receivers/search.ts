// Technicians type "dong" for "Thôn Đông": search ignores case and Vietnamese
// diacritics alike. SQLite's lower() knows only ASCII, so the folded text is
// stored next to the receiver and matched with a plain LIKE on both databases.

/** Lower case, without diacritics (đ → d). */
function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();
}

/** What `q` is matched against: the receiver's id and name. */
export const searchText = (id: string, name: string): string => fold(`${id} ${name}`);

/** A LIKE pattern for "contains `q`", with LIKE's own wildcards escaped (ESCAPE '\'). */
export const containsPattern = (q: string): string => `%${fold(q).replace(/[\\%_]/g, '\\$&')}%`;
