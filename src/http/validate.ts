import { z } from 'zod';
import { AppError } from '../errors.js';
import { splitBilingual, toVi } from './messages.js';

const TYPE_VI: Record<string, string> = { string: 'chuỗi chữ', number: 'số', int: 'số nguyên', boolean: 'giá trị đúng/sai', array: 'danh sách', object: 'đối tượng', date: 'ngày' };
const viLocale = z.locales.vi().localeError;
/** zod's Vietnamese, with plainer words for the usual cases. */
const viIssue: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === 'invalid_type') return issue.input === undefined ? 'bắt buộc phải có' : `phải là ${TYPE_VI[issue.expected] ?? issue.expected}`;
  return viLocale(issue);
};

const describe = (issues: readonly z.core.$ZodIssue[], word: (m: string) => string) =>
  issues.map((i) => `${i.path.join('.') || 'body'}: ${word(i.message)}`).join('; ');

/** Validates a request body; a bad one is a 400 naming the first bad field, in Vietnamese and English. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const r = schema.safeParse(body ?? {});
  if (r.success) return r.data;
  // A schema's own message may be "vi (en)" already: each language takes its half.
  const en = describe(r.error.issues, (m) => splitBilingual(m)?.en ?? m);
  // Parsed again with the Vietnamese wording; the schemas' own (English) messages go through the table.
  const vi = schema.safeParse(body ?? {}, { error: viIssue });
  const viText = vi.success ? en : describe(vi.error.issues, (m) => splitBilingual(m)?.vi ?? toVi(m) ?? m).replace(/(^|; )body:/g, '$1dữ liệu:');
  throw new AppError(`Yêu cầu không hợp lệ: ${viText}`, 400, 'invalid_request', undefined, `invalid request: ${en}`);
}
