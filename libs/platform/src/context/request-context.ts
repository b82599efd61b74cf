import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What Hutong knows about the request being served, available anywhere below the HTTP layer
 * without threading it through every call. Later capabilities (identity, audit) extend it through
 * the `attributes` bag rather than by widening this type for everyone.
 */
export interface RequestContextStore {
  readonly requestId: string;
  readonly startedAt: bigint;
  readonly attributes: Map<symbol, unknown>;
}

/**
 * Who is calling, once the identity guard has verified the token: the principal id (an agency's
 * credit code, an operator's or reviewer's code). The access log and, later, the audit read it.
 */
export const CALLER_ATTRIBUTE = Symbol('hutong.caller');

export interface CallerSummary {
  readonly principalId: string;
  readonly kind: string;
  readonly keyId?: string;
  readonly tokenId?: string;
}

const storage = new AsyncLocalStorage<RequestContextStore>();

export const RequestContext = {
  run<T>(store: RequestContextStore, fn: () => T): T {
    return storage.run(store, fn);
  },

  current(): RequestContextStore | undefined {
    return storage.getStore();
  },

  requestId(): string | undefined {
    return storage.getStore()?.requestId;
  },

  get<T>(key: symbol): T | undefined {
    return storage.getStore()?.attributes.get(key) as T | undefined;
  },

  set(key: symbol, value: unknown): void {
    storage.getStore()?.attributes.set(key, value);
  },
};

export function newRequestContext(requestId: string): RequestContextStore {
  return { requestId, startedAt: process.hrtime.bigint(), attributes: new Map() };
}
