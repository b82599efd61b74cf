import { Injectable } from '@nestjs/common';
import { AgencyService } from '../agencies/agency.service';
import type { Caller } from '../principals/principal';
import { PrincipalLookup } from '../principals/principal-lookup';
import type { MeDto } from './me.dto';

/** What a caller may learn about itself: who the token says it is, and its own record. */
@Injectable()
export class MeService {
  constructor(
    private readonly lookup: PrincipalLookup,
    private readonly agencies: AgencyService,
  ) {}

  async describe(caller: Caller): Promise<MeDto> {
    const principal = await this.lookup.require(caller.principalId, caller.kind);
    return {
      code: principal.id,
      kind: principal.kind,
      name: principal.name,
      status: principal.status,
      scopes: [...caller.scopes],
      clientKeyId: caller.clientKeyId,
      tokenExpiresAt: caller.expiresAt.toISOString(),
      ...(caller.kind === 'agency' ? { agency: await this.agencies.get(caller.principalId) } : {}),
    };
  }
}
