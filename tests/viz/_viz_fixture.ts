/** The sklearn 1.2 fixture of the viz tests (written by tests/fixtures/gen_viz.py). */

export interface PcaCase {
  name: string;
  x: number[][];
  nComponents: number;
  embedding: number[][];
  components: number[][];
  mean: number[];
  explainedVariance: number[];
  explainedVarianceRatio: number[];
  singularValues: number[];
}

export interface VizFixture {
  pca: PcaCase[];
  objective: {
    x: number[][];
    perplexity: number;
    pExact: number[][];
    k: number;
    pNn: number[][];
    y: number[][];
    klExact: number;
    gradExact: number[];
    klBarnesHut: number;
    gradBarnesHut: number[];
    klBarnesHutAngle0: number;
    gradBarnesHutAngle0: number[];
  };
  runs: {
    x: number[][];
    labels: number[];
    perplexity: number;
    barnes_hut: { trustworthiness10: number; klDivergence: number; nIter: number };
    exact: { trustworthiness10: number; klDivergence: number; nIter: number };
  };
  trustworthiness: {
    x: number[][];
    embeddings: number[][][];
    cases: { embedding: number; nNeighbors: number; value: number }[];
  };
}

export const fixture: VizFixture = JSON.parse(
  await Deno.readTextFile(new URL("../fixtures/viz_cases.json", import.meta.url)),
);
