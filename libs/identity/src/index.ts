export { AGENCY_LEVELS, AGENCY_ROLES, type Agency, type AgencyLevel, type AgencyRole } from './agencies/agency';
export { AgencyService } from './agencies/agency.service';
export { AccessTokenVerifier } from './guard/access-token.verifier';
export { CurrentCaller } from './guard/caller.decorator';
export { IdentityModule } from './identity.module';
export {
  generateSigningKey,
  parsePrivateKey,
  privateJwkOf,
  publicJwkOf,
  readPrivateKeyFile,
  writePrivateKeyFile,
  type GeneratedKeyAlgorithm,
  type SigningKeyMaterial,
} from './keys/key-files';
export { checkPublicJwk, CLIENT_KEY_ALGORITHMS, type KeyPolicyResult, type KeyRejectionReason } from './keys/jwk-policy';
export { bootstrapOperator, hasOperator, type BootstrapOperatorInput } from './principals/bootstrap-operator';
export { PrincipalLookup } from './principals/principal-lookup';
export { PRINCIPAL_KINDS, type Caller, type Principal, type PrincipalKind, type PrincipalStatus } from './principals/principal';
export { clientAssertionGrant, signClientAssertion, type ClientAssertionInput } from './tokens/client-assertion';
export { MAX_ASSERTION_LIFETIME_SECONDS } from './tokens/client-assertion.verifier';
export { addSigningKey, readKeyDirectory, rotateSigningKeys, type GatewaySigningKey } from './tokens/signing-key-store';
export { SCOPES, type Scope } from './tokens/scopes';
export { ACCESS_TOKEN_TYPE, CLIENT_CREDENTIALS, JWT_BEARER_ASSERTION } from './tokens/token.service';
