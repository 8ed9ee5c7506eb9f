/** Process and stream helpers of the embedded server: environment, output lines, liveness, signals. */
import { readFileSync } from 'node:fs';

/** Receives output and lifecycle messages, one line per call. */
export type Log = (line: string) => void;

export function childEnv(): NodeJS.ProcessEnv {
  // C messages: start-up detection reads them; TZ only seeds initdb's postgresql.conf.
  return { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C', TZ: 'UTC' };
}

export function forwardLines(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
  if (!stream) return;
  let buffered = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buffered += chunk;
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl).trimEnd();
      buffered = buffered.slice(nl + 1);
      if (line) onLine(line);
    }
  });
  stream.on('end', () => {
    if (buffered.trim()) onLine(buffered.trimEnd());
    buffered = '';
  });
}

export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (process.platform === 'linux') {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

export async function within(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const result = await Promise.race([promise.then(() => true as const), timeout]);
  clearTimeout(timer);
  return result;
}
