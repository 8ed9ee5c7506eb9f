/**
 * The local Kafka broker (tools/kafka/kafka-local.sh: Apache Kafka from Maven Central, KRaft,
 * run with the machine's Java). Used when KAFKA_BROKERS is not set.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const SCRIPT = path.join(REPO_ROOT, 'tools', 'kafka', 'kafka-local.sh');

export interface LocalKafkaOptions {
  port: number;
  controllerPort: number;
  /** Receives the script's output lines. */
  log?: (line: string) => void;
}

export interface LocalKafkaHandle {
  brokers: string[];
  stop(): Promise<void>;
}

function run(command: string, { port, controllerPort, log }: LocalKafkaOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [SCRIPT, command], {
      env: { ...process.env, KAFKA_PORT: String(port), KAFKA_CONTROLLER_PORT: String(controllerPort) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let tail = '';
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      tail = (tail + text).slice(-4000);
      for (const line of text.split('\n')) if (line.trim()) log?.(line);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`kafka-local.sh ${command} failed (exit ${code}):\n${tail}`))));
  });
}

/** Starts (or reuses) the local broker on `port`; `stop()` stops it only if this call started it. */
export async function startLocalKafka(options: LocalKafkaOptions): Promise<LocalKafkaHandle> {
  let wasRunning = false;
  try {
    await run('status', { ...options, log: () => undefined });
    wasRunning = true;
  } catch {
    wasRunning = false;
  }
  await run('start', options);
  let stopped: Promise<void> | undefined;
  return {
    brokers: [`127.0.0.1:${options.port}`],
    stop: () => (stopped ??= wasRunning ? Promise.resolve() : run('stop', options)),
  };
}
