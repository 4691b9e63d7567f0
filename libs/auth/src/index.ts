export * from './access.decorator';
export * from './access.guard';
export * from './auth.module';
export * from './passwords';
export * from './permissions';
export * from './request-context.decorator';
export * from './token.service';
export * from './user.entity';
