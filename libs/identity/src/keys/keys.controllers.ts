import { Body, Controller, Delete, Get, Param, Post, Res, type Type } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access } from '@hutong/platform';
import { CurrentCaller } from '../guard/caller.decorator';
import type { Caller, PrincipalKind } from '../principals/principal';
import { KeyDto, KeyListDto, RegisterKeyDto } from './key.dto';
import { KeyService } from './key.service';

/** Operators manage the keys of every principal: /admin/{agencies|operators|reviewers}/{code}/keys. */
function adminKeysController(kind: PrincipalKind, collection: string): Type {
  @ApiTags('admin')
  @Access({ kinds: ['operator'], scopes: ['admin'] })
  @Controller(`admin/${collection}/:code/keys`)
  class AdminKeysController {
    constructor(private readonly keys: KeyService) {}

    @Post()
    @ApiOperation({ summary: `Register a public key (JWK) for a ${kind}`, operationId: `register_${kind}_key` })
    @ApiCreatedResponse({ type: KeyDto })
    async register(
      @Param('code') code: string,
      @Body() input: RegisterKeyDto,
      @CurrentCaller() caller: Caller,
      @Res({ passthrough: true }) reply: FastifyReply,
    ): Promise<KeyDto> {
      const key = await this.keys.register({ principalId: code, kind }, input, caller.principalId);
      void reply.status(201).header('location', `/admin/${collection}/${code}/keys/${key.kid}`);
      return key;
    }

    @Get()
    @ApiOperation({ summary: `List a ${kind}'s keys with their status`, operationId: `list_${kind}_keys` })
    @ApiOkResponse({ type: KeyListDto })
    async list(@Param('code') code: string): Promise<KeyListDto> {
      return { items: await this.keys.list({ principalId: code, kind }) };
    }

    @Delete(':kid')
    @ApiOperation({
      summary: `Revoke a ${kind}'s key at once (tokens obtained with it stop working)`,
      operationId: `revoke_${kind}_key`,
    })
    @ApiOkResponse({ type: KeyDto })
    revoke(@Param('code') code: string, @Param('kid') kid: string, @CurrentCaller() caller: Caller): Promise<KeyDto> {
      return this.keys.revoke({ principalId: code, kind }, kid, caller.principalId);
    }
  }
  Object.defineProperty(AdminKeysController, 'name', {
    value: `Admin${collection[0]?.toUpperCase()}${collection.slice(1)}KeysController`,
  });
  return AdminKeysController;
}

export const AgencyKeysController = adminKeysController('agency', 'agencies');
export const OperatorKeysController = adminKeysController('operator', 'operators');
export const ReviewerKeysController = adminKeysController('reviewer', 'reviewers');
