import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@hutong/platform';
import { DataSource } from 'typeorm';
import { IdentityError } from '../identity.errors';
import { IdentityChanges } from '../principals/identity-changes';
import type { PrincipalKind } from '../principals/principal';
import { PrincipalLookup } from '../principals/principal-lookup';
import { PrincipalRepository } from '../principals/principal.repository';
import { checkPublicJwk } from './jwk-policy';
import { effectiveKeyStatus, KID_PATTERN, MAX_USABLE_KEYS_PER_PRINCIPAL, type PrincipalKey } from './principal-key';
import { PrincipalKeyRepository } from './principal-key.repository';
import type { KeyDto, RegisterKeyDto } from './key.dto';

/** Who owns the keys being managed, as addressed by the route. */
export interface KeyOwner {
  readonly principalId: string;
  readonly kind: PrincipalKind;
}

/**
 * Registration, listing and revocation of principals' public keys. Rotation is "register the new
 * key, move clients over, revoke (or let expire) the old one": several keys may be usable at once.
 */
@Injectable()
export class KeyService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: PrincipalKeyRepository,
    private readonly principals: PrincipalLookup,
    private readonly principalRows: PrincipalRepository,
    private readonly changes: IdentityChanges,
  ) {}

  async register(owner: KeyOwner, input: RegisterKeyDto, actor: string): Promise<KeyDto> {
    await this.principals.require(owner.principalId, owner.kind);
    const checked = await checkPublicJwk(input.jwk);
    if (!checked.ok) throw new IdentityError('key_rejected', `Key refused: ${checked.message}.`, { reason: checked.reason });
    const kid = kidOf(input.jwk, checked.key.thumbprint);
    const window = validityWindow(input);
    const outcome = await this.dataSource.transaction(async (manager) => {
      // Serialises registrations for one principal, so concurrent requests cannot overrun the limit.
      await this.principalRows.lockForUpdate(owner.principalId, manager);
      if ((await this.keys.countUsable(owner.principalId, manager)) >= MAX_USABLE_KEYS_PER_PRINCIPAL) {
        throw new IdentityError(
          'key_rejected',
          `${owner.principalId} already has ${MAX_USABLE_KEYS_PER_PRINCIPAL} keys that are or will become usable; revoke one first.`,
          { reason: 'too_many_keys' },
        );
      }
      return this.keys.insert(
        {
          principalId: owner.principalId,
          kid,
          alg: checked.key.alg,
          publicJwk: checked.key.jwk,
          thumbprint: checked.key.thumbprint,
          ...window,
          createdBy: actor,
        },
        manager,
      );
    });
    if ('conflict' in outcome) {
      throw outcome.conflict === 'kid'
        ? new IdentityError('key_exists', `${owner.principalId} already has a key with kid "${kid}".`)
        : new IdentityError(
            'key_registered_elsewhere',
            'This public key is already registered; every key pair belongs to one principal.',
          );
    }
    this.changes.changed(owner.principalId);
    const view = toKeyDto(outcome.inserted);
    AuditTrail.record({ resource: 'principal-key', items: [`${owner.principalId}/${view.kid}`], after: view });
    return view;
  }

  async list(owner: KeyOwner): Promise<KeyDto[]> {
    await this.principals.require(owner.principalId, owner.kind);
    return (await this.keys.listForPrincipal(owner.principalId)).map((key) => toKeyDto(key));
  }

  async revoke(owner: KeyOwner, kid: string, actor: string): Promise<KeyDto> {
    await this.principals.require(owner.principalId, owner.kind);
    const revoked = await this.keys.revoke(owner.principalId, kid, actor);
    if (!revoked) throw new IdentityError('key_not_found', `${owner.principalId} has no key with kid "${kid}".`);
    this.changes.changed(owner.principalId);
    const view = toKeyDto(revoked);
    AuditTrail.record({ resource: 'principal-key', items: [`${owner.principalId}/${view.kid}`], after: view });
    return view;
  }
}

function kidOf(jwk: Record<string, unknown>, thumbprint: string): string {
  if (jwk.kid === undefined) return thumbprint;
  if (typeof jwk.kid !== 'string' || !KID_PATTERN.test(jwk.kid)) {
    throw new IdentityError('key_rejected', 'Key refused: "kid" must be 1–128 characters of A–Z a–z 0–9 . _ : -.', {
      reason: 'invalid_kid',
    });
  }
  return jwk.kid;
}

function validityWindow(input: RegisterKeyDto): { notBefore: Date | undefined; expiresAt: Date | undefined } {
  const notBefore = input.notBefore === undefined ? undefined : new Date(input.notBefore);
  const expiresAt = input.expiresAt === undefined ? undefined : new Date(input.expiresAt);
  const start = notBefore ?? new Date();
  if (expiresAt !== undefined && expiresAt <= start) {
    throw new IdentityError('key_rejected', 'Key refused: expiresAt must be later than notBefore (or now).', {
      reason: 'invalid_validity',
    });
  }
  return { notBefore, expiresAt };
}

export function toKeyDto(key: PrincipalKey, now = new Date()): KeyDto {
  return {
    kid: key.kid,
    alg: key.alg,
    thumbprint: key.thumbprint,
    jwk: { ...key.publicJwk, kid: key.kid, alg: key.alg, use: 'sig' },
    notBefore: key.notBefore.toISOString(),
    expiresAt: key.expiresAt?.toISOString() ?? null,
    status: effectiveKeyStatus(key, now),
    revokedAt: key.revokedAt?.toISOString() ?? null,
    createdAt: key.createdAt.toISOString(),
  };
}
