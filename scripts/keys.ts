/**
 * npm run keys -- <init|rotate|retire|status> --file <keys.json> [--publish-delay 1h] [--token-lifetime 15m]
 * The production access-token key set: staged rotation (see scripts/lib/key-tool.ts and the
 * runbook in docs/operations.md). Exit codes: 0 done, 1 failure, 2 refused, 64 usage.
 */
import { runKeyTool } from './lib/key-tool';

runKeyTool(process.argv.slice(2)).then(
  ({ code, message }) => {
    (code === 0 ? process.stdout : process.stderr).write(`${message}\n`);
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`keys failed: ${(error as Error).message}\n`);
    process.exitCode = 1;
  },
);
