import type { FieldViolation } from '@hutong/platform';
import { buildRecord, featureRow, itemByCode, type RegistryDefinition } from '@hutong/registries';

/**
 * What the registry's import would say about one row (an NDJSON object or a GeoJSON Feature): the
 * same steps as the import runner — feature flattening, key normalisation, grouping by item,
 * item values, required items, derived items and cross-item rules — with no database. Only what
 * PostGIS checks (ST_IsValid) is left out. Empty: the row would be written.
 */
export function importViolations(definition: RegistryDefinition, row: object): Array<FieldViolation | string> {
  const flat = featureRow(definition, { ...(row as Record<string, unknown>) });
  if (!flat.ok) return flat.violations;
  const key = definition.normalizeKey(String(flat.values[definition.keyItem]));
  if (!key.ok) return [key.violation];
  const groups: Record<string, Record<string, unknown>> = {};
  for (const [code, value] of Object.entries(flat.values)) {
    const item = itemByCode(definition, code);
    if (!item) return [`unknown item ${code}`];
    if (!item.key) (groups[item.group] ??= {})[code] = value;
  }
  const built = buildRecord(definition, null, { key: key.key, groups, fieldPrefix: '' });
  return built.ok ? [] : built.violations;
}
