export * from './reports.service';
export * from './reporting.module';
