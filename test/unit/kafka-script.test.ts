/** The project's Kafka script explains what to do when it cannot run a broker here. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const SCRIPT = path.resolve(__dirname, '..', '..', 'tools', 'kafka', 'kafka-local.sh');

describe('tools/kafka/kafka-local.sh', () => {
  it('names the alternatives when Java is missing, and starts nothing', () => {
    const res = spawnSync('bash', [SCRIPT, 'start'], {
      env: { ...process.env, JAVA_HOME: '/nonexistent-java', KAFKA_PORT: '49991', KAFKA_CONTROLLER_PORT: '49992' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(res.status).not.toBe(0);
    expect(res.stderr).toMatch(/Java not found/);
    expect(res.stderr).toMatch(/openjdk-17/);
    expect(res.stderr).toMatch(/KAFKA_BROKERS/);
  });

  it('rejects an unknown command with its usage', () => {
    const res = spawnSync('bash', [SCRIPT, 'explode'], { encoding: 'utf8' });
    expect(res.status).not.toBe(0);
    expect(res.stderr + res.stdout).toMatch(/usage/i);
  });
});
