import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A pass-through HTTP proxy on loopback that records every request line, so a test can see what a
 * real client (GDAL) asked the gateway for — query strings included, which the access log omits.
 */
export class RecordingProxy {
  readonly urls: string[] = [];
  private server: Server | undefined;

  constructor(private readonly targetPort: number) {}

  async start(): Promise<string> {
    this.server = createServer((incoming, outgoing) => {
      this.urls.push(incoming.url ?? '');
      const forwarded = request(
        { host: '127.0.0.1', port: this.targetPort, method: incoming.method, path: incoming.url, headers: incoming.headers },
        (response) => {
          outgoing.writeHead(response.statusCode ?? 502, response.headers);
          response.pipe(outgoing);
        },
      );
      forwarded.on('error', () => outgoing.destroy());
      incoming.pipe(forwarded);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
