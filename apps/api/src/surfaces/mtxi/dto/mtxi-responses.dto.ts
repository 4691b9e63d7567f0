import { ApiProperty } from '@nestjs/swagger';
import { SERVICE_TYPES, TICKET_PRIORITIES, TICKET_STATUSES } from '@mm/ticket';
import { MTXI_ISSUE_TYPES } from '../mtxi.presenter';

export class GamificationErrorDto {
  @ApiProperty({ example: 'DAILY_LIMIT_REACHED' })
  code: 'DAILY_LIMIT_REACHED';

  @ApiProperty({ example: 'Daily limit of 5 rewarded support interactions reached; no points awarded' })
  message: string;
}

const GAMIFICATION_ERROR = {
  type: GamificationErrorDto,
  nullable: true,
  description: 'null when the action was rewarded (or earns nothing); otherwise why the award was declined. The action itself succeeded either way.',
} as const;

export class MtxiCreatedDto {
  @ApiProperty({ example: 1 })
  ticketId: number;

  @ApiProperty({ example: 'TKT-123456-ABCDEF' })
  ticketNumber: string;

  @ApiProperty(GAMIFICATION_ERROR)
  gamificationError: GamificationErrorDto | null;
}

export class MtxiActionDto {
  @ApiProperty({ example: 1 })
  ticketId: number;

  @ApiProperty(GAMIFICATION_ERROR)
  gamificationError: GamificationErrorDto | null;
}

export class MtxiRideDto {
  @ApiProperty({ example: 1 })
  id: number;
  @ApiProperty({ example: '123 Main St' })
  pickupLocation: string;
  @ApiProperty({ example: '456 Elm St' })
  dropoffLocation: string;
}

export class MtxiOrderDto {
  @ApiProperty({ example: 7 })
  id: number;
  @ApiProperty({ example: 'ORD-2026-000123' })
  orderNumber: string;
  @ApiProperty({ example: 'delivered' })
  status: string;
}

export class MtxiBookingDto {
  @ApiProperty({ example: 9 })
  id: number;
  @ApiProperty({ example: 'BKG-000009' })
  bookingNumber: string;
  @ApiProperty({ example: 'confirmed' })
  status: string;
  @ApiProperty({ example: 'Chez Test', nullable: true, type: String })
  venueName: string | null;
  @ApiProperty({ example: '2026-12-24T19:00:00.000Z', nullable: true, type: String })
  startsAt: string | null;
}

export class MtxiTicketDto {
  @ApiProperty({ example: 1 })
  ticketId: number;
  @ApiProperty({ example: 'TKT-123456-ABCDEF' })
  ticketNumber: string;
  @ApiProperty({ example: 'ride', enum: SERVICE_TYPES, nullable: true, type: String })
  serviceType: string | null;
  @ApiProperty({ example: 'PAYMENT_ISSUE', enum: MTXI_ISSUE_TYPES })
  issueType: string;
  @ApiProperty({ example: 'OPEN', enum: TICKET_STATUSES.map((s) => s.toUpperCase()) })
  status: string;
  @ApiProperty({ example: 'MEDIUM', enum: TICKET_PRIORITIES.map((p) => p.toUpperCase()) })
  priority: string;
  @ApiProperty({ example: 'Payment was charged twice' })
  description: string;
  @ApiProperty({ example: [2, 3], type: [Number] })
  groupCustomerIds: number[];
  @ApiProperty({ example: '2025-06-01T00:00:00.000Z' })
  createdAt: string;
  @ApiProperty({ example: '2025-06-01T00:00:00.000Z' })
  updatedAt: string;
  @ApiProperty({ type: MtxiRideDto, nullable: true })
  ride: MtxiRideDto | null;
  @ApiProperty({ type: MtxiOrderDto, nullable: true, example: null })
  order: MtxiOrderDto | null;
  @ApiProperty({ type: MtxiBookingDto, nullable: true, example: null })
  booking: MtxiBookingDto | null;
}

class MtxiEnvelope {
  @ApiProperty({ example: 'success' })
  status: 'success';
}

export class MtxiCreatedResponseDto extends MtxiEnvelope {
  @ApiProperty({ example: 'Support ticket created' })
  message: string;
  @ApiProperty({ type: MtxiCreatedDto })
  data: MtxiCreatedDto;
}

export class MtxiActionResponseDto extends MtxiEnvelope {
  @ApiProperty({ example: 'Ticket escalated' })
  message: string;
  @ApiProperty({ type: MtxiActionDto })
  data: MtxiActionDto;
}

export class MtxiTicketResponseDto extends MtxiEnvelope {
  @ApiProperty({ example: 'Ticket status retrieved' })
  message: string;
  @ApiProperty({ type: MtxiTicketDto })
  data: MtxiTicketDto;
}
