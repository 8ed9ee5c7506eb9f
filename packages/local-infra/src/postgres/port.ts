/** The server's TCP port on 127.0.0.1: free before start, named in the error when taken. */
import * as net from 'node:net';

export function portTakenError(port: number): Error {
  return new Error(
    `embedded PostgreSQL: port ${port} on 127.0.0.1 is already in use (another PostgreSQL or service listens there). ` +
      `Stop it or choose another port.`,
  );
}

export function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? portTakenError(port) : new Error(`embedded PostgreSQL: cannot use port ${port}: ${error.message}`));
    });
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve()));
  });
}
