import { buildCreditCode } from '@hutong/gb-codes';

/**
 * A dataset the seeds publish: the provider agency (as the demo city registers it), the catalog
 * entry whose 信息项 are the schema (the body of POST /catalog/resources), and records that satisfy
 * it. No test-runner imports here: the benchmarks and the CLI load these too.
 */
export interface SeedDataset {
  /** The dataset's code in URLs: /agencies/{provider}/datasets/{code}. */
  readonly code: string;
  readonly provider: SeedAgency;
  /** POST /catalog/resources body (the provider drafts it for itself, so no providerCode). */
  readonly entry: Readonly<Record<string, unknown>>;
  /** Valid records (key items included), a few per example. */
  readonly records: ReadonlyArray<Readonly<Record<string, unknown>>>;
}

export interface SeedAgency {
  /** GB 32100 统一社会信用代码, fixed so contracts/datasets can name it. */
  readonly code: string;
  readonly name: string;
  readonly level: 'city';
  readonly divisionCode: string;
}

/** A city-level agency of Guangzhou (440100) with a fixed, valid credit code (机关: 1, 1). */
export function guangzhouAgency(name: string, organizationBody: string): SeedAgency {
  return {
    code: buildCreditCode({ registrationAuthority: '1', entityCategory: '1', divisionCode: '440100', organizationBody }),
    name,
    level: 'city',
    divisionCode: '440100',
  };
}
