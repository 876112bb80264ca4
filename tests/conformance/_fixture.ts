/** The fixture schema of tests/fixtures/gen_torch.py. */

export interface Arr {
  shape: number[];
  data: number[];
}

export interface FixtureCase {
  name: string;
  op: "embedding" | "embedding_bag";
  weight: Arr;
  indices: Arr;
  options: {
    paddingIdx?: number;
    maxNorm?: number;
    normType?: number;
    scaleGradByFreq?: boolean;
    sparse?: boolean;
    mode?: "sum" | "mean" | "max";
    offsets?: number[];
    includeLastOffset?: boolean;
    perSampleWeights?: Arr;
  };
  gradOutput: Arr;
  expected: {
    output: Arr;
    weightAfter: Arr;
    gradWeight: Arr;
    sparseGrad?: { indices: number[]; values: Arr };
    gradPerSampleWeights?: Arr;
  };
  oracle?: string;
}

export interface FixtureFile {
  generator: string;
  torch: string;
  cases: FixtureCase[];
}
