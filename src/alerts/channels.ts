// The alert channels the environment configures (none: alerts stay in the panel).
import type { Config } from '../config.js';
import type { NoticeChannel } from '../notify/channel.js';
import { EmailChannel } from '../notify/email.js';
import { WebhookChannel } from '../notify/webhook.js';

export function noticeChannels(c: Config['alerts']): NoticeChannel[] {
  const channels: NoticeChannel[] = [];
  if (c.smtpUrl && c.emailTo.length) channels.push(new EmailChannel(c.smtpUrl, c.emailFrom, c.emailTo));
  if (c.webhookUrl) channels.push(new WebhookChannel(c.webhookUrl));
  return channels;
}
