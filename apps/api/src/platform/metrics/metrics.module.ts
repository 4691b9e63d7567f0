import { Module } from '@nestjs/common';
import { MetricsService } from './metrics.service';

/** The application's Prometheus metrics (served by serveMetrics, outside the API's controllers). */
@Module({
  providers: [MetricsService],
  exports: [MetricsService],
})
export class MetricsModule {}
