/** Ports for the end-to-end tests that start the whole system with `npm start` on a port base. */
import net from 'node:net';

/** Whether nothing listens on `port`. */
export const isFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '0.0.0.0', () => s.close(() => resolve(true)));
  });

/**
 * A port base whose ports `npm start` uses are free: the EU services on base..base+5, CN on
 * base+50..base+55, base+95..base+96 (the web clients) and base+97..base+99 (the mail sink and the
 * sync worker).
 */
export async function freeBase(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    // Below the kernel's ephemeral range (32768+), where parallel tests' port-0 listeners land.
    const base = 20000 + Math.floor(Math.random() * 120) * 100;
    const ports = [...Array(6).keys()].flatMap((i) => [base + i, base + 50 + i]).concat(base + 95, base + 96, base + 97, base + 98, base + 99);
    if ((await Promise.all(ports.map(isFree))).every(Boolean)) return base;
  }
  throw new Error('no free port range');
}
