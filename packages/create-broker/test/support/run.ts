import { execFile } from 'node:child_process';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command as a user would in a shell of their own: without this vitest's worker variables (the
 * nested vitest must not think it is one of ours) or the npm_config_* settings pnpm exports to the
 * scripts it runs (the workspace's settings are not the generated package's).
 */
export function run(command: string, args: readonly string[], cwd: string): Promise<Run> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !key.startsWith('VITEST') && !/^npm_config_/i.test(key) && key !== 'NODE_OPTIONS',
    ),
  );
  return new Promise((resolve) => {
    execFile(
      command,
      [...args],
      { cwd, env: { ...env, NO_COLOR: '1', FORCE_COLOR: '0', CI: 'true' }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
