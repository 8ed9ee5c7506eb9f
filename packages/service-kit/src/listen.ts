/** Listening on a port, with an error that names the service and the port when it is taken. */
import type http from 'node:http';

/** Listens, naming the service and port when the port is taken. */
export function listenOn(server: http.Server, port: number, host: string, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new PortInUseError(name, port) : error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

export class PortInUseError extends Error {
  constructor(
    readonly service: string,
    readonly port: number,
  ) {
    super(`${service}: port ${port} is already in use (set another port in the environment, or stop what holds it)`);
    this.name = 'PortInUseError';
  }
}
