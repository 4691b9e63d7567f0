import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { DomainErrorCode, RequestContext } from '@mm/core';
import { Access, AccountsService, Ctx, EMAIL_TAKEN_MESSAGE, Public, User } from '@mm/auth';
import { UserSessions } from '@mm/notification';
import { AgentAccountsService } from '@mm/ticket';
import { EntityIdPipe } from '../../platform/common/entity-id.pipe';
import {
  AgentListQuery,
  ApproveAgentResponseDto,
  ConsoleAgentDto,
  DeactivateAgentResponseDto,
  RejectAgentResponseDto,
  ConsoleAgentListItemDto,
  ConsoleAgentsResponseDto,
  RegisterAgentDto,
  RegisterAgentResponseDto,
} from './dto/agents.dto';
import { CONSOLE_401, CONSOLE_403, ConsoleErrorResponses } from './console.errors';
import { consoleTime } from './console.presenter';
import { choiceKey } from './dto/drf-rules';
import { pageOf, sliceOf } from './console-pages';

const AgentIdPipe = new EntityIdPipe(DomainErrorCode.AgentNotFound, 'Agent not found');

function consoleAgent(user: User): ConsoleAgentDto {
  return { id: String(user.id), email: user.email, name: user.name, role: 'support_agent' };
}

function consoleAgentListItem(user: User): ConsoleAgentListItemDto {
  return { ...consoleAgent(user), approved: user.approvedAt !== null, approved_at: consoleTime(user.approvedAt), created_at: consoleTime(user.createdAt) };
}

/** Seed 004: agents register themselves and wait; an admin lists and approves them (and, beyond the seed, rejects or deactivates them). */
@ApiTags('console')
@Controller('api')
export class AgentsController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly agentAccounts: AgentAccountsService,
    private readonly sessions: UserSessions,
  ) {}

  @Post('support/register-agent')
  @Public()
  @ApiOperation({
    summary: 'Register a support agent (public)',
    description: 'The account starts unapproved: agent routes answer 403 until an admin approves it. Log in with POST /api/auth/login.',
  })
  @ApiCreatedResponse({ type: RegisterAgentResponseDto })
  @ConsoleErrorResponses({ 400: { email: [EMAIL_TAKEN_MESSAGE] } })
  async register(@Body() body: RegisterAgentDto): Promise<RegisterAgentResponseDto> {
    const agent = await this.accounts.registerAgent({ email: body.email, password: body.password, name: body.name, phone: body.contact_number });
    return { message: 'Registration successful. Waiting for admin approval.', user: consoleAgent(agent) };
  }

  @Post('admin/approve-agent/:agent_id')
  @HttpCode(200)
  @Access({ roles: ['admin'], permissions: ['approve_agent'] })
  @ApiOperation({ summary: 'Approve a support agent (admins)', description: 'Approving an approved agent changes nothing and answers 200 again.' })
  @ApiParam({ name: 'agent_id', schema: { type: 'integer', minimum: 1 }, example: 507, description: 'Agent ID' })
  @ApiOkResponse({ type: ApproveAgentResponseDto })
  @ConsoleErrorResponses({ 401: CONSOLE_401, 403: CONSOLE_403, 404: { error: 'Agent not found' } })
  async approve(@Ctx() ctx: RequestContext, @Param('agent_id', AgentIdPipe) agentId: number): Promise<ApproveAgentResponseDto> {
    await this.accounts.approveAgent(ctx, agentId);
    await this.sessions.approved(agentId);
    return { message: 'Agent approved successfully' };
  }

  @Post('admin/reject-agent/:agent_id')
  @HttpCode(200)
  @Access({ roles: ['admin'], permissions: ['approve_agent'] })
  @ApiOperation({
    summary: 'Reject an agent awaiting approval (admins)',
    description:
      'Beyond seed 004. The account is closed: its tokens answer 401 from the next request, sign-in is refused, and the email stays taken. ' +
      'An approved agent is deactivated instead (404 `Agent is not awaiting approval`). Rejecting a rejected agent answers 200 again.',
  })
  @ApiParam({ name: 'agent_id', type: String, example: '507' })
  @ApiOkResponse({ type: RejectAgentResponseDto })
  @ConsoleErrorResponses({ 401: CONSOLE_401, 403: CONSOLE_403, 404: { error: 'Agent is not awaiting approval' } })
  async reject(@Ctx() ctx: RequestContext, @Param('agent_id', AgentIdPipe) agentId: number): Promise<RejectAgentResponseDto> {
    await this.agentAccounts.reject(ctx, agentId);
    this.sessions.end(agentId);
    return { message: 'Agent rejected' };
  }

  @Post('admin/deactivate-agent/:agent_id')
  @HttpCode(200)
  @Access({ roles: ['admin'], permissions: ['approve_agent'] })
  @ApiOperation({
    summary: 'Deactivate an agent (admins)',
    description:
      'Beyond seed 004. Every token of the agent answers 401 from the next request and their live sockets are closed; sign-in is refused. ' +
      'Their open tickets (Open, In Progress, On Hold, Escalated) return to the unassigned queue, recorded in each ticket\'s history. ' +
      'Deactivating a deactivated agent answers 200 again.',
  })
  @ApiParam({ name: 'agent_id', type: String, example: '507' })
  @ApiOkResponse({ type: DeactivateAgentResponseDto })
  @ConsoleErrorResponses({ 401: CONSOLE_401, 403: CONSOLE_403, 404: { error: 'Agent not found' } })
  async deactivate(@Ctx() ctx: RequestContext, @Param('agent_id', AgentIdPipe) agentId: number): Promise<DeactivateAgentResponseDto> {
    const { returnedTicketIds } = await this.agentAccounts.deactivate(ctx, agentId);
    this.sessions.end(agentId);
    return { message: 'Agent deactivated', returned_ticket_ids: returnedTicketIds.map(String) };
  }

  @Get('admin/agents')
  @Access({ roles: ['admin'], permissions: ['approve_agent'] })
  @ApiOperation({
    summary: 'Support agents (admins)',
    description:
      'Beyond seed 004: the agents to approve (`status=pending`) or to assign tickets to (`status=approved`); without `status`, both. ' +
      'Newest first, `page_size` at a time (`Link: <…>; rel="next"` when there are more).',
  })
  @ApiOkResponse({ type: ConsoleAgentsResponseDto })
  @ConsoleErrorResponses({ 400: { status: ['"active" is not a valid choice.'] }, 401: CONSOLE_401, 403: CONSOLE_403 })
  async list(
    @Ctx() ctx: RequestContext,
    @Query() query: AgentListQuery,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ConsoleAgentsResponseDto> {
    const slice = sliceOf(query);
    const approved = query.status === undefined ? undefined : choiceKey(query.status) === 'approved';
    const agents = await this.accounts.listAgents(ctx, { approved }, slice);
    return { agents: pageOf(agents, slice, request, reply).map(consoleAgentListItem) };
  }
}
