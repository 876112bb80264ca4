/** Reads an environment variable in Deno (only if already permitted), Bun or Node. */
export function readEnv(name: string): string | undefined {
  const g = globalThis as unknown as {
    Deno?: {
      env: { get(name: string): string | undefined };
      permissions: { querySync?(d: { name: "env"; variable: string }): { state: string } };
    };
    process?: { env: Record<string, string | undefined> };
  };
  if (g.Deno) {
    const state = g.Deno.permissions.querySync?.({ name: "env", variable: name }).state;
    return state === "granted" ? g.Deno.env.get(name) : undefined;
  }
  return g.process?.env[name];
}
