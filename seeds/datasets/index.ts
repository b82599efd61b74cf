import { ENTERPRISE_CREDIT } from './enterprise-credit';
import { FOOD_TRACEABILITY } from './food-traceability';
import { HOUSING_FUND } from './housing-fund';
import { POLLUTION_MONITORING } from './pollution-monitoring';
import type { SeedDataset } from './seed-dataset';
import { SOCIAL_INSURANCE } from './social-insurance';

export type { SeedAgency, SeedDataset } from './seed-dataset';
export { SOCIAL_INSURANCE } from './social-insurance';
export { HOUSING_FUND } from './housing-fund';
export { ENTERPRISE_CREDIT } from './enterprise-credit';
export { FOOD_TRACEABILITY } from './food-traceability';
export { POLLUTION_MONITORING } from './pollution-monitoring';

/** The example datasets, in the order the seeds publish them. */
export const SEED_DATASETS: readonly SeedDataset[] = [
  SOCIAL_INSURANCE,
  HOUSING_FUND,
  ENTERPRISE_CREDIT,
  FOOD_TRACEABILITY,
  POLLUTION_MONITORING,
];
