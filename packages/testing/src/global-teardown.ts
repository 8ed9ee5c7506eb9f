/** jest globalTeardown: drop this run's databases, stop what global setup started. */
import { dropRunDatabases } from './infra';

export default async function globalTeardown(): Promise<void> {
  const infra = globalThis.__miwInfra;
  if (!infra) return;
  globalThis.__miwInfra = undefined;
  await dropRunDatabases(infra.pgUrl, infra.runId).catch((e: unknown) => process.stderr.write(`[test-infra] cleanup failed: ${String(e)}\n`));
  await infra.kafka?.stop();
  await infra.pg?.stop();
}
