import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, AppConfig } from '@hutong/platform';
import { CLIENT_KEY_ALGORITHMS } from '../keys/jwk-policy';
import { GatewayKeys } from './gateway-keys';
import { SCOPES } from './scopes';
import { CLIENT_CREDENTIALS } from './token.service';
import { AuthorizationServerMetadataDto, JwksDto } from './token.dto';

@ApiTags('auth')
@Controller('.well-known')
export class DiscoveryController {
  constructor(
    private readonly config: AppConfig,
    private readonly keys: GatewayKeys,
  ) {}

  @Get('jwks.json')
  @Access({ public: true })
  @Header('cache-control', 'public, max-age=60')
  @Header('content-type', 'application/jwk-set+json')
  @ApiOperation({ summary: "The gateway's token-signing public keys (current first, then recent ones still verifying)" })
  @ApiOkResponse({ type: JwksDto })
  jwks(): JwksDto {
    return this.keys.jwks();
  }

  @Get('oauth-authorization-server')
  @Access({ public: true })
  @Header('cache-control', 'public, max-age=300')
  @ApiOperation({ summary: 'OAuth 2.0 authorization server metadata (RFC 8414)' })
  @ApiOkResponse({ type: AuthorizationServerMetadataDto })
  metadata(): AuthorizationServerMetadataDto {
    const { issuer, tokenEndpoint } = this.config.auth;
    return {
      issuer,
      token_endpoint: tokenEndpoint,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      grant_types_supported: [CLIENT_CREDENTIALS],
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
      token_endpoint_auth_signing_alg_values_supported: [...CLIENT_KEY_ALGORITHMS],
      scopes_supported: Object.keys(SCOPES),
      // No authorization endpoint: machine clients only.
      response_types_supported: [],
      scope_descriptions: { ...SCOPES },
    };
  }
}
