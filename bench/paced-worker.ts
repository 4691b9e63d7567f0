import { fork } from 'node:child_process';
import { Dataset } from './dataset';
import { PacedOptions, PacedResult, runPaced } from './paced';
import { httpScenarios, Samples, Tokens } from './scenarios';

export interface PacedJob {
  url: string;
  scenario: string;
  dataset: Dataset;
  samples: Samples;
  jwtSecret: string;
  options: PacedOptions;
}

/**
 * One steady-rate run (runPaced) in a process of its own. In the bench's
 * process, which holds the seeding's and the closed-loop runs' heap, the
 * generator's young-generation collections took up to 42 ms: answers that
 * arrived meanwhile were read late, and that wait was counted as the
 * service's latency.
 */
export function runPacedApart(job: PacedJob): Promise<PacedResult> {
  const worker = fork(__filename, [], { execArgv: ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'] });
  return new Promise((resolve, reject) => {
    worker.once('message', (result: PacedResult) => resolve(result));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the steady-rate worker exited with code ${code} before answering`)));
    worker.send(job);
  });
}

if (require.main === module) {
  process.once('message', (job: PacedJob) => {
    const scenario = httpScenarios(job.dataset, job.samples, new Tokens(job.jwtSecret)).find((s) => s.name === job.scenario);
    if (!scenario) throw new Error(`no scenario named "${job.scenario}"`);
    void runPaced(job.url, scenario.request, job.options).then((result) => process.send!(result, () => process.exit(0)));
  });
}
