/**
 * `npm start -- --monitoring`: a local Prometheus scraping every service's /metrics with the
 * project's alert rules (deploy/prometheus/alerts.yml), when a `prometheus` binary is on PATH
 * (Debian: `apt-get install prometheus`). Its data lives under .data/prometheus.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';

export interface ScrapeTarget {
  /** The service's job name (`miw-<service>`) and the address of its /metrics. */
  job: string;
  address: string;
}

export interface Monitoring {
  url: string;
  stop(): Promise<void>;
}

/** The Prometheus configuration for `targets` (one job per service), with the rules file given by its absolute path. */
export function prometheusConfig(targets: ScrapeTarget[], rulesFile: string): string {
  const jobs = new Map<string, ScrapeTarget[]>();
  for (const target of targets) jobs.set(target.job, [...(jobs.get(target.job) ?? []), target]);
  return stringify({
    global: { scrape_interval: '5s', evaluation_interval: '15s' },
    rule_files: [rulesFile],
    scrape_configs: [...jobs].map(([job, list]) => ({
      job_name: job,
      // No target labels: every series carries its own service and region labels.
      static_configs: [{ targets: list.map((t) => t.address) }],
    })),
  });
}

export const prometheusAvailable = (): boolean => spawnSync('prometheus', ['--version'], { stdio: 'ignore' }).status === 0;

/** Starts Prometheus on 127.0.0.1:`port`; resolves once it answers /-/ready. */
export async function startPrometheus({ targets, root, port, say }: { targets: ScrapeTarget[]; root: string; port: number; say: (line: string) => void }): Promise<Monitoring> {
  const dir = path.join(root, '.data', 'prometheus');
  mkdirSync(path.join(dir, 'data'), { recursive: true });
  const config = path.join(dir, 'prometheus.yml');
  writeFileSync(config, prometheusConfig(targets, path.join(root, 'deploy', 'prometheus', 'alerts.yml')));
  const child: ChildProcess = spawn('prometheus', [`--config.file=${config}`, `--storage.tsdb.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--storage.tsdb.retention.time=2d'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const tail: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => tail.push(...String(chunk).split('\n').filter(Boolean).slice(-5)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}: ${tail.slice(-5).join(' | ')}`);
    const ready = await fetch(`${url}/-/ready`).then((r) => r.ok, () => false);
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('prometheus did not get ready within 30 s');
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  say(`monitoring: Prometheus ${url} scraping ${targets.length} services with ${path.join('deploy', 'prometheus', 'alerts.yml')}`);
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}
