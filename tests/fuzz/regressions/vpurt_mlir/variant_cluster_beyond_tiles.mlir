#loc1 = loc("conv1?t_Convolution")
#loc2 = loc("act?t_Swish")
module @tiny attributes {VPU.arch = #VPU.arch_kind<NPU37XX>} {
  IE.TileResource 2 of @NCE at 1.300000e+03 MHz {
    IE.ExecutorResource 1 of @DPU
    IE.ExecutorResource 2 of @SHAVE_ACT
  }
  IE.ExecutorResource 2 of @DMA_NN
  func.func @main(%arg0: memref<1x16x8x8xf16, @DDR>, %arg1: memref<1x16x8x8xf16, @DDR>) -> memref<1x16x8x8xf16, @DDR> {
    %b0 = VPURT.ConfigureBarrier<0> -> !VPURT.Barrier
    %b1 = VPURT.ConfigureBarrier<1> -> !VPURT.Barrier
    %b2 = VPURT.ConfigureBarrier<2> {isFinalBarrier} -> !VPURT.Barrier
    %in = VPURT.DeclareBuffer <NetworkInput> [0] <0> -> memref<1x16x8x8xf16, @DDR>
    %c0 = VPURT.DeclareBuffer <CMX_NN> [0] <0> -> memref<1x16x8x8xf16, #NHWC, [@CMX_NN, 0]>
    %c1 = VPURT.DeclareBuffer <CMX_NN> [0] <4096> -> memref<1x16x8x8xf16, #NHWC, [@CMX_NN, 0]>
    %w = VPURT.DeclareBuffer <CMX_NN> [0] <8192> -> memref<16x16x1x1xf16, #NHWC, [@CMX_NN, 0]>
    %out = VPURT.DeclareBuffer <NetworkOutput> [0] <0> -> memref<1x16x8x8xf16, @DDR>
    VPURT.Task updates(%b0 : !VPURT.Barrier) {
      %0 = VPUIP.NNDMA {port = 0 : i64} inputs(%in : memref<1x16x8x8xf16, @DDR>) outputs(%c0 : memref<1x16x8x8xf16, #NHWC, [@CMX_NN, 0]>) -> memref<1x16x8x8xf16, #NHWC, [@CMX_NN, 0]> loc(#loc1)
    }
    VPURT.Task waits(%b0 : !VPURT.Barrier) updates(%b1 : !VPURT.Barrier) {
      %0 = VPUIP.NCEClusterTask {kernel_padding = #VPU.Padding<left = 0 : i64, right = 0 : i64, top = 0 : i64, bottom = 0 : i64>, kernel_size = [1, 1], kernel_strides = [1, 1], task_type = #VPUIP.nce_task_type<CONV>} input(%c0 : memref<1x16x8x8xf16, #NHWC, [@CMX_NN, 0]>) weights(%w : memref<16x16x1x1xf16, #NHWC, [@CMX_NN, 0]>) parent_input(%c0 : memref<1x16x8x8xf16, #NHWC, [@CMX_NN, 0]>) parent_output(%c1 : memref<1x16x8x8xf16, #NHWC, [@CMX_NN, 0]>) outputs(%c1 : memref<1x16x8x8xf16, #NHWC, [@CMX_NN, 0]>) -> memref<1x16x8x8xf16, #NHWC, [@CMX_NN, 0]> variants : {
        DPUTask {cluster_id = 0 : i64, mpe_mode = #VPU.mpe_mode<CUBOID_16x16>, outEnd = [7, 3, 15], outStart = [0, 0, 0], pad = #VPU.Padding<left = 0 : i64, right = 0 : i64, top = 0 : i64, bottom = 0 : i64>}
        DPUTask {cluster_id = 7 : i64, mpe_mode = #VPU.mpe_mode<CUBOID_16x16>, outEnd = [7, 7, 15], outStart = [0, 4, 0], pad = #VPU.Padding<left = 0 : i64, right = 0 : i64, top = 0 : i64, bottom = 0 : i64>}
      } PPE : {
        PPETask <NOOP> {clamp_high = 2147483647 : i64, clamp_low = -2147483648 : i64}
      } loc(#loc1)
    }
    VPURT.Task waits(%b1 : !VPURT.Barrier) updates(%b2 : !VPURT.Barrier) {
      %0 = VPUIP.SW.Kernel {resultSegmentSizes = array<i32: 1, 0>} @VPU.SW::@builtin_Swish inputs(%c1 as %a0: memref<1x16x8x8xf16, #NHWC, [@CMX_NN, 0]>) outputs(%c0 as %a1: memref<1x16x8x8xf16, #NHWC, [@CMX_NN, 0]>) on tile 0 -> memref<1x16x8x8xf16, #NHWC, [@CMX_NN, 0]> {
        VPUIP.SW.Kernel.run {attrs = [1.000000e+00]}(%a0, %a1) : memref<1x16x8x8xf16, #NHWC, [@CMX_NN, 0]>, memref<1x16x8x8xf16, #NHWC, [@CMX_NN, 0]>
      } loc(#loc2)
    }
    VPURT.Task waits(%b2 : !VPURT.Barrier) {
      %0 = VPUIP.NNDMA {port = 1 : i64} inputs(%c0 : memref<1x16x8x8xf16, #NHWC, [@CMX_NN, 0]>) outputs(%out : memref<1x16x8x8xf16, @DDR>) -> memref<1x16x8x8xf16, @DDR> loc(#loc2)
    }
    return %arg1 : memref<1x16x8x8xf16, @DDR>
  }
}
