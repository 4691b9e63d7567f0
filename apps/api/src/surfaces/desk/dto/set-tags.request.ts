import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsString } from 'class-validator';

export class SetTagsRequest {
  @ApiProperty({ type: [String], example: ['VIP', ' refund '], description: 'Replaces the tags: each trimmed and lower-cased, 1-40 characters, at most 20; [] clears them' })
  @IsArray()
  // Far above the 20 a ticket may have: bounds the work before the domain names what is wrong.
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  tags: string[];
}
