/** The backend combinations every conformance test runs on. */

/** A backend combination: executor and kernels. */
export interface Backend {
  readonly name: string;
  readonly setup: () => void | Promise<void>;
  readonly teardown: () => void | Promise<void>;
}

/** Every combination available on this machine. */
export const BACKENDS: readonly Backend[] = [
  { name: "inline/js", setup: () => {}, teardown: () => {} },
];

/** Runs `body` with a backend installed. */
export async function useBackend(backend: Backend, body: () => Promise<void>): Promise<void> {
  await backend.setup();
  try {
    await body();
  } finally {
    await backend.teardown();
  }
}
