import { leastStolen, PACED_ATTEMPTS, PacedResult, STEAL_LIMIT } from './paced';

const run = (steal: number, p99: number, failures = 0): PacedResult => ({ rate: 50, requests: 500, p50: 5, p99, max: p99, failures, issueLateP99: 1, steal });

/** Answers the given runs in order and counts how many were measured. */
function runs(...results: PacedResult[]) {
  const measured: PacedResult[] = [];
  return {
    measured,
    measure: async () => {
      const next = results[measured.length];
      measured.push(next);
      return next;
    },
  };
}

describe('leastStolen', () => {
  const quiet = () => undefined;

  it('keeps a run the hypervisor left alone', async () => {
    const { measure, measured } = runs(run(STEAL_LIMIT / 2, 40));
    expect(await leastStolen(measure, quiet)).toMatchObject({ p99: 40 });
    expect(measured).toHaveLength(1);
  });

  it('measures a stolen run again and reports the least-stolen one, never choosing by latency', async () => {
    const { measure, measured } = runs(run(0.4, 30), run(0.2, 90), run(0.3, 10));
    const reported = await leastStolen(measure, quiet);
    expect(measured).toHaveLength(PACED_ATTEMPTS);
    expect(reported).toMatchObject({ steal: 0.2, p99: 90 });
  });

  it('stops as soon as a run is quiet enough', async () => {
    const { measure, measured } = runs(run(0.5, 30), run(0.01, 20), run(0, 10));
    expect(await leastStolen(measure, quiet)).toMatchObject({ steal: 0.01 });
    expect(measured).toHaveLength(2);
  });

  it('counts the failures of every run, also of the runs it did not report', async () => {
    const { measure } = runs(run(0.5, 30, 2), run(0.01, 20, 1));
    expect((await leastStolen(measure, quiet)).failures).toBe(3);
  });
});
