import { ApiProperty } from '@nestjs/swagger';
import { TICKET_PRIORITIES, TICKET_STATUSES, VERTICAL_ISSUE_TYPES } from '@mm/ticket';

export class MtablesGamificationErrorDto {
  @ApiProperty({ example: 'DAILY_LIMIT_REACHED' })
  code: 'DAILY_LIMIT_REACHED';

  @ApiProperty({ example: 'Daily limit of 5 rewarded support interactions reached; no points awarded' })
  message: string;
}

const GAMIFICATION_ERROR = {
  type: MtablesGamificationErrorDto,
  nullable: true,
  description: 'null when the action was rewarded; otherwise why the award was declined. The action itself succeeded either way.',
} as const;

export class MtablesCreatedDto {
  @ApiProperty({ example: 123 })
  ticketId: number;
  @ApiProperty({ example: 'TKT-123456-ABCDEF' })
  ticketNumber: string;
  @ApiProperty(GAMIFICATION_ERROR)
  gamificationError: MtablesGamificationErrorDto | null;
}

export class MtablesEscalatedDto {
  @ApiProperty({ example: 123 })
  ticketId: number;
  @ApiProperty({ example: 'escalated' })
  status: string;
  @ApiProperty(GAMIFICATION_ERROR)
  gamificationError: MtablesGamificationErrorDto | null;
}

export class MtablesTicketDto {
  @ApiProperty({ example: 123 })
  id: number;
  @ApiProperty({ example: 'TKT-123456-ABCDEF' })
  ticket_number: string;
  @ApiProperty({ example: 'open', enum: TICKET_STATUSES })
  status: string;
  @ApiProperty({ example: 'payment_issue', enum: VERTICAL_ISSUE_TYPES })
  issue_type: string;
  @ApiProperty({ example: 'medium', enum: TICKET_PRIORITIES })
  priority: string;
  @ApiProperty({ example: 'Payment issue — booking BKG-000055' })
  subject: string;
  @ApiProperty({ example: 'The bill charged a dish we never received' })
  description: string;
  @ApiProperty({ example: 55, nullable: true, type: Number })
  booking_id: number | null;
  @ApiProperty({ example: null, nullable: true, type: Number })
  order_id: number | null;
  @ApiProperty({ example: 0 })
  escalation_level: number;
  @ApiProperty({ example: null, nullable: true, type: String })
  resolution_details: string | null;
  @ApiProperty({ example: '2026-01-22T10:30:00.000Z' })
  created_at: string;
  @ApiProperty({ example: '2026-01-22T10:30:00.000Z' })
  updated_at: string;
  @ApiProperty({ example: null, nullable: true, type: String })
  resolved_at: string | null;
  @ApiProperty({ example: null, nullable: true, type: String })
  closed_at: string | null;
}

class MtablesEnvelope {
  @ApiProperty({ example: 'success' })
  status: 'success';
}

export class MtablesCreatedResponseDto extends MtablesEnvelope {
  @ApiProperty({ example: 'Support ticket created' })
  message: string;
  @ApiProperty({ type: MtablesCreatedDto })
  data: MtablesCreatedDto;
}

export class MtablesTicketResponseDto extends MtablesEnvelope {
  @ApiProperty({ example: 'Ticket status tracked' })
  message: string;
  @ApiProperty({ type: MtablesTicketDto })
  data: MtablesTicketDto;
}

export class MtablesEscalatedResponseDto extends MtablesEnvelope {
  @ApiProperty({ example: 'Ticket escalated' })
  message: string;
  @ApiProperty({ type: MtablesEscalatedDto })
  data: MtablesEscalatedDto;
}
