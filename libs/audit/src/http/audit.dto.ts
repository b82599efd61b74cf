import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';

const SUBJECT_KINDS = ['citizen', 'organization', 'record', 'agency'] as const;

export class EntryQueryDto {
  /** Entries recorded at or after this instant (ISO 8601). */
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  /** Entries recorded before this instant. */
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  /** Principal code: an agency's credit code, an operator's or reviewer's code. */
  @IsOptional()
  @Matches(/^[0-9A-Za-z][0-9A-Za-z._-]{1,63}$/, { message: 'principal must be a principal code' })
  principal?: string;

  /** The key id the principal's token was obtained with. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9._:-]{1,128}$/, { message: 'keyId must be a key id' })
  keyId?: string;

  @IsOptional()
  @IsString()
  @Length(1, 200)
  action?: string;

  @IsOptional()
  @IsIn(['attempted', 'allowed', 'denied', 'error'])
  @ApiProperty({ enum: ['attempted', 'allowed', 'denied', 'error'], required: false })
  outcome?: string;

  @IsOptional()
  @IsString()
  @Length(1, 200)
  resource?: string;

  /** The clear identifier (e.g. a citizen ID); the server hashes it with the audit key to search. */
  @IsOptional()
  @IsString()
  @Length(1, 100)
  subject?: string;

  @IsOptional()
  @IsIn(SUBJECT_KINDS)
  @ApiProperty({ enum: SUBJECT_KINDS, required: false })
  subjectKind?: (typeof SUBJECT_KINDS)[number];

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  /** `nextCursor` of the previous page. */
  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: 'cursor must be a nextCursor value from a previous page' })
  cursor?: string;
}

export class SeqRangeDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  from?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  to?: number;
}

export class ExportQueryDto extends SeqRangeDto {
  @IsOptional()
  @IsIn(['ndjson', 'csv'])
  @ApiProperty({ enum: ['ndjson', 'csv'], required: false, description: 'ndjson (verifiable offline, default) or csv' })
  format?: 'ndjson' | 'csv';
}

export class EntryPageDto {
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  items!: Array<Record<string, unknown>>;
  nextCursor!: string | null;
}

export class VerificationDto {
  ok!: boolean;
  checked!: number;
  checkpointsChecked!: number;
  /** Entries after the last checkpoint (vouched for by the chain only, not yet signed). */
  unsignedEntries!: number;
  firstSeq!: number | null;
  lastSeq!: number | null;
  headHash!: string;
  @ApiProperty({ required: false, type: Object, additionalProperties: true, description: 'The first problem: seq, kind, detail' })
  problem?: { seq: number; kind: string; detail: string };
}

export class CheckpointDto {
  seq!: number;
  headHash!: string;
  createdAt!: string;
  kid!: string;
  /** Compact JWS over {chain, seq, headHash, createdAt}, signed with an audit key (GET /audit/keys). */
  jws!: string;
}

export class StatsRowDto {
  day!: string;
  principal!: string | null;
  resource!: string | null;
  requests!: number;
  records!: number;
  denials!: number;
}

export class AlertQueryDto {
  /** Denials within 10 minutes that raise an alert (default 20). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  denials?: number;

  /** Distinct subjects within an hour that raise an alert (default 200). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  subjects?: number;

  /** How many times its usual hourly volume a principal may reach (default 5). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  volumeFactor?: number;

  /** The least hourly volume that can raise a volume alert (default 100). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  volumeMinimum?: number;
}

export class AlertDto {
  @ApiProperty({ example: 'denial_burst', description: 'denial_burst, enumeration, volume_spike or outside_grant' })
  rule!: string;
  principal!: string;
  observed!: number;
  threshold!: number;
  window!: string;
  explanation!: string;
}
