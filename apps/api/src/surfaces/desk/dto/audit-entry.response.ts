import { ApiProperty } from '@nestjs/swagger';

export class AuditActorDto {
  @ApiProperty({ type: Number, nullable: true, example: 1, description: 'null for the system and service tokens' })
  id: number | null;

  @ApiProperty({ enum: ['customer', 'agent', 'admin', 'service', 'system'], example: 'admin' })
  role: string;

  @ApiProperty({ type: String, nullable: true, example: 'Ada Admin' })
  name: string | null;
}

export class AuditEntryDto {
  @ApiProperty({ example: 42 })
  id: number;

  @ApiProperty({ type: AuditActorDto })
  actor: AuditActorDto;

  @ApiProperty({ example: 'faq.updated', description: '`<what>.<created|updated|deleted|...>`' })
  action: string;

  @ApiProperty({ example: 'faq' })
  entityType: string;

  @ApiProperty({ type: String, nullable: true, example: '3' })
  entityId: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, example: { id: 3, question: 'Where is my parcel?', answer: 'On its way.', category: 'late' }, description: 'null when created' })
  before: Record<string, unknown> | null;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, example: { id: 3, question: 'Where is my parcel?', answer: 'Delivered today.', category: 'late' }, description: 'null when deleted' })
  after: Record<string, unknown> | null;

  @ApiProperty({ format: 'date-time', example: '2026-06-01T10:00:00.000Z' })
  createdAt: string;
}

export class AuditEntryPageDto {
  @ApiProperty({ type: [AuditEntryDto] })
  data: AuditEntryDto[];

  @ApiProperty({ type: String, nullable: true, example: null, description: 'Pass as `cursor` for the next page; null on the last page' })
  nextCursor: string | null;
}
