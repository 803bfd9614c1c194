// vpusim regression input, written by hand: a well-formed schedule full of
// things vpusim does not model, each of which must be a warning and never
// a refusal: attributes no compiler version vpusim read has (on the module,
// barriers, buffers, tasks, DMAs, the NCE task and its variants), the NOP
// MPE mode, a variant without cluster_id nor input box (the tile comes from
// the output buffer), virtual barriers, an unknown op inside a task and
// one outside any task.
#NHWC = affine_map<(d0, d1, d2, d3) -> (d0, d2, d3, d1)>
module @unknowns attributes {VPU.arch = #VPU.arch_kind<NPU37XX>, VPU.futureFlag = #VPU.something<X>} {
  IE.TileResource 2 of @NCE at 1.300000e+03 MHz {
    IE.ExecutorResource 1 of @DPU
    IE.ExecutorResource 2 of @SHAVE_ACT
  }
  IE.ExecutorResource 2 of @DMA_NN
  func.func @main(%arg0: memref<1x16x4x4xf16, @DDR>, %arg1: memref<1x16x4x4xf16, @DDR>) -> memref<1x16x4x4xf16, @DDR> {
    %b0 = VPURT.DeclareVirtualBarrier {futureBarrierFlag} -> !VPURT.Barrier
    %b1 = VPURT.DeclareVirtualBarrier -> !VPURT.Barrier
    %b2 = VPURT.DeclareVirtualBarrier {isFinalBarrier} -> !VPURT.Barrier
    %c0 = VPURT.DeclareBuffer <CMX_NN> [1] <0> {futureBufferFlag = 3 : i64} -> memref<1x16x4x4xf16, #NHWC, [@CMX_NN, 1]>
    %c1 = VPURT.DeclareBuffer <CMX_NN> [1] <1024> -> memref<1x16x4x4xf16, #NHWC, [@CMX_NN, 1]>
    VPUIP.FutureStandaloneOp {note = "outside any task"}
    VPURT.Task updates(%b0 : !VPURT.Barrier) attributes {futureTaskAttr = 1 : i64} {
      %0 = VPUIP.NNDMA {futureDmaAttr = #VPUIP.future<7>, port = 0 : i64} inputs(%arg0 : memref<1x16x4x4xf16, @DDR>) outputs(%c0 : memref<1x16x4x4xf16, #NHWC, [@CMX_NN, 1]>) -> memref<1x16x4x4xf16, #NHWC, [@CMX_NN, 1]> loc("mp?t_MaxPool")
    }
    VPURT.Task waits(%b0 : !VPURT.Barrier) updates(%b1 : !VPURT.Barrier) {
      %0 = VPUIP.NCEClusterTask {futureNceAttr = [1, 2], kernel_padding = #VPU.Padding<left = 0 : i64, right = 0 : i64, top = 0 : i64, bottom = 0 : i64>, kernel_size = [1, 1], kernel_strides = [1, 1], task_type = #VPUIP.nce_task_type<MAXPOOL>} input(%c0 : memref<1x16x4x4xf16, #NHWC, [@CMX_NN, 1]>) parent_input(%c0 : memref<1x16x4x4xf16, #NHWC, [@CMX_NN, 1]>) parent_output(%c1 : memref<1x16x4x4xf16, #NHWC, [@CMX_NN, 1]>) outputs(%c1 : memref<1x16x4x4xf16, #NHWC, [@CMX_NN, 1]>) future_operand(%c1 : memref<1x16x4x4xf16, #NHWC, [@CMX_NN, 1]>) -> memref<1x16x4x4xf16, #NHWC, [@CMX_NN, 1]> variants : {
        DPUTask {futureVariantAttr = 2 : i64, mpe_mode = #VPU.mpe_mode<NOP>, outEnd = [3, 3, 15], outStart = [0, 0, 0], pad = #VPU.Padding<left = 0 : i64, right = 0 : i64, top = 0 : i64, bottom = 0 : i64>}
      } PPE : {
      } loc("mp?t_MaxPool")
    }
    VPURT.Task waits(%b1 : !VPURT.Barrier) updates(%b2 : !VPURT.Barrier) {
      %0 = VPUIP.FutureShaveThing {flag} inputs(%c1 : memref<1x16x4x4xf16, #NHWC, [@CMX_NN, 1]>) outputs(%c0 : memref<1x16x4x4xf16, #NHWC, [@CMX_NN, 1]>) -> memref<1x16x4x4xf16, #NHWC, [@CMX_NN, 1]> loc("future")
    }
    VPURT.Task waits(%b2 : !VPURT.Barrier) {
      %0 = VPUIP.NNDMA {port = 1 : i64} inputs(%c1 : memref<1x16x4x4xf16, #NHWC, [@CMX_NN, 1]>) outputs(%arg1 : memref<1x16x4x4xf16, @DDR>) -> memref<1x16x4x4xf16, @DDR> loc("mp?t_MaxPool")
    }
    return %arg1 : memref<1x16x4x4xf16, @DDR>
  }
}
