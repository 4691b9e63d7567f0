import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { sqlList } from '../ticket-vocabulary';

/** The console's categories (seed 004), stored lower snake like every ticket category. */
export const FAQ_CATEGORIES = ['damaged', 'lost', 'late', 'quality', 'other'] as const;
export type FaqCategory = (typeof FAQ_CATEGORIES)[number];

/** A public question and answer, managed by admins (seed 004 FAQ). */
@Entity('faqs')
@Index('ix_faqs_category', ['category', 'id'])
@Check('ck_faqs_category', `"category" IN (${sqlList(FAQ_CATEGORIES)})`)
export class Faq {
  @PrimaryGeneratedColumn('identity', { type: 'int', generatedIdentity: 'BY DEFAULT' })
  id: number;

  @Column({ type: 'text' })
  question: string;

  @Column({ type: 'text' })
  answer: string;

  @Column({ type: 'text' })
  category: FaqCategory;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
