export * from './reports.service';
export * from './reporting.module';
export * from './report-rollups.service';
