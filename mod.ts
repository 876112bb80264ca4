/**
 * Tessera: embedding layers for TypeScript, exact where PyTorch and Keras are
 * exact, traced into a small graph, fused and run over one shared arena.
 *
 * @example
 * ```ts
 * import { Embedding } from "@tessera/embed";
 * const embedding = new Embedding(10, 3, { seed: 0 });
 * const output = embedding.forward([[1, 2, 4, 5], [4, 3, 2, 9]]);
 * console.log(output.shape); // [2, 4, 3]
 * ```
 *
 * @module
 */

export { Tensor } from "./src/tensor/tensor.ts";
export type { DType, NestedArray, TypedArrayFor } from "./src/tensor/tensor.ts";
export { full, ones, tensor, zeros } from "./src/tensor/creation.ts";
export { randn, randUniform } from "./src/tensor/random_tensors.ts";
export type { TensorData, TensorOptions, ZerosOptions } from "./src/tensor/creation.ts";
export type { RandnOptions, RandUniformOptions } from "./src/tensor/random_tensors.ts";
export { manualSeed } from "./src/tensor/random.ts";
export { embeddingForward } from "./src/ops/embedding_forward.ts";
export type { EmbeddingOptions } from "./src/ops/embedding_forward.ts";
export { embeddingBagForward } from "./src/ops/embedding_bag_forward.ts";
export type { EmbeddingBagOptions } from "./src/ops/embedding_bag_forward.ts";
export { embeddingGrad } from "./src/ops/embedding_grad.ts";
export type { EmbeddingGradOptions } from "./src/ops/embedding_grad.ts";
export { embeddingBagGrad } from "./src/ops/embedding_bag_grad.ts";
export type { EmbeddingBagGradOptions, EmbeddingBagGrads } from "./src/ops/embedding_bag_grad.ts";
export { RowSparseGrad } from "./src/sparse/row_sparse_grad.ts";
export type { RowSparseGradOptions } from "./src/sparse/row_sparse_grad.ts";
export { jit, type JitOptions } from "./src/runtime/jit.ts";
export { realize } from "./src/runtime/realize.ts";
export type { TensorTree } from "./src/runtime/_tree.ts";
export { setDebugLevel } from "./src/runtime/debug.ts";
export type { IndicesLike } from "./src/ops/_inputs.ts";
export { ARENA_LIMIT_BYTES } from "./src/memory/arena.ts";
export { TableModule } from "./src/modules/table_module.ts";
export { Embedding } from "./src/modules/embedding.ts";
export type { GradFor } from "./src/modules/embedding.ts";
export type { EmbeddingModuleOptions, FromPretrainedOptions } from "./src/modules/embedding.ts";
export { EmbeddingBag } from "./src/modules/embedding_bag.ts";
export type {
  BagCallOptions,
  EmbeddingBagModuleOptions,
  EmbeddingBagPretrainedOptions,
} from "./src/modules/embedding_bag.ts";
export type { ModuleOptions } from "./src/modules/_module.ts";
export { randomNormal, randomUniform } from "./src/modules/initializers.ts";
export type {
  Initializer,
  InitializerName,
  RandomNormalOptions,
  RandomUniformOptions,
} from "./src/modules/initializers.ts";
export { l1, l1l2, l2 } from "./src/modules/regularizers.ts";
export type { L1L2Options, Regularizer } from "./src/modules/regularizers.ts";
export {
  maxNormConstraint,
  nonNegConstraint,
  unitNormConstraint,
} from "./src/modules/constraints.ts";
export type { Constraint, MaxNormOptions, NormAxis } from "./src/modules/constraints.ts";
export { backend, setBackend, shutdownWorkers } from "./src/runtime/backend.ts";
export type { BackendInfo, BackendOptions } from "./src/runtime/backend.ts";
export { Random } from "./src/tensor/random.ts";
// Text tools (Keras' keras_preprocessing text and sequence utilities)
export { textToWordSequence } from "./src/text/text_to_word_sequence.ts";
export type { WordSplitOptions } from "./src/text/text_to_word_sequence.ts";
export { Tokenizer } from "./src/text/tokenizer.ts";
export type {
  MatrixMode,
  MatrixOptions,
  TextOrTokens,
  TokenizerOptions,
} from "./src/text/tokenizer.ts";
export { hashingTrick } from "./src/text/hashing_trick.ts";
export type { HashingTrickOptions } from "./src/text/hashing_trick.ts";
export { oneHot } from "./src/text/one_hot.ts";
export { padSequences } from "./src/text/pad_sequences.ts";
export type { PadSequencesOptions } from "./src/text/pad_sequences.ts";

// Word vectors: Word2Vec
export { Word2Vec } from "./src/vectors/word2vec.ts";
export type {
  Corpus,
  ResolvedWord2VecOptions,
  Word2VecOptions,
  Word2VecProgress,
} from "./src/vectors/word2vec.ts";

// Projections and pictures (src/viz/)
export { pca } from "./src/viz/pca.ts";
export type { PcaOptions, PcaResult } from "./src/viz/pca.ts";
export { tsne } from "./src/viz/tsne.ts";
export type { TsneOptions, TsneProgress, TsneResult } from "./src/viz/tsne.ts";
export { trustworthiness } from "./src/viz/trustworthiness.ts";
export type { TrustworthinessOptions } from "./src/viz/trustworthiness.ts";
export type { MatrixLike } from "./src/viz/matrix_like.ts";
export { scatterSvg } from "./src/viz/scatter_svg.ts";
export type { ScatterSvgOptions } from "./src/viz/scatter_svg.ts";
export { projectorHtml } from "./src/viz/projector_html.ts";
export type { ProjectorHtmlOptions } from "./src/viz/projector_html.ts";

// Packaging and docs (pkg): PyTorch habits
export type { BagOffsets } from "./src/modules/embedding_bag.ts";

// word vectors: KeyedVectors and its queries, loaders and savers (issue 10 §2-3)
export { KeyedVectors } from "./src/vectors/keyed_vectors.ts";
export type {
  ClosestOptions,
  MostSimilarOptions,
  Scored,
  Term,
} from "./src/vectors/keyed_vectors.ts";
export { loadWord2Vec } from "./src/vectors/load_word2vec.ts";
export type {
  LoadOptions,
  LoadProgress,
  Word2VecLoadOptions,
} from "./src/vectors/load_word2vec.ts";
export { loadGlove } from "./src/vectors/load_glove.ts";
export { loadFastText } from "./src/vectors/load_fasttext.ts";
export { saveWord2Vec } from "./src/vectors/save_word2vec.ts";
export type { Word2VecSaveOptions } from "./src/vectors/save_word2vec.ts";
export { saveGlove } from "./src/vectors/save_glove.ts";
export { loadSafetensors } from "./src/vectors/load_safetensors.ts";
export { saveSafetensors } from "./src/vectors/save_safetensors.ts";
export type { SafetensorsSaveOptions } from "./src/vectors/save_safetensors.ts";
// Autodiff and dense ops
export { grad } from "./src/transforms/grad.ts";
import "./src/transforms/backward.ts";
export { valueAndGrad } from "./src/transforms/value_and_grad.ts";
export { vjp } from "./src/transforms/vjp.ts";
export type { GradOf, GradOptions } from "./src/transforms/value_and_grad.ts";
export { add, div, maximum, minimum, mul, neg, pow, sqrt, sub } from "./src/ops/elementwise.ts";
export type { Scalar } from "./src/ops/elementwise.ts";
export { abs, exp, log } from "./src/ops/math.ts";
export { gelu, relu, sigmoid, tanh } from "./src/ops/activations.ts";
export type { GeluOptions } from "./src/ops/activations.ts";
export { linear, matmul } from "./src/ops/matmul.ts";
export { max, mean, sum } from "./src/ops/reductions.ts";
export type { ReduceOptions } from "./src/ops/reductions.ts";
export type { TensorLike } from "./src/ops/_dense_inputs.ts";
export { concat, flatten, reshape, transpose } from "./src/ops/shape.ts";
export type { FlattenOptions } from "./src/ops/shape.ts";
export { argmax, logSoftmax, softmax } from "./src/ops/softmax.ts";
export type { SoftmaxOptions } from "./src/ops/softmax.ts";
// Losses (torch.nn.functional semantics)
export { crossEntropy } from "./src/losses/cross_entropy.ts";
export type { CrossEntropyOptions } from "./src/losses/cross_entropy.ts";
export { nllLoss } from "./src/losses/nll_loss.ts";
export type { NllLossOptions } from "./src/losses/nll_loss.ts";
export {
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
} from "./src/losses/binary_cross_entropy.ts";
export type { BceOptions, BceWithLogitsOptions } from "./src/losses/binary_cross_entropy.ts";
export { l1Loss, mseLoss } from "./src/losses/regression.ts";
export type { RegressionLossOptions } from "./src/losses/regression.ts";
export type { Reduction } from "./src/losses/_common.ts";
// Modules (PyTorch style)
export { Module } from "./src/modules/module.ts";
export type {
  IncompatibleKeys,
  LoadStateDictOptions,
  StateDictValue,
  ZeroGradOptions,
} from "./src/modules/module.ts";
export { Linear } from "./src/modules/linear.ts";
export type { LinearOptions } from "./src/modules/linear.ts";
export { Flatten } from "./src/modules/flatten.ts";
export type { FlattenModuleOptions } from "./src/modules/flatten.ts";
export { ReLU } from "./src/modules/relu.ts";
export { Sigmoid } from "./src/modules/sigmoid.ts";
export { Tanh } from "./src/modules/tanh.ts";
export { GELU } from "./src/modules/gelu.ts";
export { Dropout } from "./src/modules/dropout.ts";
export type { DropoutModuleOptions } from "./src/modules/dropout.ts";
export { Sequential } from "./src/modules/sequential.ts";
export { dropout } from "./src/ops/dropout.ts";
export type { DropoutOptions } from "./src/ops/dropout.ts";
// Optimizers
export { Optimizer } from "./src/optim/optimizer.ts";
export type {
  OptimizerState,
  OptimizerStateDict,
  ParamGroup,
  ParamGroupInput,
  ParamsInput,
} from "./src/optim/optimizer.ts";
export { SGD } from "./src/optim/sgd.ts";
export type { SGDOptions } from "./src/optim/sgd.ts";
export { Adam } from "./src/optim/adam.ts";
export type { AdamOptions } from "./src/optim/adam.ts";
export { AdamW } from "./src/optim/adam_w.ts";
export { Adagrad } from "./src/optim/adagrad.ts";
export type { AdagradOptions } from "./src/optim/adagrad.ts";
export { SparseAdam } from "./src/optim/sparse_adam.ts";
export type { SparseAdamOptions } from "./src/optim/sparse_adam.ts";
export { RowWiseAdagrad } from "./src/optim/row_wise_adagrad.ts";
export type { RowWiseAdagradOptions } from "./src/optim/row_wise_adagrad.ts";
export { LRScheduler } from "./src/optim/schedulers/lr_scheduler.ts";
export { StepLR } from "./src/optim/schedulers/step_lr.ts";
export type { StepLROptions } from "./src/optim/schedulers/step_lr.ts";
export { ExponentialLR } from "./src/optim/schedulers/exponential_lr.ts";
export type { ExponentialLROptions } from "./src/optim/schedulers/exponential_lr.ts";
export { CosineAnnealingLR } from "./src/optim/schedulers/cosine_annealing_lr.ts";
export type { CosineAnnealingLROptions } from "./src/optim/schedulers/cosine_annealing_lr.ts";
export { LinearLR } from "./src/optim/schedulers/linear_lr.ts";
export type { LinearLROptions } from "./src/optim/schedulers/linear_lr.ts";
export { applyUpdates } from "./src/optim/transforms/gradient_transformation.ts";
export type {
  GradientTransformation,
  ParamTree,
} from "./src/optim/transforms/gradient_transformation.ts";
export { sgd } from "./src/optim/transforms/sgd.ts";
export type { SgdState } from "./src/optim/transforms/sgd.ts";
export { adam } from "./src/optim/transforms/adam.ts";
export type { AdamState } from "./src/optim/transforms/adam.ts";
export { adamw } from "./src/optim/transforms/adamw.ts";
export { adagrad } from "./src/optim/transforms/adagrad.ts";
export type { AdagradState } from "./src/optim/transforms/adagrad.ts";
// Keras models (Sequential's compile/fit/evaluate/predict/summary, Dense, GlobalAveragePooling1D)
export { Model } from "./src/keras/model.ts";
export type {
  CompileOptions,
  EvaluateOptions,
  FitOptions,
  LossFunction,
  LossName,
  OptimizerName,
  PredictOptions,
  Samples,
} from "./src/keras/model_options.ts";
export { History } from "./src/keras/history.ts";
export type { Callback, Logs } from "./src/keras/history.ts";
export { Dense } from "./src/modules/dense.ts";
export type { ActivationName, DenseOptions } from "./src/modules/dense.ts";
export { GlobalAveragePooling1D } from "./src/modules/global_average_pooling_1d.ts";
