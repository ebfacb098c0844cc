// Planning a test binary: planBuild over the test world of one package (its
// test variant, external test package and generated main; see
// gotest/test-packages.ts), linked as cmd/go links pmain: with
// -X testing.testBinary=1, so testing.Testing() reports true.
import { parseBuildArgs } from './flags.ts';
import { planBuild } from './planner.ts';
import type { LoadedPackage, PlanInput, PlanResult } from './plan-types.ts';

export function planTestBinary(input: Omit<PlanInput, 'main' | 'flags'> & { testmain: LoadedPackage }): PlanResult {
  const flags = parseBuildArgs(['-ldflags=-X testing.testBinary=1']);
  if (!flags.ok) return flags;
  return planBuild({ ...input, flags: flags.flags, main: input.testmain.importPath, outputName: `${input.testmain.importPath.split('/').pop()}` });
}
