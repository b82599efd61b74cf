import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access } from '../http/access.decorator';
import { CheckResultDto, LivenessDto, ReadinessReportDto } from './health.dto';
import { HealthRegistry } from './health.registry';

@ApiTags('operations')
@ApiExtraModels(CheckResultDto)
@Controller('health')
export class HealthController {
  constructor(private readonly registry: HealthRegistry) {}

  @Get('live')
  @Access({ public: true })
  @HttpCode(200)
  @ApiOperation({ summary: 'Liveness: the process is running and serving HTTP' })
  @ApiOkResponse({ type: LivenessDto, description: 'The process is up' })
  live(): LivenessDto {
    return { status: 'ok' };
  }

  @Get('ready')
  @Access({ public: true })
  @ApiOperation({ summary: 'Readiness: every dependency (database, Kafka when configured) answers' })
  @ApiOkResponse({ type: ReadinessReportDto, description: 'Every dependency answered' })
  @ApiServiceUnavailableResponse({
    type: ReadinessReportDto,
    description: 'A dependency is down or the gateway is shutting down',
  })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadinessReportDto> {
    const report = await this.registry.readiness();
    void reply.status(report.status === 'ready' ? 200 : 503).header('cache-control', 'no-store');
    return report;
  }
}
