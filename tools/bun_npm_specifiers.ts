/**
 * Bun preload (see `bunfig.toml`): resolves Deno-style `npm:` specifiers
 * (`npm:zod@^4.1.0`), which the sources use so that Deno can import `mod.ts`
 * by path from any project, to the bare package name Bun understands. Only
 * for running the TypeScript sources in this checkout; the built package
 * (`dist/`) imports bare names.
 */

interface BunPlugins {
  plugin(p: {
    name: string;
    setup(build: {
      onResolve(
        filter: { filter: RegExp; namespace: string },
        resolve: (args: { path: string; importer: string }) => { path: string },
      ): void;
    }): void;
  }): void;
  resolveSync(specifier: string, from: string): string;
}

const bun = (globalThis as unknown as { Bun: BunPlugins }).Bun;

bun.plugin({
  name: "npm-specifiers",
  setup(build) {
    // Bun reads `npm:zod@^4.1.0` as the path `zod@^4.1.0` in the namespace `npm`.
    build.onResolve({ filter: /.*/, namespace: "npm" }, ({ path, importer }) => {
      const [, name, sub = ""] = path.match(/^(@[^/]+\/[^@/]+|[^@/]+)(?:@[^/]*)?(\/.*)?$/)!;
      return { path: bun.resolveSync(name + sub, importer) };
    });
  },
});
