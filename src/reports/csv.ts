// CSV that Excel opens correctly: UTF-8 with a byte-order mark (otherwise
// Vietnamese letters come out garbled), CRLF line ends, RFC 4180 quoting.
// Excel with Vietnamese regional settings reads "12,5" as a number and
// expects ";" between fields: `decimalComma` writes that form.
export function toCsv(header: string[], rows: (string | number | null | undefined)[][], opts: { decimalComma?: boolean } = {}): string {
  const sep = opts.decimalComma ? ';' : ',';
  const cell = (v: string | number | null | undefined): string => {
    if (v === null || v === undefined) return '';
    let s = typeof v === 'number' && opts.decimalComma ? String(v).replace('.', ',') : String(v);
    // A title typed as "=HYPERLINK(…)" must stay text, not become a formula.
    if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return s.includes(sep) || /["\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return '\uFEFF' + [header, ...rows].map((r) => r.map(cell).join(sep)).join('\r\n') + '\r\n';
}

/** An ISO instant as the commune's wall-clock time, "2026-01-01 06:00:00". */
export function localTime(iso: string | null, timezone: string): string {
  if (!iso) return '';
  // The Swedish locale writes dates the ISO way.
  return new Intl.DateTimeFormat('sv-SE', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(new Date(iso));
}
