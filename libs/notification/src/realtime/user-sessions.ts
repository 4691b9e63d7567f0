import { Injectable, Logger } from '@nestjs/common';
import { RealtimeGateway } from './realtime.gateway';
import { userRoom } from './rooms';

/** What an account change means for the user's live sockets (agent approval and deactivation). */
@Injectable()
export class UserSessions {
  private readonly logger = new Logger(UserSessions.name);

  constructor(private readonly gateway: RealtimeGateway) {}

  /** The user's sockets close now; their reconnections are refused (AccessGuard sees the deactivation). */
  end(userId: number): void {
    this.gateway.disconnectUser(userId);
  }

  /**
   * Tells a waiting agent they were approved. Best effort, not through the outbox (it is about no
   * ticket): the console's waiting page also re-checks on "Check again" and on every reconnection.
   */
  async approved(userId: number): Promise<void> {
    try {
      await this.gateway.emit({ rooms: [userRoom(userId)], event: 'account:approved', payload: { userId } });
    } catch (error) {
      this.logger.warn({ err: error, userId }, 'The approval could not be announced live');
    }
  }
}
