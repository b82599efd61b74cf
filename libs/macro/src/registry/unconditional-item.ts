import type { RegistryItem } from '@hutong/registries';

/**
 * An item builder for one attribute group of the macro registry: every indicator and observation
 * item is 无条件共享 (published statistics), so only the item's own description varies.
 */
export function unconditionalItemOf(group: string): (spec: Omit<RegistryItem, 'group' | 'sharingType'>) => RegistryItem {
  return (spec) => ({ ...spec, group, sharingType: 'unconditional' });
}
