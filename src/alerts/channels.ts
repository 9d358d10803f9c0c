// The alert channels: the server's SMTP relay and each zone's recipients
// (settings alertEmails / alertWebhookUrl, inherited down the tree; the
// environment's ALERT_EMAIL_TO / ALERT_WEBHOOK_URL where no zone sets its own).
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import { AddressPolicy } from '../net/outbound.js';
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

  /** A zone's own webhook URL may not reach inside the network (ALERT_WEBHOOK_ALLOW excepted); the environment's may. */
  private readonly addresses: AddressPolicy;

  constructor(private readonly c: Config['alerts']) {
    this.addresses = webhookAddresses(c.webhookAllow);
  }

  for(r: Recipients): NoticeChannel[] {
    const out: NoticeChannel[] = [];
    const smtp = this.c.smtpUrl;
    if (smtp && r.emails.length) out.push(this.kept(`mail ${[...r.emails].sort().join(',')}`, () => new EmailChannel(smtp, this.c.emailFrom, r.emails)));
    if (r.webhookUrl) out.push(this.kept(`hook ${r.webhookUrl}`, () => new WebhookChannel(r.webhookUrl, r.webhookUrl === this.c.webhookUrl ? {} : { addresses: this.addresses })));
    return out;
  }

  /** 400 now for a zone's webhook URL that is, or resolves to, an internal address (the environment's own passes). */
  async checkUrl(url: string): Promise<void> {
    if (url !== this.c.webhookUrl) await this.addresses.checkHostNow(new URL(url));
  }

  private kept(key: string, make: () => NoticeChannel): NoticeChannel {
    let ch = this.made.get(key);
    if (!ch) this.made.set(key, (ch = make()));
    return ch;
  }
}

/** The address check of zones' webhook URLs: ALERT_WEBHOOK_ALLOW names the internal hosts they may reach. */
export function webhookAddresses(allow: readonly string[]): AddressPolicy {
  return new AddressPolicy(allow, (what) =>
    new AppError(`Địa chỉ webhook trỏ vào mạng nội bộ hoặc chính máy chủ (${what}): chỉ địa chỉ công khai, hoặc địa chỉ có trong ALERT_WEBHOOK_ALLOW (the webhook URL reaches a loopback, private, link-local or unspecified address: ${what}; only public addresses, or those in ALERT_WEBHOOK_ALLOW)`, 400, 'webhook_not_allowed', { host: what }),
  );
}
