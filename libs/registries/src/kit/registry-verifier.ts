import { Injectable } from '@nestjs/common';
import type { Caller } from '@hutong/identity';
import { normalizeSearchText, validationProblem, type FieldViolation } from '@hutong/platform';
import { notEntitled, RegistryError } from '../registries.errors';
import type { VerificationRule } from './registry-definition';
import { RegistryDirectory, type InstalledRegistry } from './registry-directory';
import { askedAbout, keyOf, questionFor, RegistryReader } from './registry-reader';
import { RegistryRecordRepository } from './registry-records.repository';

export type VerificationResult = 'match' | 'no_match' | 'not_found';

/** The verification service's one item: what a verification grant covers. */
export const MATCH_RESULT_ITEM = 'match_result';

/**
 * 核验: "does this ID (credit code) with this name (and …) match the registry?", answered with
 * match / no_match / not_found and nothing else — the most common cross-agency need. Allowed by a
 * grant on the registry's verification entry, or by read access to every compared item (which
 * would reveal at least as much).
 */
@Injectable()
export class RegistryVerifier {
  constructor(
    private readonly directory: RegistryDirectory,
    private readonly records: RegistryRecordRepository,
    private readonly reader: RegistryReader,
  ) {}

  async verify(
    caller: Caller,
    registry: string,
    input: Readonly<Record<string, unknown>>,
  ): Promise<{ result: VerificationResult }> {
    const installed = await this.directory.resolve(registry);
    const fields = verificationFieldsOf(installed);
    const given = this.checkInput(installed, input);
    const keyField = Object.keys(fields).find((field) => fields[field]?.item === installed.definition.keyItem) ?? 'key';
    const key = keyOf(installed, String(given[keyField]), keyField);
    const compared = Object.keys(given).map((field) => fields[field]?.item ?? field);
    askedAbout(installed, [key]);
    const decision = await this.decide(caller, installed, compared);
    const stored = (await this.records.current(registry, [key])).get(key);
    const inScope =
      stored !== undefined &&
      (await this.reader.check({ ...decision.question, divisions: [stored.scopeDivision] }, installed)).allowed;
    this.reader.recordRead(caller, installed, decision.allowed, stored ? [key] : [], decision.question.resourceCode);
    if (!stored || !inScope) return { result: 'not_found' };
    const matches = Object.entries(given).every(([field, value]) => {
      const item = fields[field]?.item ?? field;
      return comparable(stored.record[item]) === comparable(value);
    });
    return { result: matches ? 'match' : 'no_match' };
  }

  private checkInput(installed: InstalledRegistry, input: Readonly<Record<string, unknown>>): Record<string, string> {
    const fields = verificationFieldsOf(installed);
    const violations: FieldViolation[] = [];
    const given: Record<string, string> = {};
    for (const [field, value] of Object.entries(input)) {
      if (!fields[field])
        violations.push({ field, rule: 'unknown_field', message: `verification takes ${Object.keys(fields).join(', ')}` });
      else if (typeof value !== 'string' || value.length === 0 || value.length > 200) {
        violations.push({ field, rule: 'string', message: 'must be a non-empty string of at most 200 characters' });
      } else given[field] = value;
    }
    for (const [field, rule] of Object.entries(fields)) {
      if (rule.required && input[field] === undefined)
        violations.push({ field, rule: 'required', message: `${field} is required` });
    }
    if (violations.length > 0) throw validationProblem(violations);
    return given;
  }

  /** A verification grant first; failing that, read access to the compared items; the refusal reported is the verification one. */
  private async decide(caller: Caller, installed: InstalledRegistry, compared: readonly string[]) {
    const verificationCode = installed.binding.verificationResourceCode;
    if (verificationCode !== null) {
      const question = {
        principal: { id: caller.principalId, kind: caller.kind },
        resourceCode: verificationCode,
        items: [MATCH_RESULT_ITEM],
      };
      const viaService = await this.reader.check(question, installed);
      if (viaService.allowed) return { allowed: viaService, question };
      const registryQuestion = questionFor(caller, installed, compared);
      const viaRecords = await this.reader.check(registryQuestion, installed);
      if (viaRecords.allowed) return { allowed: viaRecords, question: registryQuestion };
      throw notEntitled(viaService);
    }
    const question = questionFor(caller, installed, compared);
    return { allowed: await this.reader.allowed(question, installed), question };
  }
}

/** Names compare after NFKC, traditional → simplified and whitespace removal (張三 matches 张三). */
function comparable(value: unknown): string {
  return typeof value === 'string' ? normalizeSearchText(value) : JSON.stringify(value ?? null);
}

/** The compared fields of a registry's verification service; a registry without one has no such service to call. */
function verificationFieldsOf(installed: InstalledRegistry): VerificationRule['fields'] {
  const rule = installed.definition.verification;
  if (!rule) {
    throw new RegistryError('registry_not_installed', `The ${installed.definition.code} registry has no verification service.`);
  }
  return rule.fields;
}
