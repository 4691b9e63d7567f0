import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, IsInt, IsOptional, IsString, IsUrl, Max, MaxLength, Min, MinLength } from 'class-validator';
import { MAX_ID } from '@mm/ticket';
import { QueryInt, say, Trimmed } from './laravel-rules';

export const MAX_ATTACHMENTS = 10;
export const DEFAULT_MESSAGES_LIMIT = 200;
export const MAX_MESSAGES_LIMIT = 500;

export class SendHelpdeskMessageDto {
  @ApiProperty({ example: 'Thank you for your help! When can I expect the replacement?', minLength: 1, maxLength: 5000 })
  @Trimmed()
  @IsDefined({ message: say.required('message') })
  @IsString({ message: say.string('message') })
  @MinLength(1, { message: say.minChars('message', 1) })
  @MaxLength(5000, { message: say.maxChars('message', 5000) })
  message: string;

  @ApiPropertyOptional({
    type: [String],
    nullable: true,
    maxItems: MAX_ATTACHMENTS,
    example: ['https://cdn.example.com/uploads/photo-1.jpg'],
    description: 'URLs (http or https) of files uploaded elsewhere; only the links are stored',
  })
  @IsOptional()
  @IsArray({ message: say.array('attachments') })
  @ArrayMaxSize(MAX_ATTACHMENTS, { message: say.maxItems('attachments', MAX_ATTACHMENTS) })
  @IsString({ each: true, message: say.url('attachments') })
  @MaxLength(2048, { each: true, message: say.url('attachments') })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { each: true, message: say.url('attachments') })
  attachments?: string[] | null;
}

export class ListHelpdeskMessagesQuery {
  @ApiPropertyOptional({
    example: 200,
    type: 'integer',
    default: DEFAULT_MESSAGES_LIMIT,
    maximum: MAX_MESSAGES_LIMIT,
    description: `The newest messages, oldest first; larger values are served as ${MAX_MESSAGES_LIMIT}`,
  })
  @QueryInt()
  @Transform(({ value }) => (typeof value === 'number' ? Math.min(value, MAX_MESSAGES_LIMIT) : value))
  @IsOptional()
  @IsInt({ message: say.integer('limit') })
  @Min(1, { message: say.min('limit', 1) })
  limit?: number;

  @ApiPropertyOptional({ example: 120, type: 'integer', description: 'Older messages: those before this message id' })
  @QueryInt()
  @IsOptional()
  @IsInt({ message: say.integer('before_id') })
  @Min(1, { message: say.min('before_id', 1) })
  @Max(MAX_ID, { message: say.max('before_id', MAX_ID) })
  before_id?: number;
}
