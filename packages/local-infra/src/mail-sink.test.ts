import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTransport } from 'nodemailer';
import { startMailSink, type MailSink } from './mail-sink';

describe('the development SMTP sink', () => {
  let dir: string;
  let sink: MailSink;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'miw-sink-'));
    sink = await startMailSink({ dir, maxBytes: 64 * 1024 });
  });
  afterAll(async () => {
    await sink?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const transport = () => createTransport(sink.smtpUrl);

  it('accepts a message over SMTP, parses it and stores it as .eml and .json', async () => {
    expect(sink.smtpUrl).toMatch(/^smtp:\/\/127\.0\.0\.1:\d+$/);
    await transport().sendMail({ from: 'MadeInWorld <no-reply@madeinworld.dev>', to: 'ada@partner.dev', subject: '你好 <Ada>', text: 'plain body', html: '<p>html <b>body</b></p>' });
    const message = await sink.waitForMessage((m) => m.to.includes('ada@partner.dev'));
    expect(message).toMatchObject({ from: 'no-reply@madeinworld.dev', subject: '你好 <Ada>', text: 'plain body', html: '<p>html <b>body</b></p>' });
    const files = await readdir(dir);
    expect(files).toEqual(expect.arrayContaining([`${message.id}.eml`, `${message.id}.json`]));
  });

  it('serves the list, one message escaped, its HTML in a sandbox, and /messages.json', async () => {
    await transport().sendMail({ from: 'x@madeinworld.dev', to: 'eve@partner.dev', subject: '<script>alert(1)</script>', text: '<img src=x onerror=alert(1)>', html: '<script>alert(2)</script>' });
    const message = await sink.waitForMessage((m) => m.to.includes('eve@partner.dev'));
    const list = await fetch(sink.httpUrl);
    const page = await list.text();
    expect(list.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toContain('<script>');
    const one = await (await fetch(new URL(`/messages/${message.id}`, sink.httpUrl))).text();
    expect(one).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(one).toContain('<iframe sandbox');
    const html = await fetch(new URL(`/messages/${message.id}/html`, sink.httpUrl));
    expect(html.headers.get('content-security-policy')).toContain('sandbox');
    const json = (await (await fetch(new URL('/messages.json', sink.httpUrl))).json()) as { id: string }[];
    expect(json.map((m) => m.id)).toContain(message.id);
    for (const bad of ['/messages/../../etc/passwd', '/messages/..%2Fetc%2Fpasswd', '/messages/1', '/nope']) {
      expect((await fetch(new URL(bad, sink.httpUrl))).status).toBe(404);
    }
    expect((await fetch(sink.httpUrl, { method: 'POST' })).status).toBe(405);
  });

  it('refuses a message over its size limit and stores nothing', async () => {
    const before = (await sink.messages()).length;
    await expect(transport().sendMail({ from: 'x@madeinworld.dev', to: 'big@partner.dev', subject: 'big', text: 'x'.repeat(200 * 1024) })).rejects.toThrow();
    expect((await sink.messages()).length).toBe(before);
  });

  it('times out waiting for a message that never comes', async () => {
    await expect(sink.waitForMessage((m) => m.subject === 'never', 200)).rejects.toThrow(/within 200 ms/);
  });
});
