/**
 * The development mailbox: login codes appended as JSON lines to a file, so a developer (or a
 * test) can log in without an email provider. Never in production (the service refuses to start).
 */
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { CodeDelivery } from './domain/identity';

export function fileMailbox(file: string): CodeDelivery {
  return async (email, code) => {
    await mkdir(path.dirname(file), { recursive: true });
    await appendFile(file, `${JSON.stringify({ at: new Date().toISOString(), to: email, subject: 'Your MadeInWorld login code', code })}\n`, { mode: 0o600 });
  };
}
