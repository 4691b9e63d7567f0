import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, DomainErrorCode, recordAudit, RequestContext, Transactions } from '@mm/core';
import { Faq, FaqCategory } from './faq.entity';

export interface FaqInput {
  question: string;
  answer: string;
  category: FaqCategory;
}

/** A FAQ is a short public list; this bounds it all the same. */
export const MAX_FAQS_LISTED = 500;

/** The public FAQ (seed 004) and its management by admins. */
@Injectable()
export class FaqService {
  constructor(
    private readonly transactions: Transactions,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Everyone, signed in or not; grouped by category, oldest first within one. */
  list(category?: FaqCategory): Promise<Faq[]> {
    return this.dataSource.manager.find(Faq, { where: category ? { category } : {}, order: { category: 'ASC', id: 'ASC' }, take: MAX_FAQS_LISTED });
  }

  create(ctx: RequestContext, input: FaqInput): Promise<Faq> {
    requireAdmin(ctx);
    return this.transactions.run(async (manager) => {
      const faq = await manager.save(manager.create(Faq, { ...input }));
      await recordAudit(manager, ctx.actor, { action: 'faq.created', entityType: 'faq', entityId: faq.id, before: null, after: audited(faq) });
      return faq;
    });
  }

  /** Replaces the question, answer and category. */
  update(ctx: RequestContext, faqId: number, input: FaqInput): Promise<Faq> {
    requireAdmin(ctx);
    return this.transactions.run(async (manager) => {
      const faq = await manager.findOne(Faq, { where: { id: faqId }, lock: { mode: 'pessimistic_write' } });
      if (!faq) throw notFound();
      const before = audited(faq);
      const saved = await manager.save(Object.assign(faq, input));
      await recordAudit(manager, ctx.actor, { action: 'faq.updated', entityType: 'faq', entityId: faq.id, before, after: audited(saved) });
      return saved;
    });
  }

  remove(ctx: RequestContext, faqId: number): Promise<void> {
    requireAdmin(ctx);
    return this.transactions.run(async (manager) => {
      const faq = await manager.findOne(Faq, { where: { id: faqId }, lock: { mode: 'pessimistic_write' } });
      if (!faq) throw notFound();
      await manager.delete(Faq, { id: faqId });
      await recordAudit(manager, ctx.actor, { action: 'faq.deleted', entityType: 'faq', entityId: faqId, before: audited(faq), after: null });
    });
  }
}

function requireAdmin(ctx: RequestContext): void {
  if (ctx.actor.role !== 'admin') throw new DomainError(DomainErrorCode.PermissionDenied, 'Only admins manage the FAQ');
}

/** A FAQ entry as the audit log keeps it. */
function audited(faq: Faq): FaqInput & { id: number } {
  return { id: faq.id, question: faq.question, answer: faq.answer, category: faq.category };
}

function notFound(): DomainError {
  return new DomainError(DomainErrorCode.FaqNotFound, 'FAQ not found');
}
