import { describe, expect, it } from 'vitest';
import { AuditTrail } from './audit-details';
import { newRequestContext, RequestContext } from './request-context';

describe('AuditTrail', () => {
  it('keeps each subject and item once however often a request reports it, in the order first reported', () => {
    const details = RequestContext.run(newRequestContext('r1'), () => {
      AuditTrail.record({ subjects: [{ kind: 'citizen', value: '440103195001010008' }], items: ['name'] });
      AuditTrail.record({
        subjects: [
          { kind: 'citizen', value: '440103195001010008' },
          { kind: 'organization', value: '440103195001010008' },
          { kind: 'citizen', value: '440104195706120000' },
        ],
        items: ['name', 'marital_status'],
        recordCount: 1,
      });
      return AuditTrail.current();
    });
    expect(details).toEqual({
      subjects: [
        { kind: 'citizen', value: '440103195001010008' },
        { kind: 'organization', value: '440103195001010008' },
        { kind: 'citizen', value: '440104195706120000' },
      ],
      items: ['name', 'marital_status'],
      recordCount: 1,
    });
  });

  it('records nothing outside a request', () => {
    AuditTrail.record({ subjects: [{ kind: 'citizen', value: 'x' }] });
    expect(AuditTrail.current()).toBeUndefined();
  });
});
