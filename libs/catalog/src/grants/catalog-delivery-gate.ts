import { Injectable } from '@nestjs/common';
import { AuditKeys, AuditWriter } from '@hutong/audit';
import { isRecordEventData, type CloudEvent, type DeliveryGate } from '@hutong/exchange';
import { RequestContext } from '@hutong/platform';
import { EntitlementService } from './entitlement.service';
import { projectRecord } from './projection';

/**
 * The exchange's question "may this agency receive this event, and in what form?", answered by the
 * same entitlement check as every HTTP read. Only record events are delivered (catalog events about
 * requests and grants are other agencies' business); a record event goes out only under a live
 * grant, with its record cut to the granted items and only for rows inside the grant's scope.
 */
@Injectable()
export class CatalogDeliveryGate implements DeliveryGate {
  constructor(
    private readonly entitlements: EntitlementService,
    private readonly audit: AuditWriter,
    private readonly keys: AuditKeys,
  ) {}

  async maySubscribe(
    consumerCode: string,
    resourceCode: string,
  ): Promise<{ ok: true } | { ok: false; reason: string; detail: string }> {
    const decision = await this.entitlements.check({ principal: { id: consumerCode, kind: 'agency' }, resourceCode });
    if (!decision)
      return { ok: false, reason: 'resource_not_found', detail: `There is no catalog entry ${resourceCode} you may see` };
    if (decision.allowed && decision.basis !== 'unconditional') return { ok: true };
    if (decision.allowed) {
      return {
        ok: false,
        reason: 'no_grant',
        detail: `Subscriptions need a grant on ${resourceCode}; request access (unconditional items are approved at once)`,
      };
    }
    return { ok: false, reason: decision.reason, detail: decision.detail };
  }

  async project(consumerCode: string, resourceCode: string, event: CloudEvent): Promise<CloudEvent | null> {
    const data = event.data;
    if (!isRecordEventData(data)) return null;
    const decision = await this.entitlements.check({
      principal: { id: consumerCode, kind: 'agency' },
      resourceCode,
      ...(data.divisions !== undefined ? { divisions: data.divisions } : {}),
    });
    if (!decision?.allowed || decision.basis === 'unconditional') return null;
    const record = data.record === null ? null : projectRecord(data.record, decision);
    this.entitlements.recordRead(consumerCode, resourceCode, decision, 1);
    if (RequestContext.current() === undefined) {
      // Kafka delivery runs outside any request: its audit entry is written here, before the event
      // can leave (the relay sends only after this resolves), like a feed read's entry before its response.
      await this.audit.append({
        action: 'exchange.deliver',
        outcome: 'allowed',
        principal: { id: consumerCode, kind: 'agency' },
        resource: resourceCode,
        ...(decision.grantId ? { grantId: decision.grantId } : {}),
        ...(decision.purpose ? { purpose: decision.purpose } : {}),
        items: [...decision.items],
        recordCount: 1,
        subjects: [this.keys.subjectRef('record', event.subject)],
      });
    }
    return { ...event, data: { ...data, record } };
  }
}
