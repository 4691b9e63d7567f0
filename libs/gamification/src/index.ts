export * from './gamification.module';
export * from './gamification.service';
export * from './reward-daily-counter.entity';
export * from './reward-ledger-entry.entity';
export * from './reward-rules';
