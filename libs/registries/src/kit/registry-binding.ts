/**
 * A registry as installed in one deployment: the catalog entries it publishes under (the registry
 * itself and its verification service, 核验), its authoritative provider agency, and per attribute
 * group the other agencies that contribute it (B2/B3: one lead, several participants).
 */
export interface RegistryBinding {
  readonly registry: string;
  readonly resourceCode: string;
  readonly verificationResourceCode: string | null;
  readonly providerCode: string;
  readonly contributors: Readonly<Record<string, readonly string[]>>;
  readonly installedAt: Date;
  readonly installedBy: string;
}

/** May `agency` write `group` of this registry? The provider writes every group. */
export function mayWrite(binding: RegistryBinding, agency: string, group: string): boolean {
  return agency === binding.providerCode || (binding.contributors[group] ?? []).includes(agency);
}

/** Writes anything at all: the provider or a contributor of some group. */
export function isWriter(binding: RegistryBinding, agency: string): boolean {
  return agency === binding.providerCode || Object.values(binding.contributors).some((agencies) => agencies.includes(agency));
}
