import { ApiProperty } from '@nestjs/swagger';
import { AgencyDto } from '../agencies/agency.dto';

export class MeDto {
  code!: string;
  @ApiProperty({ enum: ['agency', 'operator', 'reviewer'] })
  kind!: string;
  name!: string;
  status!: string;
  /** Scopes of the token used for this request. */
  scopes!: string[];
  /** kid of the key whose assertion obtained the token. */
  clientKeyId!: string;
  tokenExpiresAt!: string;
  /** The agency record, for agency principals. */
  @ApiProperty({ type: AgencyDto, required: false })
  agency?: AgencyDto;
}

export class TokenInfoDto {
  /** The principal the token was issued to. */
  sub!: string;
  @ApiProperty({ enum: ['agency', 'operator', 'reviewer'] })
  kind!: string;
  scopes!: string[];
  clientKeyId!: string;
  /** `jti` of the access token. */
  tokenId!: string;
  expiresAt!: string;
}
