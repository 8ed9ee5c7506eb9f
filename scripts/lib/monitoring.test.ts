import { parse } from 'yaml';
import { prometheusConfig } from './monitoring';

describe('prometheusConfig', () => {
  it('groups targets by job and loads the rules file', () => {
    const config = parse(
      prometheusConfig(
        [
          { job: 'miw-gateway', address: '127.0.0.1:4000' },
          { job: 'miw-gateway', address: '127.0.0.1:4100' },
          { job: 'miw-sync-worker', address: '127.0.0.1:4200' },
        ],
        '/repo/deploy/prometheus/alerts.yml',
      ),
    ) as { rule_files: string[]; scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[] };
    expect(config.rule_files).toEqual(['/repo/deploy/prometheus/alerts.yml']);
    expect(config.scrape_configs).toEqual([
      { job_name: 'miw-gateway', static_configs: [{ targets: ['127.0.0.1:4000', '127.0.0.1:4100'] }] },
      { job_name: 'miw-sync-worker', static_configs: [{ targets: ['127.0.0.1:4200'] }] },
    ]);
  });
});
