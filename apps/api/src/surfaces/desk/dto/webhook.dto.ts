import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import { WEBHOOK_EVENTS } from '@mm/webhooks';

export class CreateWebhookRequest {
  @ApiProperty({ example: 'https://partner.example.com/hooks/support', description: 'http(s); private, loopback and link-local addresses are refused unless WEBHOOK_ALLOW_PRIVATE_TARGETS=true' })
  @IsString()
  @MaxLength(2000)
  url: string;

  @ApiProperty({ type: [String], enum: WEBHOOK_EVENTS, example: ['ticket.created', 'message.created'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENTS.length)
  @IsIn(WEBHOOK_EVENTS, { each: true })
  events: string[];

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 500 })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @MaxLength(500)
  description?: string | null;
}

export class UpdateWebhookRequest {
  @ApiPropertyOptional({ example: 'https://partner.example.com/hooks/support' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  url?: string;

  @ApiPropertyOptional({ type: [String], enum: WEBHOOK_EVENTS })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENTS.length)
  @IsIn(WEBHOOK_EVENTS, { each: true })
  events?: string[];

  @ApiPropertyOptional({ description: 'false pauses deliveries; true turns a paused or disabled endpoint on again' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 500 })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @MaxLength(500)
  description?: string | null;
}

export class WebhookEndpointDto {
  @ApiProperty({ example: 3 })
  id: number;

  @ApiProperty({ example: 'https://partner.example.com/hooks/support' })
  url: string;

  @ApiProperty({ type: [String], enum: WEBHOOK_EVENTS })
  events: string[];

  @ApiProperty()
  active: boolean;

  @ApiProperty({ type: String, nullable: true })
  description: string | null;

  @ApiProperty({ type: String, nullable: true, enum: ['gone', 'failing'], description: 'Why the service turned it off: `gone` (the receiver answered 410), `failing` (3 days of failures); null otherwise' })
  disabledReason: 'gone' | 'failing' | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Until when the previous secret still signs (after a rotation)' })
  previousSecretExpiresAt: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

export class WebhookEndpointWithSecretDto extends WebhookEndpointDto {
  @ApiProperty({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', description: 'The signing secret, shown only in this answer' })
  secret: string;
}

export class WebhookEndpointListDto {
  @ApiProperty({ type: [WebhookEndpointDto] })
  data: WebhookEndpointDto[];
}

export class WebhookDeliveryDto {
  @ApiProperty({ example: 41 })
  id: number;

  @ApiProperty({ example: 'evt_1234', description: 'The `webhook-id` header: one per event, the same on every attempt' })
  eventId: string;

  @ApiProperty({ enum: WEBHOOK_EVENTS })
  type: string;

  @ApiProperty({ enum: ['pending', 'succeeded', 'failed'] })
  status: string;

  @ApiProperty({ example: 1 })
  attempts: number;

  @ApiProperty({ type: Number, nullable: true, example: 200 })
  lastResponseStatus: number | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  lastError: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  nextAttemptAt: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

export class WebhookDeliveryPageDto {
  @ApiProperty({ type: [WebhookDeliveryDto] })
  data: WebhookDeliveryDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

/** `data` of a `message.created` delivery: a public message (customer message or staff reply; internal notes are never messages). */
export class WebhookMessageDto {
  @ApiProperty({ example: 88 })
  id: number;

  @ApiProperty({ example: 123 })
  ticketId: number;

  @ApiProperty({ example: 12 })
  senderId: number;

  @ApiProperty({ enum: ['customer', 'admin'], description: '`admin`: a staff reply' })
  senderType: string;

  @ApiProperty({ example: 'Any news?' })
  body: string;

  @ApiProperty({ type: [String], example: [] })
  attachments: string[];

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

/** `data` of a `feedback.created` delivery: the customer's rating of a resolved or closed ticket. */
export class WebhookFeedbackDto {
  @ApiProperty({ example: 17 })
  id: number;

  @ApiProperty({ example: 123 })
  ticketId: number;

  @ApiProperty({ example: 12, description: "The ticket's customer, who rated it" })
  customerId: number;

  @ApiProperty({ minimum: 1, maximum: 5, example: 5 })
  rating: number;

  @ApiProperty({ type: String, nullable: true, example: 'Quick and kind, thanks' })
  comment: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}
