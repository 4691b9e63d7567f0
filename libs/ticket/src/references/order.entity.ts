import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export const ORDER_VERTICALS = ['munch', 'mtables', 'shop'] as const;
export type OrderVertical = (typeof ORDER_VERTICALS)[number];

export const ORDER_STATUSES = ['pending', 'confirmed', 'preparing', 'shipped', 'out_for_delivery', 'delivered', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** An order of munch, mtables (in-dining) or the shop, pushed by its service; its id is theirs. */
@Entity('orders')
@Index('ix_orders_customer', ['customerId'])
@Check('ck_orders_vertical', `"vertical" IN ('munch', 'mtables', 'shop')`)
@Check('ck_orders_status', `"status" IN ('pending', 'confirmed', 'preparing', 'shipped', 'out_for_delivery', 'delivered', 'cancelled')`)
export class Order {
  @PrimaryColumn({ type: 'int' })
  id: number;

  @Column({ type: 'int' })
  customerId: number;

  @Column({ type: 'text' })
  orderNumber: string;

  @Column({ type: 'text' })
  vertical: OrderVertical;

  @Column({ type: 'text' })
  status: OrderStatus;

  /** Money in integer minor units (cents). */
  @Column({ type: 'bigint', nullable: true, transformer: { to: (v?: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) } })
  totalMinor: number | null;

  @Column({ type: 'text', nullable: true })
  currency: string | null;

  @Column({ type: 'text', nullable: true })
  cancellationReason: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
