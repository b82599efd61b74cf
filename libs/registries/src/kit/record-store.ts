/** The two tables one registry's records live in. */
export interface RecordTables {
  readonly records: 'registry_records' | 'dataset_records';
  readonly versions: 'registry_record_versions' | 'dataset_record_versions';
}

/**
 * Registries defined at run time — agency dataset majors, whose codes are `ds-<n>` — live in
 * partitions of their own (dataset_records, dataset_record_versions: one partition each, created
 * when the dataset is registered); the registries defined in code share registry_records. Both
 * have the same columns, so every query of the kit runs unchanged on either.
 */
export const RUN_TIME_REGISTRY_CODE = /^ds-[1-9][0-9]{0,9}$/;

const SHARED: RecordTables = { records: 'registry_records', versions: 'registry_record_versions' };
const PARTITIONED: RecordTables = { records: 'dataset_records', versions: 'dataset_record_versions' };

export function tablesOf(registry: string): RecordTables {
  return RUN_TIME_REGISTRY_CODE.test(registry) ? PARTITIONED : SHARED;
}

/** The partitions of a run-time registry (`ds-12` → dataset_records_ds_12, dataset_record_versions_ds_12). */
export function partitionsOf(registry: string): { readonly records: string; readonly versions: string } {
  if (!RUN_TIME_REGISTRY_CODE.test(registry)) throw new Error(`${registry} is not stored in partitions`);
  const suffix = registry.replace('-', '_');
  return { records: `dataset_records_${suffix}`, versions: `dataset_record_versions_${suffix}` };
}
