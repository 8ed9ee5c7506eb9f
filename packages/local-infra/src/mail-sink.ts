/**
 * The development and test SMTP sink: a real SMTP server (no auth, no TLS, a size limit) that
 * accepts every message, parses it, and keeps it under `dir` as `<id>.eml` (the raw message) and
 * `<id>.json` (what a person or a test reads). A small HTTP page lists the messages and shows one;
 * `/messages.json` answers the same list for scripts. The notify service sends to it over SMTP
 * exactly as it sends to a real relay in production, so the real mail path runs every day.
 *
 * It listens on 127.0.0.1 by default and must never face the internet: anyone who can reach it
 * can read every stored message (login codes included).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Server as NetServer } from 'node:net';
import path from 'node:path';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

export interface SinkMessage {
  id: string;
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  /** When the sink received it (ISO 8601). */
  date: string;
}

export interface MailSink {
  /** smtp://host:port: the SMTP_URL to give a mailer. */
  smtpUrl: string;
  /** The page listing the messages. */
  httpUrl: string;
  /** Every stored message, oldest first. */
  messages(): Promise<SinkMessage[]>;
  /** The first stored message `match` accepts (polling the folder); rejects after `timeoutMs` (default 15 s). */
  waitForMessage(match: (m: SinkMessage) => boolean, timeoutMs?: number): Promise<SinkMessage>;
  close(): Promise<void>;
}

export interface MailSinkOptions {
  /** Where messages are stored (created when missing). */
  dir: string;
  /** 0 (default) picks a free port; the URLs name the real one. */
  smtpPort?: number;
  httpPort?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Largest accepted message in bytes (default 10 MiB). */
  maxBytes?: number;
}

const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
/** Message ids are generated here; anything else in a URL is refused before touching the disk. */
const MESSAGE_ID = /^\d{13}-[0-9a-f]{8}$/;

/** Starts the sink; resolves once both servers listen. */
export async function startMailSink({ dir, smtpPort = 0, httpPort = 0, host = '127.0.0.1', maxBytes = DEFAULT_MAX_BYTES }: MailSinkOptions): Promise<MailSink> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: maxBytes,
    banner: 'MadeInWorld development mail sink',
    logger: false,
    onData: (stream, session, callback) => {
      receive(dir, stream, session).then(
        () => callback(),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    },
  });
  // A client dropping its connection mid-message is an ordinary event, not a crash.
  smtp.on('error', () => undefined);
  const http = createServer((req, res) => {
    serve(dir, req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('internal error');
    });
  });
  const smtpAddress = await listen(smtp.server, smtpPort, host);
  const httpAddress = await listen(http, httpPort, host);
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const messages = () => listMessages(dir);
  return {
    smtpUrl: `smtp://${urlHost}:${smtpAddress.port}`,
    httpUrl: `http://${urlHost}:${httpAddress.port}/`,
    messages,
    async waitForMessage(match, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = (await messages()).find(match);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no matching message arrived in the mail sink within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async close() {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

function listen(server: Server | NetServer, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/** Reads one message from the SMTP data stream, stores it raw and parsed. */
async function receive(dir: string, stream: SMTPServerDataStream, session: SMTPServerSession): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  if (stream.sizeExceeded) {
    throw Object.assign(new Error('message exceeds the size limit of this sink'), { responseCode: 552 });
  }
  const raw = Buffer.concat(chunks);
  const parsed = await simpleParser(raw);
  const id = `${Date.now()}-${randomBytes(4).toString('hex')}`;
  const envelopeTo = session.envelope.rcptTo.map((r) => r.address);
  const message: SinkMessage = {
    id,
    to: envelopeTo.length ? envelopeTo : addresses(parsed.to),
    from: parsed.from?.value[0]?.address ?? (session.envelope.mailFrom ? session.envelope.mailFrom.address : ''),
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : '',
    date: new Date().toISOString(),
  };
  await writeFile(path.join(dir, `${id}.eml`), raw, { mode: 0o600 });
  // The .json is written last: a reader that sees it finds the .eml too.
  await writeFile(path.join(dir, `${id}.json`), JSON.stringify(message, null, 2), { mode: 0o600 });
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  if (!field) return [];
  return (Array.isArray(field) ? field : [field]).flatMap((a) => a.value.map((v) => v.address ?? '')).filter(Boolean);
}

async function listMessages(dir: string): Promise<SinkMessage[]> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.json')).sort();
  const messages: SinkMessage[] = [];
  for (const name of names) {
    try {
      messages.push(JSON.parse(await readFile(path.join(dir, name), 'utf8')) as SinkMessage);
    } catch {
      // A file being written or edited by hand: skipped, never fatal.
    }
  }
  return messages;
}

// ---- the page ----

const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Nothing on the page may load or run anything, whatever a message contains. */
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-src 'self'; img-src data:",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, ...SECURITY_HEADERS });
  res.end(body);
}

const layout = (title: string, body: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>` +
  'body{font-family:system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse;width:100%}' +
  'td,th{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #ddd}pre{white-space:pre-wrap;background:#f6f6f6;padding:1rem}' +
  'iframe{width:100%;height:32rem;border:1px solid #ddd}</style></head><body>' +
  body +
  '</body></html>';

async function serve(dir: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'method not allowed');
  const url = new URL(req.url ?? '/', 'http://sink');
  if (url.pathname === '/messages.json') return send(res, 200, 'application/json', JSON.stringify(await listMessages(dir)));
  if (url.pathname === '/') {
    const rows = (await listMessages(dir))
      .reverse()
      .map((m) => `<tr><td>${escapeHtml(m.date)}</td><td>${escapeHtml(m.to.join(', '))}</td><td><a href="/messages/${escapeHtml(m.id)}">${escapeHtml(m.subject || '(no subject)')}</a></td></tr>`)
      .join('');
    return send(res, 200, 'text/html', layout('Mailbox', `<h1>Development mailbox</h1><table><tr><th>Received</th><th>To</th><th>Subject</th></tr>${rows}</table>`));
  }
  const match = /^\/messages\/([^/]+?)(\/html)?$/.exec(url.pathname);
  const id = match?.[1];
  if (!id || !MESSAGE_ID.test(id)) return send(res, 404, 'text/plain', 'not found');
  const message = (await listMessages(dir)).find((m) => m.id === id);
  if (!message) return send(res, 404, 'text/plain', 'not found');
  // The HTML part is served on its own URL into a sandboxed frame (no scripts, no same origin).
  if (match[2]) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...SECURITY_HEADERS, 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox" });
    res.end(message.html);
    return;
  }
  const html = message.html ? `<h2>HTML</h2><iframe sandbox src="/messages/${escapeHtml(message.id)}/html"></iframe>` : '';
  return send(
    res,
    200,
    'text/html',
    layout(
      message.subject,
      `<p><a href="/">&larr; all messages</a></p><h1>${escapeHtml(message.subject || '(no subject)')}</h1>` +
        `<p>From ${escapeHtml(message.from)} to ${escapeHtml(message.to.join(', '))}, ${escapeHtml(message.date)}</p>` +
        `<h2>Text</h2><pre>${escapeHtml(message.text)}</pre>${html}`,
    ),
  );
}
