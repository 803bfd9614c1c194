// vpusim regression input, written by hand: 2022 DPUTask variants spread
// over several lines each, with cluster_id and the MATRIX and VECTOR MPE
// modes; a MAXPOOL without weights; the VPURT.Task region opened on a
// line of its own; a PermuteUPA with its order attribute.
#NHWC = affine_map<(d0, d1, d2, d3) -> (d0, d2, d3, d1)>
module @kmb2022b attributes {VPU.arch = "VPUX30XX"}  {
  IE.ExecutorResource 16 of @SHAVE_UPA
  IE.ExecutorResource 4 of @NCE {
      IE.ExecutorResource 5 of @DPU
  }
  IE.ExecutorResource 1 of @DMA_NN
  IE.CNNNetwork entryPoint : @main inputsInfo :  {
    DataInfo "data" : tensor<1x16x8x8xf16>
  } outputsInfo :  {
    DataInfo "out" : tensor<1x16x4x4xf16>
  }
  func @main(%arg0: memref<1x16x8x8xf16>, %arg1: memref<1x16x4x4xf16>) -> memref<1x16x4x4xf16> {
    %0 = VPURT.DeclareBuffer "DDR" <0> -> memref<1x16x8x8xf16, #NHWC, @DDR>
    %1 = VPURT.DeclareBuffer "CMX_NN" [1] <0> -> memref<1x16x8x8xf16, #NHWC, [@CMX_NN, 1]>
    %2 = VPURT.DeclareBuffer "CMX_NN" [1] <4096> -> memref<1x16x4x4xf16, #NHWC, [@CMX_NN, 1]>
    %b0 = VPURT.ConfigureBarrier<0> -> !VPURT.Barrier
    %b1 = VPURT.ConfigureBarrier<1> -> !VPURT.Barrier
    %b2 = VPURT.ConfigureBarrier<2> -> !VPURT.Barrier
    VPURT.Task updates(%b0 : !VPURT.Barrier) attributes {isTrailingSWLayer = false}
    {
      %10 = VPUIP.PermuteUPA {order_value = #NHWC} inputs(%arg0 : memref<1x16x8x8xf16>) outputs(%0 : memref<1x16x8x8xf16, #NHWC, @DDR>) -> memref<1x16x8x8xf16, #NHWC, @DDR> loc("permute_in")
    }
    VPURT.Task waits(%b0 : !VPURT.Barrier) updates(%b1 : !VPURT.Barrier)
    {
      %10 = VPUIP.NNDMA {port = 0 : i64} inputs(%0 : memref<1x16x8x8xf16, #NHWC, @DDR>) outputs(%1 : memref<1x16x8x8xf16, #NHWC, [@CMX_NN, 1]>) -> memref<1x16x8x8xf16, #NHWC, [@CMX_NN, 1]> loc("pool1")
    }
    VPURT.Task waits(%b1 : !VPURT.Barrier) updates(%b2 : !VPURT.Barrier) {
      %10 = VPUIP.NCEClusterTask {
            kernel_padding = {bottom = 0 : i64, left = 0 : i64, right = 0 : i64, top = 0 : i64},
            kernel_size = [2, 2],
            kernel_strides = [2, 2],
            task_type = "MAXPOOL"
          }
          input(%1 : memref<1x16x8x8xf16, #NHWC, [@CMX_NN, 1]>)
          parent_input(%1 : memref<1x16x8x8xf16, #NHWC, [@CMX_NN, 1]>)
          parent_output(%2 : memref<1x16x4x4xf16, #NHWC, [@CMX_NN, 1]>)
          outputs(%2 : memref<1x16x4x4xf16, #NHWC, [@CMX_NN, 1]>)
          -> memref<1x16x4x4xf16, #NHWC, [@CMX_NN, 1]> variants :  {
            DPUTask {
                cluster_id = 1 : i64,
                end = [3, 1, 15],
                mpe_mode = "MATRIX",
                pad = {bottom = 0 : i64, left = 0 : i64, right = 0 : i64, top = 0 : i64},
                start = [0, 0, 0]
            }
            DPUTask {
                cluster_id = 1 : i64,
                end = [3, 3, 15],
                mpe_mode = "VECTOR",
                pad = {bottom = 0 : i64, left = 0 : i64, right = 0 : i64, top = 0 : i64},
                start = [0, 2, 0]
            }
      } PPE :  {
      } loc("pool1")
    }
    VPURT.Task waits(%b2 : !VPURT.Barrier) {
      %10 = VPUIP.NNDMA {port = 0 : i64} inputs(%2 : memref<1x16x4x4xf16, #NHWC, [@CMX_NN, 1]>) outputs(%arg1 : memref<1x16x4x4xf16>) -> memref<1x16x4x4xf16> loc("pool1")
    }
    return %arg1 : memref<1x16x4x4xf16>
  }
}
