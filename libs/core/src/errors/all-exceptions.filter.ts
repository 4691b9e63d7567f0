import { ArgumentsHost, Catch, ExceptionFilter, Inject, Logger } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ErrorRendererRegistry } from './error-renderers';
import { toProblem } from './to-problem';

/**
 * The one exception filter: error → Problem → the format of the surface that
 * owns the URL. Nest routes Fastify's own errors (malformed JSON, body too
 * large, unknown route) through here too, so they get the surface's format.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(
    private readonly renderers: ErrorRendererRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const problem = toProblem(error, this.config.bodyLimitBytes);
    if (problem.kind === 'internal') this.logger.error({ err: error, reqId: request.id }, 'Unhandled error');
    if (problem.kind === 'unavailable') this.logger.warn({ err: error, reqId: request.id }, 'Database unavailable');
    if (reply.sent) return;
    const rendered = this.renderers.rendererFor(request.url).render(problem, { method: request.method, path: request.url.split('?')[0] });
    for (const [name, value] of Object.entries(problem.headers ?? {})) reply.header(name, value);
    reply.status(rendered.status).send(rendered.body);
  }
}
