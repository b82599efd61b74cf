import type { ChainedRecord } from '../chain/audit-record';
import type { AuditRepository } from '../store/audit.repository';

/**
 * An export, line by line. NDJSON carries what offline verification needs: the range's start and
 * predecessor hash, every link's exact canonical text, then the checkpoints. CSV is for reading.
 */
export async function* exportLines(
  repository: AuditRepository,
  format: 'ndjson' | 'csv',
  fromSeq: number,
  toSeq?: number,
): AsyncGenerator<string> {
  if (format === 'csv') {
    yield 'seq,recordedAt,action,outcome,principal,status,resource,recordCount,hash\n';
    for await (const link of repository.links(fromSeq, toSeq)) {
      const record = JSON.parse(link.canonical) as ChainedRecord;
      const e = record.entry;
      yield `${[record.seq, record.recordedAt, e.action, e.outcome, e.principal?.id ?? '', e.status ?? '', e.resource ?? '', e.recordCount ?? '', link.hash].map(csvField).join(',')}\n`;
    }
    return;
  }
  yield `${JSON.stringify({ type: 'range', fromSeq, prevHash: await repository.hashBefore(fromSeq) })}\n`;
  let lastSeq = fromSeq - 1;
  for await (const link of repository.links(fromSeq, toSeq)) {
    lastSeq = link.seq;
    yield `${JSON.stringify({ type: 'link', ...link })}\n`;
  }
  for (const checkpoint of await repository.checkpoints(fromSeq, lastSeq))
    yield `${JSON.stringify({ type: 'checkpoint', ...checkpoint })}\n`;
}

function csvField(value: unknown): string {
  const text = String(value);
  // Quote, and defuse spreadsheet formulas (CSV injection).
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\n]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe;
}
