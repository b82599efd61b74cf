import { Body, Controller, Get, Param, Patch, Post, Query, Res, type Type } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access } from '@hutong/platform';
import { CurrentCaller } from '../guard/caller.decorator';
import type { Caller } from '../principals/principal';
import { CreateStaffDto, PrincipalDto, PrincipalPageDto, StaffQueryDto, UpdateStaffDto } from './staff.dto';
import { StaffService, type StaffKind } from './staff.service';

/** The same four routes for operators and for reviewers, managed by operators. */
function staffController(kind: StaffKind, collection: string, label: string): Type {
  @ApiTags('admin')
  @Access({ kinds: ['operator'], scopes: ['admin'] })
  @Controller(`admin/${collection}`)
  class StaffController {
    constructor(private readonly staff: StaffService) {}

    @Post()
    @ApiOperation({ summary: `Create a ${label}`, operationId: `create_${kind}` })
    @ApiCreatedResponse({ type: PrincipalDto })
    async create(
      @Body() input: CreateStaffDto,
      @CurrentCaller() caller: Caller,
      @Res({ passthrough: true }) reply: FastifyReply,
    ): Promise<PrincipalDto> {
      const created = await this.staff.create(kind, input, caller.principalId);
      void reply.status(201).header('location', `/admin/${collection}/${created.code}`);
      return created;
    }

    @Get()
    @ApiOperation({ summary: `List ${label}s`, operationId: `list_${kind}s` })
    @ApiOkResponse({ type: PrincipalPageDto })
    list(@Query() query: StaffQueryDto): Promise<PrincipalPageDto> {
      return this.staff.list(kind, query.limit, query.cursor);
    }

    @Get(':code')
    @ApiOperation({ summary: `One ${label}`, operationId: `get_${kind}` })
    @ApiOkResponse({ type: PrincipalDto })
    get(@Param('code') code: string): Promise<PrincipalDto> {
      return this.staff.get(kind, code);
    }

    @Patch(':code')
    @ApiOperation({ summary: `Rename, suspend, reactivate or retire a ${label}`, operationId: `update_${kind}` })
    @ApiOkResponse({ type: PrincipalDto })
    update(@Param('code') code: string, @Body() input: UpdateStaffDto, @CurrentCaller() caller: Caller): Promise<PrincipalDto> {
      return this.staff.update(kind, code, input, caller.principalId);
    }
  }
  Object.defineProperty(StaffController, 'name', { value: `${kind[0]?.toUpperCase()}${kind.slice(1)}sController` });
  return StaffController;
}

export const OperatorsController = staffController('operator', 'operators', 'operator');
export const ReviewersController = staffController('reviewer', 'reviewers', 'security reviewer');
