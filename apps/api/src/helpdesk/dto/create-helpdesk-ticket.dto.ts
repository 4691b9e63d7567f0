import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { TICKET_PRIORITIES, TicketPriority } from '@mm/ticket';
import { HELPDESK_CATEGORIES, HelpdeskCategory } from '../helpdesk.presenter';
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

  @ApiPropertyOptional({ example: 'order', enum: HELPDESK_CATEGORIES, default: 'other' })
  @Trimmed()
  @IsOptional()
  @IsIn(HELPDESK_CATEGORIES, { message: say.selected('category') })
  category?: HelpdeskCategory;
}
