import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Caller } from '@hutong/identity';
import { AuditTrail, validationProblem } from '@hutong/platform';
import { DataSource } from 'typeorm';
import { notEntitled, recordNotFound, RegistryError } from '../registries.errors';
import { isWriter, mayWrite } from '../kit/registry-binding';
import { itemByCode } from '../kit/registry-definition';
import { RegistryDirectory } from '../kit/registry-directory';
import { keyOf, questionFor, RegistryReader } from '../kit/registry-reader';
import { RegistryRecordRepository } from '../kit/registry-records.repository';
import type { Dispute, DisputeState } from './dispute';
import { DisputeRepository } from './dispute.repository';

/**
 * Consistency checks (疑义/错误校核): a consumer that reads an item and finds it wrong files a
 * dispute; the record shows an open-dispute flag until the provider (or the item's contributor)
 * corrects the data or rejects the dispute, with a note either way.
 */
@Injectable()
export class DisputeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: RegistryDirectory,
    private readonly reader: RegistryReader,
    private readonly records: RegistryRecordRepository,
    private readonly disputes: DisputeRepository,
  ) {}

  async file(caller: Caller, registry: string, rawKey: string, input: { item: string; reason: string }): Promise<Dispute> {
    const installed = await this.directory.resolve(registry);
    const key = keyOf(installed, rawKey, 'key');
    if (!itemByCode(installed.definition, input.item)) {
      throw validationProblem([
        { field: 'item', rule: 'unknown_item', message: `the ${registry} registry has no item "${input.item}"` },
      ]);
    }
    // Only an item one may read can be disputed: otherwise the dispute would probe its value.
    const question = questionFor(caller, installed, [input.item]);
    await this.reader.allowed(question, installed);
    const stored = (await this.records.current(registry, [key])).get(key);
    if (!stored) throw recordNotFound(registry);
    const scoped = await this.reader.check({ ...question, divisions: [stored.scopeDivision] }, installed);
    if (!scoped.allowed) {
      if (scoped.reason === 'out_of_scope') throw recordNotFound(registry);
      throw notEntitled(scoped);
    }
    const dispute: Dispute = {
      id: randomUUID(),
      registry,
      key,
      item: input.item,
      reason: input.reason,
      filedBy: caller.principalId,
      filedAt: new Date(),
      state: 'open',
      resolution: null,
      resolvedBy: null,
      resolvedAt: null,
    };
    await this.dataSource.transaction(async (manager) => {
      await this.disputes.insert(manager, dispute);
      await this.records.adjustDisputes(manager, registry, key, 1);
    });
    AuditTrail.record({
      resource: installed.binding.resourceCode,
      subjects: [{ kind: installed.definition.subjectKind, value: key }],
    });
    return dispute;
  }

  async list(
    caller: Caller,
    registry: string,
    filter: { state?: DisputeState; limit: number; offset: number },
  ): Promise<Dispute[]> {
    const installed = await this.directory.resolve(registry);
    const writer = isWriter(installed.binding, caller.principalId);
    return this.disputes.list({ registry, ...(writer ? {} : { filedBy: caller.principalId }), ...filter });
  }

  async get(caller: Caller, registry: string, id: string): Promise<Dispute> {
    const installed = await this.directory.resolve(registry);
    const dispute = await this.disputes.find(registry, id);
    if (!dispute || (dispute.filedBy !== caller.principalId && !isWriter(installed.binding, caller.principalId))) {
      throw new RegistryError('dispute_not_found', `No dispute ${id} in the ${registry} registry that you may see.`);
    }
    return dispute;
  }

  async resolve(
    caller: Caller,
    registry: string,
    id: string,
    input: { outcome: Exclude<DisputeState, 'open'>; resolution: string },
  ): Promise<Dispute> {
    const installed = await this.directory.resolve(registry);
    await this.dataSource.transaction(async (manager) => {
      const dispute = await this.disputes.lock(manager, registry, id);
      const group = dispute && itemByCode(installed.definition, dispute.item)?.group;
      if (!dispute || group === undefined || !mayWrite(installed.binding, caller.principalId, group)) {
        throw new RegistryError('dispute_not_found', `No dispute ${id} in the ${registry} registry that you may resolve.`);
      }
      if (dispute.state !== 'open') throw new RegistryError('dispute_transition', `Dispute ${id} is already ${dispute.state}.`);
      await this.disputes.resolve(manager, id, input.outcome, caller.principalId, input.resolution);
      await this.records.adjustDisputes(manager, registry, dispute.key, -1);
    });
    return this.get(caller, registry, id);
  }
}
