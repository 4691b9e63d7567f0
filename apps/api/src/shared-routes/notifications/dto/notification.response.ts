import { ApiProperty } from '@nestjs/swagger';
import { NOTIFICATION_KINDS } from '@mm/notification';

export class NotificationResponse {
  @ApiProperty({ example: 42 })
  id: number;

  @ApiProperty({ enum: NOTIFICATION_KINDS, example: 'ticket_status_changed' })
  kind: string;

  @ApiProperty({ example: 'Ticket TKT-123456-ABCDEF mis à jour' })
  title: string;

  @ApiProperty({ example: 'Votre ticket est maintenant en cours de traitement.' })
  body: string;

  @ApiProperty({ enum: ['en', 'fr', 'es'], example: 'fr', description: "The recipient's locale it was rendered in" })
  locale: string;

  @ApiProperty({ type: Number, nullable: true, example: 123 })
  ticketId: number | null;

  @ApiProperty({ type: String, nullable: true, example: 'TKT-123456-ABCDEF' })
  ticketNumber: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  readAt: string | null;

  @ApiProperty({ format: 'date-time', example: '2026-06-01T10:00:00.000Z' })
  createdAt: string;
}

export class NotificationPageMeta {
  @ApiProperty({ example: 1 })
  page: number;

  @ApiProperty({ example: 20 })
  perPage: number;

  @ApiProperty({ example: 3, description: 'Matching notifications (with ?unread=true: unread ones)' })
  total: number;

  @ApiProperty({ example: 1, description: 'All unread notifications of the caller (the badge count)' })
  unreadCount: number;
}

export class NotificationPageResponse {
  @ApiProperty({ type: [NotificationResponse] })
  data: NotificationResponse[];

  @ApiProperty({ type: NotificationPageMeta })
  meta: NotificationPageMeta;
}

export class ReadAllResponse {
  @ApiProperty({ example: 3, description: 'How many notifications were unread and are now read' })
  updated: number;
}
