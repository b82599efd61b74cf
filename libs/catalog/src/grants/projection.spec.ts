import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ItemDataType, SharingType } from '../resources/resource';
import { decide, type EntitlementResource } from './entitlement';
import type { Grant } from './grant';
import { maskValue, projectRecord } from './projection';

const NOW = new Date('2026-11-21T08:00:00Z');
const HOUR = 3600_000;
const PROVIDER = '11440100MB2C9249X3';
const CONSUMER = '11440100MB2C92500H';
const ITEMS = ['citizen_id', 'name', 'birth_date', 'address', 'marital_status', 'employer', 'case_notes', 'income'];
const TYPES: Record<string, ItemDataType> = { citizen_id: 'citizen_id', birth_date: 'date' };

const sharing = fc.constantFrom<SharingType>('unconditional', 'conditional', 'none');
const subset = fc.subarray(ITEMS);

const grantArbitrary = fc.record({
  items: subset,
  masked: subset,
  live: fc.boolean(),
  coordinated: fc.boolean(),
  status: fc.constantFrom<Grant['status']>('active', 'active', 'revoked', 'expired'),
});

function toGrant(
  input: { items: string[]; masked: string[]; live: boolean; coordinated: boolean; status: Grant['status'] },
  index: number,
): Grant {
  return {
    id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    requestId: '00000000-0000-4000-8000-000000000000',
    consumerCode: CONSUMER,
    resourceCode: '101001/000001',
    providerCode: PROVIDER,
    items: input.items,
    maskedItems: input.masked.filter((item) => input.items.includes(item)),
    rowScope: null,
    purpose: 'business_collaboration',
    validFrom: new Date(NOW.getTime() - HOUR),
    validTo: new Date(NOW.getTime() + (input.live ? HOUR : -HOUR / 2)),
    quota: null,
    coordinated: input.coordinated,
    status: input.status,
    endedAt: null,
    endedBy: null,
    endReason: null,
    createdAt: new Date(NOW.getTime() - HOUR),
  };
}

describe('projection under random grants (property)', () => {
  it('never returns an item that is neither unconditional nor covered by a live grant, and masks what the grant masks', () => {
    fc.assert(
      fc.property(
        fc.array(sharing, { minLength: ITEMS.length, maxLength: ITEMS.length }),
        fc.array(grantArbitrary, { maxLength: 3 }),
        fc.option(subset, { nil: undefined }),
        (sharings, grantInputs, asked) => {
          const items = new Map(ITEMS.map((code, index) => [code, sharings[index] ?? 'none']));
          const resource: EntitlementResource = {
            code: '101001/000001',
            providerCode: PROVIDER,
            status: 'published',
            items,
            itemTypes: new Map(Object.entries(TYPES)),
            scopeItem: null,
          };
          const grants = grantInputs.map((input, index) => toGrant(input, index + 1));
          const decision = decide(
            {
              principal: { id: CONSUMER, kind: 'agency' },
              resourceCode: resource.code,
              at: NOW,
              ...(asked ? { items: asked } : {}),
            },
            resource,
            grants,
            () => ({ requests: 0, records: 0 }),
          );
          if (!decision.allowed) return;
          const record = Object.fromEntries(
            ITEMS.map((code) => [code, code === 'citizen_id' ? '440103199001010014' : `值${code}`]),
          );
          const projected = projectRecord(record, decision);
          const live = grants.filter((g) => g.status === 'active' && g.validTo > NOW);
          for (const [item, value] of Object.entries(projected)) {
            const unconditional = items.get(item) === 'unconditional';
            const granted = live.find((g) => g.items.includes(item) && (items.get(item) !== 'none' || g.coordinated));
            expect(unconditional || granted !== undefined, `${item} leaked`).toBe(true);
            if (asked) expect(asked).toContain(item);
            const chosen = live.find((g) => g.id === decision.grantId);
            if (chosen?.maskedItems.includes(item) && !unconditional)
              expect(value).toBe(maskValue(TYPES[item] ?? 'string', record[item]));
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('masks identifiers, text and dates so nothing but their routing parts remain', () => {
    expect(maskValue('citizen_id', '440103199001010014')).toBe('440103********0014');
    expect(maskValue('string', '张三丰')).toBe('张**');
    expect(maskValue('date', '1990-01-01')).toBe('1990-**-**');
    expect(maskValue('object', { a: 1 })).toBe('***');
  });
});
