import { describe, expect, it } from 'vitest';
import type { SharingType } from '../resources/resource';
import { decide, DENIAL_REASONS, type Entitlement, type EntitlementQuestion, type EntitlementResource } from './entitlement';
import type { Grant } from './grant';

const NOW = new Date('2026-11-21T08:00:00Z');
const HOUR = 3600_000;
const PROVIDER = '11440100MB2C9249X3';
const A = '11440100MB2C92500H';
const B = '11440100MB2C92519D';

const resource = (overrides: Partial<EntitlementResource> = {}): EntitlementResource => ({
  code: '101001/000001',
  providerCode: PROVIDER,
  status: 'published',
  items: new Map<string, SharingType>([
    ['citizen_id', 'unconditional'],
    ['name', 'unconditional'],
    ['marital_status', 'conditional'],
    ['address', 'conditional'],
    ['case_notes', 'none'],
  ]),
  scopeItem: 'residence_division',
  ...overrides,
});

let nextId = 0;
const grant = (overrides: Partial<Grant> = {}): Grant => ({
  id: `00000000-0000-4000-8000-${String((nextId += 1)).padStart(12, '0')}`,
  requestId: '00000000-0000-4000-8000-000000000000',
  consumerCode: A,
  resourceCode: '101001/000001',
  providerCode: PROVIDER,
  items: ['marital_status'],
  rowScope: null,
  purpose: 'business_collaboration',
  validFrom: new Date(NOW.getTime() - HOUR),
  validTo: new Date(NOW.getTime() + HOUR),
  quota: null,
  maskedItems: [],
  coordinated: false,
  status: 'active',
  endedAt: null,
  endedBy: null,
  endReason: null,
  createdAt: new Date(NOW.getTime() - HOUR),
  ...overrides,
});

const ask = (overrides: Partial<EntitlementQuestion> = {}): EntitlementQuestion => ({
  principal: { id: A, kind: 'agency' },
  resourceCode: '101001/000001',
  at: NOW,
  ...overrides,
});
const noUsage = () => ({ requests: 0, records: 0 });

function reasonOf(decision: Entitlement): string {
  return decision.allowed ? `allowed:${decision.basis}` : decision.reason;
}

describe('entitlement decision', () => {
  it('lets the provider read every item, with no row limit', () => {
    const decision = decide(ask({ principal: { id: PROVIDER, kind: 'agency' } }), resource(), [], noUsage);
    expect(decision).toMatchObject({ allowed: true, basis: 'provider', rowScope: null });
    expect(decision.allowed && decision.items).toContain('case_notes');
  });

  it('lets any agency read unconditional items without a grant, and only those when it asks for everything', () => {
    expect(decide(ask({ items: ['citizen_id', 'name'] }), resource(), [], noUsage)).toMatchObject({
      allowed: true,
      basis: 'unconditional',
    });
    const everything = decide(ask(), resource(), [], noUsage);
    expect(everything).toMatchObject({ allowed: true, basis: 'unconditional', items: ['citizen_id', 'name'] });
  });

  it('refuses conditional items without a grant (no_grant)', () => {
    expect(reasonOf(decide(ask({ items: ['marital_status'] }), resource(), [], noUsage))).toBe('no_grant');
  });

  it('never gives operators or reviewers data, whatever the sharing type', () => {
    for (const kind of ['operator', 'reviewer'] as const) {
      expect(reasonOf(decide(ask({ principal: { id: 'ops-1', kind }, items: ['name'] }), resource(), [], noUsage))).toBe(
        'no_grant',
      );
    }
  });

  it('reads under a live grant: granted plus unconditional items, with its row scope, purpose and end', () => {
    const live = grant({ rowScope: { divisions: ['4401'] } });
    const decision = decide(ask(), resource(), [live], noUsage);
    expect(decision).toEqual({
      allowed: true,
      basis: 'grant',
      grantId: live.id,
      purpose: 'business_collaboration',
      items: ['citizen_id', 'name', 'marital_status'],
      masks: {},
      rowScope: { divisions: ['4401'] },
      scopeItem: 'residence_division',
      validTo: live.validTo.toISOString(),
    });
  });

  it('names the items not granted (item_not_granted), never 不予共享 ones as granted', () => {
    const decision = decide(ask({ items: ['marital_status', 'address', 'case_notes'] }), resource(), [grant()], noUsage);
    expect(decision).toMatchObject({ allowed: false, reason: 'item_not_granted', items: ['address', 'case_notes'] });
  });

  it("ignores another consumer's grant", () => {
    expect(reasonOf(decide(ask({ items: ['marital_status'] }), resource(), [grant({ consumerCode: B })], noUsage))).toBe(
      'no_grant',
    );
  });

  it('stops the moment the validity ends, and before it starts', () => {
    const ending = grant({ validTo: NOW });
    expect(reasonOf(decide(ask({ items: ['marital_status'] }), resource(), [ending], noUsage))).toBe('expired');
    const justBefore = { ...ask({ items: ['marital_status'] }), at: new Date(NOW.getTime() - 1) };
    expect(reasonOf(decide(justBefore, resource(), [ending], noUsage))).toBe('allowed:grant');
    const future = grant({ validFrom: new Date(NOW.getTime() + HOUR), validTo: new Date(NOW.getTime() + 2 * HOUR) });
    expect(reasonOf(decide(ask({ items: ['marital_status'] }), resource(), [future], noUsage))).toBe('no_grant');
  });

  it('says expired when the grant that covered the items ended, even with other grants live', () => {
    const ended = grant({ items: ['address'], status: 'expired', validTo: new Date(NOW.getTime() - HOUR) });
    expect(reasonOf(decide(ask({ items: ['address'] }), resource(), [grant(), ended], noUsage))).toBe('expired');
  });

  it('treats a revoked grant as none', () => {
    const revoked = grant({ status: 'revoked' });
    const decision = decide(ask({ items: ['marital_status'] }), resource(), [revoked], noUsage);
    expect(decision).toMatchObject({ allowed: false, reason: 'no_grant' });
    expect(!decision.allowed && decision.detail).toContain('revoked');
  });

  it('refuses rows outside the grant scope (out_of_scope) and allows rows inside', () => {
    const scoped = grant({ rowScope: { divisions: ['440103', '440104'] } });
    expect(reasonOf(decide(ask({ items: ['marital_status'], divisions: ['440106'] }), resource(), [scoped], noUsage))).toBe(
      'out_of_scope',
    );
    expect(
      reasonOf(decide(ask({ items: ['marital_status'], divisions: ['440103', '440104'] }), resource(), [scoped], noUsage)),
    ).toBe('allowed:grant');
  });

  it('refuses once the daily quota is used (quota_exceeded), counting requests and records', () => {
    const limited = grant({ quota: { requestsPerDay: 10, recordsPerDay: 100 } });
    const question = ask({ items: ['marital_status'] });
    expect(reasonOf(decide(question, resource(), [limited], () => ({ requests: 9, records: 99 })))).toBe('allowed:grant');
    expect(reasonOf(decide(question, resource(), [limited], () => ({ requests: 10, records: 0 })))).toBe('quota_exceeded');
    expect(reasonOf(decide(question, resource(), [limited], () => ({ requests: 0, records: 100 })))).toBe('quota_exceeded');
  });

  it('uses another live grant when the first is out of quota or scope', () => {
    const spent = grant({ quota: { requestsPerDay: 1, recordsPerDay: null } });
    const spare = grant({ quota: null, rowScope: { divisions: ['4401'] } });
    const decision = decide(ask({ items: ['marital_status'], divisions: ['440103'] }), resource(), [spent, spare], () => ({
      requests: 5,
      records: 0,
    }));
    expect(decision).toMatchObject({ allowed: true, grantId: spare.id });
  });

  it('reports the check the closest grant failed', () => {
    const narrow = grant({ items: ['address'] });
    const scoped = grant({ items: ['marital_status'], rowScope: { divisions: ['440103'] } });
    const decision = decide(ask({ items: ['marital_status'], divisions: ['440199'] }), resource(), [narrow, scoped], noUsage);
    expect(reasonOf(decision)).toBe('out_of_scope');
  });

  it('stops everything, even the provider and unconditional items, once the resource is retired', () => {
    const retired = resource({ status: 'retired' });
    expect(reasonOf(decide(ask({ items: ['name'] }), retired, [grant()], noUsage))).toBe('resource_retired');
    expect(reasonOf(decide(ask({ principal: { id: PROVIDER, kind: 'agency' } }), retired, [], noUsage))).toBe('resource_retired');
  });

  it('gives others nothing of an entry that is not published yet', () => {
    expect(reasonOf(decide(ask({ items: ['name'] }), resource({ status: 'draft' }), [], noUsage))).toBe('no_grant');
  });

  it('stops covering an item the entry has since made 不予共享 or dropped, unless the grant came from coordination', () => {
    const tightened = resource({
      items: new Map<string, SharingType>([
        ['citizen_id', 'unconditional'],
        ['marital_status', 'none'],
      ]),
    });
    const ordinary = grant({ items: ['marital_status', 'address'] });
    expect(decide(ask({ items: ['marital_status'] }), tightened, [ordinary], noUsage)).toMatchObject({
      allowed: false,
      reason: 'item_not_granted',
      items: ['marital_status'],
    });
    const everything = decide(ask(), tightened, [ordinary], noUsage);
    expect(everything.allowed && everything.items).toEqual(['citizen_id']);
    const coordinated = grant({ items: ['marital_status'], coordinated: true });
    expect(reasonOf(decide(ask({ items: ['marital_status'] }), tightened, [coordinated], noUsage))).toBe('allowed:grant');
  });

  it('refuses a row-scoped grant once the entry has no scope item to enforce it on', () => {
    const unscopable = resource({ scopeItem: null });
    const scoped = grant({ rowScope: { divisions: ['440103'] } });
    expect(reasonOf(decide(ask({ items: ['marital_status'] }), unscopable, [scoped], noUsage))).toBe('out_of_scope');
  });

  it('never answers an empty projection as unconditional', () => {
    const secret = resource({ items: new Map<string, SharingType>([['case_notes', 'none']]) });
    expect(reasonOf(decide(ask(), secret, [], noUsage))).toBe('no_grant');
    expect(reasonOf(decide(ask({ items: [] }), resource(), [], noUsage))).toBe('no_grant');
  });

  it('still gives the unconditional items when asked for everything and no grant fits the rows', () => {
    const scoped = grant({ rowScope: { divisions: ['440103'] } });
    const decision = decide(ask({ divisions: ['440106'] }), resource(), [scoped], noUsage);
    expect(decision).toMatchObject({ allowed: true, basis: 'unconditional', items: ['citizen_id', 'name'], rowScope: null });
  });

  it('produces every denial reason the API documents', () => {
    const seen = new Set<string>();
    const cases: Array<[EntitlementQuestion, EntitlementResource, Grant[], () => { requests: number; records: number }]> = [
      [ask({ items: ['marital_status'] }), resource(), [], noUsage],
      [ask({ items: ['marital_status'] }), resource(), [grant({ validTo: NOW })], noUsage],
      [ask({ items: ['address'] }), resource(), [grant()], noUsage],
      [
        ask({ items: ['marital_status'], divisions: ['510104'] }),
        resource(),
        [grant({ rowScope: { divisions: ['4401'] } })],
        noUsage,
      ],
      [
        ask({ items: ['marital_status'] }),
        resource(),
        [grant({ quota: { requestsPerDay: 1, recordsPerDay: null } })],
        () => ({ requests: 1, records: 0 }),
      ],
      [ask({ items: ['name'] }), resource({ status: 'retired' }), [], noUsage],
    ];
    for (const [question, entry, grants, usage] of cases) seen.add(reasonOf(decide(question, entry, grants, usage)));
    expect([...seen].sort()).toEqual([...DENIAL_REASONS].sort());
  });
});
