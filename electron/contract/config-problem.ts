// One problem with a config file: where (dotted path, '' for the whole file) and what, in one sentence.
export type ConfigProblem = { path: string; message: string };

export function formatProblem(p: ConfigProblem): string {
  return `${p.path === '' ? '(whole file)' : p.path}: ${p.message}`;
}
