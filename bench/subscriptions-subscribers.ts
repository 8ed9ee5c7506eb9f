/**
 * The subscribers of bench/subscriptions.ts, in their own process (forked): N graphql-ws sockets
 * to the gateway, one subscription each, latency = receive time - the level's `updatedAt`.
 * Talks to the parent over IPC: `{ start }` -> `ready`; `{ report }` -> the figures.
 */
import WebSocket from 'ws';

interface Start {
  start: { url: string; n: number; tokens: string[]; storeId: string };
}
type Command = Start | { report: true } | { close: true };

const sockets: WebSocket[] = [];
/** updatedAt -> receive times (ms since epoch). */
const received = new Map<string, number[]>();
let errors = 0;

const QUERY = `subscription($s: ID!) { inventoryLevelChanged(storeId: $s) { onHand updatedAt product { name sku } } }`;

function open(url: string, token: string, storeId: string, i: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    sockets.push(ws);
    ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
    ws.on('message', (raw) => {
      const now = Date.now();
      const message = JSON.parse(String(raw)) as { type: string; payload?: { data?: { inventoryLevelChanged?: { updatedAt: string } }; errors?: unknown[] } };
      if (message.type === 'connection_ack') {
        ws.send(JSON.stringify({ type: 'subscribe', id: String(i), payload: { query: QUERY, variables: { s: storeId } } }));
        resolve();
      } else if (message.type === 'next') {
        const at = message.payload?.data?.inventoryLevelChanged?.updatedAt;
        if (!at) errors++;
        else {
          let list = received.get(at);
          if (!list) received.set(at, (list = []));
          list.push(now);
        }
      } else if (message.type === 'error') errors++;
    });
    ws.on('error', reject);
    ws.on('close', (code) => code !== 1000 && code !== 1001 && errors++);
  });
}

process.on('message', (command: Command) => {
  void (async () => {
    if ('start' in command) {
      const { url, n, tokens, storeId } = command.start;
      // Open in batches so the connection storm does not time out the handshakes.
      for (let i = 0; i < n; i += 50) await Promise.all(Array.from({ length: Math.min(50, n - i) }, (_, k) => open(url, tokens[(i + k) % tokens.length]!, storeId, i + k)));
      process.send!({ ready: true });
    } else if ('report' in command) {
      process.send!({ received: Object.fromEntries(received), errors });
    } else {
      for (const ws of sockets) ws.close(1000);
      process.exit(0);
    }
  })().catch((error: unknown) => process.send!({ failed: String(error) }));
});
