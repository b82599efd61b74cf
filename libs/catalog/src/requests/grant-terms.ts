import { validationProblem } from '@hutong/platform';
import { CatalogError, unknownItems } from '../catalog.errors';
import type { ResourceMetadata } from '../resources/resource';
import { scopeWithin, type Quota, type RowScope } from '../grants/grant';
import type { ApprovalDto, CreateAccessRequestDto } from './access-request.dto';
import type { Application } from './access-request';

const DAY_MS = 24 * 3600 * 1000;

export interface ApplicationContext {
  readonly maxDays: number;
  readonly now: Date;
  /** The entry is hidden from the consumer (不予共享): item names are neither confirmed nor denied. */
  readonly hidden: boolean;
  /** Going straight to coordination: 不予共享 items may be asked for. */
  readonly escalating: boolean;
}

/** Checks what a consumer asks for against the entry: items exist and are shareable, rows can be scoped, the period is sane. */
export function applicationFrom(
  input: CreateAccessRequestDto,
  code: string,
  metadata: ResourceMetadata,
  context: ApplicationContext,
): Application {
  const { maxDays, now } = context;
  const byCode = new Map(metadata.items.map((item) => [item.code, item]));
  const unknown = input.items.filter((item) => !byCode.has(item));
  if (unknown.length > 0 && !context.hidden) throw unknownItems(unknown, 'items', code);
  const unshareable = input.items.filter((item) => byCode.get(item)?.sharingType === 'none');
  if (unshareable.length > 0 && !context.escalating) {
    throw new CatalogError(
      'item_not_shareable',
      `Items ${unshareable.join(', ')} of ${code} are 不予共享. If your duties require them, send the request with "escalate": true for coordination.`,
      { errors: unshareable.map((item) => ({ field: 'items', rule: 'not_shareable', message: `"${item}" is 不予共享` })) },
    );
  }
  const rowScope = rowScopeFor(input.rowScope, metadata, code);
  const validFrom = input.validFrom === undefined ? now : new Date(input.validFrom);
  const validTo = new Date(input.validTo);
  checkPeriod(validFrom, validTo, maxDays, now, 'validTo');
  return {
    purpose: input.purpose,
    basis: input.basis,
    items: input.items,
    rowScope,
    validFrom: validFrom.toISOString(),
    validTo: validTo.toISOString(),
    note: input.note ?? null,
  };
}

export interface GrantTerms {
  readonly items: readonly string[];
  readonly maskedItems: readonly string[];
  readonly rowScope: RowScope | null;
  readonly validFrom: Date;
  readonly validTo: Date;
  readonly quota: Quota | null;
}

/** What an approval grants: the request, narrowed as the approver says, never widened. */
export function termsFrom(application: Application, approval: ApprovalDto, metadata: ResourceMetadata, code: string): GrantTerms {
  const items = approval.items ?? [...application.items];
  const unknown = items.filter((item) => !metadata.items.some((known) => known.code === item));
  if (unknown.length > 0) throw unknownItems(unknown, 'items', code);
  const wider = items.filter((item) => !application.items.includes(item));
  if (wider.length > 0) {
    throw new CatalogError('narrowing_only', `Items ${wider.join(', ')} were not requested; an approval cannot add them.`, {
      errors: wider.map((item) => ({ field: 'items', rule: 'not_requested', message: `"${item}" was not requested` })),
    });
  }
  const maskedItems = approval.maskedItems ?? [];
  const unapproved = maskedItems.filter((item) => !items.includes(item));
  if (unapproved.length > 0) {
    throw validationProblem(
      unapproved.map((item) => ({ field: 'maskedItems', rule: 'not_approved', message: `"${item}" is not an approved item` })),
    );
  }
  const rowScope = approval.rowScope === undefined ? application.rowScope : rowScopeFor(approval.rowScope, metadata, code);
  if (!scopeWithin(rowScope, application.rowScope)) {
    throw new CatalogError('narrowing_only', 'The approved row scope reaches beyond the rows requested.', {
      errors: [{ field: 'rowScope.divisions', rule: 'not_requested', message: 'each division must lie inside a requested one' }],
    });
  }
  const validFrom = approval.validFrom === undefined ? new Date(application.validFrom) : new Date(approval.validFrom);
  const validTo = approval.validTo === undefined ? new Date(application.validTo) : new Date(approval.validTo);
  if (validFrom < new Date(application.validFrom) || validTo > new Date(application.validTo)) {
    throw new CatalogError('narrowing_only', 'The approved period reaches beyond the period requested.', {
      errors: [
        {
          field: 'validTo',
          rule: 'not_requested',
          message: `the request runs ${application.validFrom} – ${application.validTo}`,
        },
      ],
    });
  }
  if (validTo <= validFrom || validTo <= new Date()) {
    throw validationProblem([
      {
        field: 'validTo',
        rule: 'future',
        message: 'the grant must end after it starts and in the future; the requested period may have passed',
      },
    ]);
  }
  const quota =
    approval.quota === undefined
      ? null
      : { recordsPerDay: approval.quota.recordsPerDay ?? null, requestsPerDay: approval.quota.requestsPerDay ?? null };
  return { items, maskedItems, rowScope, validFrom, validTo, quota };
}

function rowScopeFor(input: { divisions: string[] } | undefined, metadata: ResourceMetadata, code: string): RowScope | null {
  if (input === undefined) return null;
  if (metadata.scopeItem === null) {
    throw validationProblem([
      {
        field: 'rowScope',
        rule: 'not_scopable',
        message: `the rows of ${code} cannot be scoped by division; leave rowScope out`,
      },
    ]);
  }
  return { divisions: input.divisions };
}

function checkPeriod(validFrom: Date, validTo: Date, maxDays: number, now: Date, field: string): void {
  if (validTo <= validFrom || validTo <= now) {
    throw validationProblem([{ field, rule: 'future', message: 'validTo must be in the future and after validFrom' }]);
  }
  if (validTo.getTime() - validFrom.getTime() > maxDays * DAY_MS) {
    throw validationProblem([{ field, rule: 'max_period', message: `a grant runs for at most ${maxDays} days` }]);
  }
}
