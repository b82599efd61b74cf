/** Registry reads are for consumer agencies (`data.read`); writes, imports and resolutions for providers (`data.write`). */
export const REGISTRY_READERS = { kinds: ['agency'], scopes: ['data.read'] } as const;
export const REGISTRY_WRITERS = { kinds: ['agency'], scopes: ['data.write'] } as const;
