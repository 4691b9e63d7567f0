import { FastifyReply, FastifyRequest } from 'fastify';
import { Slice } from '@mm/ticket';
import { DEFAULT_PAGE_SIZE, PageQuery } from './dto/console-requests.dto';

/**
 * Seed 004's lists are bare arrays (`{"tickets": [...]}`); they stay that
 * way and are bounded by `page` / `page_size`. One row more than the page is
 * read: when it exists, `Link: <…?page=n+1>; rel="next"` says so.
 */
export function sliceOf(query: PageQuery): Slice & { size: number; page: number } {
  const size = query.page_size ?? DEFAULT_PAGE_SIZE;
  const page = query.page ?? 1;
  return { size, page, limit: size + 1, offset: (page - 1) * size };
}

export function pageOf<T>(rows: T[], slice: { size: number; page: number }, request: FastifyRequest, reply: FastifyReply): T[] {
  if (rows.length <= slice.size) return rows;
  const [pathname, search = ''] = request.url.split('?');
  const query = new URLSearchParams(search);
  query.set('page', String(slice.page + 1));
  reply.header('link', `<${request.protocol}://${request.host}${pathname}?${query.toString()}>; rel="next"`);
  return rows.slice(0, slice.size);
}
