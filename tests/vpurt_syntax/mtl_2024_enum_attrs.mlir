// vpusim regression input, written by hand: the 2024 printer (NPU 2.7).
// Enum attributes (#VPU.arch_kind, #VPU.mpe_mode<CUBOID_4x16>,
// #VPUIP.nce_task_type<DWCONV>, #VPU.Padding<...>), inStart/inEnd and
// workload_id on the variants, PPETask <LRELU>, a two-tile SEGMENTED
// DistributedBuffer, SW.Kernel with resultSegmentSizes as an array, two
// runs and the 2024 entry name, and the DMA ops of that time: ConvertDMA,
// DecompressDMAOp, CompressDMAOp, ExpandDMA, UpsamplingDMAOp,
// SpaceToDepthDMA, DepthToSpaceDMA, PerAxisTileDMA, GatherDMA, SyncDMA.
#NHWC = affine_map<(d0, d1, d2, d3) -> (d0, d2, d3, d1)>
#loc1 = loc("dw1")
#loc2 = loc("swish1")
module @mtl2024 attributes {VPU.arch = #VPU.arch_kind<NPU37XX>, VPU.compilationMode = #VPU.compilation_mode<DefaultHW>} {
  module @VPU.SW {
    func.func private @builtin_Swish(memref<*xf16, [@CMX_NN, 0]>, memref<*xf16, [@CMX_NN, 0]>, f64) attributes {VPU.kernel_code = "activation_swish.cpp", VPU.kernel_entry = "activation_swish", VPU.task_type = @COMPUTE}
  }
  IE.TileResource 2 of @NCE at 1.300000e+03 MHz {
    IE.ExecutorResource 1 of @DPU
    IE.ExecutorResource 2 of @SHAVE_ACT
  }
  IE.ExecutorResource 2 of @DMA_NN
  IE.CNNNetwork entryPoint : @main inputsInfo : {
    DataInfo "in" : tensor<1x16x8x8xf16>
  } outputsInfo : {
    DataInfo "out" : tensor<1x16x8x8xf16>
  }
  func.func @main(%arg0: memref<1x16x8x8xf16, @DDR>, %arg1: memref<1x16x8x8xf16, @DDR>) -> memref<1x16x8x8xf16, @DDR> {
    %b0 = VPURT.ConfigureBarrier<0> -> !VPURT.Barrier
    %b1 = VPURT.ConfigureBarrier<1> -> !VPURT.Barrier
    %b2 = VPURT.ConfigureBarrier<2> {isFinalBarrier} -> !VPURT.Barrier
    %e0 = VPURT.DeclareBuffer <DDR> <0> -> memref<0x0x0x0xi32, @DDR>
    %d0 = VPURT.DeclareBuffer <CMX_NN> [0, 1] <0> -> !VPUIP.DistributedBuffer<1x16x8x8xf16, #NHWC, @CMX_NN, {mode = "SEGMENTED", num_tiles = [1, 1, 2, 1], num_clusters = 2 : i64}>
    %c0 = VPURT.DeclareBuffer <CMX_NN> [0] <0> -> memref<1x16x4x8xf16, #NHWC, [@CMX_NN, 0]>
    %c1 = VPURT.DeclareBuffer <CMX_NN> [0] <2048> -> memref<16x1x1x16xf16, #NHWC, [@CMX_NN, 0]>
    %c2 = VPURT.DeclareBuffer <CMX_NN> [0] <4096> -> memref<1x16x4x8xf16, #NHWC, [@CMX_NN, 0]>
    %c3 = VPURT.DeclareBuffer <CMX_NN> [0] <8192> -> memref<1x16x4x8xf16, #NHWC, [@CMX_NN, 0]>
    %c4 = VPURT.DeclareBuffer <CMX_NN> [0] <12288> -> memref<1x16x4x8xf32, #NHWC, [@CMX_NN, 0]>
    %c5 = VPURT.DeclareBuffer <CMX_NN> [0] <20480> -> memref<1x64x2x4xf16, #NHWC, [@CMX_NN, 0]>
    %c6 = VPURT.DeclareBuffer <CMX_NN> [0] <24576> -> memref<16xsi32, [@CMX_NN, 0]>
    %w = VPURT.DeclareBuffer <DDR> <1024> -> memref<1x1x1x256xui8, @DDR>
    %o = VPURT.DeclareBuffer <DDR> <4096> -> memref<1x16x4x8xf16, #NHWC, @DDR>
    VPURT.Task updates(%b0 : !VPURT.Barrier) {
      %0 = VPUIP.NNDMA {port = 0 : i64} inputs(%arg0 : memref<1x16x8x8xf16, @DDR>) outputs(%d0 : !VPUIP.DistributedBuffer<1x16x8x8xf16, #NHWC, @CMX_NN, {mode = "SEGMENTED", num_tiles = [1, 1, 2, 1], num_clusters = 2 : i64}>) -> !VPUIP.DistributedBuffer<1x16x8x8xf16, #NHWC, @CMX_NN, {mode = "SEGMENTED", num_tiles = [1, 1, 2, 1], num_clusters = 2 : i64}> loc(#loc1)
    }
    VPURT.Task updates(%b0 : !VPURT.Barrier) {
      %0 = VPUIP.DecompressDMAOp {port = 1 : i64} inputs(%w : memref<1x1x1x256xui8, @DDR>) outputs(%c1 : memref<16x1x1x16xf16, #NHWC, [@CMX_NN, 0]>) -> memref<16x1x1x16xf16, #NHWC, [@CMX_NN, 0]> loc(#loc1)
    }
    VPURT.Task waits(%b0 : !VPURT.Barrier) updates(%b1 : !VPURT.Barrier) {
      %0 = VPUIP.NCEClusterTask {kernel_padding = #VPU.Padding<left = 1 : i64, right = 1 : i64, top = 1 : i64, bottom = 0 : i64>, kernel_size = [3, 3], kernel_strides = [1, 1], minimumHardwareExecutionCost = 1234 : i64, task_type = #VPUIP.nce_task_type<DWCONV>} input(%c0 : memref<1x16x4x8xf16, #NHWC, [@CMX_NN, 0]>) weights(%c1 : memref<16x1x1x16xf16, #NHWC, [@CMX_NN, 0]>) parent_input(%d0 : !VPUIP.DistributedBuffer<1x16x8x8xf16, #NHWC, @CMX_NN, {mode = "SEGMENTED", num_tiles = [1, 1, 2, 1], num_clusters = 2 : i64}>) parent_output(%c2 : memref<1x16x4x8xf16, #NHWC, [@CMX_NN, 0]>) outputs(%c2 : memref<1x16x4x8xf16, #NHWC, [@CMX_NN, 0]>) -> memref<1x16x4x8xf16, #NHWC, [@CMX_NN, 0]> variants : {
        DPUTask {cluster_id = 0 : i64, inEnd = [7, 4, 15], inStart = [0, 0, 0], mpe_mode = #VPU.mpe_mode<CUBOID_4x16>, outEnd = [7, 3, 15], outStart = [0, 0, 0], pad = #VPU.Padding<left = 1 : i64, right = 1 : i64, top = 1 : i64, bottom = 0 : i64>, workload_id = 0 : i64}
      } PPE : {
        PPETask <LRELU> {clamp_high = 2147483647 : i64, clamp_low = 0 : i64, lrelu_mult = 1 : i64, lrelu_shift = 0 : i64}
      } loc(#loc1)
    }
    VPURT.Task waits(%b1 : !VPURT.Barrier) updates(%b2 : !VPURT.Barrier) {
      %results = VPUIP.SW.Kernel {resultSegmentSizes = array<i32: 1, 0, 0>} @VPU.SW::@builtin_Swish inputs(%c2 as %a0: memref<1x16x4x8xf16, #NHWC, [@CMX_NN, 0]>) outputs(%c3 as %a1: memref<1x16x4x8xf16, #NHWC, [@CMX_NN, 0]>) on tile 0 -> memref<1x16x4x8xf16, #NHWC, [@CMX_NN, 0]>{
        VPUIP.SW.Kernel.run {attrs = [1.000000e+00]}(%a0, %a1) : memref<1x16x4x8xf16, #NHWC, [@CMX_NN, 0]>, memref<1x16x4x8xf16, #NHWC, [@CMX_NN, 0]>
        VPUIP.SW.Kernel.run {attrs = [1.000000e+00]}(%a0, %a1) : memref<1x16x4x8xf16, #NHWC, [@CMX_NN, 0]>, memref<1x16x4x8xf16, #NHWC, [@CMX_NN, 0]>
      } loc(#loc2)
    }
    VPURT.Task waits(%b2 : !VPURT.Barrier) {
      %0 = VPUIP.ConvertDMA {port = 0 : i64} inputs(%c3 : memref<1x16x4x8xf16, #NHWC, [@CMX_NN, 0]>) outputs(%c4 : memref<1x16x4x8xf32, #NHWC, [@CMX_NN, 0]>) -> memref<1x16x4x8xf32, #NHWC, [@CMX_NN, 0]> loc(#loc2)
    }
    VPURT.Task waits(%b2 : !VPURT.Barrier) {
      %0 = VPUIP.CompressDMAOp {port = 1 : i64} inputs(%c3 : memref<1x16x4x8xf16, #NHWC, [@CMX_NN, 0]>) outputs(%o : memref<1x16x4x8xf16, #NHWC, @DDR>) -> memref<1x16x4x8xf16, #NHWC, @DDR> loc(#loc2)
    }
    VPURT.Task waits(%b2 : !VPURT.Barrier) {
      %0 = VPUIP.ExpandDMA {pads_begin = [0, 0, 0, 0], pads_end = [0, 0, 0, 0], port = 0 : i64} inputs(%c3 : memref<1x16x4x8xf16, #NHWC, [@CMX_NN, 0]>) outputs(%c2 : memref<1x16x4x8xf16, #NHWC, [@CMX_NN, 0]>) -> memref<1x16x4x8xf16, #NHWC, [@CMX_NN, 0]> loc(#loc2)
    }
    VPURT.Task waits(%b2 : !VPURT.Barrier) {
      %0 = VPUIP.UpsamplingDMAOp {port = 1 : i64, upsampling_factor = [1, 1, 1, 1]} inputs(%c3 : memref<1x16x4x8xf16, #NHWC, [@CMX_NN, 0]>) outputs(%c2 : memref<1x16x4x8xf16, #NHWC, [@CMX_NN, 0]>) -> memref<1x16x4x8xf16, #NHWC, [@CMX_NN, 0]> loc(#loc2)
    }
    VPURT.Task waits(%b2 : !VPURT.Barrier) {
      %0 = VPUIP.SpaceToDepthDMA {block_size = 2 : i64, mode = #IE.space_to_depth_mode<BLOCKS_FIRST>, port = 0 : i64} inputs(%c3 : memref<1x16x4x8xf16, #NHWC, [@CMX_NN, 0]>) outputs(%c5 : memref<1x64x2x4xf16, #NHWC, [@CMX_NN, 0]>) -> memref<1x64x2x4xf16, #NHWC, [@CMX_NN, 0]> loc(#loc2)
    }
    VPURT.Task waits(%b2 : !VPURT.Barrier) {
      %0 = VPUIP.DepthToSpaceDMA {block_size = 2 : i64, mode = #IE.depth_to_space_mode<BLOCKS_FIRST>, port = 1 : i64} inputs(%c5 : memref<1x64x2x4xf16, #NHWC, [@CMX_NN, 0]>) outputs(%c3 : memref<1x16x4x8xf16, #NHWC, [@CMX_NN, 0]>) -> memref<1x16x4x8xf16, #NHWC, [@CMX_NN, 0]> loc(#loc2)
    }
    VPURT.Task waits(%b2 : !VPURT.Barrier) {
      %0 = VPUIP.PerAxisTileDMA {axis = 2 : i64, port = 0 : i64, tiles = 1 : i64} inputs(%c3 : memref<1x16x4x8xf16, #NHWC, [@CMX_NN, 0]>) outputs(%c2 : memref<1x16x4x8xf16, #NHWC, [@CMX_NN, 0]>) -> memref<1x16x4x8xf16, #NHWC, [@CMX_NN, 0]> loc(#loc2)
    }
    VPURT.Task waits(%b2 : !VPURT.Barrier) {
      %0 = VPUIP.GatherDMA {channelIndex = 0 : i64, elementSize = 0 : i64, padding = 0 : i64, port = 1 : i64} inputs(%c3 : memref<1x16x4x8xf16, #NHWC, [@CMX_NN, 0]>) indices(%c6 : memref<16xsi32, [@CMX_NN, 0]>) outputs(%c2 : memref<1x16x4x8xf16, #NHWC, [@CMX_NN, 0]>) -> memref<1x16x4x8xf16, #NHWC, [@CMX_NN, 0]> loc(#loc2)
    }
    VPURT.Task waits(%b2 : !VPURT.Barrier) {
      %0 = VPUIP.SyncDMA {port = 0 : i64} inputs(%e0 : memref<0x0x0x0xi32, @DDR>) outputs(%e0 : memref<0x0x0x0xi32, @DDR>) -> memref<0x0x0x0xi32, @DDR> loc("sync")
    }
    VPURT.Task waits(%b2 : !VPURT.Barrier) {
      %0 = VPUIP.NNDMA {port = 0 : i64} inputs(%c3 : memref<1x16x4x8xf16, #NHWC, [@CMX_NN, 0]>) outputs(%arg1 : memref<1x16x8x8xf16, @DDR>) -> memref<1x16x8x8xf16, @DDR> loc(#loc2)
    }
    return %arg1 : memref<1x16x8x8xf16, @DDR>
  }
}
