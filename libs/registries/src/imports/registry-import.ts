export const IMPORT_FORMATS = ['ndjson', 'csv', 'geojson', 'geojson-seq'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
export type ImportState = 'queued' | 'running' | 'completed' | 'failed';

/** A bulk import: the file's identity (hash, size), where it stands, and its counts so far. */
export interface RegistryImport {
  readonly id: string;
  readonly registry: string;
  readonly agencyCode: string;
  readonly format: ImportFormat;
  readonly contentSha256: string;
  readonly bytes: number;
  readonly reason: string | null;
  readonly state: ImportState;
  readonly rowsRead: number;
  readonly rowsCreated: number;
  readonly rowsUpdated: number;
  readonly rowsUnchanged: number;
  readonly rowsRejected: number;
  readonly failure: string | null;
  readonly createdAt: Date;
  readonly startedAt: Date | null;
  readonly finishedAt: Date | null;
}

export interface ImportProgress {
  readonly rowsRead: number;
  readonly rowsCreated: number;
  readonly rowsUpdated: number;
  readonly rowsUnchanged: number;
  readonly rowsRejected: number;
}

/** One bad row: its line in the file (1-based; a CSV header is line 1) and what is wrong. */
export interface RowError {
  readonly line: number;
  readonly field: string;
  readonly rule: string;
  readonly message: string;
}
