import { SetMetadata } from '@nestjs/common';

export const AUDIT_ACTION_METADATA = 'hutong:audit-action';

/**
 * Names the action an audited route records (`agency.update`). Every route that needs a token is
 * audited whether or not it says so (the action then defaults to "METHOD /path"); a public route is
 * audited only when it carries this decorator (the token endpoint does).
 */
export const Audited = (action: string): MethodDecorator & ClassDecorator => SetMetadata(AUDIT_ACTION_METADATA, action);
