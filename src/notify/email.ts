// E-mail through any SMTP server (the commune's mail host, a provider's relay).
import nodemailer from 'nodemailer';
import type { Notice, NoticeChannel } from './channel.js';

export class EmailChannel implements NoticeChannel {
  readonly name = 'email';
  private readonly transport;

  /** `smtpUrl`: smtp://user:pass@host:587 or smtps://… (nodemailer's URL form). */
  constructor(smtpUrl: string, private readonly from: string, private readonly to: string[]) {
    this.transport = nodemailer.createTransport(smtpUrl);
  }

  async send(notice: Notice): Promise<void> {
    await this.transport.sendMail({ from: this.from, to: this.to, subject: notice.subject, text: notice.text });
  }
}
