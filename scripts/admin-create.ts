/**
 * npm run admin:create -- --email <email> --region <eu|cn> [--name <name>] [--locale en|zh-CN] [--force]
 * Creates (or promotes) the first admin with DATABASE_URL; works with NODE_ENV=production. See
 * subgraphs/auth/src/admin-cli.ts for the exit codes and docs/operations.md for the first start.
 */
import { runAdminCreate } from '@miw/subgraph-auth/admin';

runAdminCreate(process.argv.slice(2), process.env).then(
  ({ code, message }) => {
    (code === 0 ? process.stdout : process.stderr).write(`${message}\n`);
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`admin:create failed: ${(error as Error).message}\n`);
    process.exitCode = 1;
  },
);
