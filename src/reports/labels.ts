// The words a commune's report uses for the codes the database keeps: a CSV
// opened in Excel says "Khẩn cấp" and "Đã phát", not `emergency` and `done`.
import type { DeliveryState } from '../db/schema.js';
import type { Priority } from '../mqtt/protocol.js';

const PRIORITY: Record<Priority, string> = { normal: 'Thông thường', priority: 'Ưu tiên', emergency: 'Khẩn cấp' };

const CATEGORY: Record<string, string> = {
  'thong-bao': 'Thông báo',
  'tuyen-truyen': 'Tuyên truyền',
  'thu-tuc-hanh-chinh': 'Thủ tục hành chính',
  'loi-chuc': 'Lời chúc',
  'khan-cap': 'Khẩn cấp',
};

const DELIVERY: Record<DeliveryState, string> = {
  queued: 'Chờ gửi',
  received: 'Đã nhận lệnh',
  downloaded: 'Đã tải về',
  playing: 'Đang phát',
  done: 'Đã phát',
  failed: 'Lỗi',
  preempted: 'Bị ngắt',
  expired: 'Không phát',
  rejected: 'Từ chối',
  skipped: 'Bỏ qua (giờ yên lặng)',
};

export const priorityLabel = (p: string): string => PRIORITY[p as Priority] ?? p;
/** A category the commune made up itself is shown as it was typed ("constructor" too: own keys only). */
export const categoryLabel = (c: string | null): string => (c === null ? 'Chưa phân loại' : Object.hasOwn(CATEGORY, c) ? CATEGORY[c]! : c);
export const deliveryLabel = (s: string): string => DELIVERY[s as DeliveryState] ?? s;
