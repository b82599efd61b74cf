import { Body, Controller, Delete, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access } from '@hutong/platform';
import { CurrentCaller } from '../guard/caller.decorator';
import { KeyDto, KeyListDto, RegisterKeyDto } from '../keys/key.dto';
import { KeyService } from '../keys/key.service';
import type { Caller } from '../principals/principal';
import { MeDto, TokenInfoDto } from './me.dto';
import { MeService } from './me.service';

/**
 * Every principal manages its own keys (rotation without waiting for an operator). Changing keys
 * needs a token that asked for the `keys` scope by name.
 */
@ApiTags('me')
@Access({ kinds: ['agency', 'operator', 'reviewer'] })
@Controller('me')
export class MeController {
  constructor(
    private readonly me: MeService,
    private readonly keys: KeyService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Who the access token belongs to, with its scopes and expiry' })
  @ApiOkResponse({ type: MeDto })
  describe(@CurrentCaller() caller: Caller): Promise<MeDto> {
    return this.me.describe(caller);
  }

  @Get('check')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Does the gateway accept this token? 204 if so, the usual 401 problem if not; nothing else is done',
    description: 'For health checks of agency clients, and the route the token-verify benchmark loads.',
  })
  @ApiNoContentResponse({ description: 'The token is valid and its principal and key are active' })
  check(): void {
    // The access guard has done all the work by the time this runs.
  }

  @Get('token')
  @ApiOperation({
    summary: 'What the gateway read from your access token, without touching the database',
    description:
      'Useful to check scopes and expiry; every check of the access guard (signature, status, revocation) has passed when this answers.',
  })
  @ApiOkResponse({ type: TokenInfoDto })
  token(@CurrentCaller() caller: Caller): TokenInfoDto {
    return {
      sub: caller.principalId,
      kind: caller.kind,
      scopes: [...caller.scopes],
      clientKeyId: caller.clientKeyId,
      tokenId: caller.tokenId,
      expiresAt: caller.expiresAt.toISOString(),
    };
  }

  @Get('keys')
  @ApiOperation({ summary: 'Your registered keys' })
  @ApiOkResponse({ type: KeyListDto })
  async listKeys(@CurrentCaller() caller: Caller): Promise<KeyListDto> {
    return { items: await this.keys.list(ownerOf(caller)) };
  }

  @Post('keys')
  @Access({ kinds: ['agency', 'operator', 'reviewer'], scopes: ['keys'] })
  @ApiOperation({ summary: 'Register a new public key of your own (rotation: add the new key, then revoke the old one)' })
  @ApiCreatedResponse({ type: KeyDto })
  async registerKey(
    @Body() input: RegisterKeyDto,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<KeyDto> {
    const key = await this.keys.register(ownerOf(caller), input, caller.principalId);
    void reply.status(201).header('location', `/me/keys/${key.kid}`);
    return key;
  }

  @Delete('keys/:kid')
  @Access({ kinds: ['agency', 'operator', 'reviewer'], scopes: ['keys'] })
  @ApiOperation({ summary: 'Revoke one of your keys at once' })
  @ApiOkResponse({ type: KeyDto })
  revokeKey(@Param('kid') kid: string, @CurrentCaller() caller: Caller): Promise<KeyDto> {
    return this.keys.revoke(ownerOf(caller), kid, caller.principalId);
  }
}

function ownerOf(caller: Caller): { principalId: string; kind: Caller['kind'] } {
  return { principalId: caller.principalId, kind: caller.kind };
}
