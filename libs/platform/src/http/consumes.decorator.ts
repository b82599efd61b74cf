import { SetMetadata } from '@nestjs/common';

export const CONSUMES_METADATA = 'hutong:consumes';
export const DEFAULT_CONSUMES: readonly string[] = ['application/json'];

/**
 * Media types a route accepts in its body. Nest registers JSON and form parsers globally, so
 * without this a JSON endpoint would quietly accept a form post; the MediaTypeGuard answers 415.
 */
export const Consumes = (...mediaTypes: string[]): MethodDecorator & ClassDecorator =>
  SetMetadata(
    CONSUMES_METADATA,
    mediaTypes.map((m) => m.toLowerCase()),
  );
