// What approving and rejecting take, the same for broadcasts and schedules.
import { z } from 'zod';

/** A chairman who says no says why: the officer must know what to change. */
export const rejection = z.object({
  reason: z.string('cần nêu lý do từ chối (a reason is required)').trim().min(1, 'cần nêu lý do từ chối (a reason is required)').max(1000),
});
