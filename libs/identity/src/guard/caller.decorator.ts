import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Caller } from '../principals/principal';

const callers = new WeakMap<object, Caller>();

export function attachCaller(request: object, caller: Caller): void {
  callers.set(request, caller);
}

/**
 * The verified caller of the current request. Only usable on routes that require a token (the
 * guard has run and attached it); on a public route it is a programming error and throws.
 */
export const CurrentCaller = createParamDecorator((_: unknown, context: ExecutionContext): Caller => {
  const caller = callers.get(context.switchToHttp().getRequest<object>());
  if (!caller) throw new Error('@CurrentCaller() used on a route without an authenticated caller');
  return caller;
});
