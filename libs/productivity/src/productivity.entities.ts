import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { User } from '@mm/auth';
import { DeskOrder, DeskSort } from '@mm/ticket';
import { MacroActions, MacroTranslations, ViewFilters } from './productivity-validation';

export type Visibility = 'shared' | 'personal';

/** SPEC 7.4: a canned reply with placeholders, its translations and the changes it makes. Shared ones have no owner. */
@Entity('macros')
@Check('ck_macros_visibility', `"visibility" IN ('shared', 'personal')`)
export class Macro {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT', primaryKeyConstraintName: 'pk_macros' })
  id: number;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  visibility: Visibility;

  @Index('ix_macros_owner')
  @Column({ type: 'int', nullable: true })
  ownerId: number | null;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'owner_id', foreignKeyConstraintName: 'fk_macros_owner' })
  owner?: User;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  translations: MacroTranslations;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  actions: MacroActions;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** SPEC 7.4: the desk list's filters and sort under a name. */
@Entity('saved_views')
@Check('ck_saved_views_visibility', `"visibility" IN ('shared', 'personal')`)
export class SavedView {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT', primaryKeyConstraintName: 'pk_saved_views' })
  id: number;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  visibility: Visibility;

  @Index('ix_saved_views_owner')
  @Column({ type: 'int', nullable: true })
  ownerId: number | null;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'owner_id', foreignKeyConstraintName: 'fk_saved_views_owner' })
  owner?: User;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  filters: ViewFilters;

  @Column({ type: 'text' })
  sort: DeskSort;

  @Column({ type: 'text' })
  order: DeskOrder;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
