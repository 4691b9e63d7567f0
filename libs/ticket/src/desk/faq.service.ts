import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, DomainErrorCode, RequestContext, Transactions } from '@mm/core';
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
    return this.transactions.run((manager) => manager.save(manager.create(Faq, { ...input })));
  }

  /** Replaces the question, answer and category. */
  update(ctx: RequestContext, faqId: number, input: FaqInput): Promise<Faq> {
    requireAdmin(ctx);
    return this.transactions.run(async (manager) => {
      const faq = await manager.findOne(Faq, { where: { id: faqId }, lock: { mode: 'pessimistic_write' } });
      if (!faq) throw notFound();
      return manager.save(Object.assign(faq, input));
    });
  }

  remove(ctx: RequestContext, faqId: number): Promise<void> {
    requireAdmin(ctx);
    return this.transactions.run(async (manager) => {
      const result = await manager.delete(Faq, { id: faqId });
      if (!result.affected) throw notFound();
    });
  }
}

function requireAdmin(ctx: RequestContext): void {
  if (ctx.actor.role !== 'admin') throw new DomainError(DomainErrorCode.PermissionDenied, 'Only admins manage the FAQ');
}

function notFound(): DomainError {
  return new DomainError(DomainErrorCode.FaqNotFound, 'FAQ not found');
}
