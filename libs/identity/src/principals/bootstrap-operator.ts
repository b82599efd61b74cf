import type { DataSource } from 'typeorm';
import { checkPublicJwk } from '../keys/jwk-policy';
import { PrincipalKeyRepository } from '../keys/principal-key.repository';
import { PrincipalRepository } from './principal.repository';
import { RESERVED_PRINCIPAL_CODES } from './principal';

export interface BootstrapOperatorInput {
  readonly code: string;
  readonly name: string;
  readonly publicJwk: Record<string, string>;
  readonly kid: string;
}

/**
 * `hutong operator create`: the one way to make an operator without an operator token, so it needs
 * direct database access (whoever can write the database is already trusted with everything).
 * Principal and key are written in one transaction: no operator without a key.
 */
export async function bootstrapOperator(dataSource: DataSource, input: BootstrapOperatorInput): Promise<void> {
  if (RESERVED_PRINCIPAL_CODES.includes(input.code)) throw new Error(`${input.code} is reserved for Hutong itself`);
  const checked = await checkPublicJwk(input.publicJwk);
  if (!checked.ok) throw new Error(`key refused: ${checked.message}`);
  await dataSource.transaction(async (manager) => {
    const created = await new PrincipalRepository(dataSource).insert(
      { id: input.code, kind: 'operator', name: input.name, createdBy: 'hutong operator create' },
      manager,
    );
    if (!created) throw new Error(`a principal with code ${input.code} already exists`);
    const outcome = await new PrincipalKeyRepository(dataSource).insert(
      {
        principalId: input.code,
        kid: input.kid,
        alg: checked.key.alg,
        publicJwk: checked.key.jwk,
        thumbprint: checked.key.thumbprint,
        notBefore: undefined,
        expiresAt: undefined,
        createdBy: 'hutong operator create',
      },
      manager,
    );
    if ('conflict' in outcome) throw new Error('this public key is already registered to another principal');
  });
}

/** Whether any operator exists: none means a database nobody has set up yet (a first start). */
export async function hasOperator(dataSource: DataSource): Promise<boolean> {
  return (await new PrincipalRepository(dataSource).countByKind('operator')) > 0;
}
