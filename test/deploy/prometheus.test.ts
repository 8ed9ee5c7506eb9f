/**
 * The alert rules: `promtool check rules` and `promtool test rules` (Debian's `prometheus` package
 * ships promtool; .ci/run installs it when missing). Without promtool the rules are still parsed
 * and checked for what every alert must carry.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const dir = join(__dirname, '../../deploy/prometheus');
const promtool = spawnSync('promtool', ['--version']).status === 0;

interface Rule {
  alert?: string;
  expr: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
const groups = (parse(readFileSync(join(dir, 'alerts.yml'), 'utf8')) as { groups: { name: string; rules: Rule[] }[] }).groups;
const alerts = groups.flatMap((g) => g.rules).filter((r) => r.alert);

describe('alert rules', () => {
  it('every alert has a severity, a summary and a runbook section in docs/operations.md', () => {
    const operations = readFileSync(join(__dirname, '../../docs/operations.md'), 'utf8');
    for (const rule of alerts) {
      expect({ alert: rule.alert, severity: rule.labels?.severity }).toEqual({ alert: rule.alert, severity: expect.stringMatching(/^(page|ticket)$/) });
      expect(rule.annotations?.summary).toBeTruthy();
      const anchor = `runbook-${rule.alert!.toLowerCase()}`;
      expect(rule.annotations?.runbook).toBe(`docs/operations.md#${anchor}`);
      expect({ alert: rule.alert, documented: operations.includes(`<a id="${anchor}"></a>`) }).toEqual({ alert: rule.alert, documented: true });
    }
  });

  it('every alert has a promtool unit test', () => {
    const tests = readFileSync(join(dir, 'alerts.test.yml'), 'utf8');
    for (const rule of alerts) expect({ alert: rule.alert, tested: tests.includes(`alertname: ${rule.alert}\n`) }).toEqual({ alert: rule.alert, tested: true });
  });

  const withPromtool = promtool ? it : it.skip;
  if (!promtool) process.stderr.write('promtool is not installed (apt-get install prometheus): skipping promtool check/test rules\n');

  withPromtool('pass promtool check rules', () => {
    expect(execFileSync('promtool', ['check', 'rules', 'alerts.yml'], { cwd: dir, encoding: 'utf8' })).toMatch(/SUCCESS: \d+ rules found/);
  });

  withPromtool('pass promtool test rules', () => {
    const run = spawnSync('promtool', ['test', 'rules', 'alerts.test.yml'], { cwd: dir, encoding: 'utf8' });
    expect(`${run.stdout}${run.stderr}`).toMatch(/SUCCESS/);
    expect(run.status).toBe(0);
  });

  withPromtool('the scrape configuration is valid', () => {
    expect(spawnSync('promtool', ['check', 'config', 'prometheus.yml'], { cwd: dir, encoding: 'utf8' }).status).toBe(0);
  });
});
