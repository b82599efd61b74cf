import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Something every response must pass before it is sent. A gate may replace the payload (and set
 * the status) — the audit log uses this to refuse to send what it could not record.
 */
export type ResponseGate = (request: FastifyRequest, reply: FastifyReply, payload: unknown) => Promise<unknown>;

/**
 * The gates, filled by libraries at bootstrap. The HTTP server is created before Nest starts, so
 * the platform installs one hook that runs whatever gates are registered by the time a request
 * arrives.
 */
export class ResponseGates {
  private readonly gates: ResponseGate[] = [];

  register(gate: ResponseGate): void {
    this.gates.push(gate);
  }

  async pass(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
    let current = payload;
    for (const gate of this.gates) current = await gate(request, reply, current);
    return current;
  }

  get empty(): boolean {
    return this.gates.length === 0;
  }
}
