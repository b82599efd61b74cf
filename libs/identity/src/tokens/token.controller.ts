import { Body, Controller, Header, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, Audited, Consumes } from '@hutong/platform';
import { TokenResponseDto } from './token.dto';
import { OAuthError } from './oauth-error';
import { TokenService, type TokenRequest } from './token.service';

const FORM = 'application/x-www-form-urlencoded';

@ApiTags('auth')
@Controller('oauth2')
export class TokenController {
  constructor(private readonly tokens: TokenService) {}

  @Post('token')
  @Access({ public: true })
  @Audited('oauth2.token')
  @Consumes(FORM)
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  @Header('pragma', 'no-cache')
  @ApiOperation({
    summary: 'Obtain an access token (client credentials with a private_key_jwt client assertion)',
    description:
      'RFC 6749 §4.4 with RFC 7523 client authentication. Sign a JWT with iss = sub = your principal code, ' +
      'aud = this endpoint URL, exp ≤ 5 minutes ahead, a fresh jti, using a key registered for you. ' +
      'Errors follow RFC 6749 §5.2 (error, error_description) and also carry the problem members.',
  })
  @ApiConsumes(FORM)
  @ApiBody({
    schema: {
      type: 'object',
      required: ['grant_type', 'client_assertion_type', 'client_assertion'],
      properties: {
        grant_type: { type: 'string', enum: ['client_credentials'] },
        client_assertion_type: { type: 'string', enum: ['urn:ietf:params:oauth:client-assertion-type:jwt-bearer'] },
        client_assertion: { type: 'string', description: 'The signed client assertion (compact JWS)' },
        client_id: { type: 'string', description: 'Optional; must equal the assertion issuer' },
        scope: { type: 'string', description: 'Space-separated scopes; default: every scope the client may have' },
      },
    },
  })
  @ApiOkResponse({ type: TokenResponseDto })
  token(@Body() body: unknown): Promise<TokenResponseDto> {
    return this.tokens.issue(readTokenForm(body));
  }
}

/** Each parameter at most once and as text (RFC 6749 §3.2); unknown parameters are ignored (§3.1). */
function readTokenForm(body: unknown): TokenRequest {
  const form = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const field = (name: string): string | undefined => {
    const value = form[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string')
      throw new OAuthError('invalid_request', 'repeated_parameter', `${name} must be sent exactly once.`);
    return value;
  };
  return {
    grantType: field('grant_type'),
    clientAssertionType: field('client_assertion_type'),
    clientAssertion: field('client_assertion'),
    clientId: field('client_id'),
    scope: field('scope'),
  };
}
