/**
 * The Grafana dashboards: committed JSON equal to what deploy/grafana/dashboards.ts renders, and
 * every panel query valid PromQL (checked by promtool as recording rules, when it is installed).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { DASHBOARDS, metricsOf, render } from '../../deploy/grafana/dashboards';

const dir = join(__dirname, '../../deploy/grafana/dashboards');
const queries = DASHBOARDS.flatMap((d) => d.rows.flatMap((r) => r.panels.flatMap((p) => p.queries.map((query) => ({ dashboard: d.uid, panel: p.title, expr: query.expr })))));

describe('Grafana dashboards', () => {
  it('are committed as rendered (npm run dashboards)', () => {
    for (const d of DASHBOARDS) expect(JSON.parse(readFileSync(join(dir, `${d.uid}.json`), 'utf8'))).toEqual(render(d));
  });

  it('cover the five areas, each panel naming at least one metric of ours or the process', () => {
    expect(DASHBOARDS.map((d) => d.uid)).toEqual(['miw-overview', 'miw-gateway', 'miw-sync', 'miw-commerce', 'miw-notifications']);
    for (const query of queries) expect({ ...query, metrics: metricsOf(query.expr).length + (/\b(up|process_|nodejs_)/.test(query.expr) ? 1 : 0) > 0 }).toMatchObject({ metrics: true });
  });

  const promtool = spawnSync('promtool', ['--version']).status === 0;
  (promtool ? it : it.skip)('every panel query is valid PromQL (promtool)', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'miw-dashboards-'));
    try {
      const rules = queries.map((query, i) => ({ record: `miw:dashboard_query:${i}`, expr: query.expr.replaceAll('$region', 'eu') }));
      writeFileSync(join(tmp, 'queries.yml'), stringify({ groups: [{ name: 'dashboards', rules }] }));
      const run = spawnSync('promtool', ['check', 'rules', 'queries.yml'], { cwd: tmp, encoding: 'utf8' });
      expect(`${run.stdout}${run.stderr}`).toMatch(/SUCCESS/);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
