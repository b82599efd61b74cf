import { Injectable } from '@nestjs/common';
import { divisionAncestors, lookupDivision } from '@hutong/gb-codes';
import { AuditTrail, validationProblem } from '@hutong/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { IdentityError } from '../identity.errors';
import { IdentityChanges } from '../principals/identity-changes';
import { canChangeStatus, PRINCIPAL_CODE_PATTERN, type PrincipalStatus } from '../principals/principal';
import { PrincipalRepository } from '../principals/principal.repository';
import { LEVEL_RANK, type Agency } from './agency';
import type { AgencyDto, AgencyPageDto, AgencyQueryDto, AliasInputDto, CreateAgencyDto, UpdateAgencyDto } from './agency.dto';
import { AgencyRepository, type AgencyDetails, type NewAlias } from './agency.repository';

const DEFAULT_PAGE_SIZE = 50;
const CREDIT_CODE_SHAPE = /^[0-9A-Z]{18}$/;

/** The agency register: who may hold keys and call Hutong as an agency system. */
@Injectable()
export class AgencyService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly agencies: AgencyRepository,
    private readonly principals: PrincipalRepository,
    private readonly changes: IdentityChanges,
  ) {}

  async create(input: CreateAgencyDto, actor: string): Promise<AgencyDto> {
    const details: AgencyDetails = {
      level: input.level,
      parentCode: input.parentCode ?? null,
      divisionCode: input.divisionCode,
      roles: input.roles,
      contact: { ...input.contact },
      successorCode: null,
    };
    const created = await this.dataSource.transaction(async (manager) => {
      await this.checkParent(input.code, details, manager);
      const principal = await this.principals.insert(
        { id: input.code, kind: 'agency', name: input.name, createdBy: actor },
        manager,
      );
      if (!principal) throw new IdentityError('principal_exists', `A principal with code ${input.code} already exists.`);
      await this.agencies.insert(input.code, input.name, details, manager);
      await this.agencies.addAliases(input.code, (input.aliases ?? []).map(aliasFromInput), manager);
      return this.agencies.find(input.code, manager);
    });
    const view = toAgencyDto(required(created, input.code));
    AuditTrail.record({
      resource: 'agency',
      subjects: [{ kind: 'organization', value: input.code }],
      after: withoutContact(view),
    });
    return view;
  }

  /** For other libraries that need an agency's roles and status (not audited: nothing is disclosed). */
  find(code: string): Promise<Agency | undefined> {
    return this.agencies.find(code);
  }

  async get(code: string): Promise<AgencyDto> {
    const agency = await this.agencies.find(code);
    if (!agency) throw new IdentityError('principal_not_found', `There is no agency with code ${code}.`);
    AuditTrail.record({ resource: 'agency', subjects: [{ kind: 'organization', value: code }] });
    return toAgencyDto(agency);
  }

  async search(query: AgencyQueryDto): Promise<AgencyPageDto> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const byCode = query.q !== undefined && CREDIT_CODE_SHAPE.test(query.q);
    const found = await this.agencies.search({
      ...(byCode ? { code: query.q } : query.q !== undefined ? { name: query.q } : {}),
      ...(query.level ? { level: query.level } : {}),
      ...(query.parent ? { parentCode: query.parent } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.role ? { role: query.role } : {}),
      ...(query.division ? { divisionPrefix: query.division } : {}),
      ...(query.cursor ? { after: decodeCursor(query.cursor) } : {}),
      limit: limit + 1,
    });
    const page = found.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page.map(toAgencyDto), nextCursor: found.length > limit && last ? encodeCursor(last.code) : null };
  }

  async update(code: string, input: UpdateAgencyDto, expectedVersion: number | undefined): Promise<AgencyDto> {
    const updated = await this.dataSource.transaction(async (manager) => {
      const current = await this.agencies.lock(code, manager);
      if (!current) throw new IdentityError('principal_not_found', `There is no agency with code ${code}.`);
      if (expectedVersion !== undefined && expectedVersion !== current.version) {
        throw new IdentityError(
          'version_mismatch',
          `The agency is at version ${current.version}, not ${expectedVersion}; re-read it and retry.`,
        );
      }
      const status = this.nextStatus(current, input);
      const details = await this.nextDetails(current, input, status, manager);
      const name = input.name ?? current.name;
      const saved = await this.principals.update(code, current.version, { name, status }, manager);
      if (!saved) throw new IdentityError('version_mismatch', 'The agency changed while this update ran; re-read it and retry.');
      await this.agencies.update(code, name, details, manager);
      await this.agencies.addAliases(code, aliasesFromUpdate(current, input), manager);
      if (details.successorCode !== null && current.successorCode === null) {
        await this.agencies.addAliases(details.successorCode, mergedAliases(current), manager);
      }
      AuditTrail.record({
        resource: 'agency',
        subjects: [{ kind: 'organization', value: code }],
        before: withoutContact(toAgencyDto(current)),
      });
      return this.agencies.find(code, manager);
    });
    this.changes.changed(code);
    const view = toAgencyDto(required(updated, code));
    AuditTrail.record({ after: withoutContact(view) });
    return view;
  }

  private nextStatus(current: Agency, input: UpdateAgencyDto): PrincipalStatus {
    if (input.status === undefined || input.status === current.status) return current.status;
    if (!canChangeStatus(current.status, input.status)) {
      throw new IdentityError(
        'invalid_status_transition',
        `An agency that is ${current.status} cannot become ${input.status}${current.status === 'retired' ? ': retirement is final' : ''}.`,
      );
    }
    return input.status;
  }

  private async nextDetails(
    current: Agency,
    input: UpdateAgencyDto,
    status: PrincipalStatus,
    manager: EntityManager,
  ): Promise<AgencyDetails> {
    const details: AgencyDetails = {
      level: input.level ?? current.level,
      parentCode: input.parentCode === undefined ? current.parentCode : input.parentCode,
      divisionCode: input.divisionCode ?? current.divisionCode,
      roles: input.roles ?? current.roles,
      contact: input.contact ? { ...input.contact } : current.contact,
      successorCode: input.successorCode ?? current.successorCode,
    };
    if (input.parentCode !== undefined || input.level !== undefined || input.divisionCode !== undefined) {
      await this.checkParent(current.code, details, manager);
    }
    if (input.successorCode !== undefined) await this.checkSuccessor(current, input.successorCode, status, manager);
    return details;
  }

  /** A parent must exist, not be retired, sit above the child and cover the child's division. */
  private async checkParent(code: string, details: AgencyDetails, manager: EntityManager): Promise<void> {
    if (details.parentCode === null) return;
    const invalid = (message: string): never => {
      throw new IdentityError('invalid_parent', message, { errors: [{ field: 'parentCode', rule: 'invalid_parent', message }] });
    };
    const parent = await this.agencies.find(details.parentCode, manager);
    if (!parent) return invalid(`There is no agency with code ${details.parentCode}.`);
    if (parent.status === 'retired') invalid(`The parent agency ${parent.code} is retired.`);
    if (LEVEL_RANK[parent.level] >= LEVEL_RANK[details.level]) {
      invalid(`A ${details.level}-level agency cannot sit under a ${parent.level}-level agency.`);
    }
    const covered =
      parent.divisionCode === details.divisionCode ||
      divisionAncestors(details.divisionCode).some((d) => d.code === parent.divisionCode);
    if (!covered) invalid(`The parent's division ${parent.divisionCode} does not contain division ${details.divisionCode}.`);
    if (await this.agencies.isSelfOrAncestor(code, parent.code, manager)) {
      invalid(`${parent.code} is ${code} itself or one of its descendants; the hierarchy would form a cycle.`);
    }
  }

  private async checkSuccessor(
    current: Agency,
    successorCode: string,
    status: PrincipalStatus,
    manager: EntityManager,
  ): Promise<void> {
    const invalid = (message: string): never => {
      throw new IdentityError('invalid_successor', message, {
        errors: [{ field: 'successorCode', rule: 'invalid_successor', message }],
      });
    };
    if (status !== 'retired') invalid('successorCode is only set when the agency is retired (merged into another).');
    if (current.successorCode !== null && current.successorCode !== successorCode) {
      invalid(`The agency was already merged into ${current.successorCode}.`);
    }
    if (successorCode === current.code) invalid('An agency cannot be merged into itself.');
    const successor = await this.agencies.find(successorCode, manager);
    if (!successor || successor.status === 'retired')
      invalid(`The successor ${successorCode} must be an existing agency that is not retired.`);
  }
}

/** The audit log is permanent: a contact person's name, phone and e-mail are personal data and stay out. */
function withoutContact(view: AgencyDto): Omit<AgencyDto, 'contact'> {
  const { contact: _contact, ...rest } = view;
  return rest;
}

function aliasFromInput(input: AliasInputDto): NewAlias {
  const validFrom = input.validFrom === undefined ? null : new Date(input.validFrom);
  const validTo = input.validTo === undefined ? null : new Date(input.validTo);
  if (validFrom && validTo && validFrom > validTo) {
    throw validationProblem([{ field: 'aliases.validTo', rule: 'valid_range', message: 'validTo must not be before validFrom' }]);
  }
  return { name: input.name, validFrom, validTo, reason: 'alias', note: input.note ?? null };
}

/** A rename keeps the old name as an alias, valid from the previous rename (or creation) until now. */
function aliasesFromUpdate(current: Agency, input: UpdateAgencyDto): NewAlias[] {
  const added = (input.addAliases ?? []).map(aliasFromInput);
  if (input.name === undefined || input.name === current.name) return added;
  const lastRename = current.aliases
    .filter((a) => a.reason === 'renamed')
    .map((a) => a.validTo)
    .filter((d): d is Date => d !== null);
  const validFrom = lastRename.length > 0 ? new Date(Math.max(...lastRename.map((d) => d.getTime()))) : current.createdAt;
  return [{ name: current.name, validFrom, validTo: new Date(), reason: 'renamed', note: `renamed to ${input.name}` }, ...added];
}

/** On a merge the successor becomes findable under every name of the retired agency. */
function mergedAliases(retired: Agency): NewAlias[] {
  const now = new Date();
  const names = [retired.name, ...retired.aliases.map((a) => a.name)];
  return [...new Set(names)].map((name) => ({
    name,
    validFrom: null,
    validTo: now,
    reason: 'merged',
    note: `merged from ${retired.code}`,
  }));
}

function required(agency: Agency | undefined, code: string): Agency {
  if (!agency) throw new Error(`agency ${code} vanished inside its own transaction`);
  return agency;
}

function encodeCursor(code: string): string {
  return Buffer.from(code, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string {
  const code = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!PRINCIPAL_CODE_PATTERN.test(code)) {
    throw validationProblem([
      { field: 'cursor', rule: 'cursor', message: 'cursor must be a nextCursor value from a previous page' },
    ]);
  }
  return code;
}

export function toAgencyDto(agency: Agency): AgencyDto {
  return {
    code: agency.code,
    name: agency.name,
    level: agency.level,
    parentCode: agency.parentCode,
    divisionCode: agency.divisionCode,
    divisionName: lookupDivision(agency.divisionCode)?.name ?? null,
    roles: [...agency.roles],
    status: agency.status,
    contact: { ...agency.contact },
    successorCode: agency.successorCode,
    aliases: agency.aliases.map((alias) => ({
      name: alias.name,
      validFrom: alias.validFrom?.toISOString() ?? null,
      validTo: alias.validTo?.toISOString() ?? null,
      reason: alias.reason,
      note: alias.note,
    })),
    version: agency.version,
    createdAt: agency.createdAt.toISOString(),
    updatedAt: agency.updatedAt.toISOString(),
  };
}
