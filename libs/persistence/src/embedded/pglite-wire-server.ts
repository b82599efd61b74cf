import { timingSafeEqual } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import {
  CANCEL_REQUEST_CODE,
  cleartextPasswordRequest,
  COPY_DATA,
  COPY_DONE,
  COPY_FAIL,
  errorResponse,
  FLUSH,
  GSSENC_REQUEST_CODE,
  PASSWORD_MESSAGE,
  PROTOCOL_3_0,
  ReadyForQueryScanner,
  SIMPLE_QUERY,
  SSL_REQUEST_CODE,
  SYNC,
  TERMINATE,
} from './wire-protocol';

/** The part of PGlite this server needs. */
export interface PgliteBackend {
  execProtocolRawStream(message: Uint8Array, options: { onRawData: (data: Uint8Array) => void }): Promise<void>;
  runExclusive<T>(fn: () => Promise<T>): Promise<T>;
  exec(sql: string): Promise<unknown>;
}

export interface PgliteWireServerOptions {
  readonly host: string;
  readonly port: number;
  readonly maxConnections: number;
  /**
   * Required from every client when set (cleartext over loopback, compared in constant time).
   * Without it anyone who can reach the port — any local user — could read and write the database.
   */
  readonly password?: string;
  readonly onError?: (error: unknown) => void;
}

interface Job {
  readonly connection: ClientConnection;
  readonly bytes: Buffer;
  /** True when the batch ends with Sync or Query, i.e. the backend will report its status. */
  readonly endsCycle: boolean;
}

/**
 * Serves one PGlite instance to many PostgreSQL clients (a connection pool).
 *
 * PGlite has a single backend session, so clients must take turns. @electric-sql/pglite-socket
 * (0.2.11, and still in 0.2.17) takes turns per *message* and pins a client only while a
 * transaction is open; between a client's Parse and its Bind another client's Parse replaces the
 * unnamed prepared statement ("unnamed prepared statement does not exist", or silently wrong rows),
 * and one failed message leaves its queue stuck for good (electric-sql/pglite#1046, PR #977).
 *
 * Here a client's turn is a whole query cycle — every message up to and including Sync or Query —
 * and the session stays with that client until the backend reports ReadyForQuery with status
 * idle ('I'). A client that disconnects mid-transaction has it rolled back. Errors end the
 * offending connection only; the scheduler always continues.
 */
export class PgliteWireServer {
  private server: Server | undefined;
  private readonly connections = new Set<ClientConnection>();
  private readonly sockets = new Set<Socket>();
  private readonly queue: Job[] = [];
  private owner: ClientConnection | undefined;
  private pumping = false;
  /** Set when the session may hold a transaction nobody will finish; cleared before the next job runs. */
  private rollbackNeeded = false;
  private readonly scanner = new ReadyForQueryScanner();

  constructor(
    private readonly db: PgliteBackend,
    private readonly options: PgliteWireServerOptions,
  ) {}

  async start(): Promise<number> {
    const server = createServer((socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('the embedded database server has no TCP address');
    return address.port;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    this.connections.clear();
    this.queue.length = 0;
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    if (this.connections.size >= this.options.maxConnections) {
      const refusal = errorResponse(
        '53300',
        `too many connections to the embedded database (limit ${this.options.maxConnections})`,
      );
      socket.end(refusal, () => socket.destroy());
      return;
    }
    socket.setNoDelay(true);
    const connection = new ClientConnection(socket, (job) => this.enqueue(job), this.options.password);
    this.connections.add(connection);
    socket.on('close', () => this.release(connection));
    socket.on('error', () => socket.destroy());
  }

  private enqueue(job: Job): void {
    this.queue.push(job);
    void this.pump();
  }

  /** Runs queued batches one at a time; while a client owns the session only its batches run. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (;;) {
        if (this.rollbackNeeded) await this.rollback();
        const job = this.nextJob();
        if (!job) break;
        await this.run(job);
      }
    } finally {
      this.pumping = false;
    }
  }

  private nextJob(): Job | undefined {
    const index = this.owner ? this.queue.findIndex((j) => j.connection === this.owner) : 0;
    if (index < 0 || index >= this.queue.length) return undefined;
    return this.queue.splice(index, 1)[0];
  }

  private async run(job: Job): Promise<void> {
    const { connection } = job;
    if (connection.closed) return;
    this.scanner.reset();
    try {
      await this.db.runExclusive(() =>
        this.db.execProtocolRawStream(job.bytes, {
          onRawData: (data) => {
            this.scanner.feed(data);
            // A copy: `data` may be a view of PGlite's memory, which the next output overwrites while
            // a socket under backpressure still holds the view queued (clients then read garbled rows).
            connection.write(Buffer.from(data));
          },
        }),
      );
    } catch (error) {
      this.options.onError?.(error);
      connection.socket.destroy();
      this.owner = undefined;
      this.rollbackNeeded = true;
      return;
    }
    const idle = job.endsCycle && this.scanner.lastStatus === 'I';
    this.owner = idle ? undefined : connection;
  }

  /** A client gone mid-transaction must not leave the single session stuck in it. */
  private release(connection: ClientConnection): void {
    connection.closed = true;
    this.connections.delete(connection);
    for (let i = this.queue.length - 1; i >= 0; i--) if (this.queue[i]?.connection === connection) this.queue.splice(i, 1);
    if (this.owner !== connection) return;
    this.owner = undefined;
    this.rollbackNeeded = true;
    void this.pump();
  }

  /** Runs inside the pump, so nothing else reaches the session in between. */
  private async rollback(): Promise<void> {
    this.rollbackNeeded = false;
    try {
      // PGlite's exec takes its own lock; it must not be wrapped in runExclusive.
      await this.db.exec('ROLLBACK');
    } catch {
      // No transaction was open: nothing to undo.
    }
  }
}

/** Splits one client's byte stream into protocol messages and groups them into query cycles. */
class ClientConnection {
  closed = false;
  private buffer: Buffer = Buffer.alloc(0);
  private started = false;
  private pending: Buffer[] = [];
  /** The startup message, held back from the backend until the client has sent the password. */
  private startupAwaitingPassword: Buffer | undefined;

  constructor(
    readonly socket: Socket,
    private readonly submit: (job: Job) => void,
    private readonly password: string | undefined,
  ) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
  }

  write(data: Uint8Array): void {
    if (!this.closed && this.socket.writable) this.socket.write(data);
  }

  private receive(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    while (!this.closed) {
      const consumed = this.started ? this.takeMessage() : this.takeStartup();
      if (consumed === 0) break;
    }
    // COPY … FROM STDIN streams CopyData with no Sync in sight; pass it on as it arrives.
    if (this.pending.length > 0 && this.pending.some((m) => m[0] === COPY_DATA)) this.flush(false);
  }

  private takeStartup(): number {
    if (this.buffer.length < 8) return 0;
    const length = this.buffer.readInt32BE(0);
    if (this.buffer.length < length) return 0;
    const code = this.buffer.readInt32BE(4);
    const message = this.buffer.subarray(0, length);
    this.buffer = this.buffer.subarray(length);
    if (code === SSL_REQUEST_CODE || code === GSSENC_REQUEST_CODE) {
      this.socket.write('N'); // No encryption on loopback; the client continues in clear.
    } else if (code === CANCEL_REQUEST_CODE) {
      this.socket.destroy(); // PGlite cannot interrupt a running statement.
    } else if (code === PROTOCOL_3_0) {
      this.started = true;
      if (this.password === undefined) {
        this.submit({ connection: this, bytes: Buffer.from(message), endsCycle: true });
      } else {
        this.startupAwaitingPassword = Buffer.from(message);
        this.socket.write(cleartextPasswordRequest());
      }
    } else {
      this.socket.end(errorResponse('08P01', `unsupported frontend protocol ${code >> 16}.${code & 0xffff}`));
      this.closed = true;
    }
    return length;
  }

  private takeMessage(): number {
    if (this.buffer.length < 5) return 0;
    const total = this.buffer.readInt32BE(1) + 1;
    if (this.buffer.length < total) return 0;
    const message = Buffer.from(this.buffer.subarray(0, total));
    this.buffer = this.buffer.subarray(total);
    const type = message[0];
    if (this.startupAwaitingPassword !== undefined) return this.checkPassword(message, total);
    if (type === TERMINATE) {
      this.flush(true);
      this.socket.end();
      return total;
    }
    this.pending.push(message);
    if (type === SYNC || type === SIMPLE_QUERY || type === COPY_DONE || type === COPY_FAIL) this.flush(true);
    else if (type === FLUSH) this.flush(false);
    return total;
  }

  private checkPassword(message: Buffer, consumed: number): number {
    const startup = this.startupAwaitingPassword;
    const expected = Buffer.from(`${this.password ?? ''}\0`, 'utf8');
    const sent = message.subarray(5);
    const matches = message[0] === PASSWORD_MESSAGE && sent.length === expected.length && timingSafeEqual(sent, expected);
    if (!matches || startup === undefined) {
      this.closed = true;
      this.socket.end(errorResponse('28P01', 'password authentication failed for the embedded database'));
      return consumed;
    }
    this.startupAwaitingPassword = undefined;
    this.submit({ connection: this, bytes: startup, endsCycle: true });
    return consumed;
  }

  private flush(endsCycle: boolean): void {
    if (this.pending.length === 0) return;
    const bytes = Buffer.concat(this.pending);
    this.pending = [];
    this.submit({ connection: this, bytes, endsCycle });
  }
}
