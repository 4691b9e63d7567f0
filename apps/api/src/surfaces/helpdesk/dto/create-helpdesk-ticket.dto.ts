import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { ORIGIN_CATEGORIES, TICKET_PRIORITIES, TicketPriority } from '@mm/ticket';
import { say, Trimmed } from './laravel-rules';

export class CreateHelpdeskTicketDto {
  @ApiProperty({ example: 'Issue with order #12345', maxLength: 255 })
  @Trimmed()
  @IsDefined({ message: say.required('subject') })
  @IsString({ message: say.string('subject') })
  @MaxLength(255, { message: say.maxChars('subject', 255) })
  subject: string;

  @ApiProperty({ example: 'I received the wrong product in my order. I ordered a blue shirt but received a red one.', minLength: 10, maxLength: 5000 })
  @Trimmed()
  @IsDefined({ message: say.required('description') })
  @IsString({ message: say.string('description') })
  @MinLength(10, { message: say.minChars('description', 10) })
  @MaxLength(5000, { message: say.maxChars('description', 5000) })
  description: string;

  @ApiPropertyOptional({ example: 'high', enum: TICKET_PRIORITIES, default: 'medium' })
  @Trimmed()
  @IsOptional()
  @IsIn(TICKET_PRIORITIES, { message: say.selected('priority') })
  priority?: TicketPriority;

  @ApiPropertyOptional({ example: 'order', enum: ORIGIN_CATEGORIES.helpdesk, default: 'other' })
  @Trimmed()
  @IsOptional()
  @IsIn(ORIGIN_CATEGORIES.helpdesk, { message: say.selected('category') })
  category?: string;
}
