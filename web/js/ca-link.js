// A link to the commune's CA certificate (GET /ca.crt, made by `loa tls
// init`), shown only when the server has one: installed once on a phone, the
// panel opens over https:// without a warning and the microphone works.
import { useEffect, useState } from 'preact/hooks';
import { html } from './lib.js';
import { t } from './i18n.js';

export function CaLink() {
  const [offered, setOffered] = useState(false);
  useEffect(() => {
    fetch('/ca.crt', { method: 'HEAD' }).then((r) => setOffered(r.ok), () => {});
  }, []);
  return offered ? html`<p class="small"><a href="/ca.crt" download>${t('downloadCa')}</a></p>` : null;
}
