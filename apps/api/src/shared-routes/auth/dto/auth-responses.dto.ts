import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PERMISSIONS } from '@mm/auth';

export class TokenUserDto {
  @ApiProperty({ example: 42 })
  id: number;

  @ApiProperty({ example: 'jane@example.com' })
  email: string;

  @ApiProperty({ example: 'Jane Doe' })
  name: string;

  @ApiProperty({ enum: ['customer', 'agent', 'admin'], example: 'customer' })
  role: string;
}

export class TokenResponseDto {
  @ApiProperty({ example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...' })
  accessToken: string;

  @ApiProperty({ example: 'Bearer' })
  tokenType: 'Bearer';

  @ApiProperty({ example: 3600, description: 'Seconds until the token expires' })
  expiresIn: number;

  @ApiProperty({ type: TokenUserDto })
  user: TokenUserDto;
}

export class MeResponseDto extends TokenUserDto {
  @ApiPropertyOptional({ example: '+1 555 0100', nullable: true, type: String })
  phone: string | null;

  @ApiProperty({ example: 'en' })
  locale: string;

  @ApiProperty({ example: true, description: 'Agents: approved by an admin (agent routes are 403 until then); always true otherwise' })
  approved: boolean;

  @ApiPropertyOptional({ example: '2026-01-09T10:30:00.000Z', nullable: true, type: String })
  approvedAt: string | null;

  @ApiProperty({ enum: PERMISSIONS, isArray: true, example: ['create_support_ticket', 'view_support_ticket'] })
  permissions: string[];

  @ApiProperty({ example: '2026-01-09T10:30:00.000Z' })
  createdAt: string;
}
