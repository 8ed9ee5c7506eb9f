/** Login codes from the development mail sink that `npm start` runs (its `/messages.json`). */
import { waitFor } from '@miw/testing';

interface Mail {
  id: string;
  to: string[];
  text: string;
}

/** The English and the Chinese login line (notify's mail templates). */
const CODE = /(?:login code is|登录验证码是)\s*(\d{6})/;

/**
 * The newest login code mailed to `email` after `since` (ms epoch; message ids start with the
 * time the sink received them), waiting up to 20 s for it.
 */
export function loginCodeReader(mailSinkPage: string) {
  return (email: string, since: number): Promise<string> =>
    waitFor(
      async () => {
        const mails = (await (await fetch(`${mailSinkPage}/messages.json`)).json()) as Mail[];
        const fresh = mails.filter((m) => m.to.includes(email) && Number(m.id.split('-')[0]) >= since && CODE.test(m.text));
        const newest = fresh.sort((a, b) => Number(b.id.split('-')[0]) - Number(a.id.split('-')[0]))[0];
        return newest ? CODE.exec(newest.text)![1] : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 200, what: `the login code mailed to ${email}` },
    );
}
