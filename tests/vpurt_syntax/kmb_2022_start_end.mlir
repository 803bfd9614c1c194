// vpusim regression input, written by hand: the 2022 printer (VPU 2.0).
// DPUTask output boxes as start/end, pad and kernel_padding as plain
// dictionaries, string enums (task_type, mpe_mode, PPETask mode, memory
// sections), an NCEClusterTask whose attributes, operands and result
// types each sit on a line of their own, `func @main`, UPA software
// layers, #const.Content constants and profiling_data on VPURT.Task.
#NHWC = affine_map<(d0, d1, d2, d3) -> (d0, d2, d3, d1)>
#loc0 = loc(unknown)
#loc1 = loc("conv1")
#loc2 = loc("convert_in")
module @kmb2022 attributes {VPU.arch = "VPUX30XX", VPU.compilationMode = "DefaultHW"}  {
  IE.ExecutorResource 16 of @SHAVE_UPA
  IE.ExecutorResource 4 of  @NCE {
      IE.ExecutorResource 5 of @DPU
  }
  IE.ExecutorResource 1 of @DMA_NN
  IE.CNNNetwork entryPoint : @main inputsInfo :  {
    DataInfo "data" : tensor<1x16x10x10xf32> loc(#loc0)
  } outputsInfo :  {
    DataInfo "out" : tensor<1x16x8x8xf16> loc(#loc0)
  } loc(#loc0)
  func @main(%arg0: memref<1x16x10x10xf32> loc(unknown), %arg1: memref<1x16x8x8xf16> loc(unknown)) -> memref<1x16x8x8xf16> {
    %cst = const.Declare memref<16x16x3x3xf16, #NHWC> = #const.Content<dense<0.0> : tensor<16x16x3x3xf16>, [#const.Reorder<#NHWC>]> loc(#loc1)
    %0 = VPURT.DeclareBuffer "DDR" <0> -> memref<1x16x10x10xf16, #NHWC, @DDR> loc(#loc2)
    %1 = VPURT.DeclareBuffer "CMX_NN" [0] <0> -> memref<1x16x10x10xf16, #NHWC, [@CMX_NN, 0]> loc(#loc1)
    %2 = VPURT.DeclareBuffer "CMX_NN" [0] <4096> -> memref<16x16x3x3xf16, #NHWC, [@CMX_NN, 0]> loc(#loc1)
    %3 = VPURT.DeclareBuffer "CMX_NN" [0] <12288> -> memref<1x16x8x8xf16, #NHWC, [@CMX_NN, 0]> loc(#loc1)
    %4 = VPURT.DeclareBuffer "CMX_NN" [0] <16384> -> memref<16x1x1x4xsi32, [@CMX_NN, 0]> loc(#loc1)
    %5 = VPURT.DeclareBuffer "ProfilingOutput" [0] <0> -> memref<6xui32> loc(#loc0)
    %b0 = VPURT.ConfigureBarrier<0> -> !VPURT.Barrier loc(#loc0)
    %b1 = VPURT.ConfigureBarrier<1> -> !VPURT.Barrier loc(#loc0)
    %b2 = VPURT.ConfigureBarrier<2> -> !VPURT.Barrier loc(#loc0)
    VPURT.Task profiling_data(%5 : memref<6xui32>) updates(%b0 : !VPURT.Barrier) attributes {isTrailingSWLayer = false}  {
      %10 = VPUIP.ConvertUPA inputs(%arg0 : memref<1x16x10x10xf32>) outputs(%0 : memref<1x16x10x10xf16, #NHWC, @DDR>) -> memref<1x16x10x10xf16, #NHWC, @DDR> loc(#loc2)
    } loc(#loc2)
    VPURT.Task waits(%b0 : !VPURT.Barrier) updates(%b1 : !VPURT.Barrier) attributes {isTrailingSWLayer = false}  {
      %10 = VPUIP.NNDMA {port = 0 : i64} inputs(%0 : memref<1x16x10x10xf16, #NHWC, @DDR>) outputs(%1 : memref<1x16x10x10xf16, #NHWC, [@CMX_NN, 0]>) -> memref<1x16x10x10xf16, #NHWC, [@CMX_NN, 0]> loc(#loc1)
    } loc(#loc1)
    VPURT.Task waits(%b0 : !VPURT.Barrier) updates(%b1 : !VPURT.Barrier) attributes {isTrailingSWLayer = false}  {
      %10 = VPUIP.NNDMA {port = 0 : i64} inputs(%cst : memref<16x16x3x3xf16, #NHWC>) outputs(%2 : memref<16x16x3x3xf16, #NHWC, [@CMX_NN, 0]>) -> memref<16x16x3x3xf16, #NHWC, [@CMX_NN, 0]> loc(#loc1)
    } loc(#loc1)
    VPURT.Task waits(%b1 : !VPURT.Barrier) updates(%b2 : !VPURT.Barrier) attributes {isTrailingSWLayer = false}  {
      %10 = VPUIP.NCEClusterTask {
            kernel_padding = {bottom = 0, left = 0, right = 0, top = 0},
            kernel_size = [3, 3],
            kernel_strides = [1, 1],
            task_type = "CONV"
          }
          input(%1 : memref<1x16x10x10xf16, #NHWC, [@CMX_NN, 0]>)
          weights(%2 : memref<16x16x3x3xf16, #NHWC, [@CMX_NN, 0]>)
          weight_table(%4 : memref<16x1x1x4xsi32, [@CMX_NN, 0]>)
          parent_input(%1 : memref<1x16x10x10xf16, #NHWC, [@CMX_NN, 0]>)
          parent_output(%3 : memref<1x16x8x8xf16, #NHWC, [@CMX_NN, 0]>)
          outputs(%3 : memref<1x16x8x8xf16, #NHWC, [@CMX_NN, 0]>)
          -> memref<1x16x8x8xf16, #NHWC, [@CMX_NN, 0]> variants :  {
        DPUTask {end = [7, 3, 15], mpe_mode = "VECTOR_FP16", pad = {bottom = 0 : i64, left = 0 : i64, right = 0 : i64, top = 0 : i64}, start = [0, 0, 0]} loc(#loc1)
        DPUTask {end = [7, 7, 15], mpe_mode = "VECTOR_FP16", pad = {bottom = 0 : i64, left = 0 : i64, right = 0 : i64, top = 0 : i64}, start = [0, 4, 0]} loc(#loc1)
      } PPE :  {
        PPETask "LRELU" {clamp_high = 2147483647 : i64, clamp_low = 0 : i64, lrelu_mult = 1 : i64, lrelu_shift = 0 : i64}
      } loc(#loc1)
    } loc(#loc1)
    VPURT.Task waits(%b2 : !VPURT.Barrier) attributes {isTrailingSWLayer = false}  {
      %10 = VPUIP.NNDMA {port = 0 : i64} inputs(%3 : memref<1x16x8x8xf16, #NHWC, [@CMX_NN, 0]>) outputs(%arg1 : memref<1x16x8x8xf16>) -> memref<1x16x8x8xf16> loc(#loc1)
    } loc(#loc1)
    return %arg1 : memref<1x16x8x8xf16> loc(#loc0)
  } loc(#loc0)
} loc(#loc0)
