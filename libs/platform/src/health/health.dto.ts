import { ApiProperty } from '@nestjs/swagger';

export class LivenessDto {
  @ApiProperty({ enum: ['ok'] })
  status!: 'ok';
}

export class CheckResultDto {
  @ApiProperty({ enum: ['up', 'down'] })
  status!: 'up' | 'down';

  @ApiProperty({ required: false, description: 'How long the check took' })
  latencyMs?: number;

  @ApiProperty({ required: false, type: Object, additionalProperties: true })
  detail?: Record<string, unknown>;

  @ApiProperty({ required: false, description: 'Why the check failed' })
  error?: string;
}

export class ReadinessReportDto {
  @ApiProperty({ enum: ['ready', 'unavailable', 'shutting_down'] })
  status!: 'ready' | 'unavailable' | 'shutting_down';

  @ApiProperty({ type: Object, additionalProperties: { $ref: '#/components/schemas/CheckResultDto' } })
  checks!: Record<string, CheckResultDto>;
}
