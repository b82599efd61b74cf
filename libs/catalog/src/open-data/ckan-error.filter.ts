import { Catch, Injectable, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ckanFailure } from './ckan-envelope';
import { CkanError } from './ckan-error';
import { OpenDataIris } from './open-data-iris';

/** Answers a CkanError in CKAN's shape; anything else still goes to the global problem+json filter. */
@Injectable()
@Catch(CkanError)
export class CkanErrorFilter implements ExceptionFilter {
  constructor(private readonly iris: OpenDataIris) {}

  catch(error: CkanError, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const action = request.url.split('?')[0]?.split('/').pop() ?? '';
    void reply
      .status(error.status)
      .header('content-type', 'application/json; charset=utf-8')
      .send(JSON.stringify(ckanFailure(this.iris, action, error)));
  }
}
