import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentCaller, type Caller } from '@hutong/identity';
import { Access } from '@hutong/platform';
import type { RegistryBinding } from './registry-binding';
import { RegistryBindingRepository } from './registry-bindings.repository';
import { RegistryDirectory } from './registry-directory';
import { InstallRegistryDto } from './registry.dto';
import { RegistryInstaller } from './registry-installer';

@ApiTags('registries')
@Controller()
export class RegistriesAdminController {
  constructor(
    private readonly installer: RegistryInstaller,
    private readonly directory: RegistryDirectory,
    private readonly bindings: RegistryBindingRepository,
  ) {}

  @Post('admin/registries/:registry')
  @Access({ kinds: ['operator'], scopes: ['admin'] })
  @ApiOperation({
    summary: 'Install a registry: publish its catalog entries (records, verification) for the provider and bind its contributors',
  })
  async install(
    @Param('registry') registry: string,
    @Body() body: InstallRegistryDto,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RegistryBinding> {
    const { binding, created } = await this.installer.install(caller, registry, {
      providerCode: body.providerCode,
      contributors: body.contributors ?? {},
    });
    void reply.status(created ? 201 : 200);
    return binding;
  }

  @Get('registries')
  @Access({ kinds: ['agency', 'operator', 'reviewer'] })
  @ApiOperation({ summary: 'The registries of this deployment and the catalog entries to request access to' })
  async list(): Promise<{ items: Array<RegistryBinding | { registry: string; installed: false }> }> {
    const items = [];
    for (const code of this.directory.codes()) {
      items.push((await this.bindings.find(code)) ?? { registry: code, installed: false as const });
    }
    return { items };
  }
}
