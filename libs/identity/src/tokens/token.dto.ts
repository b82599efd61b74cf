import { ApiProperty } from '@nestjs/swagger';
import { SCOPES } from './scopes';

export class TokenResponseDto {
  /** An RFC 9068 JWT access token; send it as `Authorization: Bearer <token>`. */
  access_token!: string;
  @ApiProperty({ enum: ['Bearer'] })
  token_type!: 'Bearer';
  /** Seconds until the token expires. */
  expires_in!: number;
  /** The scopes granted, space-separated. */
  scope!: string;
}

export class JwksDto {
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: { type: 'string' } } })
  keys!: Array<Record<string, string>>;
}

export class AuthorizationServerMetadataDto {
  issuer!: string;
  token_endpoint!: string;
  jwks_uri!: string;
  grant_types_supported!: string[];
  token_endpoint_auth_methods_supported!: string[];
  token_endpoint_auth_signing_alg_values_supported!: string[];
  @ApiProperty({ enum: Object.keys(SCOPES), isArray: true })
  scopes_supported!: string[];
  response_types_supported!: string[];
  /** Hutong extension: what each scope opens. */
  @ApiProperty({ type: Object, additionalProperties: { type: 'string' } })
  scope_descriptions!: Record<string, string>;
}
