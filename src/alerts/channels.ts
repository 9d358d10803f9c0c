// The alert channels: the server's SMTP relay and each zone's recipients
// (settings alertEmails / alertWebhookUrl, inherited down the tree; the
// environment's ALERT_EMAIL_TO / ALERT_WEBHOOK_URL where no zone sets its own).
import type { Config } from '../config.js';
import type { NoticeChannel } from '../notify/channel.js';
import { EmailChannel } from '../notify/email.js';
import { WebhookChannel } from '../notify/webhook.js';

export interface Recipients {
  emails: string[];
  webhookUrl: string;
}

export class AlertChannels {
  /** One channel per distinct recipient set, kept: a mail transport is reused. */
  private readonly made = new Map<string, NoticeChannel>();

  constructor(private readonly c: Config['alerts']) {}

  for(r: Recipients): NoticeChannel[] {
    const out: NoticeChannel[] = [];
    const smtp = this.c.smtpUrl;
    if (smtp && r.emails.length) out.push(this.kept(`mail ${[...r.emails].sort().join(',')}`, () => new EmailChannel(smtp, this.c.emailFrom, r.emails)));
    if (r.webhookUrl) out.push(this.kept(`hook ${r.webhookUrl}`, () => new WebhookChannel(r.webhookUrl)));
    return out;
  }

  private kept(key: string, make: () => NoticeChannel): NoticeChannel {
    let ch = this.made.get(key);
    if (!ch) this.made.set(key, (ch = make()));
    return ch;
  }
}
