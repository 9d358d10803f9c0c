// Where a notice for people goes: e-mail, a webhook (a Zalo or Telegram bot,
// the province's system). A second channel is one file implementing this.
export interface Notice {
  /** Machine-readable: `receiver.offline`, `zone.offline`, `receiver.online`, … */
  type: string;
  /** One line a person reads first (the mail's subject). */
  subject: string;
  /** The whole message, plain text. */
  text: string;
  at: string;
  /** The structured facts, for a webhook's receiver to act on. */
  data: Record<string, unknown>;
}

export interface NoticeChannel {
  readonly name: string;
  send(notice: Notice): Promise<void>;
}
