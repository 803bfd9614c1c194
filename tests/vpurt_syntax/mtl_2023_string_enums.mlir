// vpusim regression input, written by hand: the 2023 printer (NPU 2.7).
// outStart/outEnd with cluster_id and string enums (mpe_mode "CUBOID_8x16",
// task_type "ELTWISE", PPETask "ADD"), pad as a dictionary, the arch as a
// string, `IE.TileResource`-less `N of @NCE at F MHz`, a SW.Kernel with
// result_segment_sizes as a dense vector and its declaration (2023 entry
// name single_shave_convert), PermuteDMA with its dma_descriptor as a
// dictionary, CompressedDMAOp and Timestamp.
#NHWC = affine_map<(d0, d1, d2, d3) -> (d0, d2, d3, d1)>
#loc1 = loc("add1")
#loc2 = loc("convert1")
module @mtl2023 attributes {VPU.arch = "VPUX37XX", VPU.compilationMode = "DefaultHW"} {
  module @VPU.SW {
    func.func private @builtin_Convert(memref<*xf16, [@CMX_NN, 0]>, memref<*xf32, [@CMX_NN, 0]>) attributes {VPU.kernel_code = "single_shave_convert.cpp", VPU.kernel_entry = "single_shave_convert"}
    func.func private @runtime() attributes {VPU.kernel_code = "nnActEntry"}
  }
  IE.ExecutorResource 2 of @NCE at 1.300000e+03 MHz {
    IE.ExecutorResource 1 of @DPU
    IE.ExecutorResource 2 of @SHAVE_ACT
    IE.ExecutorResource 1 of @SHAVE_NN
  }
  IE.ExecutorResource 2 of @DMA_NN
  IE.CNNNetwork entryPoint : @main inputsInfo : {
    DataInfo "in" : tensor<1x16x8x8xf16>
  } outputsInfo : {
    DataInfo "out" : tensor<1x16x8x8xf32>
  }
  func.func @main(%arg0: memref<1x16x8x8xf16, @DDR>, %arg1: memref<1x16x8x8xf32, @DDR>) -> memref<1x16x8x8xf32, @DDR> {
    %b0 = VPURT.ConfigureBarrier<0> -> !VPURT.Barrier
    %b1 = VPURT.ConfigureBarrier<1> -> !VPURT.Barrier
    %b2 = VPURT.ConfigureBarrier<2> -> !VPURT.Barrier
    %t0 = VPURT.DeclareBuffer <CMX_NN> [0] <65536> -> memref<1xui32, [@CMX_NN, 0]>
    %c0 = VPURT.DeclareBuffer <CMX_NN> [0] <0> -> memref<1x16x8x8xf16, #NHWC, [@CMX_NN, 0]>
    %c1 = VPURT.DeclareBuffer <CMX_NN> [0] <4096> -> memref<1x16x8x8xf16, #NHWC, [@CMX_NN, 0]>
    %c2 = VPURT.DeclareBuffer <CMX_NN> [0] <8192> -> memref<1x16x8x8xf16, #NHWC, [@CMX_NN, 0]>
    %c3 = VPURT.DeclareBuffer <CMX_NN> [0] <12288> -> memref<1x16x8x8xf32, #NHWC, [@CMX_NN, 0]>
    %w = VPURT.DeclareBuffer <DDR> <0> -> memref<1x1x1x1024xui8, @DDR>
    VPURT.Task updates(%b0 : !VPURT.Barrier) {
      %0 = VPUIP.PermuteDMA {dma_descriptor = {dstPlaneStride = 2 : i64, dstStride = 32 : i64, dstWidth = 2 : i64, len = 128 : i64, numPlanes = 16 : i64, srcPlaneStride = 128 : i64, srcStride = 2 : i64, srcWidth = 128 : i64}, mem_perm = #NHWC, port = 0 : i64} inputs(%arg0 : memref<1x16x8x8xf16, @DDR>) outputs(%c0 : memref<1x16x8x8xf16, #NHWC, [@CMX_NN, 0]>) -> memref<1x16x8x8xf16, #NHWC, [@CMX_NN, 0]> loc(#loc1)
    }
    VPURT.Task updates(%b0 : !VPURT.Barrier) {
      %0 = VPUIP.CompressedDMAOp {port = 1 : i64} inputs(%w : memref<1x1x1x1024xui8, @DDR>) outputs(%c1 : memref<1x16x8x8xf16, #NHWC, [@CMX_NN, 0]>) -> memref<1x16x8x8xf16, #NHWC, [@CMX_NN, 0]> loc(#loc1)
    }
    VPURT.Task waits(%b0 : !VPURT.Barrier) updates(%b1 : !VPURT.Barrier) {
      %0 = VPUIP.NCEClusterTask {activation_window_channel_length = 0 : i64, is_inplace = true, task_type = "ELTWISE"} input(%c0 : memref<1x16x8x8xf16, #NHWC, [@CMX_NN, 0]>) weights(%c1 : memref<1x16x8x8xf16, #NHWC, [@CMX_NN, 0]>) parent_input(%c0 : memref<1x16x8x8xf16, #NHWC, [@CMX_NN, 0]>) parent_output(%c2 : memref<1x16x8x8xf16, #NHWC, [@CMX_NN, 0]>) outputs(%c2 : memref<1x16x8x8xf16, #NHWC, [@CMX_NN, 0]>) -> memref<1x16x8x8xf16, #NHWC, [@CMX_NN, 0]> variants : {
        DPUTask {cluster_id = 0 : i64, mpe_mode = "CUBOID_8x16", outEnd = [7, 7, 15], outStart = [0, 0, 0], pad = {bottom = 0 : i64, left = 0 : i64, right = 0 : i64, top = 0 : i64}}
      } PPE : {
        PPETask "ADD" {clamp_high = 2147483647 : i64, clamp_low = -2147483648 : i64, lrelu_mult = 1 : i64, lrelu_shift = 0 : i64, quant_scale = [1.000000e+00]}
      } loc(#loc1)
    }
    VPURT.Task waits(%b1 : !VPURT.Barrier) updates(%b2 : !VPURT.Barrier) {
      %0 = VPUIP.SW.Kernel {result_segment_sizes = dense<[1, 0]> : vector<2xi32>} @VPU.SW::@builtin_Convert inputs(%c2 as %a0: memref<1x16x8x8xf16, #NHWC, [@CMX_NN, 0]>) outputs(%c3 as %a1: memref<1x16x8x8xf32, #NHWC, [@CMX_NN, 0]>) on tile 0 -> memref<1x16x8x8xf32, #NHWC, [@CMX_NN, 0]>  {
        VPUIP.SW.Kernel.run(%a0, %a1) : memref<1x16x8x8xf16, #NHWC, [@CMX_NN, 0]>, memref<1x16x8x8xf32, #NHWC, [@CMX_NN, 0]>
      } loc(#loc2)
    }
    VPURT.Task waits(%b2 : !VPURT.Barrier) {
      %0 = VPUIP.NNDMA {port = 0 : i64} inputs(%c3 : memref<1x16x8x8xf32, #NHWC, [@CMX_NN, 0]>) outputs(%arg1 : memref<1x16x8x8xf32, @DDR>) -> memref<1x16x8x8xf32, @DDR> loc(#loc2)
    }
    VPURT.Task waits(%b2 : !VPURT.Barrier) {
      %0 = VPUIP.Timestamp(%t0 : memref<1xui32, [@CMX_NN, 0]>) -> memref<1xui32, [@CMX_NN, 0]> loc("PROFTASKEND")
    }
    return %arg1 : memref<1x16x8x8xf32, @DDR>
  }
}
