import { Injectable } from '@nestjs/common';
import type { Entitlement } from '@hutong/catalog';
import type { Caller } from '@hutong/identity';
import { notEntitled, questionFor, RegistryDirectory, RegistryReader, type InstalledRegistry } from '@hutong/registries';
import { MACRO_INDICATORS } from '../registry/indicators.definition';
import { MACRO_OBSERVATIONS, SERIES_DIMENSIONS } from '../registry/observations.definition';

/** Without these no observation can be told apart or read: a caller who may not read them gets a 403. */
const REQUIRED_ITEMS = [...SERIES_DIMENSIONS, 'time_period', 'obs_value'];

export interface MacroReadAccess {
  readonly installed: InstalledRegistry;
  readonly decision: Extract<Entitlement, { allowed: true }>;
  /** Observation items the caller may read in clear (granted and not masked). */
  readonly observationItems: ReadonlySet<string>;
  /** Indicator items likewise (unit and multiplier become series attributes). */
  readonly indicatorItems: ReadonlySet<string>;
}

/**
 * The entitlement check in front of every read of macro data (SDMX and the plain API alike):
 * observations must be readable at least by dimensions, period and value; attributes and the
 * indicator's unit come back only as far as the grants cover them. Reads are recorded by series.
 */
@Injectable()
export class MacroAccess {
  constructor(
    private readonly directory: RegistryDirectory,
    private readonly reader: RegistryReader,
  ) {}

  async open(caller: Caller): Promise<MacroReadAccess> {
    const installed = await this.directory.resolve(MACRO_OBSERVATIONS.code);
    const decision = await this.reader.allowed(questionFor(caller, installed, undefined), installed);
    const observationItems = clearItems(decision);
    const missing = REQUIRED_ITEMS.filter((item) => !observationItems.has(item));
    if (missing.length > 0) {
      throw notEntitled({
        reason: 'item_not_granted',
        detail: `Reading observations needs the items ${missing.join(', ')}.`,
        items: missing,
      });
    }
    const indicators = await this.directory.resolve(MACRO_INDICATORS.code);
    const indicatorDecision = await this.reader.check(questionFor(caller, indicators, undefined), indicators);
    return {
      installed,
      decision,
      observationItems,
      indicatorItems: indicatorDecision.allowed ? clearItems(indicatorDecision) : new Set(),
    };
  }

  /** The indicator list's own check: 403 when the caller may not read the indicators entry. */
  async openIndicators(caller: Caller): Promise<ReadonlySet<string>> {
    const installed = await this.directory.resolve(MACRO_INDICATORS.code);
    return clearItems(await this.reader.allowed(questionFor(caller, installed, undefined), installed));
  }

  /** Subjects are the series (what a reviewer searches by); the count is the observations returned. */
  recordRead(caller: Caller, access: MacroReadAccess, seriesKeys: readonly string[], observations: number): void {
    this.reader.recordRead(caller, access.installed, access.decision, seriesKeys, undefined, observations);
  }

  async providerCode(): Promise<string> {
    return (await this.directory.resolve(MACRO_OBSERVATIONS.code)).binding.providerCode;
  }
}

function clearItems(decision: Extract<Entitlement, { allowed: true }>): Set<string> {
  return new Set(decision.items.filter((item) => decision.masks[item] === undefined));
}
