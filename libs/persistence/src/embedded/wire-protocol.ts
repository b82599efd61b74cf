/**
 * Just enough of the PostgreSQL v3 wire protocol to multiplex client connections onto PGlite's
 * single backend session: message framing, the pre-startup requests, and ReadyForQuery status.
 */
export const SSL_REQUEST_CODE = 80877103;
export const GSSENC_REQUEST_CODE = 80877104;
export const CANCEL_REQUEST_CODE = 80877102;
export const PROTOCOL_3_0 = 196608;

/** Frontend message types that end a query cycle: the backend answers them with ReadyForQuery. */
export const SYNC = 0x53; // 'S'
export const SIMPLE_QUERY = 0x51; // 'Q'
export const TERMINATE = 0x58; // 'X'
export const FLUSH = 0x48; // 'H'
export const COPY_DATA = 0x64; // 'd'
export const COPY_DONE = 0x63; // 'c'
export const COPY_FAIL = 0x66; // 'f'
export const PASSWORD_MESSAGE = 0x70; // 'p'

const READY_FOR_QUERY = 0x5a; // 'Z'

export type TransactionStatus = 'I' | 'T' | 'E';

/** An ErrorResponse the client's driver understands, for refusals made before PGlite is involved. */
/** AuthenticationCleartextPassword: the client must answer with a PasswordMessage ('p'). */
export function cleartextPasswordRequest(): Buffer {
  const message = Buffer.alloc(9);
  message.writeUInt8(0x52, 0); // 'R'
  message.writeInt32BE(8, 1);
  message.writeInt32BE(3, 5);
  return message;
}

export function errorResponse(sqlState: string, message: string, severity: 'ERROR' | 'FATAL' = 'FATAL'): Buffer {
  const fields = [`S${severity}`, `V${severity}`, `C${sqlState}`, `M${message}`].map((f) => Buffer.from(`${f}\0`, 'utf8'));
  const body = Buffer.concat([...fields, Buffer.from([0])]);
  const header = Buffer.alloc(5);
  header.writeUInt8(0x45, 0); // 'E'
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

/**
 * Follows backend output across arbitrary chunk boundaries and remembers the status byte of the
 * last ReadyForQuery seen — which tells whether the session is idle ('I'), in a transaction ('T')
 * or in a failed transaction ('E').
 */
export class ReadyForQueryScanner {
  private header = Buffer.alloc(0);
  private remainingBody = 0;
  private currentType = 0;
  lastStatus: TransactionStatus | undefined;

  reset(): void {
    this.lastStatus = undefined;
  }

  feed(chunk: Uint8Array): void {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.remainingBody > 0) {
        const take = Math.min(this.remainingBody, chunk.length - offset);
        if (this.currentType === READY_FOR_QUERY && take > 0 && this.remainingBody === 1) {
          this.lastStatus = String.fromCharCode(chunk[offset] ?? 0x49) as TransactionStatus;
        }
        this.remainingBody -= take;
        offset += take;
        continue;
      }
      const need = 5 - this.header.length;
      const take = Math.min(need, chunk.length - offset);
      this.header = Buffer.concat([this.header, chunk.subarray(offset, offset + take)]);
      offset += take;
      if (this.header.length === 5) {
        this.currentType = this.header[0] ?? 0;
        this.remainingBody = this.header.readInt32BE(1) - 4;
        this.header = Buffer.alloc(0);
      }
    }
  }
}
