/**
 * The webhook channel: a signed POST (Standard Webhooks: webhook-id, webhook-timestamp,
 * webhook-signature, made with the standardwebhooks package) to a partner's URL, and the network
 * half of the SSRF guard.
 *
 * When private targets are not allowed (production), the hostname is resolved by our own lookup,
 * every address it answers must be public, and the connection goes to the address that lookup
 * checked: a DNS answer that changes between the check and the connection (DNS rebinding) cannot
 * slip a private address in. Redirects are never followed, the answer's body is read only up to a
 * few KiB, and every attempt has a deadline.
 */
import { lookup as dnsLookup } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { blockedAddressReason, isIpLiteral } from '../domain/url-guard';

export class TargetRefused extends Error {
  override name = 'TargetRefused';
}

/** Resolves `hostname`; refuses it when any answer is not a public address (or there is none). */
export async function publicAddresses(hostname: string): Promise<{ address: string; family: number }[]> {
  const answers = await new Promise<{ address: string; family: number }[]>((resolve, reject) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => (error ? reject(new TargetRefused(`${hostname} does not resolve`)) : resolve(addresses))),
  );
  if (answers.length === 0) throw new TargetRefused(`${hostname} does not resolve`);
  for (const { address } of answers) {
    const reason = blockedAddressReason(address);
    if (reason) throw new TargetRefused(`${hostname} resolves to a ${reason} address`);
  }
  return answers;
}

/** A `lookup` for http(s).request that connects only to checked public addresses. */
const guardedLookup: LookupFunction = (hostname, options, callback) => {
  publicAddresses(hostname).then(
    (answers) => {
      if (options.all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, answers);
      else callback(null, answers[0]!.address, answers[0]!.family);
    },
    (error: Error) => callback(Object.assign(error, { code: 'ETARGETREFUSED' }), '', 0),
  );
};

/** Refuses a URL whose host is not public: IP literals at once, names through DNS. */
export async function checkPublicTarget(url: string): Promise<void> {
  const hostname = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (isIpLiteral(hostname)) {
    const reason = blockedAddressReason(hostname);
    if (reason) throw new TargetRefused(`the URL points to a ${reason} address`);
    return;
  }
  await publicAddresses(hostname);
}

export interface SignedPost {
  url: string;
  /** The delivery id: the webhook-id header, the same on every retry and replay. */
  messageId: string;
  /** The exact JSON text sent and signed. */
  body: string;
  /** whsec_... */
  secret: string;
  timeoutMs: number;
  allowPrivate: boolean;
  now?: Date;
}

export interface PostResult {
  /** HTTP status; null when no answer came. */
  status: number | null;
  /** Why it failed without an answer, or a short note about a non-2xx one. */
  error: string | null;
}

const MAX_RESPONSE_BYTES = 4096;

/** The Standard Webhooks headers of one attempt. */
function signatureHeaders(secret: string, messageId: string, body: string, now: Date): Record<string, string> {
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(messageId, now, body),
  };
}

/** POSTs one signed delivery; never throws (the result says what happened). */
export async function postWebhook({ url, messageId, body, secret, timeoutMs, allowPrivate, now = new Date() }: SignedPost): Promise<PostResult> {
  if (!allowPrivate) {
    const hostname = new URL(url).hostname.replace(/^\[|\]$/g, '');
    // Node connects to IP literals without a lookup: they are checked here instead.
    if (isIpLiteral(hostname) && blockedAddressReason(hostname)) return { status: null, error: `refused: ${url} points to a ${blockedAddressReason(hostname)} address` };
  }
  const headers = {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    'user-agent': 'MadeInWorld-Webhooks/1',
    ...signatureHeaders(secret, messageId, body, now),
  };
  const request = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise<PostResult>((resolve) => {
    let settled = false;
    const finish = (result: PostResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const req = request(url, { method: 'POST', headers, ...(allowPrivate ? {} : { lookup: guardedLookup }), agent: false }, (res: IncomingMessage) => {
      const status = res.statusCode ?? null;
      let read = 0;
      // The answer's body is not used: read a little so the connection ends cleanly, then hang up.
      res.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read > MAX_RESPONSE_BYTES) res.destroy();
      });
      res.on('close', () => finish({ status, error: status !== null && status >= 200 && status < 300 ? null : `HTTP ${status}` }));
      res.on('error', () => finish({ status, error: `HTTP ${status}` }));
    });
    const timer = setTimeout(() => {
      req.destroy();
      finish({ status: null, error: `no answer within ${timeoutMs} ms` });
    }, timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) => {
      const refused = error.code === 'ETARGETREFUSED' || error instanceof TargetRefused;
      finish({ status: null, error: (refused ? `refused: ${error.message}` : `${error.code ?? 'error'}: ${error.message}`).slice(0, 300) });
    });
    req.end(body);
  });
}
