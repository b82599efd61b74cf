import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601, IsObject, IsOptional } from 'class-validator';
import type { EffectiveKeyStatus } from './principal-key';

export class RegisterKeyDto {
  /**
   * The public key as a JWK (RFC 7517): EC P-256, OKP Ed25519 or RSA ≥ 2048 bits (PS256). Its
   * `kid`, if present, becomes the key id; otherwise the RFC 7638 thumbprint is used.
   */
  @IsObject()
  @ApiProperty({ type: Object, additionalProperties: true, example: { kty: 'EC', crv: 'P-256', x: '…', y: '…' } })
  jwk!: Record<string, unknown>;

  /** When the key may first be used (default: now). Set it ahead to stage a rotation. */
  @IsOptional()
  @IsISO8601({ strict: true })
  notBefore?: string;

  /** When the key stops being accepted (default: never). */
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt?: string;
}

export class KeyDto {
  kid!: string;
  @ApiProperty({ enum: ['ES256', 'EdDSA', 'PS256'] })
  alg!: string;
  /** RFC 7638 SHA-256 thumbprint. */
  thumbprint!: string;
  @ApiProperty({ type: Object, additionalProperties: { type: 'string' } })
  jwk!: Record<string, string>;
  notBefore!: string;
  expiresAt!: string | null;
  @ApiProperty({ enum: ['active', 'pending', 'expired', 'revoked'] })
  status!: EffectiveKeyStatus;
  revokedAt!: string | null;
  createdAt!: string;
}

export class KeyListDto {
  @ApiProperty({ type: [KeyDto] })
  items!: KeyDto[];
}
