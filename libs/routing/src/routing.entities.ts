import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { User } from '@mm/auth';
import { AgentStatus, RoutingMode, RoutingSkills } from './routing-rules';

/** An agent's availability and routing profile (SPEC 7.3); an agent without a row is offline with the defaults. */
@Entity('agent_routing')
@Check('ck_agent_routing_status', `"status" IN ('online', 'away', 'offline')`)
@Check('ck_agent_routing_capacity', `"capacity" BETWEEN 0 AND 1000`)
// "Who lost their last socket 2 minutes ago": the offline sweep's probe.
@Index('ix_agent_routing_disconnected', ['disconnectedSince'], { where: `disconnected_since IS NOT NULL AND status <> 'offline'` })
export class AgentRouting {
  @PrimaryColumn({ type: 'int', primaryKeyConstraintName: 'pk_agent_routing' })
  agentId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agent_id', foreignKeyConstraintName: 'fk_agent_routing_agent' })
  agent?: User;

  @Column({ type: 'text', default: 'offline' })
  status: AgentStatus;

  @Column({ type: 'int', default: 10 })
  capacity: number;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  skills: RoutingSkills;

  /** When routing last gave this agent a ticket (round robin's order, least loaded's tie-break). */
  @Column({ type: 'timestamptz', nullable: true })
  lastAssignedAt: Date | null;

  /** Since when the agent has had no connected socket on any instance (null: connected, or never counted). */
  @Column({ type: 'timestamptz', nullable: true })
  disconnectedSince: Date | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** The one routing setting row (id 1). */
@Entity('routing_settings')
@Check('ck_routing_settings_single', `"id" = 1`)
@Check('ck_routing_settings_mode', `"mode" IN ('off', 'round_robin', 'least_loaded')`)
export class RoutingSettings {
  @PrimaryColumn({ type: 'int', primaryKeyConstraintName: 'pk_routing_settings' })
  id: number;

  @Column({ type: 'text', default: 'off' })
  mode: RoutingMode;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
