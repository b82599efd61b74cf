import { Injectable } from '@nestjs/common';
import { IdentityError } from '../identity.errors';
import type { Principal, PrincipalKind } from './principal';
import { PrincipalRepository } from './principal.repository';

const NOUN: Record<PrincipalKind, string> = { agency: 'agency', operator: 'operator', reviewer: 'reviewer' };

/** Finds a principal of the kind a route addresses; a principal of another kind is "not found" there. */
@Injectable()
export class PrincipalLookup {
  constructor(private readonly principals: PrincipalRepository) {}

  async require(id: string, kind: PrincipalKind): Promise<Principal> {
    const principal = await this.principals.find(id);
    if (!principal || principal.kind !== kind) {
      throw new IdentityError('principal_not_found', `There is no ${NOUN[kind]} with code ${id}.`);
    }
    return principal;
  }
}
