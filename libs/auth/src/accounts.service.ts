import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, IsNull, QueryFailedError } from 'typeorm';
import { DomainError, DomainErrorCode, recordAudit, RequestContext, Transactions } from '@mm/core';
import { DEFAULT_LOCALE, Locale } from './locales';
import { burnPasswordCheck, hashPassword, verifyPassword } from './passwords';
import { User } from './user.entity';

export interface NewAccount {
  email: string;
  password: string;
  name: string;
  phone?: string | null;
  locale?: Locale;
}

/** A customer pushed by another MM service (PUT /api/integrations/customers/{id}). */
export interface PushedCustomer {
  email: string;
  name: string;
  phone?: string | null;
  locale?: Locale | null;
}

export const EMAIL_TAKEN_MESSAGE = 'A user with this email already exists.';

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

function isEmailConflict(error: unknown): boolean {
  const driverError = error instanceof QueryFailedError ? (error.driverError as { code?: string; constraint?: string }) : undefined;
  return driverError?.code === '23505' && driverError.constraint === 'ux_users_email';
}

function emailTaken(): DomainError {
  return new DomainError(DomainErrorCode.EmailTaken, EMAIL_TAKEN_MESSAGE, { field: 'email' });
}

/**
 * Accounts: registration, password sign-in, agent approval, the first admin,
 * and customers pushed by other MM services. Emails are stored lower-cased and
 * unique case-insensitively (ux_users_email); passwords are argon2id hashes.
 */
@Injectable()
export class AccountsService {
  private readonly logger = new Logger(AccountsService.name);

  constructor(
    private readonly transactions: Transactions,
    private readonly dataSource: DataSource,
  ) {}

  registerCustomer(account: NewAccount): Promise<User> {
    return this.create('customer', account);
  }

  /** Agents start unapproved: every agent route is 403 until an admin approves them. */
  registerAgent(account: NewAccount): Promise<User> {
    return this.create('agent', account);
  }

  /** The user for these credentials, or null (also for a deactivated account); unknown emails cost the same time as wrong passwords. */
  async authenticate(email: string, password: string): Promise<User | null> {
    const user = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .where('lower(user.email) = :email', { email: normalizeEmail(email) })
      .getOne();
    if (!user?.passwordHash) {
      await burnPasswordCheck(password);
      return null;
    }
    return (await verifyPassword(user.passwordHash, password)) && user.deactivatedAt === null ? user : null;
  }

  findUser(id: number): Promise<User | null> {
    return this.dataSource.getRepository(User).findOne({ where: { id } });
  }

  /** Idempotent: approving an approved agent keeps the first approval time. A rejected or deactivated agent is not found. */
  async approveAgent(ctx: RequestContext, agentId: number): Promise<User> {
    const agent = await this.transactions.run(async (manager) => {
      const before = await manager.findOne(User, { where: { id: agentId, role: 'agent', deactivatedAt: IsNull() }, lock: { mode: 'pessimistic_write' } });
      if (!before || before.approvedAt) return before;
      await manager.update(User, { id: agentId }, { approvedAt: () => 'now()' });
      const approved = await manager.findOneOrFail(User, { where: { id: agentId } });
      const audited = (user: User) => ({ id: user.id, email: user.email, name: user.name, approvedAt: user.approvedAt?.toISOString() ?? null });
      await recordAudit(manager, ctx.actor, { action: 'agent.approved', entityType: 'agent', entityId: agentId, before: audited(before), after: audited(approved) });
      return approved;
    });
    if (!agent) throw new DomainError(DomainErrorCode.AgentNotFound, 'Agent not found');
    this.logger.log({ agentId, approvedBy: ctx.actor.id }, 'Agent approved');
    return agent;
  }

  /** Active agents for admins, newest first (on ix_users_role); `approved` filters approved or waiting ones. */
  listAgents(ctx: RequestContext, filter: { approved?: boolean }, page: { limit: number; offset: number }): Promise<User[]> {
    if (ctx.actor.role !== 'admin') throw new DomainError(DomainErrorCode.PermissionDenied, 'Only admins can list agents');
    const query = this.dataSource.getRepository(User).createQueryBuilder('user').where('user.role = :role AND user.deactivatedAt IS NULL', { role: 'agent' });
    if (filter.approved !== undefined) query.andWhere(filter.approved ? 'user.approvedAt IS NOT NULL' : 'user.approvedAt IS NULL');
    return query.orderBy('user.id', 'DESC').limit(page.limit).offset(page.offset).getMany();
  }

  /**
   * Creates an admin with this email unless a user with it exists (start-up
   * ADMIN_EMAIL and the CLI). An existing account is never changed: a restart
   * does not reset the admin's password. Safe when several instances start at once.
   */
  async ensureAdmin(account: NewAccount): Promise<{ user: User; created: boolean }> {
    const email = normalizeEmail(account.email);
    const existing = await this.findByEmail(this.dataSource.manager, email);
    if (existing) return { user: existing, created: false };
    const passwordHash = await hashPassword(account.password);
    return this.transactions.run(async (manager) => {
      const inserted: { id: number }[] = await manager.query(
        `INSERT INTO users (email, password_hash, name, phone, locale, role) VALUES ($1, $2, $3, $4, $5, 'admin')
         ON CONFLICT DO NOTHING RETURNING id`,
        [email, passwordHash, account.name, account.phone ?? null, account.locale ?? DEFAULT_LOCALE],
      );
      const user = await this.findByEmail(manager, email);
      return { user: user!, created: inserted.length > 0 };
    });
  }

  /**
   * Creates or replaces the customer an MM service knows by `mmCustomerId`.
   * MM ids live in their own column, apart from our ids: a push never lands on
   * an account registered here (an email one has is refused) and never sets
   * users.id, so it cannot move users_id_seq.
   */
  async upsertCustomer(mmCustomerId: number, customer: PushedCustomer): Promise<User> {
    const values = {
      email: normalizeEmail(customer.email),
      name: customer.name,
      phone: customer.phone ?? null,
      locale: customer.locale ?? DEFAULT_LOCALE,
    };
    try {
      return await this.transactions.run(async (manager) => {
        let user = await this.lockPushedCustomer(manager, mmCustomerId);
        if (!user) {
          const inserted: { id: number }[] = await manager.query(
            `INSERT INTO users (email, name, phone, locale, role, mm_customer_id) VALUES ($1, $2, $3, $4, 'customer', $5)
             ON CONFLICT DO NOTHING RETURNING id`,
            [values.email, values.name, values.phone, values.locale, mmCustomerId],
          );
          if (inserted.length > 0) return (await manager.findOne(User, { where: { id: inserted[0].id } }))!;
          user = await this.lockPushedCustomer(manager, mmCustomerId);
          if (!user) throw emailTaken(); // the insert conflicted on the email, not on a concurrent push of this id
        }
        // save() writes only changed columns: an identical push changes nothing, not even updated_at.
        return manager.save(manager.merge(User, user, values));
      });
    } catch (error) {
      if (isEmailConflict(error)) throw emailTaken();
      throw error;
    }
  }

  private async create(role: 'customer' | 'agent', account: NewAccount): Promise<User> {
    const passwordHash = await hashPassword(account.password);
    try {
      return await this.transactions.run((manager) =>
        manager.save(
          manager.create(User, {
            email: normalizeEmail(account.email),
            passwordHash,
            name: account.name,
            phone: account.phone ?? null,
            locale: account.locale ?? DEFAULT_LOCALE,
            role,
            approvedAt: null,
          }),
        ),
      );
    } catch (error) {
      if (isEmailConflict(error)) throw emailTaken();
      throw error;
    }
  }

  private findByEmail(manager: EntityManager, email: string): Promise<User | null> {
    return manager.getRepository(User).createQueryBuilder('user').where('lower(user.email) = :email', { email }).getOne();
  }

  private lockPushedCustomer(manager: EntityManager, mmCustomerId: number): Promise<User | null> {
    return manager.findOne(User, { where: { mmCustomerId }, lock: { mode: 'pessimistic_write' } });
  }
}
