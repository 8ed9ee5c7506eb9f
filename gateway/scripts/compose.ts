/** npm run compose: writes gateway/supergraph.graphql (commit it). Exits 1 on composition errors. */
import { writeFileSync } from 'node:fs';
import { composeSupergraph } from '../src/compose';
import { SUPERGRAPH_FILE } from '../src/subgraphs';

const { supergraphSdl, errors, hints } = composeSupergraph();
if (!supergraphSdl) {
  process.stderr.write(`composition failed:\n${errors.map((e) => `  - ${e}`).join('\n')}\n`);
  process.exit(1);
}
for (const hint of hints) process.stderr.write(`hint: ${hint}\n`);
writeFileSync(SUPERGRAPH_FILE, supergraphSdl.endsWith('\n') ? supergraphSdl : `${supergraphSdl}\n`);
process.stdout.write(`wrote ${SUPERGRAPH_FILE}\n`);
