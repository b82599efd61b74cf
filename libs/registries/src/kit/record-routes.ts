import type { FastifyReply } from 'fastify';
import { etagOf } from '@hutong/platform';
import type { RecordView } from './record-views';
import type { WriteResult } from './registry-record.service';

/** Read answers carry the record version as ETag: send it back as If-Match to write. */
export function withRecordEtag(view: RecordView, reply: FastifyReply): RecordView {
  void reply.header('etag', etagOf(view.version));
  return view;
}

/** 201 with Location for a new record, 200 otherwise; the ETag of the version written. */
export function writeReply(result: WriteResult, location: string, reply: FastifyReply): WriteResult {
  void reply.status(result.outcome === 'created' ? 201 : 200).header('etag', etagOf(result.version));
  if (result.outcome === 'created') void reply.header('location', location);
  return result;
}
