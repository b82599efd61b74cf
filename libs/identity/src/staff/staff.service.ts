import { Injectable } from '@nestjs/common';
import { IdentityError } from '../identity.errors';
import { IdentityChanges } from '../principals/identity-changes';
import { canChangeStatus, type Principal } from '../principals/principal';
import { PrincipalLookup } from '../principals/principal-lookup';
import { PrincipalRepository } from '../principals/principal.repository';
import type { CreateStaffDto, PrincipalDto, PrincipalPageDto, UpdateStaffDto } from './staff.dto';

export type StaffKind = 'operator' | 'reviewer';

const DEFAULT_PAGE_SIZE = 50;
/** Operators and security reviewers: people-held principals managed by operators. */
@Injectable()
export class StaffService {
  constructor(
    private readonly principals: PrincipalRepository,
    private readonly lookup: PrincipalLookup,
    private readonly changes: IdentityChanges,
  ) {}

  async create(kind: StaffKind, input: CreateStaffDto, actor: string | null): Promise<PrincipalDto> {
    const created = await this.principals.insert({ id: input.code, kind, name: input.name, createdBy: actor });
    if (!created) throw new IdentityError('principal_exists', `A principal with code ${input.code} already exists.`);
    return toPrincipalDto(created);
  }

  async get(kind: StaffKind, code: string): Promise<PrincipalDto> {
    return toPrincipalDto(await this.lookup.require(code, kind));
  }

  async list(kind: StaffKind, limit = DEFAULT_PAGE_SIZE, after?: string): Promise<PrincipalPageDto> {
    const found = await this.principals.listByKind(kind, limit + 1, after);
    const page = found.slice(0, limit);
    return { items: page.map(toPrincipalDto), nextCursor: found.length > limit ? (page[page.length - 1]?.id ?? null) : null };
  }

  async update(kind: StaffKind, code: string, input: UpdateStaffDto, actor: string): Promise<PrincipalDto> {
    const current = await this.lookup.require(code, kind);
    if (input.status !== undefined && input.status !== current.status && !canChangeStatus(current.status, input.status)) {
      throw new IdentityError('invalid_status_transition', `A ${kind} that is ${current.status} cannot become ${input.status}.`);
    }
    if (code === actor && input.status !== undefined && input.status !== 'active') {
      // An operator locking themselves out by mistake would leave nobody to undo it.
      throw new IdentityError('invalid_status_transition', 'You cannot suspend or retire yourself; ask another operator.');
    }
    const updated = await this.principals.update(code, current.version, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.status !== undefined ? { status: input.status } : {}),
    });
    if (!updated) throw new IdentityError('version_mismatch', `The ${kind} changed while this update ran; re-read it and retry.`);
    this.changes.changed(code);
    return toPrincipalDto(updated);
  }
}

export function toPrincipalDto(principal: Principal): PrincipalDto {
  return {
    code: principal.id,
    kind: principal.kind,
    name: principal.name,
    status: principal.status,
    version: principal.version,
    createdAt: principal.createdAt.toISOString(),
    updatedAt: principal.updatedAt.toISOString(),
  };
}
